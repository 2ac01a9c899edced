"""Search, watch-words and auto keywords on the main screen (issue 4).

``MainScreen`` inherits ``SearchFeatures`` and provides ``library``, ``pane``, ``tree``, ``open``
and ``N`` (bound to ``prev_hit_or_notes``). After the first paint the watch-words are read from
the store and thread workers load jieba, build (or read from the cache) the search index, then
count words for keywords. A search made before the index is ready waits for it ("indexing…" in the
KWIC panel); the UI never blocks on jieba.

The panels and dialogs post messages; the handlers here call core and the store and push the
results back down: KWIC lines, decoration layers of the reading pane, tree badges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.core.errors import UserError
from reader.core.model import Source
from reader.lazy import lazy_import
from reader.widgets.reading_pane import ReadingPane, Span
from reader.widgets.source_tree import Place

if TYPE_CHECKING:
    from reader.core.search import Hit, Hits, Index, Query
    from reader.widgets.keywords_panel import KeywordsPanel
    from reader.widgets.kwic import KwicList, KwicPanel
    from reader.widgets.search_bar import SearchBar

# Loaded on first use, after the first paint: none of this is needed to show the text.
kw = lazy_import("reader.core.keywords")
queries = lazy_import("reader.core.search")
watch = lazy_import("reader.screens.watchwords")

SORTS = ("position", "left", "right")
TOP_LISTED = 30  # keywords in the panel
TOP_HIGHLIGHTED = 10  # keywords lit up in the reading pane
STRIP = 32  # cells of a dispersion strip


@dataclass
class ActiveSearch:
    """A search and its results; ``origin`` is where the reader was before the first search."""

    text: str
    query: Query
    origin: tuple[str, int]
    focus: Widget | None
    found: Hits | None = None  # in reading order; None until the index has answered
    hits: Sequence[Hit] = ()  # as shown: ``found`` in ``sort`` order
    sort: str = "position"
    current: int | None = None  # the hit last jumped to


def _build_index(library, data_dir: str | None) -> Index:
    """Load jieba and index ``library`` with the data dir's cache (runs in a thread)."""
    from reader.core.search import Index
    from reader.core.segment import default_segmenter
    from reader.paths import resolve

    paths = resolve(data_dir)
    return Index.build(library.sources, default_segmenter(paths).load(), cache_dir=paths.cache)


def _build_corpus(index: Index) -> kw.Corpus:
    """Word counts for keywords, and jieba's IDF table read (runs in a thread)."""
    kw.jieba_idf()
    return kw.Corpus.from_index(index)


def _watch_badges(sources: list[Source], words: list[str]) -> dict[Place, str]:
    """Tree badges: how many watch-word occurrences each source and section holds."""
    badges = {}
    for source in sources:
        counts = [sum(c.values()) for c in kw.section_counts(source, words)] if words else []
        badges.update({Place(source.id, i): f"◆{n}" for i, n in enumerate(counts) if n})
        if sum(counts):
            badges[Place(source.id)] = f"◆{sum(counts)}"
    return badges


def _one_line(error: BaseException) -> str:
    text = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
    return text.splitlines()[0] if text else type(error).__name__


class SearchFeatures(Screen):
    """Keys, panels and workers of search, watch-words and keywords (see the module docstring)."""

    BINDINGS = [
        Binding("slash", "search", "Search", tooltip="Search every source: words, \"a phrase\", -exclude"),
        Binding("n", "next_hit", "Next hit", show=False, tooltip="The next search hit, across sources (N: the previous)"),
        Binding("escape", "end_search", "End search", show=False, tooltip="Close the search and go back to where you were"),
        Binding("w", "add_watchword", "Watch", show=False, tooltip="Watch a word: the selection, or typed; pick a colour"),
        Binding("W", "watchwords", "Watch-words", show=False, tooltip="The watch-words, where they occur; d removes one"),
        Binding("K", "keywords", "Keywords", show=False, tooltip="Top keywords of this source or section (TF-IDF, TextRank, keyness)"),
        Binding("H", "highlight_keywords", "Highlight keywords", show=False, tooltip="Light up (or not) the top keywords in the text"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._index: Index | None = None
        self._corpus: kw.Corpus | None = None
        self._search: ActiveSearch | None = None
        self._watchwords: dict[str, str | None] = {}
        self._highlight_keywords = False
        self._decorated: str | None = None  # id of the source whose layers are set
        self._keywords_place: tuple[str, int | None] | None = None
        self._focus_before_bar: Widget | None = None
        self._keyword_cache: dict[tuple[str, int | None, str], list[kw.Keyword]] = {}

    async def _mount_panels(self) -> None:
        """Mount the (hidden) search and keywords panels once, after the first paint."""
        if self.query("#kwic"):
            return
        from reader.widgets.keywords_panel import KeywordsPanel
        from reader.widgets.kwic import KwicPanel
        from reader.widgets.search_bar import SearchBar

        await self.mount_all([KwicPanel(id="kwic"), KeywordsPanel(id="keywords"), SearchBar(id="search-bar")],
                             before="#status")

    @property
    def kwic(self) -> KwicPanel:
        return self.query_one("#kwic")

    @property
    def keywords_panel(self) -> KeywordsPanel:
        return self.query_one("#keywords")

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search-bar")

    @property
    def labels(self) -> dict[str, str]:
        """A short name per source id, in corpus order."""
        return {s.id: s.title or s.id for s in self.library.sources}

    # -- workers -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(self._start_workers)

    async def _start_workers(self) -> None:
        await self._mount_panels()
        store = self.app.open_store()
        if store is not None:
            self._watchwords = store.watchwords()
            self._watch_changed()
        self.run_worker(lambda: _build_index(self.library, self.app.data_dir), name="index", thread=True,
                        exit_on_error=False)  # fmt: skip

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        handler = {
            "index": self._index_ready,
            "corpus": self._corpus_ready,
            "search": self._hits_ready,
            "watch-badges": lambda badges: self.tree.set_badges("watch", badges),
        }.get(event.worker.name)
        if handler is None:
            return
        if event.state == WorkerState.SUCCESS:
            handler(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.notify(_one_line(event.worker.error), title=f"{event.worker.name} failed", severity="error")

    def _index_ready(self, index: Index) -> None:
        self._index = index
        if self._search is not None and self._search.found is None:
            self._run_search()
        self.run_worker(lambda: _build_corpus(index), name="corpus", thread=True, exit_on_error=False)

    def _corpus_ready(self, corpus: kw.Corpus) -> None:
        self._corpus = corpus
        if self.keywords_panel.display:
            self._show_keywords()
        if self._highlight_keywords:
            self._show_keyword_layer()

    # -- search ------------------------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search box (with the current query, if any)."""
        await self._mount_panels()
        self.keywords_panel.display = False
        if not self.search_bar.display:
            self._focus_before_bar = self.focused
        store = self.app.open_store()
        history = store.search_history() if store is not None else []
        self.search_bar.open(history, self._search.text if self._search else "")

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        try:
            query = queries.parse_query(event.query)
        except queries.QueryError as e:
            self.search_bar.show_error(str(e))
            return
        text = event.query.strip()
        store = self.app.open_store()
        try:
            if store is not None:
                store.add_search(text)
        except UserError as e:
            self.notify(str(e), title="Search not saved in history", severity="warning")
        previous = self._search
        origin = previous.origin if previous else (self.pane.source.id, self.pane.cursor)
        focus = previous.focus if previous else self._focus_before_bar
        self._search = ActiveSearch(text, query, origin, focus)
        self.search_bar.close()
        self._run_search()

    def on_search_bar_cancelled(self, event: SearchBar.Cancelled) -> None:
        if self._search is not None and self.kwic.display:
            self.kwic.list.focus()
        elif self._focus_before_bar is not None and self._focus_before_bar.is_attached:
            self._focus_before_bar.focus()
        else:
            self.pane.focus()

    def _run_search(self) -> None:
        """Search (or sort) in a thread; ``_hits_ready`` shows the result."""
        search = self._search
        self.keywords_panel.display = False
        if self._index is None:
            self.kwic.show_pending(search.text)
            self.kwic.list.focus()
            return
        index, found = self._index, search.found

        def work() -> tuple[ActiveSearch, Hits, Sequence[Hit]]:
            hits = found if found is not None else index.search(search.query)
            return search, hits, hits if search.sort == "position" else index.sort(hits, search.sort)

        self.run_worker(work, name="search", group="search", thread=True, exclusive=True, exit_on_error=False)

    def _hits_ready(self, result: tuple[ActiveSearch, Hits, Sequence[Hit]]) -> None:
        search, found, hits = result
        if search is not self._search:
            return
        current = search.hits[search.current] if search.current is not None else None
        search.found, search.hits = found, hits
        search.current = hits.index(current) if current is not None else None
        match_width = max(cell_len(term) for term in search.query.include)
        self.kwic.show(search.text, hits, found.per_source(), self.labels, search.sort, match_width,
                       search.current or 0)  # fmt: skip
        self.kwic.list.focus()
        self._show_hit_layer()

    def on_kwic_list_chosen(self, event: KwicList.Chosen) -> None:
        self._jump(event.index)
        self.pane.focus()

    def on_kwic_list_sort_next(self, event: KwicList.SortNext) -> None:
        if self._search is not None and self._search.found is not None:
            self._search.sort = SORTS[(SORTS.index(self._search.sort) + 1) % len(SORTS)]
            self._run_search()

    def _jump(self, i: int) -> None:
        """Show hit ``i``: its source at its paragraph, the match in view and highlighted."""
        search = self._search
        search.current = i
        hit = search.hits[i]
        self._go(hit.source_id, hit.para)
        if hit.heading is None:
            self.pane.reveal(hit.para, hit.start)
        else:  # a hit in a title: show the title above the paragraph it introduces
            self.pane.move_to(hit.para, top=True)
        self.kwic.list.move_to(i)
        self._show_hit_layer()

    def _go(self, source_id: str, para: int) -> None:
        source = self.library.get(source_id)
        if self.pane.source is source:
            self.pane.move_to(para)
        else:
            self.open(source, para)

    def _step_hit(self, step: int) -> None:
        search = self._search
        if search is not None and search.found is None:
            self.notify("The search runs as soon as the index is ready", timeout=3)
            return
        if search is None or not search.hits:
            self.notify("No search results: press / to search", severity="warning")
            return
        if search.current is None:
            self._jump(0 if step > 0 else len(search.hits) - 1)
            return
        i = search.current + step
        if not 0 <= i < len(search.hits):
            self.notify("Search wrapped around", timeout=2)
        self._jump(i % len(search.hits))

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_prev_hit_or_notes(self) -> None:
        """``N``: the previous hit while a search has hits, else the notes panel (issue 3)."""
        if self._search is not None and self._search.hits:
            self._step_hit(-1)
        elif hasattr(self, "action_notes"):
            self.action_notes()

    def action_end_search(self) -> None:
        """Close the search: back to where the reader was before it, hit highlights cleared."""
        search, self._search = self._search, None
        if search is None:
            return
        self.kwic.display = False
        self._go(*search.origin)
        self._show_hit_layer()
        focus = search.focus if search.focus is not None and search.focus.is_attached else self.pane
        focus.focus()

    def _show_hit_layer(self) -> None:
        source = self.pane.source
        search = self._search
        spans: dict[int, list[Span]] = {}
        if source is not None and search is not None and search.found is not None:
            current = search.hits[search.current] if search.current is not None else None
            for hit in search.found.of_source(source.id):
                if hit.heading is None:
                    cls = "reading--hit-current" if hit == current else "reading--hit"
                    spans.setdefault(hit.para, []).append((hit.start, hit.end, cls))
        self.pane.set_layer("hits", spans)

    # -- decorations that follow the source being read ---------------------------------------

    def on_reading_pane_cursor_moved(self, event: ReadingPane.CursorMoved) -> None:
        if event.source_id != self._decorated:
            self._decorated = event.source_id
            self._show_watch_layer()
            self._show_keyword_layer()
            self._show_hit_layer()
        if not self.query("#keywords"):
            return  # not mounted yet: the first paint
        section = None if self.keywords_panel.scope == "source" else event.section
        if self.keywords_panel.display and self._keywords_place != (event.source_id, section):
            self._show_keywords()

    # -- watch-words -------------------------------------------------------------------------

    def _selected_text(self) -> str:
        """The text selected in the reading pane (issue 3's ``pane.selection``), or ''."""
        selection = getattr(self.pane, "selection", None)
        if not selection or self.pane.source is None:
            return ""
        para, start, end = selection
        return self.pane.source.paragraph(para).text[start:end].strip()

    def action_add_watchword(self) -> None:
        """Watch a word: the selection, or typed; pick a colour."""
        color = watch.watch_color(None, len(self._watchwords))
        self.app.push_screen(watch.AddWatchword(self._watch_styles(), self._selected_text(), color), self._watchword_chosen)

    def _watchword_chosen(self, result: tuple[str, str] | None) -> None:
        if result is not None:
            self._save_watchword(*result)

    def _save_watchword(self, word: str, color: str) -> None:
        store = self.app.open_store()
        if store is None:
            return
        try:
            store.add_watchword(word, color)
        except UserError as e:
            self.notify(str(e), title="Watch-word not saved", severity="error")
            return
        self._watchwords[word] = color
        self._watch_changed()
        self.notify(f"Watching “{word}”", timeout=3)

    def action_watchwords(self) -> None:
        """List the watch-words with where they occur; remove some."""
        self.app.push_screen(watch.WatchwordsDialog(self._watch_stats(), self._watch_styles()), self._watchwords_removed)

    def _watchwords_removed(self, removed: list[str] | None) -> None:
        store = self.app.open_store()
        if store is None:
            return
        for word in removed or ():
            try:
                store.remove_watchword(word)
            except UserError as e:
                self.notify(str(e), title="Watch-word not removed", severity="error")
                continue
            self._watchwords.pop(word, None)
        if removed:
            self._watch_changed()

    def _watch_changed(self) -> None:
        self._show_watch_layer()
        sources, words = self.library.sources, list(self._watchwords)
        self.run_worker(lambda: _watch_badges(sources, words), name="watch-badges", group="watch-badges",
                        thread=True, exclusive=True, exit_on_error=False)  # fmt: skip

    def _watch_styles(self) -> dict[str, Style]:
        """The reading pane's style of each watch-word colour id, for the dialogs."""
        return {cid: self.pane.get_component_rich_style(f"reading--{cid}", partial=True) for cid in watch.WATCH_COLORS}

    def _colors(self) -> dict[str, str]:
        """Watch-word -> colour id."""
        return {w: watch.watch_color(c, i) for i, (w, c) in enumerate(self._watchwords.items())}

    def _show_watch_layer(self) -> None:
        source = self.pane.source
        if source is None:
            return
        colors = self._colors()
        self.pane.set_layer("watch", _spans(source, colors, lambda word: f"reading--{colors[word]}"))

    def _watch_stats(self) -> list[watch.WatchStats]:
        sources = self.library.sources
        words = list(self._watchwords)
        if self._index is not None:
            strips = {w: self._index.dispersion(w, STRIP) for w in words}
        else:  # before the index: one pass over each source's text
            per_source = {s.id: kw.dispersions(s, words, STRIP) for s in sources}
            strips = {w: {sid: d[w] for sid, d in per_source.items() if any(d[w])} for w in words}
        labels = self.labels
        stats = []
        for word, color in self._colors().items():
            found = strips[word]
            across = kw.sparkline(kw.rebin([sum(found.get(s.id, ())) for s in sources], STRIP))
            rows = tuple((labels[sid], sum(c), kw.sparkline(c)) for sid, c in found.items())
            stats.append(watch.WatchStats(word, color, sum(n for _, n, _ in rows), across, rows))
        return stats

    # -- keywords ----------------------------------------------------------------------------

    async def action_keywords(self) -> None:
        """Open or close the keywords panel of the source being read."""
        await self._mount_panels()
        panel = self.keywords_panel
        if panel.display:
            panel.action_close()
            return
        self.kwic.display = False
        self._show_keywords()
        panel.options.focus()

    def on_keywords_panel_closed(self, event: KeywordsPanel.Closed) -> None:
        self.pane.focus()

    def on_keywords_panel_changed(self, event: KeywordsPanel.Changed) -> None:
        self._show_keywords()
        if self._highlight_keywords:
            self._show_keyword_layer()

    def on_keywords_panel_promote(self, event: KeywordsPanel.Promote) -> None:
        color = self._colors().get(event.word) or watch.watch_color(None, len(self._watchwords))
        self._save_watchword(event.word, color)

    def _keywords(self, source: Source, section: int | None) -> list[kw.Keyword]:
        """The top keywords of ``source`` (or one section) by the panel's method (kept: the
        corpus does not change while the app runs)."""
        method = self.keywords_panel.method
        key = (source.id, section, method)
        if key not in self._keyword_cache:
            if method == "keyness":
                found = kw.keyness(source, self._corpus, top=TOP_LISTED)
            else:
                rank = kw.tfidf if method == "tfidf" else kw.textrank
                found = rank(source, self._corpus, section, top=TOP_LISTED)
            self._keyword_cache[key] = found
        return self._keyword_cache[key]

    def _show_keywords(self) -> None:
        panel, source = self.keywords_panel, self.pane.source
        if source is None:
            return
        section = None if panel.scope == "source" or panel.method == "keyness" else self.pane.section
        self._keywords_place = (source.id, section)
        title = source.title if section is None else source.sections[section].title
        if self._corpus is None:
            panel.show_pending(title)
            return
        found = self._keywords(source, section)
        strips = kw.dispersions(source, [k.word for k in found], STRIP)
        panel.show(title, found, [kw.sparkline(strips[k.word]) for k in found])

    def action_highlight_keywords(self) -> None:
        """Light up (or not) the top keywords of the source in the reading pane."""
        self._highlight_keywords = not self._highlight_keywords
        if self._highlight_keywords and self._corpus is None:
            self.notify("Keywords will be lit up once the corpus is indexed", timeout=3)
        self._show_keyword_layer()

    def _show_keyword_layer(self) -> None:
        source = self.pane.source
        if source is None:
            return
        words = []
        if self._highlight_keywords and self._corpus is not None:
            words = [k.word for k in self._keywords(source, None)[:TOP_HIGHLIGHTED]]
        self.pane.set_layer("keywords", _spans(source, words, lambda word: "reading--keyword"))


def _spans(source: Source, words, style) -> dict[int, list[Span]]:
    """Decoration spans of every occurrence of ``words`` in ``source``, ``style(word)`` each."""
    words = list(words)
    if not words:
        return {}
    out = {}
    for p in source.paragraphs:
        found = kw.watch_spans(p.text, words)
        if found:
            out[p.n] = [(s, e, style(w)) for s, e, w in found]
    return out
