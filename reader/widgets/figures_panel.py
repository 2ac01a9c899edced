"""The figures panel: every target and figure of the source being read (or of all sources),
grouped by section, the kind marked; Enter jumps to it; typing filters by indicator."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.worker import Worker, WorkerState

from reader.core.address import parse_address
from reader.core.figures import TARGET, Figure, figures
from reader.core.model import Source
from reader.core.sanitize import one_line
from reader.widgets.cells import clip
from reader.widgets.list_panel import ListPanel

INDICATOR_CELLS = 24


def _figures_of(sources: Iterable[Source]) -> list[tuple[Source, list[Figure]]]:
    return [(s, figures(s)) for s in sources]


class FiguresPanel(ListPanel):
    """``a`` switches between this source and all sources; ``/`` filters by indicator."""

    TITLE = "Figures"
    HELP_TITLE, HELP_ORDER = "Figures panel", 62
    PLACEHOLDER = "indicator (e.g. 生产总值)"

    BINDINGS = [Binding("slash", "type", "Filter"), Binding("a", "toggle_all", "This/all sources")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_sources = False
        self.filter = ""
        self.found: list[tuple[Source, list[Figure]]] = []
        self._place: tuple[str, bool] | None = None

    def opened(self) -> None:
        super().opened()
        self._refresh()

    def follow(self, source_id: str, section: int) -> None:
        self._refresh()

    def _refresh(self) -> None:
        source = self.reader.source
        if source is None:
            return
        place = ("*" if self.all_sources else source.id, self.all_sources)
        if place == self._place:
            return
        self._place = place
        sources = self.reader.library.sources if self.all_sources else [source]  # parsed in the thread
        self.header(("Figures", "bold"), "  working…")
        self.run_worker(lambda: _figures_of(sources), name="figures", group="figures", thread=True,
                        exclusive=True, exit_on_error=False)  # fmt: skip

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "figures":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            self.found = event.worker.result or []
            self._show()
        elif event.state == WorkerState.ERROR:
            self.notify(str(event.worker.error), title="Figures failed", severity="error", markup=False)

    def _rows(self) -> Iterator[tuple[Content, Figure | None]]:
        width = min(INDICATOR_CELLS, max((cell_len(f.indicator) for _, fs in self.found for f in fs), default=0))
        for source, found in self.found:
            shown = [f for f in found if self.filter in f.indicator]
            section = None
            for f in shown:
                para = parse_address(f.address).para
                title = source.sections[source.section_index(para)].title
                if (source.id, title) != section:
                    section = (source.id, title)
                    prefix = f"{source.title} · " if self.all_sources and title != source.title else ""
                    yield Content.styled(one_line(prefix + title), "bold $text-muted"), None
                mark = ("target", "$ink-success") if f.kind == TARGET else ("result", "$ink-muted")
                yield Content.assemble(
                    "  ", (f"{mark[0]:<6}", mark[1]), " ", (clip(one_line(f.indicator), width), "bold"), "  ",
                    (clip(one_line(f.verb + f.label()), 14), "$ink-accent"), " ", (one_line(f.text), "$ink-muted"),
                ), f

    def _show(self) -> None:
        rows = list(self._rows())
        count = sum(1 for _, f in rows if f is not None)
        scope = "all sources" if self.all_sources else "this source"
        where = f" · indicator holds “{one_line(self.filter)}”" if self.filter else ""
        self.header(("Figures", "bold"), f" of {scope} · {count} found{where}",
                    ("  a: this/all  /: filter", "$ink-muted"))
        self.show_rows(rows or [(Content.styled("no figures", "$ink-muted"), None)])

    def typed(self, text: str, *, final: bool) -> None:
        self.filter = text
        self._show()

    def chosen(self, target: Figure) -> None:
        where = parse_address(target.address)
        self.post_message(self.Jump(where.source_id, where.para, where.start, focus=True))

    def action_toggle_all(self) -> None:
        self.all_sources = not self.all_sources
        self._refresh()
