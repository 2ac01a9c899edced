"""A term across time: its count and rate in each source, sources in date order.

Counts are plain counts of the (folded) term in the folded text the search index sees, so they
equal ``joined_text(source).count(fold(term))``; a term of ideographs only is counted in the
unfolded text when nothing in it folds to an ideograph (the same count, without folding).

A source's date comes from the report (a ``date`` the parser found, its front matter, a full date
among the dates in its text) or else a year in its title; undated sources come last, in their
library order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from reader.core.fold import fold
from reader.core.model import HIDDEN, Source

_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _iso(text: str) -> str | None:
    if m := _FULL_DATE.search(text):
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := _YEAR_MONTH.search(text):
        return f"{m[1]}-{int(m[2]):02d}"
    if m := _YEAR.search(text):
        return m[1]
    return None


def source_date(source: Source) -> str | None:
    """An ISO date (``2023-03-05``, ``2023-03`` or ``2023``) for ``source``, or None."""
    meta = source.meta
    explicit = getattr(source, "date", None) or getattr(meta, "date", None)
    if explicit is None and isinstance(meta, dict):
        explicit = meta.get("date")
    if explicit is None:
        explicit = dict(getattr(meta, "front_matter", ()) or ()).get("date")
    candidates = [str(explicit)] if explicit else []
    candidates += [d for d in getattr(meta, "dates", ()) or () if _FULL_DATE.search(d)]
    candidates.append(source.title)
    for text in candidates:
        if found := _iso(text):
            return found
    return None


def by_date(sources: Iterable[Source]) -> list[tuple[Source, str | None]]:
    """``(source, date)`` in date order, undated ones last in their given order."""
    dated = [(s, source_date(s)) for s in sources]
    return sorted(dated, key=lambda sd: (sd[1] is None, sd[1] or ""))


@dataclass(frozen=True, slots=True)
class Point:
    """One term in one source: its count and count per 10,000 characters."""

    term: str
    source: str
    title: str
    date: str | None
    count: int
    per_10k: float

    def as_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k not in ("term", "title")}


#: Characters that fold to a CJK ideograph (Kangxi and supplementary radicals, compatibility
#: ideographs): a text without them can be counted unfolded for an all-ideograph term.
_FOLDS_TO_IDEOGRAPH = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_IDEOGRAPHS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")


def _text(source: Source) -> str:
    """Titles and shown paragraphs joined by newlines, unfolded (``joined_text`` before ``fold``)."""
    blocks = []
    for sec in source.sections:
        blocks.append("" if sec.synthetic else sec.title)
        blocks.extend("" if p.kind in HIDDEN else p.text for p in sec.paragraphs)
    return "\n".join(blocks)


def trend(terms: Sequence[str], sources: Iterable[Source]) -> dict[str, list[Point]]:
    """Per term, one ``Point`` per source in date order."""
    keys = {term: fold(term).strip() for term in terms}
    plain = all(_IDEOGRAPHS.fullmatch(k) for k in keys.values())
    out: dict[str, list[Point]] = {term: [] for term in terms}
    for s, d in by_date(sources):
        text = _text(s)
        if not plain or _FOLDS_TO_IDEOGRAPH.search(text):
            text = fold(text)
        for term, key in keys.items():
            count = text.count(key) if key else 0
            out[term].append(Point(term, s.id, s.title, d, count, round(count * 10_000 / max(1, len(text)), 3)))
    return out


def previous_of(source: Source, candidates: Iterable[Source]) -> Source | None:
    """The latest of ``candidates`` dated before ``source`` whose title reads the same once years
    and digits are taken out (the previous report of the same kind); else the latest one before."""
    date = source_date(source)
    if date is None:
        return None
    kind = _kind(source.title)
    earlier = [(d, s) for s, d in by_date(c for c in candidates if c.id != source.id) if d is not None and d < date]
    same = [(d, s) for d, s in earlier if _kind(s.title) == kind]
    pick = same or earlier
    return pick[-1][1] if pick else None


def _kind(title: str) -> str:
    return re.sub(r"[\d〇零一二三四五六七八九十]+年?|\s", "", fold(title))
