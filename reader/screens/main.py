"""The main screen: the source tree, the reading pane, the bottom panels and the status bar.

Widgets post messages saying what the user did; this screen decides what follows, asks the
core for it, and pushes the result back down. After the first paint it mounts the bottom panels
(``PanelSwitcher``) and the search box, reads the watch-words, and thread workers load jieba, build
(or read from the cache) the search index, then count words for keywords; the UI never blocks on
jieba. Highlights, notes and bookmarks are in ``reader.screens.annotating``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from reader.core.errors import UserError
from reader.core.library import Library
from reader.core.model import Source
from reader.lazy import lazy_import
from reader.screens import annotating
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import SourceTree
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.app import ReaderApp
    from reader.core.keywords import Corpus
    from reader.core.search import Index
    from reader.screens.watching import WatchList
    from reader.store import Store
    from reader.widgets.keywords_panel import KeywordsPanel
    from reader.widgets.kwic import KwicPanel
    from reader.widgets.panels import Panel, PanelSwitcher
    from reader.widgets.search_bar import SearchBar

# Loaded on first use, after the first paint: none of this is needed to show the text.
queries = lazy_import("reader.core.search")
watching = lazy_import("reader.screens.watching")

TOP_HIGHLIGHTED = 10  # keywords lit up in the reading pane


def _build_index(library: Library, data_dir: str | None) -> Index:
    """Load jieba and index ``library`` with the data dir's cache (runs in a thread)."""
    from reader.core.search import Index
    from reader.core.segment import default_segmenter
    from reader.paths import resolve

    paths = resolve(data_dir)
    return Index.build(library.sources, default_segmenter(paths).load(), cache_dir=paths.cache)


def _build_corpus(index: Index) -> Corpus:
    """Word counts for keywords, and jieba's IDF table read (runs in a thread)."""
    from reader.core import keywords as kw

    kw.jieba_idf()
    return kw.Corpus.from_index(index)


def _one_line(error: BaseException | None) -> str:
    text = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
    return text.splitlines()[0] if text else type(error).__name__


class MainScreen(Screen):
    """Tree on the left, reading pane on the right, a bottom panel, status bar below."""

    SEARCH_BINDINGS = [
        Binding("slash", "search", "Search", tooltip="Search every source: words, \"a phrase\", -exclude"),
        Binding("n", "next_hit", "Next hit", show=False,
                tooltip="The next search hit, across sources (N: the previous)"),
        Binding("escape", "end_search", "End search", show=False,
                tooltip="Close the search and go back to where you were"),
        Binding("w", "add_watchword", "Watch", show=False,
                tooltip="Watch a word: the selection, or typed; pick a colour"),
        Binding("W", "watchwords", "Watch-words", show=False,
                tooltip="The watch-words, where they occur; d removes one"),
        Binding("K", "panel('keywords')", "Keywords", show=False,
                tooltip="Top keywords of this source or section (TF-IDF, TextRank, keyness)"),
        Binding("H", "highlight_keywords", "Highlight keywords", show=False,
                tooltip="Light up (or not) the top keywords in the text"),
    ]
    ANALYSIS_BINDINGS = [
        Binding("c", "compare", "Compare", show=False,
                tooltip="This report against the previous one of its kind (or one picked)"),
        Binding("F", "panel('figures')", "Figures", show=False,
                tooltip="Targets and figures of this source (a: all sources), by section"),
        Binding("T", "panel('trend')", "Trend", show=False,
                tooltip="The search term (or a typed one, or the watch-words) in each source, by date"),
    ]
    READER_BINDINGS = [
        Binding("t", "toggle_tree", "Tree", tooltip="Hide or show the tree (for narrow terminals)"),
        Binding("tab", "switch_pane", "Switch pane", show=False, priority=True,
                tooltip="Move between the tree and the reading pane"),
        *annotating.BINDINGS,
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*SEARCH_BINDINGS, *ANALYSIS_BINDINGS, *READER_BINDINGS]
    HELP_GROUPS = [("Anywhere", 1, READER_BINDINGS), ("Search, watch-words, keywords", 30, SEARCH_BINDINGS),
                   ("Reading reports against each other", 35, ANALYSIS_BINDINGS)]

    POSITION_SAVE_SECONDS = 2.0

    def __init__(self, library: Library, start: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.library = library
        self._start = start
        self._followed: tuple[str, int] | None = None
        self._decorated: str | None = None  # id of the source whose layers are set
        self.index: Index | None = None
        self.watch_list: WatchList | None = None
        self._highlight_keywords = False
        self._focus_before_bar: Widget | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SourceTree(self.library.sources, id="tree")
            yield ReadingPane(id="pane")
        yield StatusBar(id="status")
        yield Footer()

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
            source_id, para = self._start
            self.open(self.library.get(source_id), para)
        else:
            self.open(self.library.sources[0])
        self.pane.focus()  # reading first; the tree is one tab away
        self.watch(self.pane, "scroll_y", self._update_status, init=False)
        self.call_after_refresh(self._after_first_paint)  # opening the store and jieba take time

    async def _after_first_paint(self) -> None:
        await self._mount_panels()
        self.run_worker(lambda: _build_index(self.library, self.reader_app.data_dir), name="index", thread=True,
                        exit_on_error=False)  # fmt: skip
        self._attach_store()
        store = self.reader_app.open_store()
        self.watch_list = watching.WatchList(store.watchwords() if store is not None else {})
        self.watch_changed()

    async def _mount_panels(self) -> None:
        """Mount the (hidden) bottom panels and search box once."""
        if self.query("#panels"):
            return
        from reader.widgets.panels import PanelSwitcher
        from reader.widgets.search_bar import SearchBar

        await self.mount_all([PanelSwitcher(id="panels"), SearchBar(id="search-bar")], before="#status")

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
        if last is not None and last in {s.id for s in self.library.sources}:
            self.open_annotated(self.library.get(last), store.position(last))
        else:
            self.show_annotations()
        self.set_interval(self.POSITION_SAVE_SECONDS, self._save_position)

    def _save_position(self) -> None:
        if self.store is not None:
            with self.reader_app.saving():
                self.store.flush()

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

    def action_notes(self) -> None:
        annotating.notes(self)

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
        para = None if event.section is None else _next_para(source, event.section)
        self.open(source, para)
        self.pane.focus()

    def on_reading_pane_cursor_moved(self, event: ReadingPane.CursorMoved) -> None:
        if self.store is not None:
            self.store.set_position(event.source_id, event.para)
        if self._followed != (event.source_id, event.section):
            self._followed = (event.source_id, event.section)
            self.source_tree.follow(event.source_id, event.section)
            if self.query("#panels") and (panel := self.panels.shown) is not None:
                panel.follow(event.source_id, event.section)
        if event.source_id != self._decorated:
            self._decorated = event.source_id
            self._show_watch_layer()
            self._show_keyword_layer()
            self._show_hit_layer()
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

    def action_switch_pane(self) -> None:
        if self.focused is self.pane and self.source_tree.display:
            self.source_tree.focus()
        else:
            self.pane.focus()


    def action_compare(self) -> None:
        from reader.screens.compare import open_for

        open_for(self)

    # -- bottom panels -----------------------------------------------------------------------

    async def action_panel(self, panel_id: str) -> None:
        """Open the bottom panel ``panel_id``, or close it if it is open."""
        await self._mount_panels()
        self.panels.toggle(panel_id)

    def on_panel_jump(self, event: Panel.Jump) -> None:
        source = self.library.get(event.source_id)
        if self.pane.source is source:
            self.pane.move_to(event.para, top=event.top)
        else:
            self.open(source, event.para)
            if event.top:
                self.pane.move_to(event.para, top=True)
        if event.offset is not None:
            self.pane.reveal(event.para, event.offset)
        if event.focus:
            self.pane.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        handlers: dict[str, Any] = {
            "index": self._index_ready,
            "corpus": self.keywords_panel.set_corpus if self.query("#keywords") else None,
            "watch-badges": lambda badges: self.source_tree.set_badges("watch", badges),
        }
        handler = handlers.get(event.worker.name)
        if handler is None:
            return
        if event.state == WorkerState.SUCCESS:
            handler(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.notify(_one_line(event.worker.error), title=f"{event.worker.name} failed", severity="error",
                        markup=False)  # fmt: skip

    def _index_ready(self, index: Index) -> None:
        self.index = index
        self.kwic.set_index(index)
        self.run_worker(lambda: _build_corpus(index), name="corpus", thread=True, exit_on_error=False)

    # -- search ------------------------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search box (with the current query, if any)."""
        await self._mount_panels()
        if not self.search_bar.display:
            self._focus_before_bar = self.focused
        store = self.reader_app.open_store()
        history = store.search_history() if store is not None else []
        search = self.kwic.search
        self.search_bar.open(history, search.text if search is not None else "")

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        try:
            query = queries.parse_query(event.query)
        except queries.QueryError as e:
            self.search_bar.show_error(str(e))
            return
        text = event.query.strip()
        store = self.reader_app.open_store()
        try:
            if store is not None:
                store.add_search(text)
        except UserError as e:
            self.notify(str(e), title="Search not saved in history", severity="warning", markup=False)
        self.search_bar.close()
        if self.panels.shown is not self.kwic:
            self.panels.show("kwic", return_focus=self._focus_before_bar)
        source = self.pane.source
        self.kwic.start(text, query, (source.id if source else self.library.sources[0].id, self.pane.cursor))

    def on_search_bar_cancelled(self, event: SearchBar.Cancelled) -> None:
        if self.panels.shown is self.kwic:
            self.kwic.hit_list.focus()
        elif self._focus_before_bar is not None and self._focus_before_bar.is_attached:
            self._focus_before_bar.focus()
        else:
            self.pane.focus()

    def on_kwic_panel_hits_changed(self, event: KwicPanel.HitsChanged) -> None:
        self._show_hit_layer()

    def action_next_hit(self) -> None:
        if self.query("#kwic"):
            self.kwic.step(1)

    def action_prev_hit_or_notes(self) -> None:
        """``N``: the previous hit while a search has hits, else the notes panel."""
        if self.query("#kwic") and self.kwic.has_hits:
            self.kwic.step(-1)
        else:
            self.action_notes()

    def action_end_search(self) -> None:
        """Close the search: back to where the reader was before it, hit highlights cleared."""
        if self.query("#kwic") and self.kwic.search is not None:
            self.kwic.action_close()

    def _show_hit_layer(self) -> None:
        source = self.pane.source
        if source is not None and self.query("#kwic"):
            self.pane.set_layer("hits", self.kwic.hit_spans(source.id))

    # -- watch-words -------------------------------------------------------------------------

    def action_add_watchword(self) -> None:
        """Watch a word: the selection, or typed; pick a colour."""
        watching.add(self)

    def action_watchwords(self) -> None:
        """List the watch-words with where they occur; remove some."""
        watching.list_dialog(self)

    def watch_changed(self) -> None:
        """The watch-words changed: their layer in the pane, their badges in the tree."""
        self._show_watch_layer()
        if self.watch_list is None:
            return
        sources, words = self.library.sources, watching.WatchList(self.watch_list.words)
        self.run_worker(lambda: words.badges(sources), name="watch-badges", group="watch-badges",
                        thread=True, exclusive=True, exit_on_error=False)  # fmt: skip

    def _show_watch_layer(self) -> None:
        source = self.pane.source
        if source is not None and self.watch_list is not None:
            self.pane.set_layer("watch", self.watch_list.spans(source))

    # -- keywords ----------------------------------------------------------------------------

    def on_keywords_panel_changed(self, event: KeywordsPanel.Changed) -> None:
        if self._highlight_keywords:
            self._show_keyword_layer()

    def on_keywords_panel_promote(self, event: KeywordsPanel.Promote) -> None:
        if self.watch_list is not None:
            watching.save(self, event.word, self.watch_list.color_for(event.word))

    def action_highlight_keywords(self) -> None:
        """Light up (or not) the top keywords of the source in the reading pane."""
        self._highlight_keywords = not self._highlight_keywords
        if self._highlight_keywords and (not self.query("#keywords") or self.keywords_panel.corpus is None):
            self.notify("Keywords will be lit up once the corpus is indexed", timeout=3)
        self._show_keyword_layer()

    def _show_keyword_layer(self) -> None:
        source = self.pane.source
        if source is None:
            return
        words = []
        if self._highlight_keywords and self.query("#keywords"):
            words = [k.word for k in self.keywords_panel.top(source, None, TOP_HIGHLIGHTED)]
        self.pane.set_layer("keywords", watching.word_spans(source, words, lambda word: "reading--keyword"))


def _next_para(source: Source, section: int) -> int | None:
    """First paragraph at or after ``section`` (a heading with no text of its own)."""
    for s in source.sections[section:]:
        if s.paragraphs:
            return s.paragraphs[0].n
    return None
