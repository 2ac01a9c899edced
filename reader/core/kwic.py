"""KWIC lines: a hit's context cut to exactly so many terminal cells, aligned on the match.

Widths are rich's (``get_character_cell_size``), looked up for a whole text at once through a
``str.translate`` table of every code point; a text holding a zero-width character (combining
marks, graphemes) is measured by rich as a whole. Control characters become spaces. A zero-width
joiner with nothing before it to join (a context cut just after one) is dropped with the zero-width
characters around it: rich would count the character after it as zero cells, or fail to cut it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size, load_cell_table, set_cell_size

if TYPE_CHECKING:
    from reader.core.search import Hit

__all__ = ["cells", "fit", "kwic_line", "kwic_lines", "kwic_parts"]

_CONTROL = {c: " " for c in (*range(32), 127)}


@cache
def _widths() -> str:
    """A ``str.translate`` table: character ``i`` is the width in cells of code point ``i``
    (``"\\x00"`` to ``"\\x02"``), as ``get_character_cell_size`` gives it."""
    table = bytearray(b"\x01" * 0x110000)
    for start, end, width in load_cell_table("auto").widths:
        table[start : end + 1] = bytes((width,)) * (end + 1 - start)
    table[1:0x20], table[0x7F:0xA0] = bytes(0x1F), bytes(0x21)
    table[0] = get_character_cell_size("\x00")
    return table.decode("latin-1")


def _orphan_joiner(text: str, widths: str) -> str:
    """``text`` (whose ``widths`` hold a zero-width character) without the leading run of
    zero-width characters if that run holds a zero-width joiner."""
    run = len(widths) - len(widths.lstrip("\x00"))
    return text[run:] if "\u200d" in text[:run] else text


def _cut(text: str, width: int) -> str:
    """``set_cell_size(text, width)`` for ``text`` without control characters. Every character
    before the first zero-width one takes a cell at least, so only the first ``width`` need
    measuring."""
    head = text[:width]
    if head.isascii():
        return head + " " * (width - len(head))
    widths = head.translate(_widths())
    if "\x00" in widths:
        return fit(text, width)
    if "\x01" not in widths:  # all wide, as Chinese text often is
        head = head[: width // 2]
        return head + " " * (width - 2 * len(head))
    cells = len(widths) + widths.count("\x02")
    if cells <= width:
        return head + " " * (width - cells)
    # The longest start that fits: its first width // 2 characters do (none takes more than two
    # cells), then one character more at a time, as many times as there are narrow ones.
    n = width // 2
    used = n + widths.count("\x02", 0, n)
    while used + (step := 1 + (widths[n] == "\x02")) <= width:
        used += step
        n += 1
    return head[:n] + " " * (width - used)


def cells(text: str) -> int:
    """``cell_len(text)``: the width of ``text`` in cells."""
    widths = text.translate(_widths())
    if "\x00" in widths:
        return cell_len(_orphan_joiner(text, widths))
    return len(widths) + widths.count("\x02")


def fit(text: str, width: int) -> str:
    """``set_cell_size(text, width)``: ``text`` cut or padded to ``width`` cells."""
    widths = text.translate(_widths())
    return set_cell_size(_orphan_joiner(text, widths), width) if "\x00" in widths else _cut(text, width)


def _fit(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` cut to exactly ``width`` cells, keeping its end (padded left) or its start."""
    if not text.isprintable():
        text = text.translate(_CONTROL)
    return _cut(text[::-1], width)[::-1] if keep_end else _cut(text, width)


def kwic_parts(hit: Hit, width: int, match_width: int = 0) -> tuple[str, str, str]:
    """Left context, match, right context of a KWIC line of exactly ``width`` (≥ 2) cells, with
    one space either side of the match. ``match_width`` reserves at least that many cells for the
    match so lines with matches of different lengths still align."""
    mw = min(max(cell_len(hit.match), match_width), max(width - 2, 0))
    side = max(width - mw - 2, 0)
    left = _fit(hit.left, side // 2, keep_end=True)
    right = _fit(hit.right, side - side // 2)
    return left, _fit(hit.match, mw), right


def kwic_line(hit: Hit, width: int, match_width: int = 0) -> str:
    """A KWIC line: ``left match right`` aligned on the match, ``width`` display cells."""
    left, match, right = kwic_parts(hit, width, match_width)
    return f"{left} {match} {right}"


def kwic_lines(hits: Iterable[Hit], width: int, match_width: int) -> Iterator[str]:
    """``kwic_line(hit, width, match_width)`` of each of ``hits``, where ``match_width`` is at
    least as wide as every match (so every line has the same columns)."""
    mw = min(match_width, max(width - 2, 0))
    side = max(width - mw - 2, 0)
    left_w, right_w = side // 2, side - side // 2
    matches: dict[str, str] = {}
    for hit in hits:
        left, match, right = hit.left, hit.match, hit.right
        if not left.isprintable():
            left = left.translate(_CONTROL)
        if not right.isprintable():
            right = right.translate(_CONTROL)
        cut = matches.get(match)
        if cut is None:
            cut = matches[match] = _fit(match, mw)
        yield f"{_cut(left[::-1], left_w)[::-1]} {cut} {_cut(right, right_w)}"
