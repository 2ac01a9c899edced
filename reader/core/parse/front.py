"""The front block: the title, its kicker and subtitle, captions set apart, labels above headings."""

from __future__ import annotations

import statistics

from reader.core.model import BYLINE, CAPTION, COMMENT, LEAD, META, TOC
from reader.core.parse.furniture import DATE_LINE
from reader.core.parse.text import (
    COLON,
    KICKER,
    LONG,
    SENTENCE_INNER,
    SUBTITLE,
    Doc,
    Unit,
    ends_sentence,
    nchars,
    titleish,
)

# --- pass 4: context -------------------------------------------------------------------------


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
    return _title_block(content)


def _title_block(content: list[Unit]) -> Unit | None:
    """The document title: the first heading before any body text; kickers around it become leads.

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
        return None
    title = titles[0]
    if len(titles) > 1 and not title.marked and (titles[1].marked or nchars(title.title) <= KICKER):
        title = titles[1]
    before = True
    for u in heads:
        if u is title:
            before = False
        elif before or (u.style == "title" and not u.marked and nchars(u.title) <= KICKER):
            u.kind = LEAD
    return title

