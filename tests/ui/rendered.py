"""What a Line-API widget (reading pane, tree, KWIC list, option lists) shows on screen, for
tests to assert on rendered output rather than on private fields."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from rich.style import Style
from textual.app import App
from textual.strip import Strip
from textual.widget import Widget


def rows(widget: Widget) -> list[Strip]:
    """The widget's visible rows, as drawn."""
    return [widget.render_line(y) for y in range(widget.size.height)]


def text(widget: Widget) -> str:
    """The widget's visible text, one line per row."""
    return "\n".join(strip.text for strip in rows(widget))


ATTRIBUTES = ("bgcolor", "color", "bold", "italic", "underline")


def _drawn_in(style: Style | None, want: Style) -> bool:
    """Whether ``style`` has everything ``want`` sets (colours, bold, italic, underline)."""
    wanted = [(name, getattr(want, name)) for name in ATTRIBUTES if getattr(want, name) is not None]
    return style is not None and bool(wanted) and all(getattr(style, name) == value for name, value in wanted)


def styled(widget: Widget, component: str) -> list[str]:
    """Runs of visible text drawn in ``component``'s style."""
    want = widget.get_component_rich_style(component, partial=True)
    runs: list[str] = []
    for strip in rows(widget):
        run = ""
        for segment in strip:
            if _drawn_in(segment.style, want):
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    return runs


def row_of(widget: Widget, needle: str) -> int:
    """The first visible row whose text holds ``needle``."""
    return next(y for y, strip in enumerate(rows(widget)) if needle in strip.text)


def screen_text(app: App) -> str:
    """The whole screen as the terminal shows it (from ``export_screenshot``), one line per row."""
    svg = app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, chunk in re.findall(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        lines.setdefault(float(y), []).append((float(x), html.unescape(chunk).replace("\xa0", " ")))
    return "\n".join("".join(chunk for _, chunk in sorted(row)) for _, row in sorted(lines.items()))


CHAR_WIDTH, LINE_HEIGHT, FIRST_BASELINE = 12.2, 24.4, 20  # of a cell, in export_screenshot's SVG


def screen_rows(app: App) -> list[str]:
    """The screen's rows as the terminal shows them, blank ones and spaces kept, so that columns
    can be compared (``screen_text`` leaves out blank rows and runs of bare background)."""
    out = [""] * app.size.height
    svg = app.export_screenshot()
    for x, y, chunk in re.findall(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        row, column = round((float(y) - FIRST_BASELINE) / LINE_HEIGHT), round(float(x) / CHAR_WIDTH)
        line = out[row]
        out[row] = line + " " * (column - cell_len(line)) + html.unescape(chunk).replace("\xa0", " ")
    return out


async def shown(pilot, words: str, frames: int = 20) -> str:
    """The whole screen once ``words`` are drawn on it (a dialog or toast is drawn a few frames
    after the key that brings it), or as it is after ``frames`` pauses."""
    for _ in range(frames):
        if words in (drawn := screen_text(pilot.app)):
            return drawn
        await pilot.pause()
    return screen_text(pilot.app)


async def drawn_within(pilot, words: str, seconds: float = 5.0) -> str:
    """The whole screen once ``words`` are drawn on it, for what the app shows after a timer of its
    own (polled every 50 ms, up to ``seconds``), or as it is then."""
    for _ in range(int(seconds / 0.05)):
        if words in (drawn := screen_text(pilot.app)):
            return drawn
        await pilot.pause(0.05)
    return screen_text(pilot.app)


def toasts(app: App) -> list[str]:
    """The notifications on screen (the app run with ``notifications=True``), each as its title and
    message lines, wrapped lines joined without their line breaks."""
    return ["".join(line.strip() for line in text(toast).splitlines()) for toast in app.screen.query("Toast")]


async def toast_with(pilot, words: str, frames: int = 20) -> str:
    """The notification holding ``words`` once it is drawn (a few frames after what brings it)."""
    for _ in range(frames):
        if found := [toast for toast in toasts(pilot.app) if words in toast]:
            return found[0]
        await pilot.pause()
    raise AssertionError(f"no notification says {words!r}: {toasts(pilot.app)}")
