"""The status bar: source · section · ¶ n/N · %."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class StatusBar(Widget):
    """One line describing where the reader is. Repaints without a layout pass (it is on every key)."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $ink;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")

    def render(self) -> Content:
        return self.content

    def show_place(self, source: str, section: str, para: int, total: int, percent: int) -> None:
        where = (section, " · ") if section else ()
        place = (f"¶ {para}/{total}", "$ink-accent")
        self.content = Content.assemble((source, "bold"), " · ", *where, place, f" · {percent}%")
        self.refresh()
