"""How annotations show on a text: highlight spans, gutter marks, counts per section.

Plain functions over annotation records and a Source; the reading pane and the
tree only draw what these return.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate

from reader.core.anchors import BOOKMARK, COLORS, NOTE, ORPHANED
from reader.core.library import Outline
from reader.core.model import Source

BOOKMARK_MARK = "◆"
NOTE_MARK = "✎"

#: (start, end, component class) over a paragraph's own text.
Span = tuple[int, int, str]


def _is_placed(r: dict, source: Source) -> bool:
    """Whether ``r`` is a live record of ``source`` whose paragraph exists."""
    return (r["source_id"] == source.id and not r.get("deleted") and r["anchor_status"] != ORPHANED
            and 1 <= r["anchor"]["para"] <= len(source.paragraphs))


def _placed(records: Iterable[dict], source: Source) -> list[dict]:
    """Live records of ``source`` whose paragraph exists."""
    return [r for r in records if _is_placed(r, source)]


def span_of(record: dict, source: Source) -> tuple[int, int]:
    """The [start, end) a record covers in its paragraph (the whole paragraph when unset)."""
    anchor = record["anchor"]
    length = len(source.paragraph(anchor["para"]).text)
    start = anchor["start"] if anchor["start"] is not None else 0
    end = anchor["end"] if anchor["end"] is not None else length
    return max(0, min(start, length)), max(0, min(end, length))


def decorations(records: Iterable[dict], source: Source) -> tuple[dict[int, list[Span]], dict[int, str]]:
    """Highlight spans per paragraph, and one gutter mark per paragraph (a note wins over a bookmark)."""
    spans: dict[int, list[Span]] = {}
    marks: dict[int, str] = {}
    for r in _placed(records, source):
        para = r["anchor"]["para"]
        if r["kind"] == BOOKMARK:
            marks.setdefault(para, BOOKMARK_MARK)
            continue
        start, end = span_of(r, source)
        spans.setdefault(para, []).append((start, end, f"reading--hl-{r['color'] or next(iter(COLORS))}"))
        if r["kind"] == NOTE:
            spans[para].append((start, end, "reading--note"))
            marks[para] = NOTE_MARK
    return spans, marks


Counts = dict[tuple[str, int | None], int]


def counts(records: Iterable[dict], outlines: Iterable[Outline]) -> Counts:
    """Highlights and notes per (source id, None) and per (source id, section index): one pass
    over the records, from outlines (no full parse), whatever the number of sources."""
    by_id = {o.id: o for o in outlines}
    starts: dict[str, list[int]] = {}  # first paragraph (0-based) of each section, per source reached
    out: Counter[tuple[str, int | None]] = Counter()
    for r in records:
        outline = by_id.get(r["source_id"])
        para = r["anchor"]["para"]
        if (outline is None or r["kind"] == BOOKMARK or r.get("deleted") or r["anchor_status"] == ORPHANED
                or not 1 <= para <= outline.paragraphs):
            continue
        if (first := starts.get(outline.id)) is None:
            first = starts[outline.id] = list(accumulate((n for _, _, n in outline.sections[:-1]), initial=0))
        out[(outline.id, None)] += 1
        out[(outline.id, bisect_right(first, para - 1) - 1)] += 1
    return dict(out)


def update_counts(current: Counts, records: Iterable[dict], outline: Outline) -> Counts:
    """Recount one source (its ``records``) into ``current``, in place; the keys whose count
    changed, with their new count (0: gone), so a view redraws only those."""
    fresh = counts(records, [outline])
    changed = {}
    for key in [k for k in current if k[0] == outline.id] + list(fresh):
        new = fresh.get(key, 0)
        if current.get(key, 0) != new:
            changed[key] = new
        if new:
            current[key] = new
        else:
            current.pop(key, None)
    return changed


def covering(records: Iterable[dict], source: Source, para: int, span: tuple[int, int] | None = None) -> dict | None:
    """The newest highlight or note on ``para`` that covers ``span`` exactly, or (without a span)
    any highlight or note on that paragraph."""
    found = [
        r for r in _placed(records, source)
        if r["kind"] != BOOKMARK and r["anchor"]["para"] == para and (span is None or span_of(r, source) == span)
    ]
    return max(found, key=lambda r: r["id"], default=None)


def next_color(color: str | None) -> str:
    """The colour after ``color`` in the cycle."""
    names = list(COLORS)
    return names[(names.index(color) + 1) % len(names)] if color in names else names[0]


def matches(record: dict, query: str, kind: str | None = None) -> bool:
    """Whether ``record`` passes a notes-panel filter: ``#tag`` words must be tags of it, other
    words must occur in its quote, note, label or tags; ``kind`` (if given) must be its kind."""
    if kind and record["kind"] != kind:
        return False
    haystack = " ".join([record["anchor"]["quote"]["exact"], record.get("note") or "", record.get("label") or "",
                         *record.get("tags", [])]).casefold()
    for word in query.split():
        if word.startswith("#") and len(word) > 1:
            if word[1:] not in record.get("tags", []):
                return False
        elif word.casefold() not in haystack:
            return False
    return True
