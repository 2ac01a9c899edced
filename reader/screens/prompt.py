"""A one-line question in a small dialog (go to, open a path): Enter accepts, escape cancels,
and an answer that cannot be used is said on a line under the input, the dialog staying open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from reader.core.errors import UserError
from reader.core.sanitize import one_line
from reader.screens.dialog import Dialog

T = TypeVar("T")


class Prompt(Dialog[T | None], Generic[T]):
    """Asks ``title``; ``accept`` turns the answer into the result, or raises UserError to say
    what is wrong with it (a subclass without it handles ``Input.Submitted`` itself). Dismisses
    with the result, or None when cancelled."""

    DEFAULT_CSS = """
    Prompt Input, Prompt Input:focus {
        border: none;
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    Prompt .error {
        color: $text-error;
        display: none;
    }
    Prompt .hint {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str, accept: Callable[[str], T] | None = None, *, value: str = "",
                 suggester: Suggester | None = None) -> None:  # fmt: skip
        super().__init__()
        self.title_text, self.hint, self.accept = title, hint, accept
        self.value, self.suggester = value, suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self.title_text, classes="title", markup=False)
            yield Input(self.value, suggester=self.suggester, id="answer")
            yield Static(classes="error", markup=False)
            yield Static(self.hint, classes="hint", markup=False)
            yield from self.below()

    def below(self) -> ComposeResult:
        """More of the dialog, under the hint (nothing here)."""
        yield from ()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def show_error(self, message: str) -> None:
        error = self.query_one(".error", Static)
        error.update(one_line(message))
        error.display = bool(message)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.accept is None:
            return
        try:
            result = self.accept(event.value)
        except UserError as e:
            self.show_error(str(e))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
