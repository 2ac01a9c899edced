"""The text search and keyword strips read: a source's titles and paragraphs as one string.

Below both ``search`` and ``keywords`` (and the catalog), so neither imports the other.
"""

from __future__ import annotations

from array import array

from reader.core.fold import find_all, fold
from reader.core.model import HIDDEN, Source


def searchable(source: Source) -> tuple[str, array]:
    """Titles and paragraphs joined by newlines (synthetic titles and hidden paragraphs empty),
    and its blocks: three ``array("I")`` concatenated, one item per title or paragraph each —
    where it starts in the text, its section index, its paragraph number (0 for a title)."""
    starts, sections, paras = array("I"), array("I"), array("I")
    texts, start = [], 0
    for i, sec in enumerate(source.sections):
        for n, text in ((0, "" if sec.synthetic else sec.title),
                        *((p.n, "" if p.kind in HIDDEN else p.text) for p in sec.paragraphs)):
            starts.append(start)
            sections.append(i)
            paras.append(n)
            texts.append(text)
            start += len(text) + 1
    return "\n".join(texts), starts + sections + paras


def utf8_starts(text: str, starts: array) -> array:
    """Where the characters at ``starts`` (ascending) are in ``text`` encoded as UTF-8."""
    found, at, last = array("I"), 0, 0
    for start in starts:
        at += len(text[last:start].encode("utf-8", "surrogatepass"))
        found.append(at)
        last = start
    return found


def joined_text(source: Source) -> str:
    """The folded text the index searches: titles and paragraphs joined by newlines."""
    return fold(searchable(source)[0])


def spread(text: str, term: str, bins: int) -> list[int]:
    """Occurrences of ``term`` (already folded) in each of ``bins`` equal stretches of ``text``."""
    counts = [0] * bins
    for pos in find_all(text, term):
        counts[pos * bins // len(text)] += 1
    return counts
