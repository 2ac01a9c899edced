"""Several stories on one page: each story's title at the top level, its sections under it.

A page is one of stories when its title opens a story: a reporters' byline or a print or wire
dateline (本报讯, 新华社北京3月5日电) or a jump mark ((上接A1版): a story continued from another page)
follows it, captions and marks aside. Every later short title
that opens a story the same way is then a story title, a sibling of the page's title, and a kicker
right above it (产业强县——) its overline. A broadcast (本台消息) is one programme: its items stay
under its title.
"""

from __future__ import annotations

import re

from reader.core.model import BYLINE, CAPTION, COMMENT, LEAD, MARKER
from reader.core.parse.furniture import reporters
from reader.core.parse.text import DATELINE, KICKER, Unit, nchars, titleish

STORY = "story"  # the heading style of a story title
_ASIDE = frozenset({CAPTION, LEAD, MARKER, COMMENT})  # between a story's title and its opening
_LOOK_AHEAD = 3  # at most this many captions and marks between a title and its story's opening
_BROADCAST = re.compile(r"[台网]消息")
_CONTINUED = re.compile(r"^[(（]\s*(?:上接|接上|接第|续[上前]|接[A-Z]?\d)")


def _opener(u: Unit) -> bool:
    """A reporters' byline, or a paragraph opening on a print or wire dateline."""
    if u.kind == BYLINE:
        return reporters(u.text)
    m = None if u.kind or u.style else DATELINE.match(u.text)
    return m is not None and not _BROADCAST.search(m[0])


def _opens_story(units: list[Unit], i: int) -> bool:
    for u in units[i + 1 : i + 1 + _LOOK_AHEAD]:
        if u.kind == MARKER and _CONTINUED.match(u.text):
            return True
        if u.kind not in _ASIDE:
            return _opener(u)
    return False


def _candidate(u: Unit) -> bool:
    """A short plain title on its own, or a short unit of up to three lines (a title over two lines)."""
    if u.kind:
        return False
    if u.style:
        return u.own_line_heading and u.style == "title" and not u.num
    return u.lines <= 3 and titleish(u.text)


def tag_stories(units: list[Unit], title: Unit | None) -> None:
    """Mark the story titles of a page of stories (style ``story``) and their kickers (leads)."""
    if title is None or not _opens_story(units, units.index(title)):
        return
    start = units.index(title) + 1
    for i in range(start, len(units)):
        u = units[i]
        if not _candidate(u) or not _opens_story(units, i):
            continue
        u.style, u.title, u.rest, u.num = STORY, u.title or u.text, None, None
        kicker = units[i - 1] if i > start else None
        if kicker and kicker.own_line_heading and (kicker.title.endswith("——") or nchars(kicker.title) <= KICKER):
            kicker.kind = LEAD
