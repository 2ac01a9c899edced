"""Addresses: ``SOURCE_ID:N`` is paragraph N of a source, ``SOURCE_ID:N:START-END``
a span inside it.

N counts from 1; START and END are character offsets into the paragraph's text, counted from 0
with END excluded (a Python slice: ``text[START:END]``). Source ids contain no colon. Numbers have
at most ``MAX_DIGITS`` digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.errors import UserError

_ADDRESS = re.compile(r"(?P<id>[^:]+):(?P<para>\d+)(?::(?P<start>\d+)-(?P<end>\d+))?")
MAX_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Address:
    """A paragraph (``start``/``end`` None) or a span ``[start, end)`` inside it."""

    source_id: str
    para: int
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        return format_address(self.source_id, self.para, self.start, self.end)


def format_address(source_id: str, para: int, start: int | None = None, end: int | None = None) -> str:
    """``SOURCE_ID:N``, or ``SOURCE_ID:N:START-END`` when a span is given."""
    if start is None or end is None:
        return f"{source_id}:{para}"
    return f"{source_id}:{para}:{start}-{end}"


def parse_address(text: str) -> Address:
    """Parse an address; UserError (one line, saying what is expected) if it is malformed."""
    m = _ADDRESS.fullmatch(text.strip())
    if not m:
        raise UserError(f"bad address {_shown(text)}: expected SOURCE_ID:N or SOURCE_ID:N:START-END")
    if any(len(n) > MAX_DIGITS for n in m.group("para", "start", "end") if n):
        raise UserError(f"bad address {_shown(text)}: numbers have at most {MAX_DIGITS} digits")
    para = int(m["para"])
    if para < 1:
        raise UserError(f"bad address {_shown(text)}: paragraphs are numbered from 1")
    if m["start"] is None:
        return Address(m["id"], para)
    start, end = int(m["start"]), int(m["end"])
    if start >= end:
        raise UserError(f"bad address {_shown(text)}: the span START-END must have START < END")
    return Address(m["id"], para, start, end)


def _shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message, its middle cut if it is long."""
    return repr(text if len(text) <= limit else f"{text[: limit - 20]}…{text[-19:]}")
