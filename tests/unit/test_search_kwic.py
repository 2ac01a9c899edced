"""KWIC lines: exact display width, match aligned, wide characters never split."""

import pytest
from rich.cells import cell_len

from reader.core.search import Hit, kwic_line, kwic_parts

HITS = [
    Hit("a", 1, 10, 14, "s", "南通市委常委、通州区委书记张建华率队走访调研,优化", "营商环境", ",推动经济运行稳中向好"),
    Hit("a", 2, 0, 4, "s", "", "营商环境", "提升年"),
    Hit("b", 3, 5, 7, "s", "ERP\tsystem 上线", "作风", "建设 mixed ＡＢ text"),
    Hit("c", 4, 2, 10, "s", "第", "机关作风建设提升年", ""),
]


@pytest.mark.parametrize("width", [2, 9, 10, 11, 30, 31, 60, 81])
def test_lines_have_exactly_the_width(width):
    for hit in HITS:
        assert cell_len(kwic_line(hit, width)) == width


@pytest.mark.parametrize("width", [21, 40, 61])
def test_matches_align_and_contexts_hug_them(width):
    lines = [kwic_parts(h, width, match_width=18) for h in HITS]
    assert len({cell_len(left) for left, _, _ in lines}) == 1
    assert len({cell_len(left + match) for left, match, _ in lines}) == 1
    for hit, (left, match, right) in zip(HITS, lines, strict=False):
        assert match.rstrip() == hit.match[: len(match.rstrip())]
        assert left.lstrip() == "" or hit.left.replace("\t", " ").endswith(left.lstrip())
        assert hit.right.startswith(right.rstrip())


def test_wide_characters_are_not_split():
    assert kwic_parts(HITS[0], 24) == ("研,优化", "营商环境", ",推动经")  # 7 + 1 + 8 + 1 + 7
    assert kwic_parts(HITS[0], 23) == (" ,优化", "营商环境", ",推动经")  # 研 would straddle
    assert kwic_parts(HITS[0], 22) == (" ,优化", "营商环境", ",推动 ")  # 经 would straddle


def test_control_characters_become_spaces():
    assert "\t" not in kwic_line(HITS[2], 40)
