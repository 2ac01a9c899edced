"""`ntreader search` prints the same hits, the same way, as the version that wrote the golden file."""

from goldens import assert_unchanged


def test_search_output_is_unchanged():
    assert_unchanged("search")
