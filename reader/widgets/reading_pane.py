"""The reading pane: one source as continuous text, with a paragraph cursor.

Built on Textual's Line API (a ScrollView that renders only visible lines from a ``Layout``
that wraps the blocks in view and a screen either side of them), so a 10 MB report opens and
scrolls as fast as a short one. Styles come from component classes in app.tcss; decorations
(highlights, hits, watch-words, the selection) are spans handed in by the screen, per layer, and
merged at render time (``pane_lines`` draws a line; ``pane_selection`` is the selection). The cursor
and the selection repaint only the lines they touch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip

from reader.core.layout import BLANK, Block, Layout, blocks
from reader.core.model import Source
from reader.widgets import pane_lines
from reader.widgets.pane_cursor import Stops
from reader.widgets.pane_lines import GUTTER, MAX_TEXT_WIDTH, Span
from reader.widgets.pane_selection import Selection
from reader.widgets.steady import SteadyScrollView


class ReadingPane(SteadyScrollView, can_focus=True):
    """Shows a source; ``cursor`` is the current paragraph number (0 when none)."""

    HELP_TITLE, HELP_ORDER = "Reading pane", 10
    BINDINGS = [
        Binding("j,down", "cursor_down", "Next ¶", show=False),
        Binding("k,up", "cursor_up", "Prev ¶", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("pageup,shift+space", "page_up", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("right_square_bracket", "next_section", "Next section", show=False),
        Binding("left_square_bracket", "prev_section", "Prev section", show=False),
        Binding("v", "select", "Select text", show=False, tooltip="Start (or stop) selecting text in the paragraph"),
        Binding("l,right", "extend(1)", "Selection: extend", show=False),
        Binding("h,left", "extend(-1)", "Selection: shrink", show=False),
        Binding("shift+right", "move_start(1)", "Selection: start later", show=False),
        Binding("shift+left", "move_start(-1)", "Selection: start earlier", show=False),
        Binding("escape", "clear_selection", "Clear selection", show=False),
    ]

    COMPONENT_CLASSES = pane_lines.COMPONENT_CLASSES

    @dataclass
    class Jumped(Message):
        """The cursor jumps away (top, bottom, another section) from ``para``: a place for a jump list."""

        source_id: str
        para: int

    cursor: var[int] = var(0, init=False)
    """The current paragraph number (0 when none)."""

    def __init__(self, *, moved: Callable[[str, int, int], None] | None = None, id: str | None = None) -> None:
        """``moved(source_id, para, section)`` is called when the current paragraph changes, at
        once: a message would reach the screen after this frame, and the tree and the status bar
        would follow in a frame of their own (two frames per ``]`` on a report of 50,000 sections)."""
        super().__init__(id=id)
        self._moved = moved
        self.source: Source | None = None
        self._blocks: list[Block] = []
        self._stops = Stops([])
        self._layout: Layout | None = None
        self._layers: dict[str, dict[int, list[Span]]] = {}
        self._marks: dict[int, str] = {}
        self._top_pending = False
        self._sel: Selection | None = None
        self._drag: tuple[int, int] | None = None  # mouse down at (para, offset)

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Not restyled on focus and blur, as Textual does: the pane looks the same either way, and
        restyling it redrew its scrollbar a frame later, on every ``/``, Tab and dialog."""

    # -- public API -------------------------------------------------------------------------

    def show(self, source: Source, para: int | None = None) -> None:
        """Display ``source`` with the cursor on ``para`` (default: its first paragraph)."""
        if source is not self.source:
            self.source = source
            self._blocks = blocks(source)
            self._stops = Stops(self._blocks)
            self._layout = None
            self._layers.clear()
            self._marks.clear()
            self._sel = None
        self.cursor = para if para is not None and para in self._stops else self._stops.first
        if self.scrollable_content_region.width:
            self._relayout()
            self.move_to(self.cursor, top=True)
        else:  # not laid out yet: on_resize lays out once, at the real width
            self._top_pending = True

    def move_to(self, para: int, *, top: bool = False) -> None:
        """Put the cursor on ``para`` and scroll it into view (to the top when ``top``)."""
        b = self._layout_block(para)
        if self._layout is None or b is None:
            return
        self.cursor = para
        first = self._section_top(b) if top else b
        self._prepare(self._layout.first_line[first])
        lines = self._layout.block_lines(b)
        start = self._layout.first_line[first]
        region = Region(0, start, self.scrollable_content_region.width, lines.stop - start)
        self.scroll_to_region(region, animate=False, immediate=True, force=True, top=top)
        self._post_cursor()

    def reveal(self, para: int, offset: int) -> None:
        """Scroll so the screen line holding character ``offset`` of paragraph ``para``'s own
        text is in view (a third of the way down when it was not)."""
        b = self._layout_block(para)
        if self._layout is None or b is None:
            return
        offset += self._blocks[b].head
        self._prepare(self._layout.first_line[b])
        lines = self._layout.wrapped(b)
        y = self._layout.first_line[b] + next((i for i, (_, end) in enumerate(lines) if end > offset), len(lines) - 1)
        height = self.scrollable_content_region.height or 1
        if not self.scroll_y <= y < self.scroll_y + height:
            self.scroll_to(y=max(y - height // 3, 0), animate=False, immediate=True, force=True)

    def select_span(self, para: int, start: int, end: int) -> None:
        """Select ``[start, end)`` of paragraph ``para``'s own text (cut to its length)."""
        length = self._para_len(para)
        end = min(end, length)
        self._set_selection(Selection(para, min(start, end), end, length))

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_para(old)
        self._refresh_para(new)

    def _refresh_para(self, para: int) -> None:
        """Repaint only the screen lines of ``para`` (a scroll repaints everything anyway)."""
        b = self._layout_block(para)
        if self._layout is not None and b is not None:
            lines = self._layout.block_lines(b)
            self.refresh_lines(lines.start, len(lines))

    def set_layer(self, name: str, spans: dict[int, list[Span]]) -> None:
        """Replace one layer of decorations (paragraph number -> spans)."""
        self._layers[name] = spans
        self.refresh()

    def set_marks(self, marks: dict[int, str]) -> None:
        """Gutter marks per paragraph (one character each, e.g. a bookmark)."""
        self._marks = marks
        self.refresh()

    @property
    def section(self) -> int:
        """Index of the section holding the cursor."""
        return self.source.section_index(self.cursor) if self.source and self.cursor else 0

    @property
    def progress(self) -> float:
        """How far through the source the view is, 0..1."""
        if not self._layout or len(self._layout) <= 1:
            return 1.0
        bottom = self.scroll_y + self.scrollable_content_region.height
        return min(bottom / len(self._layout), 1.0)

    # -- layout ------------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        """Cells of the text column: the width lines are wrapped to, the same with the scrollbar
        shown or not (a report is not wrapped twice as it opens), a cell clear of it."""
        bar = 0 if self.show_vertical_scrollbar else self.styles.scrollbar_size_vertical
        width = self.scrollable_content_region.width - bar - GUTTER - 1
        return max(min(width, MAX_TEXT_WIDTH), 10)

    def _relayout(self) -> None:
        """A layout for the current width; the block at the top of the view stays there."""
        width = self.text_width
        old = self._layout
        if old is not None and old.width == width:
            return
        self._layout = Layout(self._blocks, width)
        if old is None:
            self._sync_size()
        else:
            b = old.block_at(int(self.scroll_y))
            self._prepare(self._layout.first_line[b])
            self.scroll_to(y=self._layout.first_line[b], animate=False, immediate=True, force=True)

    def _sync_size(self) -> None:
        if self._layout is not None and self.virtual_size.height != len(self._layout):
            self.virtual_size = Size(self.scrollable_content_region.width, len(self._layout))

    def _prepare(self, y: int) -> int:
        """Wrap the screen that starts at line ``y`` and a screen either side (before scrolling
        there); the line that now shows what ``y`` showed."""
        if self._layout is None:
            return y
        height = self.scrollable_content_region.height or 1
        y = self._layout.settle(y, height, height)
        self._sync_size()
        return y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Wrap what comes into view; when blocks above it change height, move with the text."""
        if self._layout is not None:
            y = self._prepare(int(new_value)) + new_value - int(new_value)
            y = max(min(y, self.max_scroll_y), 0)
            if y != new_value:
                self.set_reactive(ReadingPane.scroll_y, y)
                self.set_reactive(ReadingPane.scroll_target_y, y)
                new_value = y
        super().watch_scroll_y(old_value, new_value)

    def on_resize(self, event: events.Resize) -> None:
        if self.source is None or not self.scrollable_content_region.width:
            return
        self._relayout()
        self.move_to(self.cursor, top=self._top_pending)
        self._top_pending = False

    def _section_top(self, b: int) -> int:
        """The first block of block ``b``'s section when ``b`` is its first paragraph (to show the heading)."""
        section = self._blocks[b].section
        while b > 0 and self._blocks[b - 1].section == section and not self._blocks[b - 1].para:
            b -= 1
        return b

    def _layout_block(self, para: int) -> int | None:
        return self._layout.block_of_para(para) if self._layout else None

    def _post_cursor(self) -> None:
        if self.source and self.cursor and self._moved is not None:
            self._moved(self.source.id, self.cursor, self.section)

    # -- actions -----------------------------------------------------------------------------

    def _visible_paras(self) -> list[int]:
        if not self._layout:
            return []
        return pane_lines.paras_in_view(self._layout, self._blocks, int(self.scroll_y),
                                        self.scrollable_content_region.height)

    def _step(self, delta: int) -> None:
        visible = self._visible_paras()
        if visible and self.cursor not in visible and self._cursor_off_screen():
            self.move_to(visible[0] if delta > 0 else visible[-1])
            return
        if not self._stops:  # headings only: nothing to put the cursor on, scroll a line
            self.scroll_to(y=self.scroll_y + delta, animate=False, immediate=True, force=True)
            return
        self.move_to(self._stops.step(self.cursor, delta))

    def _cursor_off_screen(self) -> bool:
        b = self._layout_block(self.cursor)
        if b is None or self._layout is None:
            return True
        lines = self._layout.block_lines(b)
        top = self.scroll_y
        return lines.stop <= top or lines.start >= top + self.scrollable_content_region.height

    def action_cursor_down(self) -> None:
        if self._sel is not None:
            self.action_extend(self._line_chars())
        else:
            self._step(1)

    def action_cursor_up(self) -> None:
        if self._sel is not None:
            self.action_extend(-self._line_chars())
        else:
            self._step(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, delta: int) -> None:
        """Scroll a screen less two lines; the cursor goes to the first paragraph in view (at the
        end, to the last paragraph) and stays where it was when headings fill the screen."""
        height = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_y + delta * max(height - 2, 1), animate=False, immediate=True, force=True)
        visible = self._visible_paras()
        if delta > 0 and self._stops and self.scroll_y >= self.max_scroll_y:
            self.move_to(self._stops.last)
        elif visible:
            self.move_to(visible[0])

    def _jumping(self) -> None:
        if self.source and self.cursor:
            self.post_message(self.Jumped(self.source.id, self.cursor))

    def action_top(self) -> None:
        self._jumping()
        if self._stops:
            self.move_to(self._stops.first, top=True)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def action_bottom(self) -> None:
        self._jumping()
        if self._stops:
            self.move_to(self._stops.last)
        self.scroll_end(animate=False, immediate=True, force=True)
        self.scroll_end(animate=False, immediate=True, force=True)  # again: the end was an estimate

    def action_next_section(self) -> None:
        self._to_section(self._stops.next_section(self.cursor))

    def action_prev_section(self) -> None:
        self._to_section(self._stops.prev_section(self.cursor))

    def _to_section(self, start: int | None) -> None:
        if start is not None:
            self._jumping()
            self.move_to(start, top=True)

    # -- selection ---------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int, int] | None:
        """The selected span as (para, start, end) in the paragraph's own text, or None."""
        return None if self._sel is None else self._sel.span

    def _para_len(self, para: int) -> int:
        return len(self.source.paragraph(para).text) if self.source else 0

    def _set_selection(self, sel: Selection | None) -> None:
        before, self._sel = self._sel, sel
        self._layers["selection"] = sel.layer() if sel else {}
        for para in {s.para for s in (before, sel) if s}:
            self._refresh_para(para)

    def action_select(self) -> None:
        """Start selecting at the beginning of the current paragraph (or stop selecting)."""
        if self._sel is not None:
            self._set_selection(None)
        elif self.cursor:
            self._set_selection(Selection.first_char(self.cursor, self._para_len(self.cursor)))

    def action_extend(self, chars: int) -> None:
        if self._sel is not None:
            self._set_selection(self._sel.caret_by(chars))

    def action_move_start(self, chars: int) -> None:
        if self._sel is not None:
            self._set_selection(self._sel.anchor_by(chars))

    def action_clear_selection(self) -> None:
        if self._sel is not None:
            self._set_selection(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Selection keys only work while selecting, so escape and arrows fall through otherwise."""
        if action in ("extend", "move_start", "clear_selection"):
            return self._sel is not None
        return True

    def _line_chars(self) -> int:
        return max(self.text_width // 2, 1)

    # -- mouse -------------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """(para, offset in its own text) under the mouse, or None off the text."""
        offset = event.get_content_offset(self)
        if self._layout is None or offset is None:
            return None
        b, start, end = self._layout.line(int(self.scroll_y) + offset.y)
        if b < 0 or not self._blocks[b].para:
            return None
        block = self._blocks[b]
        return block.para, pane_lines.offset_at(block, start, end, offset.x - self._margin() - GUTTER)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        where = self._offset_at(event)
        if where is None:
            return
        self._drag = where
        self.capture_mouse()
        if self._sel is not None:
            self._set_selection(None)
        if where[0] != self.cursor:
            self.move_to(where[0])

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag is None or not event.button:
            return
        where = self._offset_at(event)
        if where is not None and where[0] == self._drag[0]:
            self._set_selection(Selection.dragged(where[0], self._drag[1], where[1], self._para_len(where[0])))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag is not None:
            self._drag = None
            self.release_mouse()

    # -- rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        layout = self._layout
        index = int(self.scroll_y) + y
        if layout is not None and not self._blocks and index == 0:
            empty = Segment("  (this report has no text)", base + self.get_component_rich_style("reading--furniture"))
            return Strip([empty]).crop_extend(0, width, base)
        line = layout.line(index) if layout is not None else BLANK
        if line is BLANK:
            return Strip.blank(width, base)
        b, start, end = line
        segments = [Segment(" " * self._margin(), base)]
        segments += pane_lines.paint(self._blocks[b], start, end, cursor=self.cursor, marks=self._marks,
                                     layers=self._layers, base=base, style=self.get_component_rich_style)
        return Strip(segments).crop_extend(0, width, base)

    def _margin(self) -> int:
        text_width = None if self._layout is None else self._layout.width
        return pane_lines.margin(self.scrollable_content_region.width, text_width)
