"""The search box: one line for the query, recent searches on up/down, a line for query errors."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

PLACEHOLDER = 'words (all must occur)  "a phrase"  -exclude    ↑↓ recent searches'


class SearchBar(Vertical):
    """Hidden until ``open``; posts ``Submitted`` on Enter and ``Cancelled`` on escape. While open
    it stands in for ``covers`` (the status bar, as a command line does in vim or less): the box is
    one line too, so what is above it keeps its size and is not laid out and redrawn on every ``/``."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        display: none;
        background: $panel;
    }
    SearchBar.-error {
        height: 2;
    }
    SearchBar #search-line {
        height: 1;
    }
    SearchBar #search-prompt {
        width: 2;
        padding-left: 1;
        color: $ink-accent;
        text-style: bold;
    }
    SearchBar Input, SearchBar Input:focus {
        border: none;
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    SearchBar #search-error {
        color: $ink-error;
        padding: 0 1;
        display: none;
    }
    SearchBar.-error #search-error {
        display: block;
    }
    """

    HELP_TITLE, HELP_ORDER = "Search box", 40
    BINDINGS = [
        Binding("escape", "cancel", "Close", key_display="esc"),
        Binding("up", "recall(1)", "Older search", show=False),  # the placeholder says so
        Binding("down", "recall(-1)", "Newer search", show=False),
    ]

    @dataclass
    class Submitted(Message):
        query: str

    class Cancelled(Message):
        """The user closed the box without searching."""

    def __init__(self, *, covers: Widget | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._covers = covers
        self._error = ""
        self._history: list[str] = []
        self._recalled = -1  # index in _history of the query shown, -1 for the user's own text
        self._draft = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-line"):
            yield Static("/", id="search-prompt")  # as less and vim prompt for a search
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
        self._show(True)
        self.input.value = text
        self.screen.set_focus(self.input)  # now, not after the keys already typed (focus() waits)

    def close(self) -> None:
        self._show(False)

    def _show(self, shown: bool) -> None:
        self.display = shown
        if self._covers is not None:
            self._covers.display = not shown

    def show_error(self, message: str) -> None:
        if message == self._error:
            return  # no layout pass for nothing (the box opens with no error)
        self._error = message
        self.query_one("#search-error", Static).update(message)
        self.set_class(bool(message), "-error")  # shows the line; a fixed height: not laid out twice on each open

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
