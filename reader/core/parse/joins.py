"""Lines -> units: paragraph repair. Front matter and HTML comments are cut out whole; a line joins
the unit before it when the break is not a paragraph break (a bold heading over two lines, a short
caption over two lines, hard-wrapped text, a paragraph cut mid-sentence by a page break or by a
``<!--more-->`` mark, which is dropped; a bold fragment ending in a comma, a numbered heading cut
after a few characters). A table row typed as text stays a line of its own. A subject line
(某某大学院长某某) joins the paragraph it is the subject of (指出，…)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.core.model import COMMENT, META
from reader.core.parse.furniture import furniture_kind, may_close, structural
from reader.core.parse.text import (
    BOLD,
    DATE_ONLY,
    DATELINE,
    FRONT_KEY,
    LONG,
    MAX_FURNITURE,
    MAX_NUMBERED,
    MAX_RUN_IN,
    MD,
    OPENERS,
    RUN_IN_END,
    SHORT,
    SOFT_END,
    Doc,
    Unit,
    nchars,
    numbering,
    pair_balance,
    titleish,
    unbold,
)

_MORE = "more"  # a <!--more--> mark: dropped, the paragraph it cut is joined again
_MORE_MARK = re.compile(r"<!--\s*more\s*-->", re.I)
_CUT_HEAD_MAX = 12  # a longer numbered heading with no comma inside is a whole title
_CUT_AFTER = frozenset("用以把将对向从在为与和及的是于让使给被")  # a heading cut after these was cut mid-phrase
_SPEECH = re.compile(r"^(?:指出|认为|表示|强调|说|介绍|建议|提出|谈到|坦言|直言|分析|呼吁|称)[，,：:]")


def doc_facts(lines: list[str], indents: list[bool], widths: list[int]) -> Doc:
    filled = [i for i, line in enumerate(lines) if line]
    followed_by_blank = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1])
    indented = sum(indents[i] for i in filled)
    return Doc(
        blank_separated=followed_by_blank >= 0.5 * max(1, len(filled) - 1),
        wrap=_wrap_width([widths[i] for i in filled if nchars(lines[i]) >= 10]),
        indented=0.1 * len(filled) <= indented <= 0.9 * len(filled),
    )


def _wrap_width(widths: list[int]) -> int | None:
    """The wrap column of hard-wrapped text: most lines end within a few columns of it."""
    widths = sorted(widths)
    if len(widths) < 8:
        return None
    wrap = widths[int(0.95 * (len(widths) - 1))]
    near = sum(1 for w in widths if wrap - slack(wrap) <= w <= wrap)
    return wrap if wrap >= 30 and near >= 0.5 * len(widths) else None


def slack(wrap: int) -> int:
    """How much shorter than the wrap column a wrapped line may be: a line cut by characters is
    narrower by its half-width digits and letters, one cut by columns by a wide character that
    did not fit."""
    return max(4, wrap // 8)


@dataclass(slots=True, eq=False)
class _Draft:
    """A unit being assembled line by line; running facts keep joining linear in the text size."""

    parts: list[str]
    width: int  # display width of the last line, indent included
    gap_before: int
    kind: str | None = None
    row: bool = False
    lines: int = 1
    chars: int = 0
    bolds: int = 0
    _balance: list[int] = field(default_factory=lambda: [0] * 6)
    _balanced_upto: int = 0
    _fixed: bool | None = None

    def __post_init__(self) -> None:
        self.chars, self.bolds = nchars(self.parts[0]), self.parts[0].count("**")

    def add(self, sep: str, text: str, width: int) -> None:
        self.parts += [sep, text]
        self.lines += 1
        self.width = width
        self.chars += nchars(text)
        self.bolds += text.count("**")
        if self.chars <= MAX_FURNITURE:
            self._fixed = None

    @property
    def tail(self) -> str:
        return "".join(self.parts[-3:])[-80:]

    @property
    def fixed(self) -> bool:
        """A Markdown heading, a bold line or furniture: never continued."""
        if self._fixed is None:
            t = "".join(self.parts) if self.chars <= MAX_FURNITURE else self.parts[0]
            self._fixed = bool(self.kind or MD.match(t) or BOLD.match(t) or furniture_kind(t))
        return self._fixed

    @property
    def unbalanced(self) -> bool:
        """A quote or bracket is still open."""
        for part in self.parts[self._balanced_upto :]:
            self._balance = [x + y for x, y in zip(self._balance, pair_balance(part), strict=False)]
        self._balanced_upto = len(self.parts)
        return max(self._balance) > 0

    def unit(self, gap_after: int) -> Unit:
        return Unit("".join(self.parts), self.lines, self.gap_before, gap_after, kind=self.kind, row=self.row)


def _join_sep(a: _Draft, b: str, b_indented: bool, doc: Doc, gap: int) -> str | None:
    """The separator to join line ``b`` to unit ``a`` (``gap`` blank lines between them), or None
    if ``b`` starts a new unit."""
    adjacent = gap == 0
    if a.lines == 1 and DATELINE.fullmatch(a.parts[0]) and not structural(b):
        return " "  # a dateline on a line of its own leads into the first paragraph
    if a.parts[0].startswith("**") and a.bolds % 2:
        return " " if adjacent and a.lines < 3 else None  # a bold heading over two lines
    t = a.tail
    closed = may_close(t)
    wrapped = adjacent and doc.wrap and a.width >= doc.wrap - slack(doc.wrap)
    if a.lines == 1 and BOLD.match(a.parts[0]) and unbold(a.parts[0])[-1] in SOFT_END and not structural(b):
        return ""  # a bold fragment continued after a comma (**会议强调，**要以…)
    if (closed and not (wrapped and doc.indented and not b_indented)) or a.fixed or structural(b):
        return None
    glue = " " if t[-1].isascii() and t[-1].isalnum() and b[0].isascii() and b[0].isalnum() else ""
    if wrapped:
        return glue  # a hard-wrapped line
    if t.endswith("——") and a.chars <= SHORT:
        return None  # a kicker (长假第三天——) over the title
    strong = t[-1] in SOFT_END or a.unbalanced or (t[-1] in _CUT_AFTER and not numbering(a.parts[0]))
    if (adjacent and doc.indented and b_indented) or (b[0] in OPENERS and not strong):
        return None
    if strong:
        return glue
    if a.chars <= MAX_NUMBERED and (num := numbering(a.parts[0])):
        return glue if a.lines == 1 and _cut_heading(t, num[1], b, gap) else None
    if a.chars >= LONG and not titleish(b):
        return glue  # a paragraph cut mid-sentence (page break)
    if adjacent and doc.blank_separated and a.chars <= SHORT and nchars(b) <= SHORT and not DATE_ONLY.match(b):
        return " "  # a short caption or heading over two lines
    return None


def _cut_heading(t: str, start: int, b: str, gap: int) -> bool:
    """A numbered heading cut mid-phrase (after 用, or by a page break: more blank lines than usual)
    whose end, up to its full stop, is at the start of ``b``."""
    end = RUN_IN_END.search(b, 0, MAX_RUN_IN + 1)
    if nchars(t) - start > _CUT_HEAD_MAX and not any(c in "，、；：" for c in t[start:]):
        return False  # a whole title (…总体要求和政策取向), not a run-in sentence cut mid-phrase
    if not end or titleish(b) or nchars(t) - start + end.end() > MAX_RUN_IN + 10:
        return False
    return t[-1] in _CUT_AFTER or gap >= 2 or end.end() <= 5  # …提质 / 增效。: no paragraph opens so


def _blocks(lines: list[str]):
    """Yield (kind, text, i) per line (i: its index), a blank line as (None, "", i),
    front matter and comments whole."""
    start = 0
    if lines and lines[0] == "---":
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i] in ("---", "...")), 0)
        if end and any(FRONT_KEY.match(line) for line in lines[1:end]):
            yield META, "\n".join(lines[: end + 1]), 0
            start = end + 1
    lines = list(lines)
    i = start
    while i < len(lines):
        line = lines[i]
        k = line.find("<!--")
        if k < 0:
            yield None, line, i
            i += 1
            continue
        if k > 0:  # text, then a comment on the same line
            yield None, line[:k].rstrip(), i
            lines[i] = line[k:]
            continue
        j = i
        while j < len(lines) and "-->" not in lines[j][4 if j == i else 0 :]:
            j += 1
        if j == len(lines):
            yield COMMENT, "\n".join(lines[i:]), i
            return
        cut = lines[j].index("-->", 4 if j == i else 0) + 3
        comment = "\n".join([*lines[i:j], lines[j][:cut]])
        yield (_MORE, "", i) if _MORE_MARK.fullmatch(comment) else (COMMENT, comment, i)
        tail = lines[j][cut:].strip()
        if tail:
            lines[j] = tail
            i = j
        else:
            i = j + 1


def to_units(lines: list[str], indents: list[bool], widths: list[int], rows: list[bool], doc: Doc) -> list[Unit]:
    """The units of ``lines``; a table row (``rows``) is a unit of its own."""
    drafts: list[_Draft] = []
    gaps: list[int] = []
    gap = 0
    more = False
    row = False  # the last line was a table row
    for kind, text, i in _blocks(lines):
        if kind == _MORE:
            more = True
            continue
        if kind is None and not text:
            gap += bool(drafts)
            continue
        joinable = drafts and kind is None and not row and not rows[i]
        sep = _join_sep(drafts[-1], text, indents[i], doc, gap) if joinable else None
        row = kind is None and rows[i]
        if more and sep is None and joinable and not may_close(drafts[-1].tail) and not structural(text):
            sep = ""
        more = False
        if sep is not None:
            drafts[-1].add(sep, text, widths[i])
        else:
            gaps.append(gap)
            drafts.append(_Draft([text], widths[i], gap, kind, row))
        gap = 0
    return _join_subjects([d.unit(after) for d, after in zip(drafts, [*gaps[1:], 0], strict=False)])


def _join_subjects(units: list[Unit]) -> list[Unit]:
    """A short line with no full stop, then a paragraph opening on a speech verb (指出，…): one paragraph."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if prev and not prev.kind and not u.kind and _SPEECH.match(u.text) and _subject(prev.text):
            out[-1] = Unit(unbold(prev.text) + u.text, prev.lines + u.lines, prev.gap_before, u.gap_after)
        else:
            out.append(u)
    return out


def _subject(t: str) -> bool:
    t = unbold(t)
    return 2 <= nchars(t) <= 40 and "**" not in t and not may_close(t) and t[-1] not in SOFT_END and not numbering(t)
