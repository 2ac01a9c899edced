"""The title and its front block; captions set apart, labels above headings.

The title is the first heading before any body text: a kicker above it (长假第三天——) is a lead, a
title over two or three lines is one title, a first line running title, subtitle, date and speaker
together is cut at ``——``. The front block — the lines between the title and the first chapter
(subtitle ——在…上的报告, a date, an adoption note （…会议通过）, the speaker or issuer, a decree header
and its promulgation, 各位代表：) — is the title's ``meta``: never a section, never the parent of the chapters.
"""

from __future__ import annotations

import re
import statistics

from reader.core.model import BYLINE, CAPTION, COMMENT, LEAD, META, TOC
from reader.core.parse.furniture import DATE_LINE, SPEAKER_LINE, names
from reader.core.parse.text import (
    COLON,
    DATE,
    DATE_ONLY,
    DATE_RE,
    DATELINE,
    FRAME,
    HAN,
    KICKER,
    LONG,
    MAX_FIRST_TITLE,
    SALUTATION,
    SENTENCE_INNER,
    SUBTITLE,
    Doc,
    Unit,
    ends_sentence,
    nchars,
    titleish,
    width,
)

_SITE_SEPARATOR = re.compile(r"\s*(?:->|»|>|\||｜)\s*|\s+[-–—_]\s+|_")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_WHEN = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[上下]午|晚上?|凌晨)?$")
_CLAUSE = re.compile(r"[^，,；;]+[，,；;]?")
_OCCASION = re.compile(r"在.{2,40}(?:会议|大会|会)上|报告|讲话")
_TRAIL_DATE = re.compile(rf"\s*[(（]\s*{DATE}\s*[)）]$")
_ISSUER = re.compile(rf"^[{HAN} ]{{2,30}}(?:办公室|办公厅|人民政府|委员会|局|厅|部|署|院|中心|研究室|新闻办)$")
_JURISDICTION = re.compile(rf"^[{HAN}]{{2,12}}(?:国|省|自治区|市|县|区|州|盟|旗|镇|乡)$")
_BARE_NAME = re.compile(rf"^[{HAN}](?: ?[{HAN}]){{1,2}}$")  # the speaker's name alone, 2-3 characters
_OCCASION_LINE = re.compile(r"^在.{2,60}上(?:的(?:讲话|报告|工作报告|发言|致辞|说明))?$")  # 在…会议上的讲话
_ADOPTED = re.compile(rf"^[(（]\s*{DATE}[^()（）]{{0,80}}(?:通过|批准|修正|修订|发布|公布)[)）]$")  # （…会议通过）
_NOTE = re.compile(rf"^[(（][{HAN}]{{1,6}}[)）]$")  # （摘要）, （草案）
_ORDER_NO = r"第\s*[\d一二三四五六七八九十百零〇]{1,4}\s*号"
_LEAD_SPAN = 400  # a title is found in the lead's first clauses
_DECREE_LINES = 8  # a decree's header, number, promulgation, signature and date, and the title under them
_DECREE = re.compile(rf"^[{HAN}]{{2,20}}令(?:\s*{_ORDER_NO})?$|^{_ORDER_NO}$")  # …人民政府令 第12号


def apply_context(units: list[Unit], doc: Doc) -> Unit | None:
    """Captions set apart, labels and subtitles around headings, the title block. Returns the title."""
    content = [u for u in units if u.kind not in (COMMENT, META, TOC)]
    marked_doc = any(u.marked for u in content if u.heading)
    gaps = [u.gap_before for u in content[1:]]
    doc.typical_gap = int(statistics.median(gaps)) if gaps else 1
    for u in content:
        plain = u.own_line_heading and u.style == "title" and not u.marked
        short = plain or (not u.style and not u.kind and titleish(u.text))
        if short and marked_doc and max(u.gap_before, u.gap_after) > doc.typical_gap:
            u.kind = CAPTION  # a short line set apart by extra blank lines in a marked-up text
    for prev, u in zip(content, content[1:], strict=False):
        if u.own_line_heading and u.style == "title" and not u.marked and prev.text[-1] in COLON and not prev.style:
            u.style = None  # the value of a field (发布机构： / 区文旅局), not a heading
    for before, u, nxt in zip([None, *content], content, [*content[1:], None], strict=False):
        if u.kind:
            continue
        if u.own_line_heading and u.style == "title" and not u.marked and nxt and nxt.own_line_heading and nxt.marked:
            u.kind = LEAD  # a kicker above a marked-up heading
        elif not u.style and nchars(u.text) <= LONG and u.text[-1] in COLON and not SENTENCE_INNER.search(u.text):
            if nxt and nxt.own_line_heading:
                u.kind = LEAD  # a label above a heading (如东县委书记陈慧宇：)
        elif not u.style and SUBTITLE.match(u.text) and nchars(u.text) <= 50 and not ends_sentence(u.text):
            if before and (before.own_line_heading or before.kind == LEAD):
                u.kind = LEAD  # a subtitle below a heading (——…综述)
        elif u.own_line_heading and u.style == "title" and nxt and nxt.kind == BYLINE and DATE_LINE.match(nxt.text):
            u.kind = BYLINE  # a signature: the issuer above the date at the end of a notice
    title, parts = _title_block(content)
    if title:
        if parts:
            _join_title(units, title, parts)
            content = [u for u in content if u not in parts]
        title = _after_decree(content, title)
        _tag_front_block(content[content.index(title) + 1 :])
    return title


def _titled(u: Unit) -> bool:
    """A heading that may be a title: plain, bold or Markdown, not numbered."""
    return u.own_line_heading and not u.num and (u.style == "title" or (u.style or "").startswith("md"))


def _title_lines(content: list[Unit], title: Unit) -> list[Unit]:
    """The lines of a title typeset over two or three lines (blank lines between them) after its first.

    A line as short as a column name (两会观察) continues the title only if the front block follows it."""
    parts: list[Unit] = []
    chars = nchars(title.title)
    after = content[content.index(title) + 1 :]
    for u, nxt in zip(after, [*after[1:], None], strict=False):
        ok = u.own_line_heading and u.style == "title" and u.marked == title.marked and not u.num
        if not ok or len(parts) == 2 or _frame(u) or _front_line(u.text) or chars + nchars(u.title) > MAX_FIRST_TITLE:
            break
        if nchars(u.title) <= KICKER and not (nxt and _front_line(nxt.text)):
            break
        if nxt and _issuer_start(u, nxt):
            break
        parts.append(u)
        chars += nchars(u.title)
    return parts


def _join_title(units: list[Unit], title: Unit, parts: list[Unit]) -> None:
    """Make ``title`` and the units ``parts`` that continue it one unit."""
    for u in parts:
        title.text += " " + u.text
        title.title += " " + u.title
        title.lines += u.lines
        title.gap_after = u.gap_after
    drop = {id(u) for u in parts}
    units[:] = [u for u in units if id(u) not in drop]


def _after_decree(content: list[Unit], title: Unit) -> Unit:
    """A decree header (…令 第N号) over the regulation it promulgates: the header, the promulgation,
    the signature and date are front block, the regulation's title is the title."""
    if not _DECREE.search(title.title):
        return title
    i = content.index(title)
    block = content[i : i + _DECREE_LINES]
    found = next((u for u in block if u is not title and _titled(u) and not _front_line(u.text)), None)
    if found is None:
        return title
    for u in content[i : content.index(found)]:
        u.kind = META
    return found


def _kicker(u: Unit, nxt: Unit, content: list[Unit]) -> bool:
    """Heading ``u`` is a kicker over title ``nxt``: short, ending in ——, or over a marked-up title."""
    adjacent = content.index(nxt) == content.index(u) + 1
    return nchars(u.title) <= KICKER or u.title.endswith(("——", "—")) or (nxt.marked and adjacent)


def _frame(u: Unit) -> bool:
    return u.title.replace(" ", "") in FRAME


def site_title(t: str, heading: str = "") -> str:
    """A page title without its site (某大学->标题 | news.site): the part that is the text's own
    title ``heading`` (spacing aside), else the longest part between separators."""
    parts = [p.strip() for p in _SITE_SEPARATOR.split(t)]
    own = heading.replace(" ", "")
    return next((p for p in parts if own and p.replace(" ", "") == own), max(parts, key=width))


def lead_title(units: list[Unit]) -> str:
    """A title for a text with no title line: its lead's first clauses (12 characters or more), after
    the dateline."""
    lead = next((u.text for u in units if not u.kind and not u.heading), "")[:_LEAD_SPAN]
    sentence = _SENTENCE.match(DATELINE.sub("", lead, count=1))
    if not sentence:
        return ""
    title = ""
    for clause in _CLAUSE.findall(sentence[0]):
        if not title and _WHEN.match(clause.rstrip("，,；; ")):
            continue  # 1月29日，…
        title += clause
        if nchars(title.rstrip("，,；;")) >= 12:
            break
    return title.rstrip("，,；;。！？!? ")


def split_title_line(units: list[Unit]) -> list[Unit]:
    """Cut a first line running title, subtitle, date and speaker together at its ``——``."""
    first = next((i for i, u in enumerate(units) if not u.kind), None)
    if first is None:
        return units
    u = units[first]
    cut = u.text.find("——")
    head, tail = u.text[:cut].strip(), u.text[cut:]
    start = tail[:200]
    if cut < 2 or not titleish(head, MAX_FIRST_TITLE) or not (DATE_RE.search(start) or _OCCASION.search(start)):
        return units
    parts = [Unit(head, gap_before=u.gap_before), Unit(tail, u.lines, gap_after=u.gap_after)]
    return [*units[:first], *parts, *units[first + 1 :]]


def _tag_front_block(after_title: list[Unit]) -> None:
    """The lines after the title up to the first chapter or body paragraph become its ``meta``."""
    decree = False
    for u, nxt in zip(after_title, [*after_title[1:], None], strict=False):
        if not u.kind and nxt and not nxt.kind and _issuer_start(u, nxt):
            u.kind = META
        elif u.kind in (LEAD, BYLINE) and _front_line(u.text):
            u.kind = META
        elif u.kind:
            continue
        elif decree and not u.heading:
            u.kind = META  # the promulgation under a decree header
        elif _front_line(u.text):
            decree = decree or bool(_DECREE.search(u.text))
            u.kind = META
        else:
            return


def _issuer_start(u: Unit, nxt: Unit) -> bool:
    """``u`` is the first line of an issuer over two lines (中华人民共和国 / 国务院新闻办公室)."""
    return bool(_JURISDICTION.match(u.text)) and bool(_ISSUER.match(f"{u.text}{nxt.text}"))


def _front_line(t: str) -> bool:
    """A line of the front block: subtitle, date, speaker, issuer, decree header, salutation."""
    t = _TRAIL_DATE.sub("", t) or t
    if SUBTITLE.match(t):
        return not ends_sentence(t) and nchars(t) <= 80
    return bool(
        DATE_ONLY.match(t)
        or SPEAKER_LINE.match(t)
        or names(t) == 1
        or (_BARE_NAME.match(t) and t.replace(" ", "") not in FRAME)
        or _ISSUER.search(t)
        or _DECREE.search(t)
        or SALUTATION.match(t)
        or _OCCASION_LINE.match(t)
        or _NOTE.match(t)
        or _ADOPTED.match(t)
    )


def _title_block(content: list[Unit]) -> tuple[Unit | None, list[Unit]]:
    """The document title, the further lines of a title over several, and kickers around it made leads.

    The title is the first heading before any body text.

    A numbered heading is never the title; a Markdown heading is one only if no other heading has
    its level (``## A … ## B`` are sections of an untitled text).
    """
    heads: list[Unit] = []
    for u in content:
        if u.own_line_heading:
            heads.append(u)
        elif not u.kind:
            break
    md_levels = [u.style for u in content if u.heading and (u.style or "").startswith("md")]
    titles = [u for u in heads if not u.num and (u.style == "title" or md_levels.count(u.style) == 1)]
    if not titles or titles[0] is not heads[0]:
        return None, []
    title = titles[0]
    if len(titles) > 1 and not title.marked and not _frame(titles[1]) and _kicker(title, titles[1], content):
        title = titles[1]
    parts = _title_lines(content, title)
    before = True
    for u in heads:
        if u is title:
            before = False
        elif u in parts:
            continue
        elif before or (u.style == "title" and not u.marked and nchars(u.title) <= KICKER and not _frame(u)):
            u.kind = LEAD
    return title, parts
