"""Sections from headed units, and what a reader wants to know beyond the text: dates, authors,
outlet, front matter, subtitle."""

from __future__ import annotations

import re

from reader.core.model import BODY, BYLINE, CAPTION, LEAD, MARKER, META, Paragraph, Section, SourceMeta
from reader.core.parse.dates import report_date
from reader.core.parse.furniture import NAME, ROLE, SPEAKER
from reader.core.parse.text import FRONT_KEY, HAN, SUBTITLE, Unit, find_dates

_DATE = re.compile(  # the lookahead lets the scan skip to a digit at C speed
    r"(?=[\d〇零一二三四五六七八九])(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
)
_OUTLET_PAPER = re.compile(rf"([{HAN}]{{2,8}}?(?:日报|晚报|早报|时报|商报|周刊|新闻网|广播电视台|电视台))")
_DATELINE = re.compile(rf"^([{HAN}]{{2,8}}?)讯|^(新华社|中新社)[{HAN}]{{0,6}}\d{{1,2}}月\d{{1,2}}日电")
_AUTHOR_IN_TEXT = re.compile(rf"[(（]\s*({ROLE}[^()（）]{{1,30}})[)）]")
_ROLE_WORDS = re.compile(rf"{ROLE}|作者|撰文|撰稿|^文\s*[/:：]")


def build_sections(units: list[Unit], source_title: str) -> tuple[Section, ...]:
    """Group units under their headings; paragraphs are numbered 1..N across the source."""
    sections: list[Section] = []
    current: dict | None = None
    paragraphs: list[Paragraph] = []
    n = 0
    for u in units:
        if u.heading:
            if current is not None:
                sections.append(Section(paragraphs=tuple(paragraphs), **current))
            current, paragraphs = {"title": u.title, "level": u.level, "run_in": u.rest is not None}, []
            if not u.rest:
                continue
        elif current is None:
            current = {"title": source_title, "level": 1, "synthetic": True}
        n += 1
        text = u.rest if u.heading and u.rest is not None else u.text
        paragraphs.append(Paragraph(n, BODY if u.heading else u.kind or BODY, text))
    if current is not None:
        sections.append(Section(paragraphs=tuple(paragraphs), **current))
    return tuple(sections) or (Section(source_title, 1, (), synthetic=True),)


def front_matter(units: list[Unit]) -> tuple[tuple[str, str], ...]:
    for u in units:
        if u.kind == META and u.text.startswith("---"):
            pairs = (FRONT_KEY.match(line.strip()) for line in u.text.split("\n")[1:-1])
            return tuple((m[1], m[2].strip().strip("\"'")) for m in pairs if m)
    return ()


def _authors(bylines: list[str], first_body: str) -> tuple[str, ...]:
    """Names in bylines (本报记者 陈可 见习记者 司占伟), speakers and a dateline credit (（记者 张三）)."""
    chunks = [*bylines, *(m[1] for m in _AUTHOR_IN_TEXT.finditer(first_body[:200]))]
    names: list[str] = []
    for chunk in chunks:
        if (m := SPEAKER.match(chunk)) and m[1] not in names:
            names.append(m[1])
        if not _ROLE_WORDS.search(chunk):
            continue
        for token in re.split(r"[\s、,，()（）:：/]+", _ROLE_WORDS.sub(" ", chunk)):
            if re.fullmatch(NAME, token) and token not in names:
                names.append(token)
    return tuple(names)


def _outlet(front: dict[str, str], furniture: list[str], first_body: str) -> str | None:
    """Front matter, else a paper named in the furniture, a dateline (交汇点讯), a paper in the lead, 本报."""
    for key in ("outlet", "source", "publisher", "来源", "媒体"):
        if front.get(key):
            return front[key]
    for text in furniture:
        if m := _OUTLET_PAPER.search(text):
            return m[1]
    dateline = _DATELINE.match(first_body)
    if dateline and (dateline[1] or dateline[2]) != "本报":
        return dateline[1] or dateline[2]
    if m := _OUTLET_PAPER.search(first_body[:80]):
        return m[1]
    if dateline or any(t.lstrip("(（").startswith("本报") for t in furniture):
        return "本报"
    return None


def source_meta(sections: tuple[Section, ...], front: tuple[tuple[str, str], ...], title: str) -> SourceMeta:
    paragraphs = [p for s in sections for p in s.paragraphs]
    bodies = [p.text for p in paragraphs if p.kind == BODY]
    first = next((i for i, s in enumerate(sections) if not s.synthetic), len(sections))
    first += first < len(sections) and sections[first].title.replace(" ", "") == title.replace(" ", "")  # the title's
    lead = [p for s in sections[: max(first, 1)] for p in s.paragraphs]  # up to the first chapter
    lead_text = "".join(p.text for p in lead if p.kind in (BODY, LEAD, META) and p.text[:3] != "---")
    lead_text = lead_text or "".join(bodies[:1])
    dates = list(dict.fromkeys(find_dates(_DATE, lead_text)))
    front_map = dict(front)
    if front_map.get("date"):
        dates.insert(0, front_map["date"])
    bylines = [p.text for p in paragraphs if p.kind in (BYLINE, META) and not p.text.startswith("---")]
    furniture = [p.text for p in paragraphs if p.kind in (BYLINE, MARKER, LEAD, CAPTION)]
    subtitle = next((p.text for p in paragraphs[:6] if p.kind in (LEAD, META) and SUBTITLE.match(p.text)), None)
    return SourceMeta(
        dates=tuple(dict.fromkeys(dates)),
        authors=_authors(bylines, bodies[0] if bodies else ""),
        outlet=_outlet(front_map, furniture, bodies[0] if bodies else ""),
        front_matter=front,
        subtitle=subtitle,
        date=report_date(front_map, paragraphs, len(lead), title),
    )
