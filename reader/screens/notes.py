"""The notes panel: every annotation with its passage, note, tags and place; filter, jump, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.anchors import BOOKMARK, KINDS, ORPHANED
from reader.core.export import address_of
from reader.core.marks import BOOKMARK_MARK, NOTE_MARK, matches
from reader.screens.dialog import Dialog
from reader.store import Store
from reader.widgets.lists import KeyedOptionList

if TYPE_CHECKING:
    from reader.app import ReaderApp

KIND_FILTERS = (None, *KINDS)


class NotesScreen(Dialog[dict | None]):
    """Lists annotations (orphans apart, at the end). Enter jumps; d deletes; u undoes."""

    DEFAULT_CSS = """
    NotesScreen #notes {
        width: 110;
        height: 90%;
    }
    NotesScreen #notes OptionList {
        height: 1fr;
    }
    """

    HELP_TITLE, HELP_ORDER = "Notes panel (N)", 70
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("slash", "filter", "Filter"),
        Binding("tab", "cycle_kind", "Kind", priority=True),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self, store: Store, titles: dict[str, str]) -> None:
        super().__init__()
        self.store = store
        self.titles = titles
        self.kind: str | None = None
        self.shown: list[dict] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notes"):
            yield Label("", id="notes-title", classes="title")
            yield Input(placeholder="filter: words, #tag  (/ to focus, enter to go back to the list)",
                        id="notes-filter")
            yield KeyedOptionList(id="notes-list")

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self) -> None:
        query = self.query_one(Input).value
        records = [r for r in self.store.annotations() if matches(r, query, self.kind)]
        live = [r for r in records if r["anchor_status"] != ORPHANED]
        orphans = [r for r in records if r["anchor_status"] == ORPHANED]
        self.shown = live + orphans
        options: list[Option | None] = [Option(self._prompt(r), id=r["id"]) for r in live]
        if orphans:
            heading = Text("Orphaned — the passage is no longer in the text", style="bold")
            options += [None, Option(heading, disabled=True)]
            options += [Option(self._prompt(r), id=r["id"]) for r in orphans]
        olist = self.query_one(OptionList)
        highlighted = olist.highlighted
        olist.clear_options()
        olist.add_options(options)
        if self.shown:
            olist.highlighted = min(highlighted or 0, len(options) - 1)
        kind = self.kind or "all kinds"
        self.query_one("#notes-title", Label).update(
            f"Notes · {len(live)}{f' + {len(orphans)} orphaned' if orphans else ''} · {kind} (tab) · "
            "⏎ jump · d delete · u undo · esc"
        )

    def _prompt(self, r: dict) -> Text:
        mark = BOOKMARK_MARK if r["kind"] == BOOKMARK else NOTE_MARK if r["note"] else "▍"
        head = Text.assemble((f"{mark} ", "bold"), (address_of(r), "bold"), "  ",
                             (" › ".join(r["section_path"][-2:]) or self.titles.get(r["source_id"], ""), "dim"))
        if r["tags"]:
            head.append("  " + " ".join(f"#{t}" for t in r["tags"]), style="cyan")
        if r["color"]:
            head.append(f"  {r['color']}", style="dim")
        quote = r["anchor"]["quote"]["exact"].replace("\n", " ")
        lines = [head, Text("  “" + (quote[:120] + "…" if len(quote) > 120 else quote) + "”", style="italic")]
        text = r["label"] if r["kind"] == BOOKMARK else r["note"]
        if text:
            first = text.strip().splitlines()[0] if text.strip() else ""
            lines.append(Text("  " + first[:160]))
        return Text("\n").join(lines)

    def _current(self) -> dict | None:
        index = self.query_one(OptionList).highlighted
        option = self.query_one(OptionList).get_option_at_index(index) if index is not None else None
        return next((r for r in self.shown if option and r["id"] == option.id), None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        record = self._current()
        if record and record["anchor_status"] != ORPHANED:
            self.dismiss(record)
        elif record:
            self.notify("This passage is no longer in the text; its note is kept and exported.", severity="warning")

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cycle_kind(self) -> None:
        self.kind = KIND_FILTERS[(KIND_FILTERS.index(self.kind) + 1) % len(KIND_FILTERS)]
        self.refresh_list()

    def action_delete(self) -> None:
        record = self._current()
        if record is None:
            return
        with cast("ReaderApp", self.app).saving():
            self.store.delete(record["id"])
            self.notify("Deleted — u to undo", timeout=3)
        self.refresh_list()

    def action_undo(self) -> None:
        with cast("ReaderApp", self.app).saving():
            restored = self.store.undo()
            self.notify("Restored" if restored else "Nothing to undo")
        self.refresh_list()

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Typing in the filter must not delete or undo."""
        if action in ("delete", "undo", "filter") and isinstance(self.focused, Input):
            return False
        return True
