"""A bottom panel that is a header, a line to type in (a filter or a term) and a list of rows,
each row carrying what Enter acts on. The figures and trend panels are such panels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.widgets.lists import KeyedOptionList
from reader.widgets.panels import Panel


class ListPanel(Panel):
    """A subclass binds ``/`` to ``type`` (typing a Chinese character in the list opens the line
    too); Enter on a row calls ``chosen`` with what the row carries (None: a heading)."""

    PLACEHOLDER = ""

    DEFAULT_CSS = """
    ListPanel OptionList { text-wrap: nowrap; text-overflow: ellipsis; }
    ListPanel Input, ListPanel Input:focus { display: none; height: 1; border: none; padding: 0 1; }
    ListPanel Input.-open { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.targets: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-header")
        yield Input(placeholder=self.PLACEHOLDER)
        yield KeyedOptionList()

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def line(self) -> Input:
        return self.query_one(Input)

    def opened(self) -> None:
        self.options.focus()

    def header(self, *parts: str | tuple[str, str]) -> None:
        self.query_one(".panel-header", Static).update(Content.assemble(*parts))

    def show_rows(self, rows: Iterable[tuple[Content, Any]]) -> None:
        """List ``rows``: (what it shows, what Enter acts on, or None for a heading)."""
        highlighted = self.options.highlighted
        rows = list(rows)
        self.targets = [target for _, target in rows]
        self.options.set_options(Option(shown, disabled=target is None) for shown, target in rows)
        first = next((i for i, t in enumerate(self.targets) if t is not None), None)
        if first is not None:
            keep = highlighted if highlighted is not None and highlighted < len(rows) else first
            self.options.highlighted = keep if self.targets[keep] is not None else first

    def action_type(self, text: str = "") -> None:
        """Open the line, focused, with ``text`` typed."""
        self.line.add_class("-open")
        if text:
            self.line.value += text
        self.line.focus()
        self.line.cursor_position = len(self.line.value)

    def on_key(self, event: events.Key) -> None:
        if event.character and not event.character.isascii() and event.character.isprintable():
            if self.options.has_focus:
                event.stop()
                self.action_type(event.character)
        elif event.key == "escape" and self.line.has_focus:
            event.stop()
            self.line.value = ""
            self.line.remove_class("-open")
            self.options.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.typed(event.value.strip(), final=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.typed(event.value.strip(), final=True)
        self.options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets[event.option_index]
        if target is not None:
            self.chosen(target)

    def typed(self, text: str, *, final: bool) -> None:
        """The line now reads ``text`` (``final``: Enter was pressed)."""

    def chosen(self, target: Any) -> None:
        """Enter on a row that carries ``target``."""
