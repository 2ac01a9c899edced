"""The search box: one line for the query, recent searches on up/down, a line for query errors."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

PLACEHOLDER = 'words (all must occur)  "a phrase"  -exclude    ↑↓ recent searches'


class SearchBar(Vertical):
    """Hidden until ``open``; posts ``Submitted`` on Enter and ``Cancelled`` on escape."""

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        display: none;
        background: $panel;
    }
    SearchBar Input, SearchBar Input:focus {
        border: none;
        height: 1;
        padding: 0 1;
    }
    SearchBar #search-error {
        color: $ink-error;
        padding: 0 1;
        display: none;
    }
    """

    HELP_TITLE, HELP_ORDER = "Search box", 40
    BINDINGS = [
        Binding("up", "recall(1)", "Older search", show=False),
        Binding("down", "recall(-1)", "Newer search", show=False),
        Binding("escape", "cancel", "Close search", show=False),
    ]

    @dataclass
    class Submitted(Message):
        query: str

    class Cancelled(Message):
        """The user closed the box without searching."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._history: list[str] = []
        self._recalled = -1  # index in _history of the query shown, -1 for the user's own text
        self._draft = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search-input")
        yield Static(id="search-error")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def open(self, history: list[str], text: str = "") -> None:
        """Show the box with ``text``, recent queries (most recent first) ready for recall."""
        self._history = history
        self._recalled = -1
        self.show_error("")
        self.display = True
        self.input.value = text
        self.screen.set_focus(self.input)  # now, not after the keys already typed (focus() waits)

    def close(self) -> None:
        self.display = False

    def show_error(self, message: str) -> None:
        error = self.query_one("#search-error", Static)
        error.update(message)
        error.display = bool(message)

    def action_recall(self, step: int) -> None:
        recalled = max(-1, min(len(self._history) - 1, self._recalled + step))
        if recalled != self._recalled:
            if self._recalled == -1:
                self._draft = self.input.value
            self._recalled = recalled
            self.input.value = self._history[recalled] if recalled >= 0 else self._draft
            self.input.cursor_position = len(self.input.value)

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_error("")
