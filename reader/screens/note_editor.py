"""The note editor: Markdown text and tags for a passage."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from reader.core.errors import UserError
from reader.screens.confirm import ConfirmScreen
from reader.screens.dialog import Dialog

if TYPE_CHECKING:
    from reader.store.database import Planned

SAVE_WAIT = 3.0  # seconds the editor waits for its save while another ntreader holds the lock


@dataclass(frozen=True)
class NoteInput:
    """What the editor returns."""

    note: str
    tags: list[str]


class TagSuggester(Suggester):
    """Completes the last tag being typed from the tags already in use."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        last = last.lstrip("#")
        if not last:
            return None
        match = next((t for t in self.tags if t.startswith(last) and t != last), None)
        return f"{head} {match}".lstrip() if match else None


def split_tags(text: str) -> list[str]:
    """Tags typed as words separated by spaces or commas, with or without a leading #."""
    return [t.lstrip("#") for t in text.replace(",", " ").replace("，", " ").split() if t.lstrip("#")]


class NoteEditor(Dialog[NoteInput | None]):
    """Edits a note on ``quote``. ctrl+s saves through ``save``, which returns at once with the
    write still being saved by the store's writer, if any; a worker thread waits for it (another
    ntreader's lock never freezes the app), then the editor closes. If the save fails, the editor
    stays open with the text and says why, and ctrl+s tries again; if it still waits for the lock
    after :data:`SAVE_WAIT`, the editor closes and the note stays queued. escape cancels, asking
    first if anything changed."""

    DEFAULT_CSS = """
    NoteEditor TextArea {
        height: 8;
    }
    NoteEditor #save-status {
        display: none;
    }
    """

    HELP_TITLE, HELP_ORDER = "Note editor (a)", 80
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), Binding("escape", "cancel", "Cancel")]

    def __init__(self, quote: str, place: str, note: str = "", tags: Sequence[str] = (),
                 known_tags: Sequence[str] = (), *, save: Callable[[NoteInput], Planned | None] | None = None) -> None:
        super().__init__()
        self._save = save
        self.saving = False
        self._saved = self.initial = NoteInput(note, list(tags))
        self.quote, self.place = quote, place
        self.known_tags = list(known_tags)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-editor"):
            yield Label(Content(f"Note on {self.place}"), classes="title")  # report text: never markup
            yield Static(self.quote if len(self.quote) <= 300 else self.quote[:300] + "…", classes="quote")
            yield TextArea(self.initial.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Input(" ".join(self.initial.tags), placeholder="tags, separated by spaces", id="tags",
                        suggester=TagSuggester(self.known_tags))
            yield Static("", id="save-status")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def _current(self) -> NoteInput:
        return NoteInput(self.query_one(TextArea).text, split_tags(self.query_one("#tags", Input).value))

    @property
    def changed(self) -> bool:
        """Whether the note or tags differ from what the editor opened with."""
        return self._current() != self.initial

    def action_save(self) -> None:
        if self.saving:
            return
        result = self._current()
        if self._save is None:
            self.dismiss(result)
            return
        try:
            planned = self._save(result)
        except UserError as e:
            self._failed(str(e))
            return
        if planned is None:
            self.dismiss(result)
            return
        self.saving, self._saved = True, result
        self._status("Saving…")
        self.run_worker(lambda: planned.done.wait(SAVE_WAIT) and planned.error, name="save-note", thread=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "save-note" or event.state != WorkerState.SUCCESS:
            return
        self.saving, outcome = False, event.worker.result  # None: saved; text: failed; False: waiting
        if isinstance(outcome, str):  # (the store's writer has said why in a toast)
            self._status(f"Not saved: {outcome} — ctrl+s to try again")
            return
        if outcome is False:  # still waiting for the lock
            self.notify("Another ntreader is saving its notes: this note is shown, and saved when it is done",
                        title="Note queued", timeout=6, markup=False)
        self.dismiss(self._saved)

    def _failed(self, why: str) -> None:
        self._status(f"Not saved: {why} — ctrl+s to try again")
        self.notify(why, title="Not saved", severity="error", timeout=8, markup=False)

    def _status(self, text: str) -> None:
        status = self.query_one("#save-status", Static)
        status.update(Text(text))
        status.display = True

    def action_cancel(self) -> None:
        if self.saving:
            return  # the save decides: the editor closes when it is done, or stays with the text
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this note?"), answered)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()
