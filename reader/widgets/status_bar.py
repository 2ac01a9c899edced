"""The status bar: source · section · ¶ n/N · %."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusBar(Static):
    """One line describing where the reader is."""

    def show_place(self, source: str, section: str, para: int, total: int, percent: int, extra: str = "") -> None:
        parts = [(source, "bold"), " · ", *((section, " · ") if section else ()), (f"¶ {para}/{total}", "$accent"), f" · {percent}%"]
        if extra:
            parts += ["  ", (extra, "$text-muted")]
        self.update(Content.assemble(*parts))
