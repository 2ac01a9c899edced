"""The reading pane's plain parts, tested directly: where the cursor stops, the selection, and how
a screen line is drawn and hit by the mouse."""

from __future__ import annotations

from rich.style import Style

from reader.core.layout import HEADING, Block
from reader.core.model import BODY
from reader.widgets.pane_cursor import Stops
from reader.widgets.pane_lines import GUTTER, margin, offset_at, paint
from reader.widgets.pane_selection import Selection

BLOCKS = [
    Block(HEADING, "一、总体", 0, 0, 1),
    Block(BODY, "第一段。", 1, 0),
    Block(BODY, "第二段。", 2, 0),
    Block(HEADING, "二、任务", 0, 1, 1),
    Block(BODY, "要点：第三段。", 3, 1, head=3),
]
STYLES = {"reading--cursor": Style(bgcolor="blue"), "reading--hit": Style(bold=True),
          "reading--run-in": Style(italic=True)}


def style_of(*names: str, partial: bool = False) -> Style:
    return Style.combine(STYLES.get(name, Style()) for name in names)


def test_stops_step_within_the_source_and_between_sections():
    stops = Stops(BLOCKS)
    assert (stops.first, stops.last, 2 in stops, 0 in stops) == (1, 3, True, False)
    assert [stops.step(1, 1), stops.step(3, 1), stops.step(1, -5)] == [2, 3, 1]
    assert [stops.next_section(1), stops.next_section(3)] == [3, None]
    assert [stops.prev_section(3), stops.prev_section(2)] == [1, 1]
    assert not Stops([BLOCKS[0]]) and Stops([BLOCKS[0]]).first == 0


def test_a_selection_keeps_its_anchor_and_stays_in_the_paragraph():
    sel = Selection.first_char(4, length=6)
    assert sel.span == (4, 0, 1)
    assert sel.caret_by(10).span == (4, 0, 6) and sel.caret_by(-3).anchor_by(2).span == (4, 0, 2)
    assert Selection.dragged(4, down=3, at=1, length=6).span == (4, 1, 3)  # leftwards: up to the anchor
    assert Selection.dragged(4, down=3, at=3, length=6).span == (4, 3, 4)  # the character under the mouse
    assert Selection(4, 2, 2, 6).layer() == {} and sel.layer() == {4: [(0, 1, "reading--selection")]}


def test_a_line_is_gutter_then_text_with_its_layers_merged():
    block = BLOCKS[4]
    segments = paint(block, 0, len(block.text), cursor=3, marks={3: "◆"}, layers={"hits": {3: [(0, 2, "reading--hit")]}},
                     base=Style(), style=style_of)
    assert [s.text for s in segments] == ["▌", "◆", "要点：", "第三", "段。"]
    assert segments[0].style.bgcolor.name == "blue" and segments[2].style.italic and segments[3].style.bold
    later = paint(block, 3, len(block.text), cursor=1, marks={3: "◆"}, layers={}, base=Style(), style=style_of)
    assert [s.text for s in later[:2]] == [" ", " "]  # no bar off the cursor, the mark on the first line only


def test_wide_panes_centre_the_text_and_columns_map_to_offsets():
    assert margin(100, 88) == 0 and margin(200, 88) == (200 - GUTTER - 88 - 1) // 2
    block = BLOCKS[4]  # 要点：第三段。 with a run-in head of 3: offsets count from 第
    assert [offset_at(block, 0, 7, x) for x in (0, 6, 7, 8, 20)] == [0, 0, 0, 1, 4]
