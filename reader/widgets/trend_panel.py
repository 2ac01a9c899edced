"""The trend panel: a term (or several) in each source, in date order: count, count per 10,000
characters and a bar; Enter on a row jumps to the term's first place in that source.

The terms are, first found: one typed in the panel (``/``), the current search's words, the
watch-words (``w`` switches to them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.worker import Worker, WorkerState

from reader.core.fold import fold
from reader.core.model import HIDDEN, Source
from reader.core.sanitize import one_line
from reader.core.trend import Point, trend
from reader.widgets.cells import clip
from reader.widgets.list_panel import ListPanel

LABEL_CELLS = 34
TERM_CELLS = 12
NUMBERS = " {count:>6} {rate:>8}  "


def first_place(source: Source, term: str) -> tuple[int, int] | None:
    """(paragraph, offset) of the first place ``term`` is found in ``source``, folded."""
    key = fold(term).strip()
    for p in source.paragraphs:
        if p.kind not in HIDDEN and (at := fold(p.text).find(key)) >= 0:
            return p.n, at
    return None


class TrendPanel(ListPanel):
    """``/`` types a term, ``w`` takes the watch-words, ``s`` the search's words again."""

    TITLE = "Trend"
    HELP_TITLE, HELP_ORDER = "Trend panel", 64
    PLACEHOLDER = "a term to follow across the sources"

    BINDINGS = [
        Binding("slash", "type", "Term"),
        Binding("w", "use('watch')", "Watch-words"),
        Binding("s", "use('search')", "Search words"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.terms: tuple[str, ...] = ()
        self.origin = ""  # where the terms came from: typed, search, watch
        self.series: dict[str, list[Point]] = {}

    def opened(self) -> None:
        super().opened()
        if not self.terms:
            self.action_use("search")

    def _terms_of(self, origin: str) -> tuple[str, ...]:
        if origin == "search":
            search = self.reader.kwic.search
            return search.query.include if search is not None else ()
        watch = self.reader.watch_list
        return tuple(watch.words) if watch is not None else ()

    def action_use(self, origin: str) -> None:
        """Follow the search's words (or, without a search, the watch-words) or the watch-words."""
        terms = self._terms_of(origin)
        if not terms and origin == "search":
            origin, terms = "watch", self._terms_of("watch")
        if not terms:
            self.header(("Trend", "bold"), ("  type a term, then Enter", "$ink-muted"))
            self.show_rows([])
            self.action_type()
            return
        self.follow_terms(terms, origin)

    def follow_terms(self, terms: Sequence[str], origin: str) -> None:
        """Count ``terms`` in every source (in a thread)."""
        self.terms, self.origin = tuple(terms), origin
        sources, terms = self.reader.library.sources, self.terms  # parsed in the thread, as reached
        self.header(("Trend", "bold"), "  counting…")
        self.run_worker(lambda: trend(terms, sources), name="trend", group="trend", thread=True,
                        exclusive=True, exit_on_error=False)  # fmt: skip

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "trend":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            self.series = event.worker.result or {}
            self._show()
        elif event.state == WorkerState.ERROR:
            self.notify(str(event.worker.error), title="Trend failed", severity="error", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        if self.series:
            self._show()

    def _rows(self) -> Iterator[tuple[Content, tuple[str, str] | None]]:
        several = len(self.series) > 1
        points = list(zip(*self.series.values(), strict=True))
        labels = [one_line(f"{p[0].date or '—'} {p[0].title or p[0].source}") for p in points]
        label_w = min(LABEL_CELLS, max((cell_len(x) for x in labels), default=0))
        term_w = min(TERM_CELLS, max(cell_len(t) for t in self.series)) + 1 if several else 0
        bar_w = max(4, self.app.size.width - label_w - term_w - len(NUMBERS.format(count="", rate="")) - 3)
        peak = max((p.per_10k for row in points for p in row), default=0) or 1
        yield Content.styled(clip("source (date order)", label_w) + " " * term_w
                             + NUMBERS.format(count="count", rate="per 10k"), "$ink-muted"), None
        for row, label in zip(points, labels, strict=True):
            for k, p in enumerate(row):
                bar = "█" * round(p.per_10k / peak * bar_w) or ("▏" if p.count else "")
                yield Content.assemble(
                    clip(label if k == 0 else "", label_w),
                    (clip(" " + one_line(p.term), term_w) if several else "", "bold"),
                    NUMBERS.format(count=p.count, rate=f"{p.per_10k:.2f}"),
                    (bar, f"$ink-accent{' 60%' if k % 2 else ''}"),
                ), (p.source, p.term)

    def _show(self) -> None:
        words = " · ".join(f"“{one_line(t)}” {sum(p.count for p in pts)}" for t, pts in self.series.items())
        self.header(("Trend", "bold"), f" {words}", (f"  ({self.origin}) · / term  w watch-words  s search",
                                                     "$ink-muted"))
        self.show_rows(list(self._rows()))

    def typed(self, text: str, *, final: bool) -> None:
        if final and text:
            self.follow_terms([text], "typed")

    def chosen(self, target: tuple[str, str]) -> None:
        source_id, term = target
        place = first_place(self.reader.library.get(source_id), term)
        if place is None:
            self.notify(f"“{one_line(term)}” is not in this source", timeout=3, markup=False)
            return
        self.post_message(self.Jump(source_id, place[0], place[1], focus=True))
