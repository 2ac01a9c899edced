"""Where a jump goes, and the way back: the jump list (a browser's back and forward, vim's
``ctrl+o``), "go to" input (``N``, ``N%``, an address) and the next place in reading order.

A place is anything ordered, usually ``(source_id, para)``; plain Python, tested directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

from reader.core.address import Address, parse_address
from reader.core.errors import UserError

P = TypeVar("P")
K = TypeVar("K", bound=tuple)

GOTO_HELP = "a paragraph number, N% of the source, or an address SOURCE:N[:START-END]"


class JumpList(Generic[P]):
    """Places left by jumps. ``push`` before a jump; ``back`` and ``forward`` walk the list and
    say where to go. A jump made after going back drops the places ahead, as a browser does."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self._places: list[P] = []
        self._pos = 0  # index of the place being visited; len(_places) when none is

    def __len__(self) -> int:
        return len(self._places)

    def push(self, here: P) -> None:
        """The reader jumps away from ``here``."""
        del self._places[self._pos:]
        if not self._places or self._places[-1] != here:
            self._places.append(here)
        del self._places[: max(len(self._places) - self.limit, 0)]
        self._pos = len(self._places)

    def back(self, here: P) -> P | None:
        """Where to go back to from ``here`` (None at the oldest place); ``here`` is kept, so that
        ``forward`` comes back to it."""
        if self._pos == len(self._places):
            if self._places and self._places[-1] == here:
                self._pos -= 1
            else:
                self._places.append(here)
        else:
            self._places[self._pos] = here
        return self._walk(-1, here)

    def forward(self, here: P) -> P | None:
        """Where to go forward to from ``here`` (None when no ``back`` came before)."""
        if self._pos >= len(self._places) - 1:
            return None
        self._places[self._pos] = here
        return self._walk(1, here)

    def _walk(self, step: int, here: P) -> P | None:
        """The next place ``step`` away that is not ``here``."""
        pos = self._pos + step
        while 0 <= pos < len(self._places) and self._places[pos] == here:
            pos += step
        if not 0 <= pos < len(self._places):
            return None
        self._pos = pos
        return self._places[pos]


def go_to(text: str, source_id: str, count: int) -> Address:
    """What the reader typed to go to: ``N`` (paragraph N, the last if there are fewer), ``N%``
    (that far through the ``count`` paragraphs of ``source_id``) or an address; UserError if none."""
    text = text.strip()
    if text.endswith("%") and text[:-1].strip().isdigit() and len(text) < 10:
        percent = int(text[:-1])
        if percent > 100:
            raise UserError(f"{percent}% is past the end: give 0 to 100%")
        return Address(source_id, max(1, min(count, -(-percent * count // 100))))
    if text.isdigit() and len(text) < 10:
        if int(text) < 1:
            raise UserError("paragraphs are numbered from 1")
        return Address(source_id, min(int(text), max(count, 1)))
    if ":" in text:
        return parse_address(text)
    raise UserError(f"expected {GOTO_HELP}")


def following(keys: Sequence[K], here: K, step: int) -> int | None:
    """The index in sorted ``keys`` of the first key after ``here`` (``step`` 1) or before it
    (-1), wrapping around at the ends; None when there are no keys."""
    if not keys:
        return None
    if step > 0:
        return bisect_right(keys, here) % len(keys)
    return (bisect_left(keys, here) - 1) % len(keys)
