"""Watch-word dialogs: add one (word and colour), and list them with their dispersion (remove one).

Colours are stored by id (``WATCH_COLORS`` in ``reader.widgets.colors``); the reading pane styles
them as its ``reading--watch-N`` classes, and the screen hands those styles to the dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.widgets.cells import clip
from reader.widgets.colors import WATCH_COLORS
from reader.widgets.keys_footer import KeysFooter
from reader.widgets.lists import KeyedOptionList

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: {width};
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .dialog-hint {{
    color: $ink-muted;
    margin-top: 1;
}}
{name} OptionList, {name} OptionList:focus {{
    height: auto;
    max-height: 12;
    border: none;
    padding: 0;
    background: $surface;
}}
"""


class AddWatchword(ModalScreen[tuple[str, str] | None]):
    """Type (or keep the prefilled) word, pick a colour with ↑↓, Enter adds; → ``(word, color)``."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddWatchword", width=48)

    BINDINGS = [
        Binding("up", "color(-1)", "Previous colour", show=False),
        Binding("down", "color(1)", "Next colour", show=False),
        Binding("escape", "dismiss(None)", "Cancel", show=False),
    ]

    def __init__(self, styles: dict[str, Style], word: str = "", color: str = "watch-0") -> None:
        super().__init__()
        self._styles = styles
        self._word = word
        self._color = color

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Watch a word or phrase", classes="dialog-title")
            yield Input(value=self._word, placeholder="word or phrase", id="watch-word")
            colors = OptionList(*self._color_options(self._word), id="watch-colors")
            colors.can_focus = False
            yield colors
            yield Static("↑↓ colour · Enter add · Esc cancel", classes="dialog-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = WATCH_COLORS.index(self._color)

    def _color_options(self, word: str) -> list[Option]:
        sample = word.strip() or "example 示例"
        return [
            Option(Text.assemble(f"{i} ", (f"■ {sample}", self._styles[cid])), id=cid)
            for i, cid in enumerate(WATCH_COLORS, 1)
        ]

    def action_color(self, step: int) -> None:
        colors = self.query_one(OptionList)
        colors.highlighted = ((colors.highlighted or 0) + step) % len(WATCH_COLORS)

    def on_input_changed(self, event: Input.Changed) -> None:
        colors = self.query_one(OptionList)
        for i, option in enumerate(self._color_options(event.value)):
            colors.replace_option_prompt_at_index(i, option.prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        word = event.value.strip()
        if not word:
            self.notify("Type a word or phrase to watch", severity="warning")
            return
        self.dismiss((word, WATCH_COLORS[self.query_one(OptionList).highlighted or 0]))


@dataclass(frozen=True)
class WatchStats:
    """What the list dialog shows of a watch-word: its total, a strip across the sources, and
    per source holding it (label, count, strip of where in that source)."""

    word: str
    color: str
    total: int
    across: str
    sources: tuple[tuple[str, int, str], ...]


class WatchwordsDialog(ModalScreen[list[str]]):
    """The watch-words with counts and dispersion; ``d`` removes the highlighted one.
    Dismissed with the words removed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="WatchwordsDialog", width=80) + """
    WatchwordsDialog #watch-detail {
        margin-top: 1;
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding("d,delete", "remove", "Remove"),
        Binding("u", "undo", "Undo remove"),
        Binding("escape,enter,W", "close", "Close"),
    ]

    def __init__(self, stats: list[WatchStats], styles: dict[str, Style]) -> None:
        super().__init__()
        self.stats = list(stats)
        self._styles = styles
        self.removed: list[str] = []
        self._undo: list[tuple[int, WatchStats]] = []  # (where it was, what was removed)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Watch-words · times found in all sources · spread across them (in corpus order)",
                         classes="dialog-title")
            yield KeyedOptionList(*self._options(), id="watch-list")
            with VerticalScroll(id="watch-detail"):
                yield Static(id="watch-sources")
            yield Static("↑↓ choose · d remove · u undo · w (in the reader) adds · Esc close", classes="dialog-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_detail(0)

    def _options(self) -> list[Option]:
        if not self.stats:
            return [Option(Text("No watch-words yet: press w in the reader to add one.", "dim"), disabled=True)]
        width = max(cell_len(s.word) for s in self.stats)
        return [
            Option(Text.assemble((f"■ {set_cell_size(s.word, width)}", self._styles[s.color]),
                                 f" {s.total:>5}  ", (s.across, self._styles[s.color])))
            for s in self.stats
        ]  # fmt: skip

    def _show_detail(self, index: int | None) -> None:
        detail = self.query_one("#watch-sources", Static)
        if index is None or index >= len(self.stats):
            detail.update("")
            return
        stat = self.stats[index]
        lines = [Text.assemble(("In each source ", "bold"), (f"(where “{stat.word}” occurs, start → end)", "dim"))]
        lines += [
            Text.assemble(clip(label, 24), f" {count:>4}  ", (strip, self._styles[stat.color]))
            for label, count, strip in stat.sources
        ] or [Text("  not found in any source", "dim")]
        detail.update(Text("\n").join(lines))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index >= len(self.stats):
            return
        stat = self.stats.pop(index)
        self.removed.append(stat.word)
        self._undo.append((index, stat))
        self._relist(min(index, len(self.stats) - 1) if self.stats else None)

    def action_undo(self) -> None:
        """Bring back the watch-word removed last (until the dialog closes)."""
        if not self._undo:
            return
        index, stat = self._undo.pop()
        self.stats.insert(index, stat)
        self.removed.remove(stat.word)
        self._relist(index)

    def _relist(self, highlighted: int | None) -> None:
        options = self.query_one(OptionList)
        options.set_options(self._options())
        options.highlighted = highlighted
        self._show_detail(highlighted)

    def action_close(self) -> None:
        self.dismiss(self.removed)
