"""The frame every dialog shares: centred, a rounded accent border on the surface colour, and a
footer of the dialog's own keys (never those of the screen below, which would not work here).

Each widget and screen keeps its CSS in its own ``DEFAULT_CSS``; app.tcss holds only the main
screen's layout and the reading pane's component styles.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from reader.widgets.keys_footer import KeysFooter

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal whose content sits in a container of class ``dialog``, with its keys in a footer."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog .dialog {
        width: 84;
        max-width: 96%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    Dialog .dialog.small {
        width: 50;
    }
    Dialog .dialog .title {
        text-style: bold;
        color: $ink-accent;
        width: 100%;
    }
    Dialog .dialog .quote {
        color: $ink-muted;
        text-style: italic;
        max-height: 4;
        margin-bottom: 1;
    }
    Dialog .dialog .buttons {
        height: auto;
        align-horizontal: right;
    }
    Dialog .dialog .buttons Button {
        margin-left: 1;
    }
    """

    def on_mount(self) -> None:
        self.mount(KeysFooter())
