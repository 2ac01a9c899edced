"""An option list that also moves with the reader's keys: j k, g G (first, last)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyedOptionList(OptionList):
    """``OptionList`` with j, k, g and G as in the reading pane; enter chooses, as before."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]
