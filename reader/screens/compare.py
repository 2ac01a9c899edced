"""Two reports read against each other: the paired paragraphs side by side (or in one column
with the changes inline), the new and dropped wording, the changed figures.

``open_for(main)`` is the ``c`` key: the source being read against the previous report of the
same kind (by the dates in the library's outlines, nothing parsed), or, with none, a picker. The
two reports are loaded and compared in a thread; Enter on a paragraph closes the screen and opens
it in the reader. Side by side, each pair is one row of two columns, so both scroll together and
a changed pair's two versions face each other; below ``SIDE_BY_SIDE_FROM`` cells the pairs are
shown inline, and the summary says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import LoadingIndicator, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from reader.core.address import parse_address
from reader.core.compare import ADDED, CHANGED, MOVED, REMOVED, SAME, Comparison
from reader.core.library import Library, Outline
from reader.core.sanitize import one_line
from reader.core.trend import outline_date, previous_of
from reader.screens.source_picker import SourcePicker
from reader.widgets import compare_rows as draw
from reader.widgets.cells import clip
from reader.widgets.keys_footer import KeysFooter
from reader.widgets.lists import KeyedOptionList
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.core.search import Index
    from reader.screens.main import MainScreen

Target = tuple[str, int]  # (source id, paragraph)
#: Cells from which the pairs are shown side by side.
SIDE_BY_SIDE_FROM = 120


def open_for(main: MainScreen) -> None:
    """Compare the source being read with the previous report of its kind, or one picked."""
    from reader.widgets.panels import Panel

    source = main.source
    if source is None:
        return

    def jump(target: Target | None) -> None:
        if target is not None:
            main.on_panel_jump(Panel.Jump(target[0], target[1], focus=True))

    library = main.library
    here = library.outline(source.id)
    screen = CompareScreen(library, previous_of(here, library.outlines, outline_date), here, lambda: main.index)
    main.app.push_screen(screen, jump)


def _compare(library: Library, a_id: str, b_id: str, index: Index | None, data_dir: str | None) -> Comparison:
    """Source ``a_id`` against ``b_id`` with the app's index, or one of the two made now (runs
    in a thread)."""
    from reader.core.compare import compare

    a, b = library.get(a_id), library.get(b_id)
    if index is None:
        from reader.core.search import Index
        from reader.core.segment import default_segmenter
        from reader.paths import resolve

        paths = resolve(data_dir)
        index = Index.build([a, b], default_segmenter(paths).load(), cache_dir=paths.cache)
    return compare(a, b, index.words)


class PairList(KeyedOptionList):
    """The pairs, one option each; ``]`` ``[`` go to the next and previous change."""

    HELP_TITLE, HELP_ORDER = "Compare", 70

    BINDINGS = [
        Binding("right_square_bracket", "change(1)", "Next change"),
        Binding("left_square_bracket", "change(-1)", "Previous change"),
        Binding("n", "place(1)", "Next place", show=False),
        Binding("N", "place(-1)", "Previous place", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.changes: list[int] = []  # option indices of the pairs that are not the same
        self.places: list[int] = []  # option indices of the places of the term chosen

    def _step(self, rows: list[int], step: int) -> None:
        here = self.highlighted if self.highlighted is not None else -1
        ahead = [i for i in rows if (i - here) * step > 0]
        if ahead:
            self.highlighted = ahead[0] if step > 0 else ahead[-1]
        elif rows:
            self.notify("No more", timeout=2)
        else:
            self.notify("Nothing to go through: n and N follow a word chosen in Wording (2)", timeout=3)

    def action_change(self, step: int) -> None:
        self._step(self.changes, step)

    def action_place(self, step: int) -> None:
        self._step(self.places, step)


class CompareScreen(Screen[Target | None]):
    """Report ``a`` (the earlier) against ``b``: tabs for paragraphs, wording and figures."""

    HELP_TITLE, HELP_ORDER = "Compare", 70

    DEFAULT_CSS = """
    CompareScreen > .compare-header { height: auto; padding: 0 1; background: $panel; }
    CompareScreen #compare-summary { color: $text-muted; }
    CompareScreen LoadingIndicator { height: 1fr; }
    CompareScreen TabbedContent { height: 1fr; }
    CompareScreen TabPane { padding: 0; }
    CompareScreen OptionList, CompareScreen OptionList:focus { height: 1fr; border: none; padding: 0;
        background: $surface; scrollbar-size-vertical: 1; }
    CompareScreen #compare-wording, CompareScreen #compare-figures { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back to the reader"),
        Binding("o", "pick", "Other report"),
        Binding("x", "swap", "Swap"),
        Binding("s", "side_by_side", "Side by side / inline"),
        Binding("1", "tab('paragraphs')", "Paragraphs", show=False),
        Binding("2", "tab('wording')", "Wording", show=False),
        Binding("3", "tab('figures')", "Figures", show=False),
    ]

    def __init__(self, library: Library, a: Outline | None, b: Outline, index_of) -> None:
        super().__init__()
        self.library, self.a, self.b, self._index_of = library, a, b, index_of
        self.side_by_side = True  # wanted; shown when the screen is wide enough
        self.result: Comparison | None = None
        self.pair_targets: list[Target | None] = []
        self.term_targets: list[tuple[str, tuple[str, ...]]] = []
        self.figure_targets: list[str] = []
        self._row_status: list[tuple[int | None, int | None, str | None]] = []  # (a, b, status) per row

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title", classes="compare-header")
        yield Static(id="compare-summary", classes="compare-header")
        yield LoadingIndicator()
        with TabbedContent(id="compare-tabs"):
            with TabPane("Paragraphs", id="paragraphs"):
                yield Static(id="compare-columns")
                yield PairList(id="compare-pairs")
            with TabPane("Wording", id="wording"):
                yield KeyedOptionList(id="compare-wording")
            with TabPane("Figures", id="figures"):
                yield KeyedOptionList(id="compare-figures")
        yield StatusBar(id="compare-status")
        yield KeysFooter()

    @property
    def pairs(self) -> PairList:
        return self.query_one(PairList)

    def on_mount(self) -> None:
        self.query_one(TabbedContent).display = False
        if self.a is None:
            self._title("no earlier report of this kind: pick one")
            self.query_one(LoadingIndicator).display = False
            self.action_pick()
        else:
            self._run()

    def _title(self, note: str = "") -> None:
        self.query_one("#compare-title", Static).update(
            Content.assemble(_name(self.a), " → ", _name(self.b), (f"  {note}" if note else "", "$ink-warning")))

    def _run(self) -> None:
        library, index, data_dir = self.library, self._index_of(), getattr(self.app, "data_dir", None)
        if self.a is None:
            return
        a, b = self.a.id, self.b.id
        self._title()
        self.query_one("#compare-summary", Static).update("comparing…")
        self.query_one(LoadingIndicator).display = True
        self.query_one(TabbedContent).display = False
        self.run_worker(lambda: _compare(library, a, b, index, data_dir), name="compare", group="compare", thread=True,
                        exclusive=True, exit_on_error=False)  # fmt: skip

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "compare":
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            result: Comparison = event.worker.result
            if self.a is not None and (result.a.id, result.b.id) == (self.a.id, self.b.id):
                self._show(result)
        elif event.state == WorkerState.ERROR:
            self.query_one(LoadingIndicator).display = False
            self.notify(str(event.worker.error), title="Compare failed", severity="error", markup=False)

    # -- showing a comparison -----------------------------------------------------------------

    def _show(self, result: Comparison) -> None:
        self.result = result
        self.query_one(LoadingIndicator).display = False
        self.query_one(TabbedContent).display = True
        self._list_pairs()
        wording = self.query_one("#compare-wording", OptionList)
        self.term_targets = []
        options: list[Option] = []
        for label, style, terms in (("new", "$text-success", result.added), ("dropped", "$text-error", result.dropped)):
            for t in terms:
                where = " ".join(f"¶{_place(x)[1]}" for x in t.places[:8])
                options.append(Option(Content.assemble((f"{label:<8}", style), (one_line(t.term), "bold"),
                                                       (f"  ×{t.count}  {where}", "$ink-muted"))))
                self.term_targets.append((t.term, t.places))
        wording.set_options(options)
        wording.highlighted = 0 if options else None
        figures = self.query_one("#compare-figures", OptionList)
        self.figure_targets = [(f.b or f.a).address for f in result.figures]  # type: ignore[union-attr]
        figures.set_options(
            Option(Content.assemble((clip(one_line(f.indicator), 24), "bold"), " ",
                                    (one_line(f.a.label() if f.a else "—"), "$text-error"), " → ",
                                    (one_line(f.b.label() if f.b else "—"), "$text-success"),
                                    (f"  {(f.b or f.a).kind}", "$ink-muted")))  # type: ignore[union-attr]
            for f in result.figures
        )
        figures.highlighted = 0 if result.figures else None
        self.pairs.focus()

    @property
    def shown_side_by_side(self) -> bool:
        return self.side_by_side and self.size.width >= SIDE_BY_SIDE_FROM

    def _summarize(self, result: Comparison) -> None:
        counts = result.summary()
        if self.shown_side_by_side:
            view = Content.styled("  side by side (s: inline)", "$ink-muted")
        elif self.side_by_side:
            view = Content.styled(f"  inline: side by side needs {SIDE_BY_SIDE_FROM} columns", "$ink-warning")
        else:
            view = Content.styled("  inline (s: side by side)", "$ink-muted")
        self.query_one("#compare-summary", Static).update(Content(
            f"{counts[SAME]} same · {counts[CHANGED]} changed · {counts[MOVED]} moved · {counts[ADDED]} new · "
            f"{counts[REMOVED]} dropped · wording +{len(result.added)} −{len(result.dropped)} · "
            f"figures {len(result.figures)}") + view)

    def _list_pairs(self) -> None:
        result = self.result
        if result is None:
            return
        self._summarize(result)
        width = max(20, self.size.width - 4)
        columns = self.query_one("#compare-columns", Static)
        columns.display = self.shown_side_by_side
        if self.shown_side_by_side:
            half = draw.half(width)
            columns.update(Content.assemble(("  " + clip(one_line(result.a.title or result.a.id), half - 2), "bold"),
                                            " ", ("  " + clip(one_line(result.b.title or result.b.id), half - 2),
                                                  "bold")))
        rows = list(self._pair_rows(result, width))
        self.pair_targets = [target for _, target in rows]
        pairs = self.pairs
        pairs.set_options(Option(shown, disabled=target is None) for shown, target in rows)
        statuses = [status for _, _, status in self._row_status]
        pairs.changes = [i for i, s in enumerate(statuses) if s not in (SAME, None)]
        pairs.highlighted = pairs.changes[0] if pairs.changes else (1 if len(rows) > 1 else None)

    def _pair_rows(self, result: Comparison, width: int) -> Iterator[tuple[Content, Target | None]]:
        """One row per section heading and per pair; a same or moved pair takes one line."""
        self._row_status = []
        section = None
        for pair in result.pairs:
            if pair.section != section:
                section = pair.section
                self._row_status.append((None, None, None))
                yield Content.styled(one_line(section), "bold $ink-accent"), None
            self._row_status.append((pair.a, pair.b, pair.status))
            shown = (draw.side_by_side if self.shown_side_by_side else draw.inline)(result, pair, width)
            yield shown, (
                (result.b.id, pair.b) if pair.b is not None else (result.a.id, pair.a or 1))

    def on_resize(self, event: events.Resize) -> None:
        self._relist()

    def _relist(self) -> None:
        """List the pairs again (same rows, drawn anew), the highlighted one kept."""
        if self.result is not None:
            highlighted = self.pairs.highlighted
            self._list_pairs()
            self.pairs.highlighted = highlighted

    # -- keys ---------------------------------------------------------------------------------

    def _row_of(self, source_id: str, para: int) -> int | None:
        result = self.result
        if result is None:
            return None
        side = 1 if source_id == result.b.id else 0
        return next((i for i, row in enumerate(self._row_status) if row[side] == para), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        i = event.option_index
        if event.option_list is self.pairs:
            target = self.pair_targets[i]
            if target is not None:
                self.dismiss(target)
        elif event.option_list.id == "compare-wording":
            term, places = self.term_targets[i]
            rows = [r for a in places if (r := self._row_of(*_place(a))) is not None]
            self.pairs.places = rows
            self._to_pairs(rows[0] if rows else None)
            self.notify(f"“{one_line(term)}”: {len(rows)} place(s); n and N go through them", timeout=4,
                        markup=False)  # fmt: skip
        else:
            self._to_pairs(self._row_of(*_place(self.figure_targets[i])))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.pairs and self.result is not None:
            self._show_position(event.option_index)

    def _show_position(self, row: int) -> None:
        """The status line: the highlighted pair's section, which pair of how many, and which
        change (``]`` ``[``) and place (``n`` ``N``) it is."""
        pair_rows = [i for i, (_, _, status) in enumerate(self._row_status) if status is not None]
        section = next((self.pairs.get_option_at_index(i).prompt for i in range(row, -1, -1)
                        if self._row_status[i][2] is None), "")
        place = f"pair {sum(1 for i in pair_rows if i <= row)}/{len(pair_rows)}"
        for name, rows in (("change", self.pairs.changes), ("place", self.pairs.places)):
            if row in rows:
                place += f" · {name} {rows.index(row) + 1}/{len(rows)}"
            elif rows:
                place += f" · {len(rows)} {name}s"
        title = self.result.b.title or self.result.b.id if self.result else ""
        self.query_one(StatusBar).show(one_line(title), one_line(str(section)), place)

    def _to_pairs(self, row: int | None) -> None:
        self.action_tab("paragraphs")
        if row is not None:
            self.pairs.highlighted = row
            self._show_position(row)  # (also when the row was already highlighted: its places are new)

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        tabs.get_pane(tab).query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_side_by_side(self) -> None:
        self.side_by_side = not self.side_by_side
        if self.side_by_side and not self.shown_side_by_side:
            self.notify(f"Side by side needs {SIDE_BY_SIDE_FROM} columns (this screen has {self.size.width}): "
                        "inline", timeout=4, markup=False)  # fmt: skip
        self._relist()

    def action_pick(self) -> None:
        def picked(source_id: str | None) -> None:
            if source_id is not None:
                self.a = self.library.outline(source_id)
                self._run()
            elif self.a is None:
                self.dismiss(None)

        # the title set apart by its style, not by quotes (many hold quotes of their own: ““强魂筑基”…”)
        title = Content.assemble("Compare ", (one_line(self.b.title or self.b.id), "$ink"), " with:")
        self.app.push_screen(SourcePicker(title, self.library.outlines, leave_out=self.b.id), picked)

    def action_swap(self) -> None:
        if self.a is not None:
            self.a, self.b = self.b, self.a
            self._run()


def _place(address: str) -> tuple[str, int]:
    where = parse_address(address)
    return where.source_id, where.para


def _name(outline: Outline | None) -> Content:
    if outline is None:
        return Content.styled("?", "$ink-muted")
    return Content.assemble((one_line(outline.title or outline.id), "bold"),
                            (f" ({outline_date(outline) or 'undated'})", "$ink-muted"))

