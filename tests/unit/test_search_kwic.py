"""KWIC lines: exact display width, match aligned, wide characters never split."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
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


def test_the_width_table_is_richs():
    from rich.cells import get_character_cell_size

    from reader.core.kwic import _widths

    table = _widths()
    assert len(table) == 0x110000
    for code in [*range(0x30000), *range(0xE0000, 0xE1100), 0x10FFFF]:
        assert ord(table[code]) == get_character_cell_size(chr(code)), hex(code)


def _reference_cut(text: str, width: int) -> str:
    """What the KWIC cut did before its width table: a character at a time through rich."""
    from rich.cells import get_character_cell_size, set_cell_size

    head = text[:width]
    widths = [get_character_cell_size(c) for c in head]
    if 0 in widths:
        return set_cell_size(text, width)
    n, cells = 0, 0
    while n < len(head) and cells + widths[n] <= width:
        cells += widths[n]
        n += 1
    return head[:n] + " " * (width - cells)


@given(st.text(alphabet="ab 中文“”—…Ａ한é\u3000\u0301😀", max_size=40), st.integers(0, 45))
def test_cuts_are_those_of_a_character_at_a_time(text, width):
    from reader.core.kwic import _cut

    assert _cut(text, width) == _reference_cut(text, width)


def test_fit_and_cells_are_richs():
    from rich.cells import set_cell_size

    from reader.core.kwic import cells, fit

    for text in ["", "abc", "营商环境", "“营商”环境ab", "ａ\u0301b", "表\ufe0f"]:
        assert cells(text) == cell_len(text)
        for width in range(9):
            assert fit(text, width) == set_cell_size(text, width)
