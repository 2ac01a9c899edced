"""The hit lines of the search results: source | left context, match, right context | section.

A Line-API ScrollView: only visible rows are rendered, each at the current width, so tens of
thousands of hits cost nothing until they are on screen. ``cursor`` is a row; Enter or a click
posts ``Chosen``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.search import Hit, kwic_parts
from reader.widgets.cells import clip


class KwicList(ScrollView, can_focus=True):
    """The hit lines: source | left context match right context | section. ``cursor`` is a row."""

    HELP_TITLE, HELP_ORDER = "Search results", 50

    BINDINGS = [
        Binding("enter", "choose", "Jump to hit"),
        Binding("s", "sort", "Sort"),
        Binding("j,down", "move(1)", "Next line", show=False),
        Binding("k,up", "move(-1)", "Previous line", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "move(-1000000000)", "First hit", show=False),
        Binding("G,end", "move(1000000000)", "Last hit", show=False),
    ]

    COMPONENT_CLASSES = {"kwic--source", "kwic--context", "kwic--match", "kwic--section", "kwic--cursor"}

    DEFAULT_CSS = """
    KwicList {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    KwicList > .kwic--source { color: $ink-muted; }
    KwicList > .kwic--context { color: $ink; }
    KwicList > .kwic--match { color: $ink-warning; text-style: bold; }
    KwicList > .kwic--section { color: $ink-muted; text-style: italic; }
    KwicList > .kwic--cursor { background: $boost; }
    KwicList:focus > .kwic--cursor { background: $block-cursor-background; }
    """

    @dataclass
    class Chosen(Message):
        """The user chose hit ``index`` (Enter or a click)."""

        index: int

    class SortNext(Message):
        """The user asked for the next sort order."""

    cursor: reactive[int] = reactive(0, always_update=True, layout=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: Sequence[Hit] = []
        self.labels: dict[str, str] = {}
        self._match_width = 0

    def set_hits(self, hits: Sequence[Hit], labels: dict[str, str], match_width: int = 0, cursor: int = 0) -> None:
        """Show ``hits`` (read only as rows are drawn); ``labels`` names each source in the first
        column; ``match_width`` cells are kept for the match, so lines align."""
        self.hits = hits
        self.labels = labels
        self._match_width = match_width
        self.virtual_size = Size(self.scrollable_content_region.width, len(hits))
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.move_to(cursor)
        self.refresh()

    def move_to(self, row: int) -> None:
        """Put the cursor on ``row`` and scroll it into view."""
        self.cursor = max(0, min(len(self.hits) - 1, row))
        if self.hits:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True, force=True)

    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw the rows the cursor left and reached (content rows: refresh_lines scrolls them)."""
        self.refresh_lines(old)
        self.refresh_lines(new)

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(self.scrollable_content_region.height - 1, 1))

    def action_choose(self) -> None:
        if self.hits:
            self.post_message(self.Chosen(self.cursor))

    def action_sort(self) -> None:
        self.post_message(self.SortNext())

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y
        if row < len(self.hits):
            self.move_to(row)
            self.post_message(self.Chosen(row))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.hits))
        self.move_to(self.cursor)

    def _columns(self, width: int) -> tuple[int, int, int]:
        """Widths of the source, KWIC and section columns (one space between columns)."""
        source = min(max((cell_len(v) for v in self.labels.values()), default=0), max(width // 7, 8), 20)
        section = min(max(width // 5, 8), 28)
        return source, max(width - source - section - 2, 2), section

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = int(self.scroll_y) + y
        if row >= len(self.hits):
            return Strip.blank(width, base)
        if row == self.cursor:
            base += self.get_component_rich_style("kwic--cursor")
        hit = self.hits[row]
        source_w, kwic_w, section_w = self._columns(width)
        label = self.labels.get(hit.source_id, hit.source_id)
        same_source = y > 0 and self.hits[row - 1].source_id == hit.source_id  # name it once per run
        left, match, right = kwic_parts(hit, kwic_w, min(self._match_width, kwic_w // 3))
        word = match.rstrip()
        def style(name: str) -> Style:  # only what the class sets, so the cursor's background shows
            return self.get_component_rich_style(name, partial=True)

        segments = [
            Segment(clip("" if same_source else label, source_w), base + style("kwic--source")),
            Segment(" ", base),
            Segment(left + " ", base + style("kwic--context")),
            Segment(word, base + style("kwic--match")),
            Segment(" " * (len(match) - len(word)) + " " + right, base + style("kwic--context")),
            Segment(" ", base),
            Segment(clip("" if hit.section == label else hit.section, section_w), base + style("kwic--section")),
        ]
        return Strip(segments).crop_extend(0, width, base)
