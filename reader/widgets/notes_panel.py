"""The notes panel: every annotation in the data dir with its passage, note, tags and place;
filter (``/``, ``#tag``), kind (``tab``), jump (enter), delete (``d``) and undo (``u``).

It lists the notes of every report, open or not. Enter on a note of a report that is not open
offers to open it when its file is still where the note was made (a ``Panel.Jump`` carrying the
path), else says where it was. It posts ``Changed`` after a delete or an undo, so that the screen
redraws the marks."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.anchors import BOOKMARK, DETACHED, KINDS, ORPHANED
from reader.core.errors import UserError
from reader.core.export import address_of
from reader.core.marks import BOOKMARK_MARK, NOTE_MARK, matches
from reader.core.sanitize import one_line
from reader.widgets.lists import KeyedOptionList
from reader.widgets.panels import Panel

if TYPE_CHECKING:
    from reader.app import ReaderApp
    from reader.store import Store

KIND_FILTERS = (None, *KINDS)
QUOTE_CHARS, NOTE_CHARS = 120, 160


class NotesPanel(Panel):
    """Lists annotations (orphans apart, at the end). Enter jumps; d deletes; u undoes."""

    TITLE = "Notes"
    HELP_TITLE, HELP_ORDER = "Notes panel (N)", 70

    DEFAULT_CSS = """
    NotesPanel Input, NotesPanel Input:focus {
        height: 1;
        border: none;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("tab", "cycle_kind", "Kind", priority=True),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
    ]

    class Changed(Message):
        """Annotations were deleted or restored here: the marks in the text are stale."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind: str | None = None
        self.shown: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Static(id="notes-header", classes="panel-header")
        yield Input(placeholder="filter: words, #tag  (/ to focus, enter to go back to the list)", id="notes-filter")
        yield KeyedOptionList(id="notes-list")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def store(self) -> Store | None:
        return cast("ReaderApp", self.app).store

    def opened(self) -> None:
        self.refresh_list()
        self.options.focus()

    def refresh_list(self) -> None:
        store = self.store
        query = self.query_one(Input).value
        records = [r for r in store.annotations() if matches(r, query, self.kind)] if store is not None else []
        live = [r for r in records if r["anchor_status"] != ORPHANED]
        orphans = [r for r in records if r["anchor_status"] == ORPHANED]
        self.shown = live + orphans
        options: list[Option | None] = [Option(self._prompt(r), id=r["id"]) for r in live]
        if orphans:
            heading = Text("Orphaned — the passage is no longer in the text", style="bold")
            options += [None, Option(heading, disabled=True)]
            options += [Option(self._prompt(r), id=r["id"]) for r in orphans]
        highlighted = self.options.highlighted
        self.options.set_options(options)
        if self.shown:
            self.options.highlighted = min(highlighted or 0, len(options) - 1)
        kind = self.kind or "all kinds"
        orphaned = f" + {len(orphans)} orphaned" if orphans else ""
        self.query_one("#notes-header", Static).update(
            Text(f"Notes · {len(live)}{orphaned} · {kind} (tab) · ⏎ jump · / filter · d delete · u undo · esc")
        )

    def _is_open(self, source_id: str) -> bool:
        return any(o.id == source_id for o in self.reader.library.outlines)

    def _title(self, source_id: str) -> str:
        try:
            return self.reader.library.get(source_id).title
        except UserError:
            return ""

    def _prompt(self, r: dict) -> Text:
        mark = BOOKMARK_MARK if r["kind"] == BOOKMARK else NOTE_MARK if r["note"] else "▍"
        place = " › ".join(r["section_path"][-2:]) or self._title(r["source_id"])
        head = Text.assemble((f"{mark} ", "bold"), (one_line(address_of(r)), "bold"), "  ", (one_line(place), "dim"))
        if r["tags"]:
            head.append(one_line("  " + " ".join(f"#{t}" for t in r["tags"])), style="cyan")
        if r["color"]:
            head.append(f"  {r['color']}", style="dim")
        if r["anchor_status"] == DETACHED:
            head.append("  detached: its file is gone", style="bold red")
        quote = one_line(r["anchor"]["quote"]["exact"])
        quote = quote[:QUOTE_CHARS] + "…" if len(quote) > QUOTE_CHARS else quote
        lines = [head, Text(f"  “{quote}”", style="italic")]
        text = (r["label"] if r["kind"] == BOOKMARK else r["note"]) or ""
        if text.strip():
            lines.append(Text("  " + one_line(text.strip().splitlines()[0])[:NOTE_CHARS]))
        return Text("\n").join(lines)

    def _current(self) -> dict | None:
        index = self.options.highlighted
        option = self.options.get_option_at_index(index) if index is not None else None
        return next((r for r in self.shown if option and r["id"] == option.id), None)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        record = self._current()
        if record is not None:
            self.go_to(record)

    def go_to(self, record: dict) -> None:
        """Show ``record`` in the reading pane: at once if its report is open, after asking if
        its file is there, else a toast saying where it was."""
        para = record["anchor"]["para"]
        if record["anchor_status"] == ORPHANED:
            self.notify("This passage is no longer in the text; its note is kept and exported.", severity="warning")
            return
        if self._is_open(record["source_id"]):
            self.post_message(self.Jump(record["source_id"], para, focus=True))
            return
        path = record.get("source_path")
        name = one_line(record["section_path"][0] if record["section_path"] else record["source_id"])
        if path and os.path.isfile(path):
            from reader.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.post_message(self.Jump(record["source_id"], para, focus=True, path=path))

            question = f"{name} is not open. Open {one_line(path)}?"
            self.app.push_screen(ConfirmScreen(question, yes="Open", no="Cancel"), answered)
            return
        where = f"its file was {one_line(path)}, which is gone" if path else "where its file was is not known"
        self.notify(f"{name} ({record['source_id']}) is not open; {where}.", title="Report not open",
                    severity="warning", timeout=8, markup=False)

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cycle_kind(self) -> None:
        self.kind = KIND_FILTERS[(KIND_FILTERS.index(self.kind) + 1) % len(KIND_FILTERS)]
        self.refresh_list()

    def action_delete(self) -> None:
        record, store = self._current(), self.store
        if record is None or store is None:
            return
        with cast("ReaderApp", self.app).saving():
            store.delete(record["id"])
            self.notify("Deleted — u to undo", timeout=3)
        self._changed()

    def action_undo(self) -> None:
        if (store := self.store) is None:
            return
        with cast("ReaderApp", self.app).saving():
            restored = store.undo()
            self.notify("Restored" if restored else "Nothing to undo")
        self._changed()

    def _changed(self) -> None:
        self.refresh_list()
        self.post_message(self.Changed())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Typing in the filter must not delete or undo."""
        if action in ("delete", "undo", "filter") and isinstance(self.screen.focused, Input):
            return False
        return True
