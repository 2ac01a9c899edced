"""Headings: the 目录 block, which units are headings (Markdown, bold, numbered, run-in,
地名:标题, short plain lines) and how deep each one nests. Change here how headings are found."""

from __future__ import annotations

import re

from reader.core.model import COMMENT, META, TOC
from reader.core.parse.stories import STORY
from reader.core.parse.text import (
    BOLD,
    DECORATION,
    FIELDS,
    FRAME,
    MAX_FIRST_TITLE,
    MAX_NUMBERED,
    MAX_RUN_IN,
    MAX_TITLE,
    MD,
    PLACE,
    RANK,
    RUN_IN_END,
    SENTENCE_INNER,
    SOFT_END,
    TOC_PAGE,
    TOC_WORDS,
    Unit,
    nchars,
    numbering,
    table_row,
    titleish,
    unbalanced,
    unbold,
)

# --- pass 3: table of contents and headings --------------------------------------------------


_TOC_HINT = re.compile("目|contents", re.I)  # in every TOC_WORDS label


def _toc_key(t: str) -> str:
    t = re.sub(r"\]\([^)]*\)", "", t)
    return re.sub(r"[\W_]+", "", TOC_PAGE.sub("", t).lower())


def tag_toc(units: list[Unit]) -> None:
    """A 目录 line and the entries after it, up to the first entry seen twice (the real heading)."""
    for i, u in enumerate(units):
        if u.kind or len(u.text) > 24 or not _TOC_HINT.search(u.text) or _toc_key(unbold(u.text)) not in TOC_WORDS:
            continue
        u.kind = TOC
        seen: set[str] = set()
        paged = 0
        for v in units[i + 1 :]:
            key = _toc_key(v.text)
            has_page = bool(TOC_PAGE.search(v.text))
            if v.kind in (COMMENT, META):
                continue
            if not key or key in seen or len(v.text) > 80 or (paged >= 2 and not has_page):
                break
            seen.add(key)
            paged += has_page
            v.kind = TOC
        _merge_toc(units, i)
        return


def _merge_toc(units: list[Unit], i: int) -> None:
    """The 目录 line at ``i`` and the entries right after it: one block, a line per entry."""
    j = i + 1
    while j < len(units) and units[j].kind == TOC:
        j += 1
    block = units[i:j]
    text = "\n".join(u.text for u in block)
    units[i:j] = [Unit(text, sum(u.lines for u in block), block[0].gap_before, block[-1].gap_after, kind=TOC)]


def detect_heading(u: Unit, first: bool) -> None:
    """Set the heading fields of ``u`` if it is a heading (own line or run-in)."""
    t = u.text
    if u.row or (table_row(unbold(t)) and not numbering(unbold(t))):
        return  # a table row, even in bold (a header row)
    if m := MD.match(t):
        title = unbold(m[2].strip())
        if title:
            _set_heading(u, f"md{len(m[1])}", title, marked=True)
        return
    if (m := BOLD.match(t)) and "**" not in m[1] and nchars(m[1]) <= MAX_NUMBERED:
        title = m[1].strip()
        num = numbering(title)
        _set_heading(u, num[0] if num else "title", title, marked=True)
        return
    if t.startswith("**") and (close := t.find("**", 2)) > 2:
        inner, rest = t[2:close].strip(), t[close + 2 :].strip()
        if rest and (num := numbering(inner)) and nchars(inner) <= MAX_NUMBERED:
            _set_heading(u, num[0], inner, marked=True, rest=rest)  # **（一）思想上入心入脑。**4月9日…
        return
    if num := numbering(t):
        _numbered(u, num[0], num[1])
        return
    limit = MAX_FIRST_TITLE if first else MAX_TITLE
    t = DECORATION.sub("", t)
    if (u.lines == 1 or (first and u.lines <= 3)) and (_place_title(t) or (not PLACE.match(t) and titleish(t, limit))):
        _set_heading(u, "title", u.text)  # a 地名:标题 line or a short plain line, not a field (时间：…)


def _set_heading(u: Unit, style: str, title: str, marked: bool = False, rest: str | None = None) -> None:
    u.style, u.title, u.marked, u.rest = style, title, marked, rest
    num = numbering(title)
    u.num = num[0] if num else None


def _numbered(u: Unit, style: str, start: int) -> None:
    """A numbered line: a heading on its own line if short, else maybe a run-in heading."""
    t = u.text
    text = t[start:]
    if not text:
        return
    if nchars(t) <= MAX_NUMBERED and not SENTENCE_INNER.search(text[:-1]) and text[-1] not in SOFT_END:
        _set_heading(u, style, t)
        return
    m = RUN_IN_END.search(text, 0, MAX_RUN_IN + 1)
    if m and m.start() >= 2 and not unbalanced(text[: m.end()]):
        rest = text[m.end() :].strip()
        if rest:
            _set_heading(u, style, t[: start + m.end()], rest=rest)


def untag_list_items(units: list[Unit]) -> None:
    """List items, not headings: numbered lines ending in ；, and runs of two or more numbered lines
    of one style ending in 。 or ； with nothing between them."""
    run: list[Unit] = []
    for u in [*units, None]:
        item = u is not None and u.own_line_heading and u.num and not u.marked and u.title.endswith(_ITEM_END)
        if item and u is not None and (not run or run[-1].num == u.num):
            run.append(u)
            continue
        if len(run) >= 2 or (run and run[0].title.endswith(("；", ";"))):
            for v in run:
                v.style = None
        run = [u] if item and u is not None else []


_ITEM_END = ("；", ";", "。")


def _place_title(t: str) -> bool:
    """地名:标题 — a short name, a colon and a short title (通州:提振精气神,聚力项目建设)."""
    m = PLACE.match(t)
    return bool(m and len(t) <= 40 and m[1] not in FIELDS and titleish(m[2], 30) and not m[2][0].isdigit())


# --- pass 5: levels, sections, metadata ------------------------------------------------------


def assign_levels(units: list[Unit], title: Unit | None) -> None:
    """Nest headings: markdown by #, numbering by convention (一、 above （一） above 1.), the rest by order.

    A frame section (前言, 结束语, 附录) is a sibling of the top numbered chapters.
    """
    base = 2 if title else 1
    stack: list[tuple[str, int]] = []
    styles = {u.style for u in units if u.heading and u is not title and u.style in RANK}
    has_md = any(s.startswith("md") for s in styles)
    top = min(styles, key=RANK.__getitem__, default="title")
    for u in units:
        if not u.heading or u is title:
            continue
        if u.style == STORY:
            u.level = 1  # a story on a page of stories: a sibling of the title, its own sections under it
            stack.clear()
        elif has_md and u.style == "title" and not u.marked:
            u.level = _level_beside_markdown(stack, base)
        elif u.style == "title" and u.title.replace(" ", "").strip("*#") in FRAME:
            u.level = _level(top, stack, base)
        else:
            u.level = _level(u.style or "", stack, base)
    if title:
        title.level = 1


def _level(style: str, stack: list[tuple[str, int]], base: int) -> int:
    for i, (s, level) in enumerate(stack):
        if s == style:
            del stack[i + 1 :]
            return level
    rank = RANK.get(style)
    if rank is not None:
        while stack and RANK.get(stack[-1][0], -1) > rank:
            stack.pop()
    level = stack[-1][1] + 1 if stack else base
    stack.append((style, level))
    return level


def _level_beside_markdown(stack: list[tuple[str, int]], base: int) -> int:
    """A plain heading in a Markdown text lost its markup: a sibling of the last Markdown heading."""
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0].startswith("md"):
            del stack[i + 1 :]
            return stack[i][1]
    return base
