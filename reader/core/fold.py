"""Folding for matching: NFKC, full/half width, Latin lower case, traditional to simplified
characters — one character at a time.

``fold(text)`` has the same length as ``text`` and character ``i`` of the result is the fold of
character ``i`` of the input, so an offset found in folded text is an offset in the original.
A character whose NFKC form (or lower case) is longer than one character is kept as it is
(``ﬁ`` stays ``ﬁ``); that loses a few matches, never an offset. Traditional characters fold to
simplified ones with OpenCC's character table (``data/t2s.txt``, one-to-one pairs only), so
``營商環境`` and ``营商环境`` match each other; words OpenCC converts as whole phrases are not
covered, being longer or shorter than their counterparts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import accumulate
from operator import add
from pathlib import Path


@cache
def _t2s() -> dict[str, str]:
    """Traditional character -> simplified, from the shipped table (read on first use)."""
    data = (Path(__file__).parent / "data" / "t2s.txt").read_text(encoding="utf-8")
    return {line[0]: line[1] for line in data.splitlines() if len(line) == 2 and not line.startswith("#")}


def _fold_char(c: str) -> str:
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        n = c
    low = n.lower()
    n = low if len(low) == 1 else n
    return _t2s().get(n, n)


class _Folds(dict[int, str]):
    """Code point -> its fold, computed on first sight: a ``str.translate`` table that every
    character is found in (a miss would cost ``translate`` an exception per character)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDS = _Folds()

#: Below this length a text is translated whole; above it, only its runs of ``_changing()``.
_SCAN_FROM = 1024


@cache
def _changing() -> re.Pattern[str]:
    """Runs of characters that a fold may change: every BMP one whose fold differs (about 1 % of
    Chinese text: full-width punctuation, capitals, traditional characters) and every astral one."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if _fold_char(chr(code)) != chr(code):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    spans = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{spans}\U00010000-\U0010ffff]+")  # one class: re checks it with a bitmap


def _fold_run(m: re.Match[str]) -> str:
    return m[0].translate(_FOLDS)


def fold(text: str) -> str:
    """``text`` folded for matching: ``通州：`` → ``通州:``, ``ＡＢＣ`` → ``abc``, ``環`` → ``环``; same length."""
    if text.isascii():
        return text.lower()
    if len(text) < _SCAN_FROM:
        return text.translate(_FOLDS)
    return _changing().sub(_fold_run, text)  # three times faster than translating every character


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of the non-overlapping occurrences of ``needle`` in ``haystack`` (found with
    ``str.split``, so thousands of occurrences cost no Python loop)."""
    if not needle:
        return []
    parts = haystack.split(needle)
    n = len(needle)
    return list(map(add, accumulate(map(len, parts[:-1])), range(0, n * (len(parts) - 1), n)))
