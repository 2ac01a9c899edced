"""The export dialog: where, which format, which annotations."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from reader.screens.dialog import Dialog
from reader.screens.note_editor import split_tags


@dataclass(frozen=True)
class ExportRequest:
    """What to export, as chosen in the dialog."""

    path: str
    fmt: str  # "md" | "json"
    source_id: str | None  # None: all sources
    tags: list[str]


class ExportScreen(Dialog[ExportRequest | None]):
    """Asks for a file, a format (Markdown/JSON), a scope (all/this source) and a tag filter."""

    DEFAULT_CSS = """
    ExportScreen .choices {
        height: auto;
    }
    ExportScreen RadioSet {
        width: 1fr;
    }
    """

    HELP_TITLE, HELP_ORDER = "Export (e)", 90
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "export", "Export", priority=True)]

    def __init__(self, default_path: str, source_id: str, source_title: str) -> None:
        super().__init__()
        self.default_path, self.source_id, self.source_title = default_path, source_id, source_title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("Export annotations", classes="title")
            yield Input(self.default_path, id="path")
            with Horizontal(classes="choices"):
                with RadioSet(id="format"):
                    yield RadioButton("Markdown", value=True, id="md")
                    yield RadioButton("JSON (backup, re-importable)", id="json")
                with RadioSet(id="scope"):
                    yield RadioButton("All sources", value=True, id="all")
                    yield RadioButton(f"This source: {self.source_title[:24]}", id="this")
            yield Input(placeholder="only these tags (optional, separated by spaces)", id="tags")
            with Horizontal(classes="buttons"):
                yield Button("Export (ctrl+s)", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "format":
            path = self.query_one("#path", Input)
            stem, dot, suffix = path.value.rpartition(".")
            if dot and suffix in ("md", "json"):
                path.value = f"{stem}.{event.pressed.id}"

    def action_export(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.notify("Give a file to export to.", severity="error")
            return
        fmt = self._choice("#format", "md")
        scope = self._choice("#scope", "this")
        tags = split_tags(self.query_one("#tags", Input).value)
        self.dismiss(ExportRequest(path, fmt, self.source_id if scope == "this" else None, tags))

    def _choice(self, radio_set: str, default: str) -> str:
        """The id of the button pressed in ``radio_set``."""
        button = self.query_one(radio_set, RadioSet).pressed_button
        return button.id if button is not None and button.id else default

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_export() if event.button.id == "export" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()
