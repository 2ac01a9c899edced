"""Quitting while notes are still being saved: the app waits for its store's writer, and asks only
when another ntreader holds the lock."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from reader.screens.dialog import Dialog

if TYPE_CHECKING:
    from reader.store.background import Writer

QUIET_WAIT = 0.5  # seconds quitting waits for the writer before asking


class UnsavedChanges(Dialog[bool]):
    """Says that changes wait for another ntreader's lock; dismisses True (quit) once they are
    saved, or at once on k (they are kept for the next start); False on escape."""

    BINDINGS = [Binding("k", "answer(True)", "Quit, save later"), Binding("escape", "answer(False)", "Back")]

    def __init__(self, writer: Writer) -> None:
        super().__init__()
        self.writer = writer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Saving your notes", classes="title")
            yield Static(Text(self._waiting()), id="unsaved-count")
            yield Static("ntreader quits as soon as they are saved. Or quit now: they are kept in the data "
                         "folder and saved the next time ntreader opens the notes.")
            with Horizontal(classes="buttons"):
                yield Button("Quit now, save later (k)", id="keep", variant="warning")
                yield Button("Back (esc)", id="back")

    def _waiting(self) -> str:
        return f"{self.writer.pending} change(s) wait for another ntreader, which is saving its own notes."

    def on_mount(self) -> None:
        self.set_interval(0.1, self._check)

    def _check(self) -> None:
        if not self.writer.pending:
            self.dismiss(True)
        else:
            self.query_one("#unsaved-count", Static).update(Text(self._waiting()))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "keep")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


async def quit_when_saved(app: App, writer: Writer | None) -> None:
    """Exit once ``writer`` has saved every change, waiting quietly a moment, then asking."""
    if isinstance(app.screen, UnsavedChanges):
        return  # asked already
    for _ in range(int(QUIET_WAIT / 0.02)):
        if writer is None or not writer.pending:
            app.exit()
            return
        await asyncio.sleep(0.02)
    assert writer is not None
    app.push_screen(UnsavedChanges(writer), lambda leave: app.exit() if leave else None)
