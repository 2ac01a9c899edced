"""Folding for matching: NFKC + width + Latin case, one character at a time."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.fold import find_all, fold

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("通州：", "通州:"),
        ("ＡＢＣ１２３", "abc123"),
        ("（一）", "(一)"),
        ("\u3000南通", " 南通"),
        ("ERP系统", "erp系统"),
        ("ｶ", "カ"),
        ("①", "1"),
        ("“四敢”", "“四敢”"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_full_width_colon_matches_half_width():
    assert fold("通州：") == fold("通州:")


@pytest.mark.parametrize("text", ["ﬁ", "İstanbul", "㍿", "…", "ß", "\u0301"])
def test_expanding_characters_keep_one_character(text):
    assert len(fold(text)) == len(text)


def test_fold_is_per_character_on_the_seeds():
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    folded = fold(text)
    assert len(folded) == len(text)
    assert all(folded[i] == fold(c) for i, c in enumerate(text))
    assert "：" not in folded and "，" not in folded


def test_find_all_is_non_overlapping():
    assert find_all("aaaaa", "aa") == [0, 2]
    assert find_all("南通市南通南通", "南通") == [0, 3, 5]
    assert find_all("南通", "南通") == [0]
    assert find_all("abc", "") == [] == find_all("abc", "x")


@pytest.mark.parametrize(
    ("text", "folded"),
    [("營商環境", "营商环境"), ("臺灣", "台湾"), ("發展與改革委員會", "发展与改革委员会"), ("营商环境", "营商环境")],
)
def test_traditional_folds_to_simplified(text, folded):
    assert fold(text) == folded


def test_traditional_and_simplified_find_each_other_with_offsets_right():
    trad = "過去一年，我們持續優化營商環境，營商環境明顯改善。"
    simp = "过去一年，我们持续优化营商环境，营商环境明显改善。"
    for haystack, needle in [(trad, "营商环境"), (simp, "營商環境"), (trad, "營商環境")]:
        hits = find_all(fold(haystack), fold(needle))
        assert hits == [11, 16]
        assert all(fold(haystack[h : h + 4]) == fold(needle) for h in hits)


def test_the_shipped_table_is_one_to_one():
    from reader.core.fold import _t2s

    table = _t2s()
    assert len(table) > 4000
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in table.items())


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFFF, exclude_categories=("Cs",)), max_size=40))
def test_fold_is_the_fold_of_each_character(text):
    from reader.core.fold import _fold_char

    assert fold(text) == (text.lower() if text.isascii() else "".join(map(_fold_char, text)))


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFFF), min_size=1, max_size=60), st.integers(1, 40))
def test_a_long_text_is_folded_as_each_of_its_characters(piece, times):
    """Long texts are folded run by run (only the characters a fold may change): same result."""
    from reader.core.fold import _fold_char

    text = "通州区委：營商環境ＡＢＣ。" * 80 + piece * times
    assert fold(text) == "".join(map(_fold_char, text))
