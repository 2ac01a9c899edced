"""Where a query's terms occur in one source's folded text, as ``(start, end)`` in characters.

A source's text is its blocks (titles and paragraphs) joined by newlines; a term never holds a
newline, so each match lies in one block, and only the blocks that hold every included term and
no excluded one count. The text is searched either as a ``str`` (``str.split`` finds every
occurrence at C speed) or in place as UTF-8 bytes (a catalog's memory-mapped text): there only
the stretch from a hit's block start to the hit is decoded, to count its characters, so a
search never decodes a source whole.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import chain, compress, repeat
from mmap import mmap

from reader.core.fold import find_all

Spans = list[tuple[int, int]]


#: Bytes searched in place.
Buffer = bytes | bytearray | mmap


def _keep(found: list[list[int]], dropped: list[list[int]], starts: Sequence[int]) -> list[list[int]]:
    """Of each included term's offsets in ``found``, those in a block (``starts``: where each
    begins) holding every included term and none of the ``dropped`` offsets."""
    blocks = [list(map(bisect_right, repeat(starts), offsets)) for offsets in found]
    keep = set.intersection(*map(set, blocks))
    for offsets in dropped:
        keep.difference_update(map(bisect_right, repeat(starts), offsets))
    return [list(compress(offsets, map(keep.__contains__, b))) for offsets, b in zip(found, blocks, strict=True)]


def _with_ends(terms: Sequence[str], starts: list[list[int]]) -> Spans:
    spans = [list(zip(s, map(len(t).__add__, s), strict=True)) for t, s in zip(terms, starts, strict=True)]
    return spans[0] if len(spans) == 1 else sorted(chain.from_iterable(spans))


def text_spans(text: str, starts: Sequence[int], include: Sequence[str], exclude: Sequence[str]) -> Spans:
    """The spans of ``include``'s terms in ``text``, whose blocks begin at ``starts``."""
    found = [find_all(text, t) for t in include]
    if len(found) > 1 or exclude:
        found = _keep(found, [find_all(text, t) for t in exclude], starts)
    return _with_ends(include, found)


def _find_bytes(buf: Buffer, term: bytes, at: int, end: int) -> list[int]:
    """Offsets from ``at`` of the non-overlapping occurrences of ``term`` in ``buf[at:end]``."""
    found, find, step = [], buf.find, len(term)
    p = find(term, at, end)
    while p >= 0:
        found.append(p - at)
        p = find(term, p + step, end)
    return found


def _characters(buf: Buffer, at: int, offsets: list[int], byte_starts: Sequence[int],
                starts: Sequence[int]) -> list[int]:
    """The character offsets of the (ascending) byte ``offsets`` in the text at ``buf[at:]``,
    whose blocks begin at ``byte_starts`` (bytes) and ``starts`` (characters)."""
    found: list[int] = []
    block, byte, char = -1, 0, 0
    for offset in offsets:
        k = bisect_right(byte_starts, offset) - 1
        if k != block:
            block, byte, char = k, byte_starts[k], starts[k]
        char += len(buf[at + byte : at + offset].decode("utf-8", "surrogatepass"))
        byte = offset
        found.append(char)
    return found


def utf8_spans(buf: Buffer, at: int, size: int, byte_starts: Sequence[int], starts: Sequence[int],
               include: Sequence[str], exclude: Sequence[str]) -> Spans:
    """The spans of ``include``'s terms in the UTF-8 text ``buf[at : at + size]`` (encoded with
    ``surrogatepass``), whose blocks begin at ``byte_starts`` in it and ``starts`` in characters."""
    end = at + size
    terms = [t.encode("utf-8", "surrogatepass") for t in include]
    found = [_find_bytes(buf, t, at, end) for t in terms]
    if len(found) > 1 or exclude:
        dropped = [_find_bytes(buf, t.encode("utf-8", "surrogatepass"), at, end) for t in exclude]
        found = _keep(found, dropped, byte_starts)
    return _with_ends(include, [_characters(buf, at, offsets, byte_starts, starts) for offsets in found])
