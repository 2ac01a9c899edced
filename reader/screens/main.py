"""The main screen: the source tree, the reading pane, the bottom panels and the status bar.

Widgets post messages saying what the user did; this screen decides what follows, asks the
core for it, and pushes the result back down. After the first paint it mounts the bottom panels
(``PanelSwitcher``) and the search box, reads the watch-words, makes the search index, and counts
words for keywords in the background (``reader.screens.searching``); the UI never waits for jieba.
Highlights, notes and bookmarks are in ``reader.screens.annotating``; jumps, go to and the jump
list in ``reader.screens.navigating``; the search's flows in ``reader.screens.searching``; what the
pane lights up (hits, watch-words, keywords) in ``reader.screens.layers``; the keys in
``reader.screens.main_keys``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.worker import Worker

from reader.core.jumps import JumpList
from reader.core.library import Library
from reader.core.model import Source
from reader.lazy import lazy_import
from reader.screens import annotating, layers, main_keys, navigating
from reader.widgets.keys_footer import KeysFooter
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import SourceTree
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.app import ReaderApp
    from reader.core.search import Index
    from reader.screens.searching import Work
    from reader.screens.watching import WatchList
    from reader.store import Store
    from reader.widgets.keywords_panel import KeywordsPanel
    from reader.widgets.kwic import KwicPanel
    from reader.widgets.notes_panel import NotesPanel
    from reader.widgets.panels import Panel, PanelSwitcher
    from reader.widgets.search_bar import SearchBar

# Loaded on first use, after the first paint: none of this is needed to show the text.
searching = lazy_import("reader.screens.searching")
watching = lazy_import("reader.screens.watching")

Start = tuple[str, int] | tuple[str, int, int, int]  # where to open: (source id, paragraph[, start, end])

#: What a preview does: move around in its report (going to a paragraph, a bookmark or a file
#: waits: the preview may hold only the report's beginning).
PREVIEW_GOES = ("walk", "source_step")
WAIT_FOR_READING = "That waits until the reports are read"


class MainScreen(Screen):
    """Tree on the left, reading pane on the right, a bottom panel, status bar below."""

    BINDINGS: ClassVar[list[BindingType]] = main_keys.BINDINGS
    HELP_GROUPS = main_keys.HELP_GROUPS

    POSITION_SAVE_SECONDS = 2.0

    # Textual repaints the whole screen when the focus moves (the widgets that lost and gained it
    # repaint themselves anyway): a full frame, 38 lines of text drawn again, on every / and Tab.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, library: Library, start: Start | None = None, *, preview: bool = False) -> None:
        super().__init__()
        self.library = library
        self._start = start
        # Only the first report, maybe its beginning only, while the others are read: no notes
        # store (paragraph numbers may change), no index, no panels; the keys that need them wait.
        self.preview = preview
        self._followed: tuple[str, int] | None = None
        self._decorated: str | None = None  # id of the source whose layers are set
        self.index: Index | None = None
        self.work: Work | None = None  # background work's progress, once the panels are mounted
        self.watch_list: WatchList | None = None
        self.keywords_lit = False  # the top keywords are lit up in the reading pane
        self.focus_before_bar: Widget | None = None
        self.opened_at: navigating.Place | None = None
        self.jumps: JumpList[navigating.Place] = JumpList()
        self.last_query: str | None = None  # the last search, for n once it has ended
        self.step_when_found = False  # n ran it again: go to its first hit from here once found

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SourceTree(self.library.outlines, id="tree")
            yield ReadingPane(moved=self._cursor_moved, id="pane")
        yield StatusBar(id="status")
        yield KeysFooter()

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def source_tree(self) -> SourceTree:
        return self.query_one(SourceTree)

    @property
    def source(self) -> Source | None:
        """The source being read (for the panels)."""
        return self.pane.source

    @property
    def section(self) -> int:
        """The section being read (for the panels)."""
        return self.pane.section

    @property
    def store(self) -> Store | None:
        return self.reader_app.store

    def on_mount(self) -> None:
        if self._start:
            source_id, para, *span = self._start
            navigating.go(self, self.library.get(source_id), para, span=(span[0], span[1]) if span else None)
        else:
            self.open(self.library.sources[0])
        self.opened_at = navigating.here(self)  # before any key (a preview's keys are carried over)
        self.set_focus(self.pane)  # now: a key typed once the first frame shows goes to the pane
        self.watch(self.pane, "scroll_y", self._update_status, init=False)
        self.call_after_refresh(self._after_first_paint)  # opening the store and jieba take time

    async def _after_first_paint(self) -> None:
        if self.preview:
            return
        await self._mount_panels()
        self.work = searching.Work(self)
        self.reindex()
        self._attach_store()
        store = self.reader_app.open_store()
        self.watch_list = watching.WatchList(store.watchwords() if store is not None else {})
        self.watch_changed()

    def reindex(self) -> None:
        """(Re)make the search index of the library, then count its words (in the background)."""
        searching.start(self)

    async def _mount_panels(self) -> None:
        """Mount the (hidden) bottom panels and search box once."""
        if self.query("#panels"):
            return
        from reader.widgets.panels import PanelSwitcher
        from reader.widgets.search_bar import SearchBar

        bar = SearchBar(covers=self.query_one(StatusBar), id="search-bar")
        await self.mount_all([PanelSwitcher(id="panels"), bar], before="#status")

    @property
    def panels(self) -> PanelSwitcher:
        return self.query_one("#panels")  # type: ignore[return-value]

    @property
    def kwic(self) -> KwicPanel:
        return self.query_one("#kwic")  # type: ignore[return-value]

    @property
    def keywords_panel(self) -> KeywordsPanel:
        return self.query_one("#keywords")  # type: ignore[return-value]

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search-bar")  # type: ignore[return-value]

    # -- the store: reading position, annotations ---------------------------------------------

    def _attach_store(self) -> None:
        store = self.reader_app.open_store()
        if store is None:
            return
        last = None if self._start else store.last_source()
        if last is not None and last in {o.id for o in self.library.outlines}:
            self.open_annotated(self.library.get(last), store.position(last))
        else:
            self.show_annotations()
        self.set_interval(self.POSITION_SAVE_SECONDS, partial(annotating.save_position, self))

    def show_annotations(self) -> None:
        annotating.show(self)

    def action_bookmark(self) -> None:
        annotating.bookmark(self)

    def action_highlight(self) -> None:
        annotating.highlight(self)

    def action_unhighlight(self) -> None:
        annotating.unhighlight(self)

    def action_undo(self) -> None:
        annotating.undo(self)

    def action_annotate(self) -> None:
        annotating.annotate(self)

    async def action_notes(self) -> None:
        await annotating.notes(self)

    def on_notes_panel_changed(self, event: NotesPanel.Changed) -> None:
        self.show_annotations()

    def action_export(self) -> None:
        annotating.export(self)

    def open(self, source: Source, para: int | None = None) -> None:
        """Show ``source`` in the reading pane at ``para``, its sections unfolded in the tree."""
        self.source_tree.expand_source(source.id)
        changed = source is not self.pane.source
        self.pane.show(source, para)
        if changed:
            self.show_annotations()

    def open_annotated(self, source: Source, para: int | None) -> None:
        """open(), with the annotations shown afresh once (open() shows them on a change of source)."""
        before = self.pane.source
        self.open(source, para)
        if self.pane.source is before:
            self.show_annotations()

    def on_source_tree_open(self, event: SourceTree.Open) -> None:
        source = self.library.get(event.source_id)
        para = None if event.section is None else navigating.next_para(source, event.section)
        navigating.jump(self, source, para)
        self.pane.focus()

    def _cursor_moved(self, source_id: str, para: int, section: int) -> None:
        """The pane's current paragraph changed: the tree, the panel and the status bar follow (in
        the same frame), the position is kept."""
        if self.store is not None:
            self.store.set_position(source_id, para)
        if self._followed != (source_id, section):
            self._followed = (source_id, section)
            self.source_tree.follow(source_id, section)
            if self.query("#panels") and (panel := self.panels.shown) is not None:
                panel.follow(source_id, section)
        if source_id != self._decorated:
            self._decorated = source_id
            layers.show_all(self)
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
        tree = self.source_tree
        tree.display = not tree.display
        if not tree.display:
            self.pane.focus()

    def waits(self, action: str, parameters: tuple[object, ...]) -> bool:
        """Whether this screen's ``action`` waits for the whole library (in a preview)."""
        return self.preview and action not in ("toggle_tree", "switch_pane") and \
            not (action == "go" and parameters[:1] and parameters[0] in PREVIEW_GOES)

    def say_waiting(self) -> None:
        self.query_one(StatusBar).say(WAIT_FOR_READING, seconds=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a preview, what waits is dimmed; in the notes panel, tab is the panel's own (it
        cycles the kind); in a text box, / is typed."""
        if self.waits(action, parameters):
            return None
        if action == "search":  # a text box types /, a panel with a / of its own keeps it
            return not (isinstance(self.focused, Input | TextArea) or _own_slash(self.focused, self))
        return not (action == "switch_pane" and self.query("#notes") and self.query_one("#notes").has_focus_within)

    def action_switch_pane(self) -> None:
        if self.focused is self.pane and self.source_tree.display:
            self.source_tree.focus()
        else:
            self.pane.focus()

    def on_reading_pane_jumped(self, event: ReadingPane.Jumped) -> None:
        navigating.leave(self, (event.source_id, event.para))

    def action_go(self, how: str, *args: Any) -> None:
        """The keys of ``navigating.BINDINGS``: ``go('step_back', 1)`` runs ``navigating.step_back(self, 1)``."""
        getattr(navigating, how)(self, *args)

    def action_compare(self) -> None:
        from reader.screens.compare import open_for

        open_for(self)

    # -- bottom panels -----------------------------------------------------------------------

    async def action_panel(self, panel_id: str) -> None:
        """Open the bottom panel ``panel_id``, or close it if it is open."""
        await self._mount_panels()
        self.panels.toggle(panel_id)

    def on_panel_jump(self, event: Panel.Jump) -> None:
        if event.path is not None:  # a report not open yet
            if (source := annotating.open_report(self, event.path)) is None:
                return
        else:
            source = self.library.get(event.source_id)
        navigating.jump(self, source, event.para, top=event.top, offset=event.offset)
        if event.focus:
            self.pane.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        searching.worker_done(self, event)

    # -- search ------------------------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search box (with the current query, if any)."""
        await self._mount_panels()
        searching.open_box(self)

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        searching.submitted(self, event.query)

    def on_search_bar_cancelled(self, event: SearchBar.Cancelled) -> None:
        searching.cancelled(self)

    def on_kwic_panel_hits_changed(self, event: KwicPanel.HitsChanged) -> None:
        layers.show_hits(self)
        if self.step_when_found:
            searching.first_hit_from_here(self)

    async def action_next_hit(self) -> None:
        """The next hit; once the search has ended, the last search again from here."""
        await self._mount_panels()
        if self.kwic.search is not None or not searching.search_again(self):
            self.kwic.step(1)

    async def action_prev_hit_or_notes(self) -> None:
        """``N``: the previous hit while a search has hits, else the notes panel."""
        if self.query("#kwic") and self.kwic.has_hits:
            self.kwic.step(-1)
        else:
            await self.run_action("notes")

    def action_end_search(self) -> None:
        """Close the search: back to where the reader was before it, hit highlights cleared."""
        if self.query("#kwic") and self.kwic.search is not None:
            self.kwic.action_close()

    # -- watch-words -------------------------------------------------------------------------

    def action_add_watchword(self) -> None:
        """Watch a word: the selection, or typed; pick a colour."""
        watching.add(self)

    def action_watchwords(self) -> None:
        """List the watch-words with where they occur; remove some."""
        watching.list_dialog(self)

    def watch_changed(self) -> None:
        """The watch-words changed: their layer in the pane, their badges in the tree."""
        layers.show_watch(self)
        watching.count_badges(self)

    # -- keywords ----------------------------------------------------------------------------

    def on_keywords_panel_changed(self, event: KeywordsPanel.Changed) -> None:
        if self.keywords_lit:
            layers.show_keywords(self)

    def on_keywords_panel_promote(self, event: KeywordsPanel.Promote) -> None:
        if self.watch_list is not None:
            watching.save(self, event.word, self.watch_list.color_for(event.word))

    def action_highlight_keywords(self) -> None:
        """Light up (or not) the top keywords of the source in the reading pane."""
        layers.toggle_keywords(self)


def _own_slash(node: DOMNode | None, screen: Screen) -> bool:
    """Whether ``node`` or a parent below ``screen`` binds ``/`` itself."""
    while node is not None and node is not screen:
        for cls in type(node).__mro__:
            for binding in getattr(cls, "BINDINGS", ()):
                keys = binding.key if isinstance(binding, Binding) else binding[0]
                if "slash" in keys.split(","):
                    return True
        node = node.parent
    return False
