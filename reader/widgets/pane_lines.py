"""The reading pane's screen lines: how one is drawn (a margin, the gutter with the cursor bar
and a mark, the text with the decoration layers merged over it) and which character a column of
it shows. Plain functions of a block and what lies over it; the pane hands in its styles."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Protocol

from rich.segment import Segment
from rich.style import Style

from reader.core.layout import HEADING, Block, Layout, cell_prefix
from reader.core.model import BODY

GUTTER = 2  # the cursor bar and a mark
MAX_TEXT_WIDTH = 88
CENTRE_FROM = 120  # panes wider than this centre the text column

COMPONENT_CLASSES = {
    f"reading--{name}"
    for name in (
        "heading-1", "heading-2", "heading-3", "run-in", "furniture", "cursor", "cursor-text", "mark",
        "selection", "note", "hl-yellow", "hl-green", "hl-blue", "hl-red", "hl-purple", "hit",
        "hit-current", "keyword", "watch-0", "watch-1", "watch-2", "watch-3", "watch-4", "watch-5"
    )
}

#: A decoration: (start, end, component class) over a paragraph's own text.
Span = tuple[int, int, str]
#: Decoration layers by name, each paragraph number -> its spans.
Layers = Mapping[str, Mapping[int, Sequence[Span]]]


class StyleOf(Protocol):
    """A widget's ``get_component_rich_style``."""

    def __call__(self, *names: str, partial: bool = False) -> Style: ...


def margin(width: int, text_width: int | None) -> int:
    """Blank cells left of the gutter in a pane ``width`` cells wide: wide panes centre the text."""
    if text_width is None or width <= CENTRE_FROM:
        return 0
    return max((width - GUTTER - text_width - 1) // 2, 0)


def paint(block: Block, start: int, end: int, *, cursor: int, marks: Mapping[int, str], layers: Layers,
          base: Style, style: StyleOf) -> list[Segment]:
    """The gutter and text of the screen line showing ``block.text[start:end]``."""
    on_cursor = bool(block.para) and block.para == cursor
    bar = Segment("▌", base + style("reading--cursor")) if on_cursor else Segment(" ", base)
    mark = marks.get(block.para, " ") if block.para and start == 0 else " "
    return [bar, Segment(mark, base + style("reading--mark")),
            *_text(block, start, end, on_cursor, layers, base, style)]


def _block_style(block: Block, on_cursor: bool, base: Style, style: StyleOf) -> Style:
    if block.kind == HEADING:
        return base + style(f"reading--heading-{min(block.level, 3)}")
    out = base
    if block.kind != BODY:
        out += style("reading--furniture")
    if on_cursor:
        out += style("reading--cursor-text")
    return out


def _overlay(cls: str, style: StyleOf) -> Style:
    """What a component class sets, to lay over styled text: a watch-word's colour keeps the
    cursor's or a highlight's background; a background is blended as the theme wants."""
    own = style(cls, partial=True)
    return own if own.bgcolor is None else own + Style(bgcolor=style(cls).bgcolor)


def _text(block: Block, start: int, end: int, on_cursor: bool, layers: Layers, base: Style,
          style: StyleOf) -> list[Segment]:
    plain = _block_style(block, on_cursor, base, style)
    spans: list[tuple[int, int, Style]] = []
    if block.head:
        spans.append((0, block.head, _overlay("reading--run-in", style)))
    for layer in layers.values():
        for s, e, cls in layer.get(block.para, ()) if block.para else ():
            spans.append((s + block.head, e + block.head, _overlay(cls, style)))
    cuts = sorted({start, end, *(x for s, e, _ in spans for x in (s, e) if start < x < end)})
    out = []
    for a, z in zip(cuts, cuts[1:], strict=False):
        piece = plain
        for s, e, st in spans:
            if s <= a and z <= e:
                piece += st
        out.append(Segment(block.text[a:z], piece))
    return out


def offset_at(block: Block, start: int, end: int, x: int) -> int:
    """The offset, in the paragraph's own text, of the character at cell ``x`` of the text of the
    screen line showing ``block.text[start:end]``."""
    fits = bisect_right(cell_prefix(block.text[start:end]), x) - 1  # characters
    return max(start + max(fits, 0) - block.head, 0)


def paras_in_view(layout: Layout, blocks: list[Block], top: int, height: int) -> list[int]:
    """The paragraphs whose first line is among the ``height`` lines from line ``top``."""
    out = []
    for b in range(layout.block_at(top), len(blocks)):
        first = layout.first_line[b]
        if first >= top + height:
            break
        if blocks[b].para and first >= top:
            out.append(blocks[b].para)
    return out
