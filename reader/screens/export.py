"""The export dialog: where, which format, which annotations; it writes through the one export
flow (``reader.core.export.export``), asks before replacing a file, and stays open when the
write fails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from reader.core.errors import UserError
from reader.core.export import export
from reader.core.model import Source
from reader.core.sanitize import one_line
from reader.screens.dialog import Dialog
from reader.screens.note_editor import split_tags
from reader.screens.open_path import PathSuggester


class ExportScreen(Dialog[Path | None]):
    """Asks for a file, a format (Markdown/JSON), a scope (all/this source) and a tag filter, then
    exports; dismisses with the file written, or None when cancelled."""

    DEFAULT_CSS = """
    ExportScreen .choices {
        height: auto;
    }
    ExportScreen RadioSet {
        width: 1fr;
    }
    """

    HELP_TITLE, HELP_ORDER = "Export (e)", 90
    # in the order of the buttons
    BINDINGS = [Binding("ctrl+s", "export", "Export", priority=True), Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_path: str, source: Source, records: Callable[[], list[dict]],
                 sources: Sequence[Source]) -> None:  # fmt: skip
        super().__init__()
        self.default_path, self.source = default_path, source
        self.records, self.sources = records, sources

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("Export annotations", classes="title")
            yield Input(self.default_path, id="path", suggester=PathSuggester())
            with Horizontal(classes="choices"):
                with RadioSet(id="format"):
                    yield RadioButton("Markdown", value=True, id="md")
                    yield RadioButton("JSON, re-importable", id="json")
                with RadioSet(id="scope"):
                    yield RadioButton("All sources", value=True, id="all")
                    title = one_line(self.source.title or self.source.id)[:24]
                    yield RadioButton(Content(f"This source: {title}"), id="this")
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
        """Export, once the reader agrees to replace the file if there is one."""
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not str(path) or str(path) == ".":
            self.notify("Give a file to export to.", severity="error")
        elif path.is_dir():
            self.notify(f"{one_line(str(path))} is a folder: give a file name", severity="error", markup=False)
        elif path.exists():
            from reader.screens.confirm import ConfirmScreen

            question = ConfirmScreen(f"{one_line(str(path))} exists. Replace it?", yes="Replace", no="Keep it")
            self.app.push_screen(question, lambda replace: self._write(path) if replace else None)
        else:
            self._write(path)

    def _write(self, path: Path) -> None:
        """Write the export; a failed write is a toast, and the dialog stays."""
        fmt = self._choice("#format", "md")
        scope = [self.source.id] if self._choice("#scope", "all") == "this" else []
        tags = split_tags(self.query_one("#tags", Input).value)
        try:
            count, _ = export(self.records(), self.sources, fmt, path, source_ids=scope, tags=tags)
        except UserError as e:
            self.notify(str(e), title="Not exported", severity="error", timeout=8, markup=False)
            return
        self.notify(f"Exported {count} annotation{'s' * (count != 1)} to {one_line(str(path))}", timeout=6,
                    markup=False)  # fmt: skip
        self.dismiss(path)

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
