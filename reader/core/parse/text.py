"""Characters, limits, numbering styles and the unit every pass works on.

A *unit* is a candidate paragraph: one or more lines joined by ``joins``; later passes tag it as
furniture, table of contents, front block or heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# --- character classes and limits ------------------------------------------------------------

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_END = frozenset("。！？!?；;…")
SOFT_END = frozenset("，,、")
COLON = frozenset("：:")
CLOSERS = "”’」』）)】》〉\"'*"
OPENERS = frozenset("“‘「『（(【《〈")
_PAIR_CHARS = ("“", "”", "（(", "）)", "《", "》", "「", "」", "『", "』", "【", "】")  # opening, closing, …
_PAIR_RX = re.compile("[" + re.escape("".join(_PAIR_CHARS)) + "]")
_PAIR_STEP = {c: (k // 2, 1 - 2 * (k % 2)) for k, chars in enumerate(_PAIR_CHARS) for c in chars}  # kind, +1/-1
LONG = 40  # a unit this long that stops mid-sentence was cut (page break, wrap)
SHORT = 20  # two lines this short in one block belong together (a caption over two lines)
MAX_TITLE = 32  # longest plain line taken as a heading
MAX_FIRST_TITLE = 50  # ... or as the document title
MAX_NUMBERED = 60  # longest numbered line taken as a heading on its own line
MAX_RUN_IN = 30  # longest run-in title (（一）思想上入心入脑。)
MAX_FURNITURE = 60
KICKER = 5  # a plain line this short next to the title is a kicker (两会观察)

# --- patterns --------------------------------------------------------------------------------

MD = re.compile(r"^(#{1,6})(?:\s+|(?=[^\s#]))(.*?)(?:\s+#+)?$")
BOLD = re.compile(r"^\*\*(?!\*)(.+?)\*\*$")
_CN = "一二三四五六七八九十"
_NUMBERING = (
    ("chapter", re.compile(rf"第[{_CN}百零〇两\d]{{1,4}}(?:章|编|篇|部分)\s*")),
    ("section", re.compile(rf"第[{_CN}百零〇两\d]{{1,4}}节\s*")),
    ("cn", re.compile(rf"[{_CN}]{{1,3}}\s*[、.．]\s*")),
    ("paren_cn", re.compile(rf"[(（]\s*[{_CN}]{{1,3}}\s*[)）]\s*")),
    ("arabic", re.compile(r"\d{1,2}\s*[、.．](?!\d)\s*")),
    ("paren_arabic", re.compile(r"[(（]\s*\d{1,2}\s*[)）]\s*")),
    ("circled", re.compile(r"[\u2460-\u2473]\s*")),
)
_NUMBERING_RX = re.compile("|".join(f"(?P<{style}>{rx.pattern})" for style, rx in _NUMBERING))
NUMBERED = re.compile("|".join(rx.pattern for _, rx in _NUMBERING))  # any numbering, no groups
#: Conventional nesting: a lower rank sits above a higher one. Plain/bold titles have no rank.
RANK = {f"md{i}": i - 1 for i in range(1, 7)} | {
    "chapter": 10,
    "section": 11,
    "cn": 20,
    "paren_cn": 21,
    "arabic": 22,
    "paren_arabic": 23,
    "circled": 24,
}
SENTENCE_INNER = re.compile(r"[。！？!?；;]")
RUN_IN_END = re.compile(r"[。！？!?：:]")
_HAS_WORD = re.compile(rf"[{HAN}A-Za-z]")
_TRAIL_PAREN = re.compile(r"\s*[(（][^()（）]{0,40}[)）]$")
SUBTITLE = re.compile(r"^(?:[—–－―-]{2}|──)")
_BULLET = re.compile(r"^(?:[-*+•·]\s|\|)")  # a list item or a table row
_ADDRESSEES = r"(?:代表|同志|委员|朋友|来宾|嘉宾|女士|先生|大家|同学|老师)"
SALUTATION = re.compile(rf"^[{HAN}、，, ]{{0,16}}{_ADDRESSEES}们?\s*[：:]$")  # 各位代表，各位委员：
DATE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)"
)
DATE_RE = re.compile(rf"(?=[\d〇零一二三四五六七八九]){DATE}")  # the lookahead lets a scan skip to a digit in C
_DATE_ANCHOR = re.compile(r"[年月\-/.]")  # every date pattern here has one of these
_DATE_REACH = 24  # no date extends further than this on either side of its anchor
DATE_ONLY = re.compile(rf"^[(（]?\s*{DATE}\s*[)）]?$")  # 2024年3月5日, （2019年10月）
DATELINE = re.compile(
    rf"^【?(?:[{HAN}]{{2,14}}?(?<!快)讯|[{HAN}]{{1,12}}?[台网社报]消息|[{HAN}]{{2,10}}?(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日(?:电|讯))】?"
    r"\s*(?:[(（][^()（）]{0,30}[)）])?\s*"
)  # 某某网讯, 本台消息, 本报北京3月2日电（记者某某）; not a column (国内联播快讯)
FRAME = frozenset("前言 序言 引言 导言 绪论 结束语 结语 后记 附录 附件 附则 总结".split())  # 前言 … 结束语
DECORATION = re.compile(r"^[■□●○◆◇★☆▌▍▶►]\s*")  # ■ 好作风是好战斗力, ■本报记者 张三

PLACE = re.compile(rf"^([{HAN}]{{2,10}})\s*[:：]\s*(.+)$")
FIELDS = frozenset(
    "时间 地点 地址 电话 传真 邮箱 邮编 网址 联系人 主办 承办 协办 日期 单位 姓名 职务 附件 主题 抄送 发文 签发".split()
)
TOC_WORDS = frozenset({"目录", "目次", "contents", "tableofcontents"})
TOC_PAGE = re.compile(r"[\s.·…．_\-—]*\d+$")

FRONT_KEY = re.compile(r"^([\w\-\u4e00-\u9fff]+)\s*:\s*(.*)$")

# --- small text helpers ----------------------------------------------------------------------


def nchars(t: str) -> int:
    """Number of non-space characters of a cleaned line (its only spaces are single ASCII ones)."""
    return len(t) - t.count(" ")


def width(t: str) -> int:
    """Display width, fast: ASCII counts 1, a character of 3+ UTF-8 bytes (CJK, “”, —) counts 2."""
    return (len(t.encode("utf-8", "surrogatepass")) + len(t)) // 2


def clean(line: str) -> str:
    """Strip a line and collapse inner runs of whitespace (NBSP, U+3000 included) to one space."""
    return " ".join(line.split())


_COLUMN_GAP = re.compile(r"\s{2,}")
_MAX_ROW = 200  # no table row typed as text is longer


def in_columns(raw: str) -> bool:
    """A raw line set out in three or more columns (runs of spaces between them): a row of a table
    typed as text, a line of its own."""
    t = raw.strip()
    if len(t) > _MAX_ROW:
        return False
    first = _COLUMN_GAP.search(t)
    return first is not None and _COLUMN_GAP.search(t, first.end()) is not None


def ends_sentence(t: str) -> bool:
    """True if ``t`` ends a sentence (closing quotes, brackets and a trailing credit aside)."""
    s = _TRAIL_PAREN.sub("", t) if len(t) > 12 and t[-1] in ")）" else t
    s = s.rstrip(CLOSERS + " ")
    return not s or s[-1] in SENTENCE_END or s.endswith("...")


def pair_balance(t: str) -> list[int]:
    """Opened minus closed quotes/brackets of each kind in ``t``."""
    counts = [0] * (len(_PAIR_CHARS) // 2)
    for c in _PAIR_RX.findall(t):
        kind, step = _PAIR_STEP[c]
        counts[kind] += step
    return counts


def unbalanced(t: str) -> bool:
    """True if a quote or bracket opened in ``t`` is not closed."""
    return max(pair_balance(t)) > 0


def unbold(t: str) -> str:
    m = BOLD.match(t)
    return m[1].strip() if m and "**" not in m[1] else t


def numbering(t: str) -> tuple[str, int] | None:
    """The numbering style at the start of ``t`` and where its text begins."""
    m = _NUMBERING_RX.match(t)
    return (m.lastgroup or "", m.end()) if m else None


def find_dates(rx: re.Pattern[str], text: str) -> Iterator[str]:
    """The matches of date pattern ``rx`` in ``text``, in order. A long text is scanned only around
    the characters every date contains, so a 50 MB line without dates costs one fast pass."""
    if len(text) < 4096:
        yield from (m[0] for m in rx.finditer(text))
        return
    start = end = -1
    for anchor in _DATE_ANCHOR.finditer(text):
        p = anchor.start()
        if p - _DATE_REACH > end >= 0:
            yield from (m[0] for m in rx.finditer(text, start, end))
        if p - _DATE_REACH > end:
            start = max(0, p - _DATE_REACH)
        end = min(len(text), p + _DATE_REACH)
    if end >= 0:
        yield from (m[0] for m in rx.finditer(text, start, end))


_NUMBER_CELL = re.compile(rf"^[-+]?\d[\d.,，]*(?:[%‰]|[{HAN}]{{1,3}})?$")  # 5.2%, 126万亿元, 2023年


def table_row(t: str) -> bool:
    """A row of short cells (``地区生产总值 126万亿元 5.2%``): three or more with a number among them,
    or two ending in a number."""
    cells = t.split(" ")
    if len(cells) < 2 or any(len(c) > 16 for c in cells):
        return False
    numbers = sum(bool(_NUMBER_CELL.match(c)) for c in cells)
    return (len(cells) >= 3 and (numbers >= 1 or any(c[:1].isdigit() for c in cells))) or bool(
        numbers and _NUMBER_CELL.match(cells[-1])
    )


def titleish(t: str, limit: int = MAX_TITLE) -> bool:
    """A short line that could be a heading: one phrase, no sentence end, some words."""
    if not 2 <= nchars(t) <= limit or t[-1] in SOFT_END or t[-1] in COLON or ends_sentence(t):
        return False
    if SENTENCE_INNER.search(t) or SUBTITLE.match(t) or _BULLET.match(t) or t.count("，") + t.count(",") > 2:
        return False
    if t[0] == "“" and t[-1] == "”" and t.count("“") == 1:
        return False  # a quotation
    return bool(_HAS_WORD.search(t))


# --- pass 1: lines -> units ------------------------------------------------------------------


@dataclass(slots=True)
class Doc:
    """Facts about the whole text that decide how lines join."""

    blank_separated: bool  # paragraphs are separated by blank lines
    wrap: int | None  # display width of hard-wrapped lines, if the text is hard-wrapped
    indented: bool  # paragraphs start with an indent (U+3000, spaces) and other lines do not
    typical_gap: int = 1


@dataclass(slots=True, eq=False)
class Unit:
    """A candidate paragraph and what the passes found out about it."""

    text: str
    lines: int = 1
    gap_before: int = 0
    gap_after: int = 0
    kind: str | None = None  # set for furniture, lead, toc, meta, comment; None = body or heading
    style: str | None = None  # heading style: "md2", "cn", "title", ...; None = not a heading
    num: str | None = None  # numbering style of the heading text
    title: str = ""
    rest: str | None = None  # run-in heading: the paragraph text after the title
    marked: bool = False  # heading marked up with # or **
    level: int = 1
    row: bool = False  # a table row typed in columns: never a heading

    @property
    def heading(self) -> bool:
        return self.style is not None and self.kind is None

    @property
    def own_line_heading(self) -> bool:
        return self.heading and self.rest is None
