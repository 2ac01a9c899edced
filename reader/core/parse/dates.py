"""The report's own date, ISO 8601 (``2024-03-05``, ``2019-10`` or ``2019`` when that is all that is
known), from, in this order: front matter, a date line of the front block or the furniture
(（2019年10月）, a signature date), a date in the subtitle or the front block (——2021年1月8日在…),
a dateline with a year (新华社北京2024年3月5日电), a page header above the title, the title's year
(2022年度…), else the latest full date in the text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.model import BODY, BYLINE, LEAD, MARKER, META, Paragraph
from reader.core.parse.text import DATE_ONLY, DATE_RE, DATELINE, find_dates

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_PARTS = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})(?:\s*[月\-/.]\s*(\d{1,2}))?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def _cn_number(s: str) -> str:
    """十二 -> 12, 二十六 -> 26: the month and day numerals of a date written in characters."""
    if "十" not in s:
        return "".join(_CN_DIGITS.get(c, c) for c in s)
    tens, _, ones = s.partition("十")
    return str(int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10 + int(_CN_DIGITS.get(ones, "0") if ones else "0"))


def iso(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601, or None (a date with no year is None)."""
    for m in DATE_RE.finditer(text):
        s = re.sub(r"[〇零一二三四五六七八九十]+", lambda n: _cn_number(n[0]), m[0])
        if not (p := _PARTS.search(s)):
            continue
        year, month, day = int(p[1]), int(p[2]), int(p[3]) if p[3] else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return None


def report_date(front: dict[str, str], paragraphs: list[Paragraph], first: int, title: str) -> str | None:
    """The report's date; ``paragraphs[:first]`` are those before the first chapter."""
    for key in ("date", "日期", "pubdate", "publishdate", "publish_date", "published", "created", "发布时间", "时间"):
        if found := iso(front.get(key, "")):
            return found
    furniture = [p for p in paragraphs if p.kind in (META, BYLINE, LEAD)]
    candidates = (
        [p.text for p in furniture if DATE_ONLY.match(p.text)]
        + [p.text for p in paragraphs[:first] if p.kind in (META, LEAD)]
        + [m[0] for p in paragraphs[:first] if p.kind == BODY and (m := DATELINE.match(p.text))]
        + [p.text for p in furniture if p.kind == BYLINE]
        + [p.text for p in paragraphs[:first] if p.kind == MARKER]  # a page header
    )
    for text in candidates:
        if found := iso(text):
            return found
    if year := _YEAR.search(title):
        return year[1]
    return _latest(p.text for p in paragraphs if p.kind == BODY)


def _latest(texts: Iterable[str]) -> str | None:
    """The latest full date (year, month, day) in the text: a report is written after what it reports."""
    joined = "\0".join(texts)  # one scan, not one per paragraph; no date pattern spans a NUL
    days = [d for m in find_dates(DATE_RE, joined) if (d := iso(m)) and len(d) == 10]
    return max(days, default=None)
