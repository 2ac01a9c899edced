"""A small app holding one widget, styled as the reader is (its stylesheet and colours): how
Textual tests its own widgets, without the whole reader around them."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widget import Widget

import reader
from reader.widgets.colors import readable_variables


class WidgetApp(App[None]):
    CSS_PATH = Path(reader.__file__).parent / "app.tcss"

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def get_css_variables(self) -> dict[str, str]:
        return readable_variables(super().get_css_variables())

    def compose(self) -> ComposeResult:
        yield self.widget
