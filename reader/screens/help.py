"""The help screen: every key, grouped by where it works, generated from the bindings: a
two-column table per group, each description wrapping in its own column."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Lists the keys of each group of bindings; any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 72;
        max-width: 95%;
        height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen .help-title {
        margin-top: 1;
        text-style: bold;
        color: $ink-accent;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, groups: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.from_markup("[b]ntreader — keys[/b]   [dim](escape closes)[/dim]"))
            for title, bindings in self.groups:
                yield Static(title, classes="help-title")
                yield Static(self._table(bindings), classes="help-table")

    def _table(self, bindings: list[Binding]) -> Table:
        """Keys on the left, what they do on the right (wrapping in its column)."""
        table = Table.grid(padding=(0, 2))
        table.add_column(width=16, no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for binding in bindings:
            keys = ", ".join(self.app.get_key_display(Binding(k, binding.action)) for k in binding.key.split(","))
            table.add_row(Text(keys, "bold"), Text(binding.tooltip or binding.description))
        return table

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)
