"""Comparison output is unchanged: pairs, similarities, word edits, wording and figures as the
version that wrote the golden file found them, on the bundled seeds, edited copies of them and the
compare fixtures."""

from goldens import assert_unchanged


def test_comparison_output_is_unchanged():
    assert_unchanged("compare")
