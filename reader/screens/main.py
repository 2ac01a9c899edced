"""The main screen: the source tree, the reading pane and the status bar.

Widgets post messages saying what the user did; this screen decides what follows, asks the
core for it, and pushes the result back down.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from reader.core.library import Library
from reader.core.model import Source
from reader.screens.search_features import SearchFeatures
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import SourceTree
from reader.widgets.status_bar import StatusBar


class MainScreen(SearchFeatures, Screen):
    """Tree on the left, reading pane on the right, status bar below; search, watch-words and
    keywords from ``SearchFeatures``."""

    BINDINGS = [
        Binding("t", "toggle_tree", "Tree"),
        Binding("tab", "switch_pane", "Switch pane", show=False, priority=True),
    ]

    def __init__(self, library: Library, start: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.library = library
        self._start = start
        self._followed: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SourceTree(self.library.sources, id="tree")
            yield ReadingPane(id="pane")
        yield from self.compose_search()
        yield StatusBar(id="status")
        yield Footer()

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def tree(self) -> SourceTree:
        return self.query_one(SourceTree)

    def on_mount(self) -> None:
        if self._start:
            source_id, para = self._start
            self.open(self.library.get(source_id), para)
            self.pane.focus()
        else:
            self.open(self.library.sources[0])
            self.tree.focus()
        self.watch(self.pane, "scroll_y", self._update_status, init=False)

    def open(self, source: Source, para: int | None = None) -> None:
        """Show ``source`` in the reading pane at ``para``, its sections unfolded in the tree."""
        self.tree.expand_source(source.id)
        self.pane.show(source, para)

    def on_source_tree_open(self, event: SourceTree.Open) -> None:
        source = self.library.get(event.source_id)
        para = None
        if event.section is not None:
            section = source.sections[event.section]
            para = section.paragraphs[0].n if section.paragraphs else None
            para = para or _next_para(source, event.section)
        self.open(source, para)
        self.pane.focus()

    def on_reading_pane_cursor_moved(self, event: ReadingPane.CursorMoved) -> None:
        if self._followed != (event.source_id, event.section):
            self._followed = (event.source_id, event.section)
            self.tree.follow(event.source_id, event.section)
        self._update_status()

    def _update_status(self) -> None:
        pane = self.pane
        source = pane.source
        if source is None or not pane.cursor:
            return
        section = source.sections[pane.section].title
        self.query_one(StatusBar).show_place(
            source.title or source.id,
            "" if section == source.title else section,
            pane.cursor,
            len(source.paragraphs),
            round(pane.progress * 100),
        )

    def action_toggle_tree(self) -> None:
        tree = self.tree
        tree.display = not tree.display
        if not tree.display:
            self.pane.focus()

    def action_switch_pane(self) -> None:
        if self.focused is self.pane and self.tree.display:
            self.tree.focus()
        else:
            self.pane.focus()


def _next_para(source: Source, section: int) -> int | None:
    """First paragraph at or after ``section`` (a heading with no text of its own)."""
    for s in source.sections[section:]:
        if s.paragraphs:
            return s.paragraphs[0].n
    return None
