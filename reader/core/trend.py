"""A term across time: its count and rate in each source, sources in date order.

Counts are plain counts of the folded term in the folded text the search index sees, so they
equal ``joined_text(source).count(fold(term))``; ``count`` takes that text ready made (from the
corpus catalog, where it is kept), ``trend`` makes it from parsed sources.

A source's date comes from the report (a ``date`` the parser found, its front matter, a full date
among the dates in its text) or else a year in its title; undated sources come last, in their
library order. Sources and their outlines are ordered alike (``by_date``, ``previous_of``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from reader.core.fold import fold
from reader.core.model import Source
from reader.core.searchable import joined_text

if TYPE_CHECKING:
    from reader.core.library import Outline

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


def report_date(date: str | None, dates: Iterable[str], title: str) -> str | None:
    """An ISO date (``2023-03-05``, ``2023-03`` or ``2023``) from a report's own ``date``, else
    the first full date among the ``dates`` in its text, else a year in its ``title``; or None."""
    candidates = [date] if date else []
    candidates += [d for d in dates if _FULL_DATE.search(d)]
    candidates.append(title)
    for text in candidates:
        if found := _iso(text):
            return found
    return None


def source_date(source: Source) -> str | None:
    """``report_date`` of a parsed ``source``."""
    return report_date(source.date, source.meta.dates, source.title)


def outline_date(outline: Outline) -> str | None:
    """``report_date`` of a source known by its outline only (its own date or its title's year)."""
    return report_date(outline.date, (), outline.title)


class Report(Protocol):
    """A source or its outline: all that ordering by date needs."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...


R = TypeVar("R", bound=Report)


def by_date(items: Iterable[R], date_of: Callable[[R], str | None]) -> list[tuple[R, str | None]]:
    """``(item, date_of(item))`` in date order, undated ones last in their given order."""
    dated = [(s, date_of(s)) for s in items]
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


class Text(NamedTuple):
    """A source to count in: its id, title, date and folded searchable text (``joined_text``)."""

    id: str
    title: str
    date: str | None
    folded: str


def count(terms: Sequence[str], texts: Iterable[Text]) -> dict[str, list[Point]]:
    """Per term, one ``Point`` per text, in the order given."""
    keys = {term: fold(term).strip() for term in terms}
    out: dict[str, list[Point]] = {term: [] for term in terms}
    for t in texts:
        size = max(1, len(t.folded))
        for term, key in keys.items():
            n = t.folded.count(key) if key else 0
            out[term].append(Point(term, t.id, t.title, t.date, n, round(n * 10_000 / size, 3)))
    return out


def trend(terms: Sequence[str], sources: Iterable[Source]) -> dict[str, list[Point]]:
    """Per term, one ``Point`` per source in date order."""
    return count(terms, (Text(s.id, s.title, d, joined_text(s)) for s, d in by_date(sources, source_date)))


def previous_of(source: R, candidates: Iterable[R], date_of: Callable[[R], str | None]) -> R | None:
    """The latest of ``candidates`` dated before ``source`` whose title reads the same once years
    and digits are taken out (the previous report of the same kind); else the latest one before."""
    date = date_of(source)
    if date is None:
        return None
    kind = _kind(source.title)
    earlier = [(d, s) for s, d in by_date((c for c in candidates if c.id != source.id), date_of)
               if d is not None and d < date]
    same = [(d, s) for d, s in earlier if _kind(s.title) == kind]
    pick = same or earlier
    return pick[-1][1] if pick else None


def _kind(title: str) -> str:
    return re.sub(r"[\d〇零一二三四五六七八九十]+年?|\s", "", fold(title))
