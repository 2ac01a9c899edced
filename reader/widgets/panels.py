"""Bottom panels and the switcher that shows one of them at a time under the reading pane.

The panel protocol, for a new panel (compare, figures, trend…):

- Subclass ``Panel`` in a module of its own under ``reader/widgets/``. Set ``TITLE``; compose what
  it shows; keep its own state (query, sort, method, cursor…) on the widget.
- What it needs from the screen it reads through ``self.reader`` (the ``Reader`` protocol: the
  library, the source and section being read). It never reaches into the screen's widgets.
- It talks by messages: ``Panel.Jump`` to show an address in the reading pane, ``Panel.Closed``
  when the user closes it (``escape`` by default). Anything else is a message of its own.
- ``follow(source_id, section)`` is called when the reader moves while the panel is shown;
  ``opened()`` each time it is shown (put the focus on its list there).
- Add one line to ``PanelSwitcher.compose`` and one binding (``switcher.toggle(id)``) on the screen.

The switcher remembers what had the focus when a panel opened and gives it back when it closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from reader.core.library import Library
from reader.core.model import Source

if TYPE_CHECKING:
    from reader.core.search import Index
    from reader.screens.watching import WatchList
    from reader.widgets.kwic import KwicPanel


class Reader(Protocol):
    """What a panel may ask of the screen it is on."""

    library: Library
    index: Index | None  # None until built
    watch_list: WatchList | None

    @property
    def kwic(self) -> KwicPanel: ...

    @property
    def source(self) -> Source | None: ...

    @property
    def section(self) -> int: ...


class Panel(Vertical):
    """A bottom panel: hidden until the switcher shows it; ``escape`` closes it."""

    TITLE: ClassVar[str] = ""

    DEFAULT_CSS = """
    Panel {
        height: 100%;
        background: $surface;
    }
    Panel OptionList, Panel OptionList:focus {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    Panel > .panel-header {
        height: auto;
        max-height: 2;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
    }
    """

    BINDINGS = [Binding("escape", "close", "Close panel", show=False)]

    @dataclass
    class Jump(Message):
        """Show ``para`` of ``source_id`` (``offset``: the character to bring into view; ``top``:
        the paragraph at the top, its heading above it; ``focus``: then read there; ``path``: the
        file to open first if ``source_id`` is not in the library)."""

        source_id: str
        para: int
        offset: int | None = None
        top: bool = False
        focus: bool = False
        path: str | None = None

    @dataclass
    class Closed(Message):
        """The user closed ``panel``."""

        panel: Panel

    @property
    def reader(self) -> Reader:
        return cast(Reader, self.screen)

    def opened(self) -> None:
        """The panel has just been shown."""
        self.focus()

    def follow(self, source_id: str, section: int) -> None:
        """The reader moved to ``section`` of ``source_id`` while the panel is shown."""

    def action_close(self) -> None:
        self.post_message(self.Closed(self))


class PanelSwitcher(ContentSwitcher):
    """The bottom panels, one shown at a time (none: the switcher takes no room)."""

    DEFAULT_CSS = """
    PanelSwitcher {
        height: 40%;
        min-height: 6;
        display: none;
        border-top: hkey $accent;
        background: $surface;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._return_focus: Widget | None = None

    def compose(self) -> ComposeResult:
        from reader.widgets.figures_panel import FiguresPanel
        from reader.widgets.keywords_panel import KeywordsPanel
        from reader.widgets.kwic import KwicPanel
        from reader.widgets.notes_panel import NotesPanel
        from reader.widgets.trend_panel import TrendPanel

        yield KwicPanel(id="kwic")
        yield KeywordsPanel(id="keywords")
        yield NotesPanel(id="notes")
        yield FiguresPanel(id="figures")
        yield TrendPanel(id="trend")

    @property
    def shown(self) -> Panel | None:
        """The panel on show, if any."""
        if self.current is None:
            return None
        return self.get_child_by_id(self.current, Panel)

    def show(self, panel_id: str, *, return_focus: Widget | None = None) -> Panel:
        """Show the panel ``panel_id`` (hiding any other) and give it the focus; closing it gives
        the focus back to ``return_focus`` (by default: what has it now)."""
        if self.shown is None:
            self._return_focus = return_focus or self.screen.focused
        self.current = panel_id
        self.display = True
        panel = self.get_child_by_id(panel_id, Panel)
        panel.opened()
        return panel

    def toggle(self, panel_id: str) -> None:
        """Show ``panel_id``, or close it if it is the one on show."""
        shown = self.shown
        if shown is not None and shown.id == panel_id:
            self.close()
        else:
            self.show(panel_id)

    def close(self) -> None:
        """Hide the panel on show; the focus goes back where it was before it opened."""
        self.current = None
        self.display = False
        focus, self._return_focus = self._return_focus, None
        if focus is not None and focus.is_attached and focus.focusable:
            focus.focus()
        else:
            self.screen.focus_next()

    def on_panel_closed(self, event: Panel.Closed) -> None:
        if self.shown is event.panel:
            self.close()
