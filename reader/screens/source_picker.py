"""A dialog listing the sources in date order; Enter gives back the id of the one chosen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.library import Outline
from reader.core.sanitize import one_line
from reader.core.trend import by_date, outline_date
from reader.screens.dialog import Dialog
from reader.widgets.lists import KeyedOptionList


class SourcePicker(Dialog[str | None]):
    """``title`` above the sources (``leave_out`` not listed), dated ones first, by date."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: Content, sources: list[Outline], leave_out: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.sources = [(s, d) for s, d in by_date(sources, outline_date) if s.id != leave_out]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield KeyedOptionList(
                *(Option(Content.assemble((f"{d or '—':<10}", "$ink-muted"), " ", one_line(s.title or s.id)))
                  for s, d in self.sources),
                id="picker-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.sources[event.option_index][0].id)
