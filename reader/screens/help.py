"""The help screen: every key, grouped by where it works, generated from the bindings."""

from __future__ import annotations

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
    HelpScreen .help-group {
        margin-top: 1;
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
                yield Static(self._table(title, bindings), classes="help-group")

    def _table(self, title: str, bindings: list[Binding]) -> Content:
        lines = [Content.styled(title, "bold $ink-accent")]
        for binding in bindings:
            keys = ", ".join(self.app.get_key_display(Binding(k, binding.action)) for k in binding.key.split(","))
            lines.append(Content.assemble((f"  {keys:<22}", "bold"), binding.tooltip or binding.description))
        return Content("\n").join(lines)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)
