"""Folding for matching: NFKC + width + Latin case, one character at a time."""

from pathlib import Path

import pytest

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
