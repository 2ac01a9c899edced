"""The search results panel: hits one per line, aligned on the match (KWIC), counts per source.

``KwicPanel`` owns the search: the query, its hits, their order and the hit last jumped to. It
searches in a thread once it has the index (``set_index``); a search made before waits for it.
The hit lines are a ``KwicList`` (``reader.widgets.kwic_list``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from reader.core.collocates import collocates, near
from reader.core.sanitize import one_line
from reader.core.search import Hit, Hits, Query
from reader.widgets.cells import clip
from reader.widgets.collocates_list import CollocatesList
from reader.widgets.kwic_list import KwicList
from reader.widgets.panels import Panel

if TYPE_CHECKING:
    from reader.core.search import Index

SORT_LABELS = {"position": "position", "left": "word on the left", "right": "word on the right"}
SORTS = tuple(SORT_LABELS)


@dataclass
class ActiveSearch:
    """A search and its results; ``origin`` is where the reader was before the first search."""

    text: str
    query: Query
    origin: tuple[str, int]
    found: Hits | None = None  # in reading order; None until the index has answered
    hits: Sequence[Hit] = ()  # as shown: ``found`` in ``sort`` order
    sort: str = "position"
    current: int | None = None  # the hit last jumped to
    within: str | None = None  # only the hits that go with this collocate or n-gram


class KwicPanel(Panel):
    """A header (query, counts per source, sort order) above the ``KwicList``; the search's state.

    Posts ``Panel.Jump`` for a hit chosen (or stepped to), ``HitsChanged`` when the hits to light
    up in the text change, ``Panel.Closed`` when the search ends (with the reader taken back to
    where it was before it)."""

    TITLE = "Search results"
    HELP_TITLE, HELP_ORDER = "Search results", 50

    BINDINGS = [
        Binding("C", "collocates", "Collocates"),
        Binding("x", "all_hits", "All hits", show=False),
    ]

    class HitsChanged(Message):
        """The hits (or the current one) changed: the reading pane's hit layer is stale."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.search: ActiveSearch | None = None
        self._index: Index | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="kwic-header", classes="panel-header")
        yield KwicList(id="kwic-list")
        yield CollocatesList(id="kwic-collocates")

    @property
    def hit_list(self) -> KwicList:
        return self.query_one(KwicList)

    def opened(self) -> None:
        self.hit_list.focus()

    @property
    def has_hits(self) -> bool:
        return self.search is not None and bool(self.search.hits)

    def set_index(self, index: Index) -> None:
        """The index is ready: run the search that waited for it, if any."""
        self._index = index
        if self.search is not None and self.search.found is None:
            self._run()

    def start(self, text: str, query: Query, here: tuple[str, int]) -> None:
        """Search for ``query`` (typed as ``text``); ``here`` is where the reader is now."""
        origin = self.search.origin if self.search is not None else here
        self.search = ActiveSearch(text, query, origin)
        self._run()

    def _run(self) -> None:
        """Search (or sort) in a thread; the worker's success shows the result."""
        search = self.search
        if search is None:
            return
        if self._index is None:
            self._show_pending(search.text)
            return
        index, found = self._index, search.found

        def work() -> tuple[ActiveSearch, Hits, Sequence[Hit]]:
            hits = found if found is not None else index.search(search.query)
            shown = hits if search.sort == "position" else index.sort(hits, search.sort)
            if search.within is not None:
                shown = _going_with(index, shown, search.within)
            return search, hits, shown

        self.run_worker(work, name="search", group="search", thread=True, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name not in ("search", "collocates"):
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            if event.worker.name == "collocates":
                if self.search is not None:  # else the search was closed while they were counted
                    self.query_one(CollocatesList).show(*event.worker.result)
                    self._collocates_header(self.search.query.include[0], "Enter keeps the hits with one")
            else:
                self._hits_ready(*event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.notify(str(event.worker.error), title="Search failed", severity="error", markup=False)

    def _hits_ready(self, search: ActiveSearch, found: Hits, hits: Sequence[Hit]) -> None:
        if search is not self.search:
            return
        current = search.hits[search.current] if search.current is not None else None
        search.found, search.hits = found, hits
        search.current = hits.index(current) if current is not None and current in hits else None
        match_width = max(cell_len(term) for term in search.query.include)
        self._show(search, found.per_source(), match_width)
        self.hit_list.focus()
        self.post_message(self.HitsChanged())

    def hit_spans(self, source_id: str) -> dict[int, list[tuple[int, int, str]]]:
        """The hits in ``source_id`` as decoration spans of the reading pane, by paragraph."""
        search = self.search
        spans: dict[int, list[tuple[int, int, str]]] = {}
        if search is None or search.found is None:
            return spans
        current = search.hits[search.current] if search.current is not None else None
        for hit in search.found.of_source(source_id):
            if hit.heading is None:
                cls = "reading--hit-current" if hit == current else "reading--hit"
                spans.setdefault(hit.para, []).append((hit.start, hit.end, cls))
        return spans

    def jump(self, i: int, *, focus: bool = False) -> None:
        """Go to hit ``i``: the match in view (a hit in a title: the title above its paragraph)."""
        search = self.search
        if search is None:
            return
        search.current = i
        hit = search.hits[i]
        offset = None if hit.heading is not None else hit.start
        self.post_message(self.Jump(hit.source_id, hit.para, offset, top=hit.heading is not None, focus=focus))
        self.hit_list.move_to(i)
        self.post_message(self.HitsChanged())

    def step(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) hit, wrapping around."""
        search = self.search
        if search is not None and search.found is None:
            self.notify("The search runs as soon as the index is ready", timeout=3)
            return
        if search is None or not search.hits:
            self.notify("No search results: press / to search", severity="warning")
            return
        if search.current is None:
            self.jump(0 if step > 0 else len(search.hits) - 1)
            return
        i = search.current + step
        if not 0 <= i < len(search.hits):
            self.notify("Search wrapped around", timeout=2)
        self.jump(i % len(search.hits))

    def on_kwic_list_chosen(self, event: KwicList.Chosen) -> None:
        event.stop()
        self.jump(event.index, focus=True)

    def on_kwic_list_sort_next(self, event: KwicList.SortNext) -> None:
        event.stop()
        if self.search is not None and self.search.found is not None:
            self.search.sort = SORTS[(SORTS.index(self.search.sort) + 1) % len(SORTS)]
            self._run()

    def action_collocates(self) -> None:
        """Show (or hide) the collocates of the search's first word and the n-grams holding it."""
        listing = self.query_one(CollocatesList)
        if listing.display:
            listing.display = False
            self.hit_list.display = True
            self.hit_list.focus()
            return
        search, index = self.search, self._index
        if search is None or index is None or search.found is None:
            self.notify("Collocates need a search: press / to search", severity="warning", timeout=3)
            return
        term, sources = search.query.include[0], self.reader.library.sources
        listing.clear_options()
        listing.display = True
        self.hit_list.display = False
        listing.focus()
        self._collocates_header(term, "counting…")
        self.run_worker(lambda: collocates(term, sources, index.words), name="collocates", group="collocates",
                        thread=True, exclusive=True, exit_on_error=False)  # fmt: skip

    def _collocates_header(self, term: str, note: str) -> None:
        self._header(Content.assemble(("Collocates", "bold"), " of ", ("“" + one_line(term) + "”", "bold"),
                                      (f"  ±5 words · {note} · C: the hits", "$text-muted")))

    def on_collocates_list_chosen(self, event: CollocatesList.Chosen) -> None:
        event.stop()
        self._within(event.item)

    def action_all_hits(self) -> None:
        """Every hit again, after keeping those with a collocate."""
        if self.search is not None and self.search.within is not None:
            self._within(None)

    def _within(self, item: str | None) -> None:
        if self.search is None:
            return
        self.search.within = item
        self.query_one(CollocatesList).display = False
        self.hit_list.display = True
        self._run()

    def action_close(self) -> None:
        """End the search: back to where the reader was before it, hit highlights cleared."""
        search, self.search = self.search, None
        if search is not None:
            self.post_message(self.Jump(*search.origin))
            self.post_message(self.HitsChanged())
        super().action_close()

    def _header(self, *lines: Content) -> None:
        self.query_one("#kwic-header", Static).update(Content("\n").join(lines))

    def _show_pending(self, query: str) -> None:
        """The query waits for the index."""
        self.hit_list.set_hits([], {})
        waiting = ("indexing… the search runs when it is ready", "$ink-muted")
        self._header(Content.assemble(("“" + query + "”", "bold"), "  ", waiting))

    def _show(self, search: ActiveSearch, per_source: Mapping[str, int], match_width: int) -> None:
        """Show the hits in their sort order, ``per_source`` their counts."""
        hits = search.hits
        labels = {o.id: o.title or o.id for o in self.reader.library.outlines}
        within = ("", "")
        if search.within is not None and search.found is not None:
            within = (f" · {len(hits)} of {len(search.found)} with “{one_line(search.within)}” (x: all)",
                      "$ink-warning")
        summary = Content.assemble(
            ("“" + search.text + "”", "bold"),
            f"  {len(search.found or hits)} hit{'s' * (len(search.found or hits) != 1)} in {len(per_source)} "
            f"source{'s' * (len(per_source) != 1)}",
            within,
            (f" · sorted by {SORT_LABELS[search.sort]} · C collocates", "$ink-muted"),
        )
        if not hits:
            self._header(summary, Content.styled("no paragraph matches", "$ink-muted"))
        else:
            counts = Content(" · ").join(
                Content.assemble(clip(label, 16).rstrip(), (f" {per_source[s]}", "bold $ink-accent"))
                for s, label in labels.items()
                if s in per_source
            )
            self._header(summary, counts)
        self.hit_list.set_hits(hits, labels, match_width, search.current or 0)


def _going_with(index: Index, hits: Sequence[Hit], item: str) -> list[Hit]:
    """The hits (not in titles) that go with ``item``, a collocate or an n-gram (in a thread)."""
    words: dict[str, list[list[str]]] = {}
    kept = []
    for hit in hits:
        if hit.heading is not None:
            continue
        if hit.source_id not in words:
            words[hit.source_id] = index.words(hit.source_id)
        if near(words[hit.source_id][hit.para - 1], hit.start, hit.end, item):
            kept.append(hit)
    return kept
