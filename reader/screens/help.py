"""The help screen: every key, grouped by where it works, generated from the bindings: a
two-column table per group, each description wrapping in its own column."""

from __future__ import annotations

from textwrap import wrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.keys import key_label
from reader.widgets.cells import clip
from reader.widgets.keys_footer import KeysFooter

KEY_WIDTH = 18  # the key column (pgup, shift+space whole); the description column is what the box leaves
TEXT_WIDTH = 44


class HelpScreen(ModalScreen[None]):
    """Lists the keys of each group of bindings; any of escape, q or ? closes it; it scrolls as the
    reading pane does (j k, space b, g G), its own keys in its footer."""

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
        scrollbar-gutter: stable;
    }
    HelpScreen .help-title {
        margin-top: 1;
        text-style: bold;
        color: $ink-accent;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", "Down"),
        Binding("k,up", "scroll(-1)", "Up"),
        Binding("space,pagedown", "page(1)", "Page down"),
        Binding("b,pageup", "page(-1)", "Page up"),
        Binding("g,home", "scroll(-1_000_000)", "Top", show=False),
        Binding("G,end", "scroll(1_000_000)", "Bottom", show=False),
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
        yield KeysFooter()

    def _table(self, bindings: list[Binding]) -> Content:
        """Keys on the left, what they do on the right, wrapping in its own column."""
        lines = []
        for binding in bindings:
            keys = key_label(self.app, binding)
            text = wrap(binding.tooltip or binding.description, TEXT_WIDTH) or [""]
            lines.append(Content.assemble((clip(keys, KEY_WIDTH), "bold"), "  ", text[0]))
            lines += [Content(" " * (KEY_WIDTH + 2) + more) for more in text[1:]]
        return Content("\n").join(lines)

    @property
    def _box(self) -> VerticalScroll:
        return self.query_one("#help", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self._box.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        self.action_scroll(pages * max(self._box.scrollable_content_region.height - 1, 1))
