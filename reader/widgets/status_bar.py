"""The status bar: source · section on the left, ¶ n/N · % on the right, never cut, and before
it, while background work runs, how far it has got."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget

from reader.widgets.cells import clip


class StatusBar(Widget):
    """One line describing where the reader is. Repaints without a layout pass (it is on every key).
    When narrow, the source and section titles are cut (with …), never the position."""

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
        self._where: tuple[str, str] = ("", "")
        self._place = ""
        self._work = ""
        self._said = ""
        self._said_timer: Timer | None = None

    @property
    def content(self) -> Content:
        """Everything the bar says, uncut."""
        return self._fit(None)

    def render(self) -> Content:
        return self._fit(self.content_size.width)

    def _fit(self, width: int | None) -> Content:
        """The bar in ``width`` cells (None: as long as it needs)."""
        source, section = self._where
        news = "  ".join(x for x in (self._said, self._work) if x)
        work = f"{news}  " if news else ""
        place = Content.assemble((work, "$ink-muted"), (self._place, "bold $ink-accent"))
        room = 10_000 if width is None else width - cell_len(place.plain) - 2
        if room < 4:
            return place
        title = source if not section else f"{source} · {section}"
        if cell_len(title) > room:
            title = clip(title, room).rstrip()
        gap = " " * max((width or 0) - cell_len(title) - cell_len(place.plain), 2)
        return Content.assemble((title[: len(source)], "bold"), title[len(source) :], gap, place)

    def show_place(self, source: str, section: str, para: int, total: int, percent: int) -> None:
        self.show(source, section, f"¶ {para}/{total} · {percent}%")

    def show(self, title: str, section: str, place: str) -> None:
        """``title · section`` on the left (cut first), ``place`` on the right."""
        self._where, self._place = (title, section), place
        self.refresh()

    def say(self, text: str, seconds: float = 2.0) -> None:
        """A passing word (``Bookmarked ¶3``) before the position for ``seconds``: cheaper and
        quieter than a toast for what the gutter already shows."""
        if self._said_timer is not None:
            self._said_timer.stop()
        self._said = text
        self._said_timer = self.set_timer(seconds, self.say_nothing)
        self.refresh()

    def say_nothing(self) -> None:
        self._said = ""
        self.refresh()

    def show_work(self, text: str) -> None:
        """What background work is doing (one line, e.g. ``counting words 120/10,000``), or ''."""
        self._work = text
        self.refresh()
