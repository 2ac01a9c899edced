"""Text -> Source: headings, paragraph repair, furniture and metadata (DESIGN.md §2).

The parser works in passes over *units* (candidate paragraphs), with general rules only:

1. lines -> units: YAML front matter and HTML comments are cut out whole; a line joins the unit
   before it when the break is not a paragraph break (a bold heading over two lines, a short
   caption over two lines, hard-wrapped text, a paragraph cut mid-sentence by a page break);
2. continuation marks ((上接A1版)) are split off; furniture (bylines, captions, marks) is tagged;
3. a 目录 block is tagged; headings are recognised (Markdown, bold, numbered, run-in, 地名:标题,
   plain short lines);
4. context: kicker/subtitle around the title, labels above headings, captions set apart by space;
5. heading levels come from a stack of numbering styles; sections and metadata are built.

Lossless: every non-space character of the input except heading markup (#, **) ends up, once and
in order, in a section title or a paragraph.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import dataclass, field
from pathlib import PurePath

from reader.core.model import (
    BODY,
    BYLINE,
    CAPTION,
    COMMENT,
    LEAD,
    MARKER,
    META,
    TOC,
    Paragraph,
    Section,
    Source,
    SourceMeta,
)

# --- character classes and limits ------------------------------------------------------------

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_END = frozenset("。！？!?；;…")
SOFT_END = frozenset("，,、")
COLON = frozenset("：:")
CLOSERS = "”’」』）)】》〉\"'*"
OPENERS = frozenset("“‘「『（(【《〈")
_PAIR_CHARS = ("“", "”", "（(", "）)", "《", "》", "「", "」", "『", "』", "【", "】")  # opening, closing, …
LONG = 40  # a unit this long that stops mid-sentence was cut (page break, wrap)
SHORT = 20  # two lines this short in one block belong together (a caption over two lines)
MAX_TITLE = 32  # longest plain line taken as a heading
MAX_FIRST_TITLE = 50  # ... or as the document title
MAX_NUMBERED = 60  # longest numbered line taken as a heading on its own line
MAX_RUN_IN = 30  # longest run-in title (（一）思想上入心入脑。)
MAX_FURNITURE = 60
KICKER = 5  # a plain line this short next to the title is a kicker (两会观察)

# --- patterns --------------------------------------------------------------------------------

_MD = re.compile(r"^(#{1,6})(?:\s+|(?=[^\s#]))(.*?)(?:\s+#+)?$")
_BOLD = re.compile(r"^\*\*(?!\*)(.+?)\*\*$")
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
_SENTENCE_INNER = re.compile(r"[。！？!?；;]")
_RUN_IN_END = re.compile(r"[。！？!?：:]")
_HAS_WORD = re.compile(rf"[{HAN}A-Za-z]")
_TRAIL_PAREN = re.compile(r"\s*[(（][^()（）]{0,40}[)）]$")
_SUBTITLE = re.compile(r"^(?:[—–－―-]{2}|──)")
_BULLET = re.compile(r"^(?:[-*+•·]\s|\|)")  # a list item or a table row
_DECORATION = re.compile(r"^[■□●○◆◇★☆▌▍▶►]\s*")  # ■ 好作风是好战斗力, ■本报记者 张三

_MARK = r"[(（]\s*(?:上接|下转|转自|转第|接第|接上|转下|续[上前]|未完待续|转[A-Z]?\d|接[A-Z]?\d)[^()（）]{0,15}[)）]"
_MARK_START = re.compile(rf"^{_MARK}\s*")
_MARK_END = re.compile(rf"\s*{_MARK}$")
_MARK_LINE = re.compile(
    r"^(?:[(（]\s*完\s*[)）]|(?:关键词|关键字|标签|主题词)\s*[:：].*"
    r"|[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_WEB_CHROME = re.compile(
    r"^(?:(?:当前位置|您的位置|首页)\s*[:：>›»].*|.*\S\s*[>›»]\s*\S.*[>›»].*"  # a breadcrumb
    r"|(?:分享到?|朗读|打印(?:本页)?|关闭(?:窗口)?|收藏|字号|字体|返回顶部|上一篇|下一篇)\s*[:：]?"
    r"|[大中小](?:\s*[大中小]){2}|(?:【[^】]{1,8}】\s*)+)$"
)
_INFO_FIELD = re.compile(r"(?:日期|时间|来源|浏览量|浏览次数|阅读量|点击数|作者|编辑|发布机构|发布)\s*[:：]")
_DOC_NUMBER = re.compile(rf"^[{HAN}]{{1,10}}[〔\[［(（]\d{{4}}[〕\]］)）]\s*\d{{1,4}}\s*号$")  # 通政发〔2023〕1号
_PAGE = r"(?:星期[一二三四五六日天]|[A-Z]?\d{1,2}\s*版)"
_PAGE_HEADER = re.compile(rf"\d{{1,2}}月\d{{1,2}}日.*{_PAGE}|{_PAGE}.*\d{{1,2}}月\d{{1,2}}日")

_POSITION = r"(?:书记|市长|县长|区长|省长|镇长|主任|主席|部长|局长|厅长|处长|院长|校长|董事长|总经理|经理|代表|委员|秘书长)"
_ROLE = r"(?:本报|本刊|本台|本网|新华社|中新社|人民日报|央视)?(?:特约|见习|实习|首席|驻[^\s]{1,4})?(?:记者|通讯员|实习生)"
_NAME = rf"[{HAN}·]{{2,4}}"
_DATE_LINE = re.compile(
    r"^(?:\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*来源\s*[:：].*)?$"
)
_SPEAKER = re.compile(rf"^[{HAN}、]{{2,24}}{_POSITION}\s+({_NAME})$")  # 南通市市长 吴新明
_BYLINES = (
    re.compile(rf"^[(（]?\s*(?:{_ROLE}\s*[:：]?\s*{_NAME}(?:\s*[、,，\s]\s*{_NAME})*\s*)+[)）]?$"),
    re.compile(r"^\S{0,20}(?:记者|通讯员|编辑部)\S{0,10}(?:采写|整理|报道|撰稿|撰写|采访|综合)$"),
    re.compile(
        r"^(?:作者|文|撰文|撰稿|编辑|责任编辑|责编|来源|校对|审核|审校|统筹|策划|监制|制图|美编|图文|文图)"
        r"\s*[:：/｜|]\s*\S.{0,30}$"
    ),
    _DATE_LINE,
    _SPEAKER,
    re.compile(rf"(?:责任编辑|值班编辑|责编|编辑|校对|审核|美编)\s*[:：]\s*{_NAME}$"),
)
_CAPTIONS = (
    re.compile(rf"(?<!拍){_NAME}\s*/?\s*摄(?:影)?\s*[)）]?$"),
    re.compile(
        r"^[(（]?\s*(?:资料图片|资料图|资料照片|图片来源|图片由|图片说明|图说|组图|图为|图\s*[:：/]|本版图片|本版照片|"
        r"本版摄影|新华社发|视觉中国)"
    ),
    re.compile(r"^[(（][^()（）]*(?:图|摄)[^()（）]*[)）]$"),
    re.compile(r"(?:供图|图.{0,20}提供)\s*[)）]?$"),
    re.compile(r"^(?:附表|附图|表|图)\s*\d{1,3}(?:[-.．]\d{1,3})?(?:\s|[:：]|$)"),  # 表1 2023年主要指标
    re.compile(r"^[▲△↑]"),  # ▲ 工作人员在现场检查
)
_LEAD_WORDS = r"(?:编者按|编者的话|编后|按语|摘要|内容提要|提要|导语|核心提示)"
_LEAD_LABEL = re.compile(rf"^(?:【{_LEAD_WORDS}】|{_LEAD_WORDS}\s*[:：])")
_PLACE = re.compile(rf"^([{HAN}]{{2,10}})\s*[:：]\s*(.+)$")
_FIELDS = frozenset(
    "时间 地点 地址 电话 传真 邮箱 邮编 网址 联系人 主办 承办 协办 日期 单位 姓名 职务 附件 主题 抄送 发文 签发".split()
)
_TOC_WORDS = frozenset({"目录", "目次", "contents", "tableofcontents"})
_TOC_PAGE = re.compile(r"[\s.·…．_\-—]*\d+$")

_DATE = re.compile(
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)
_OUTLET_PAPER = re.compile(rf"([{HAN}]{{2,8}}?(?:日报|晚报|早报|时报|商报|周刊|新闻网|广播电视台|电视台))")
_DATELINE = re.compile(rf"^([{HAN}]{{2,8}}?)讯|^(新华社|中新社)[{HAN}]{{0,6}}\d{{1,2}}月\d{{1,2}}日电")
_AUTHOR_IN_TEXT = re.compile(rf"[(（]\s*({_ROLE}[^()（）]{{1,30}})[)）]")
_ROLE_WORDS = re.compile(rf"{_ROLE}|作者|撰文|撰稿|^文\s*[/:：]")
_FRONT_KEY = re.compile(r"^([\w\-\u4e00-\u9fff]+)\s*:\s*(.*)$")


# --- small text helpers ----------------------------------------------------------------------


def _nchars(t: str) -> int:
    """Number of non-space characters of a cleaned line (its only spaces are single ASCII ones)."""
    return len(t) - t.count(" ")


def _width(t: str) -> int:
    """Display width, fast: ASCII counts 1, a character of 3+ UTF-8 bytes (CJK, “”, —) counts 2."""
    return (len(t.encode("utf-8", "surrogatepass")) + len(t)) // 2


def _clean(line: str) -> str:
    """Strip a line and collapse inner runs of whitespace (NBSP, U+3000 included) to one space."""
    return " ".join(line.split())


def _ends_sentence(t: str) -> bool:
    """True if ``t`` ends a sentence (closing quotes, brackets and a trailing credit aside)."""
    s = _TRAIL_PAREN.sub("", t) if len(t) > 12 and t[-1] in ")）" else t
    s = s.rstrip(CLOSERS + " ")
    return not s or s[-1] in SENTENCE_END or s.endswith("...")


def _balance(t: str) -> list[int]:
    """Opened minus closed quotes/brackets of each kind in ``t``."""
    counts = [sum(t.count(c) for c in chars) for chars in _PAIR_CHARS]
    return [counts[k] - counts[k + 1] for k in range(0, len(counts), 2)]


def _unbalanced(t: str) -> bool:
    """True if a quote or bracket opened in ``t`` is not closed."""
    return max(_balance(t)) > 0


def _closed(t: str) -> bool:
    """True if a paragraph may end after ``t``."""
    return _ends_sentence(t) or t[-1] in COLON or bool(_MARK_END.search(t))


def _unbold(t: str) -> str:
    m = _BOLD.match(t)
    return m[1].strip() if m and "**" not in m[1] else t


def _numbering(t: str) -> tuple[str, int] | None:
    """The numbering style at the start of ``t`` and where its text begins."""
    for style, rx in _NUMBERING:
        if m := rx.match(t):
            return style, m.end()
    return None


def _titleish(t: str, limit: int = MAX_TITLE) -> bool:
    """A short line that could be a heading: one phrase, no sentence end, some words."""
    if not 2 <= _nchars(t) <= limit or t[-1] in SOFT_END or t[-1] in COLON or _ends_sentence(t):
        return False
    if _SENTENCE_INNER.search(t) or _SUBTITLE.match(t) or _BULLET.match(t) or t.count("，") + t.count(",") > 2:
        return False
    if t[0] == "“" and t[-1] == "”" and t.count("“") == 1:
        return False  # a quotation
    return bool(_HAS_WORD.search(t))


def furniture_kind(t: str) -> str | None:
    """``byline``, ``caption``, ``marker`` or ``lead`` if line ``t`` is furniture, else None."""
    t = _DECORATION.sub("", _unbold(t))
    if _MARK_LINE.match(t) or _DOC_NUMBER.match(t) or (_MARK_START.match(t) and not _MARK_START.sub("", t)):
        return MARKER
    if len(t) <= MAX_FURNITURE and (_PAGE_HEADER.search(t) or _WEB_CHROME.match(t)):
        return MARKER  # a page header (南通日报 2023年1月5日 星期四 A2版), web page chrome (分享 朗读)
    if len(t) <= 2 * MAX_FURNITURE and len(_INFO_FIELD.findall(t)) >= 2:
        return BYLINE  # 日期:2023-05-04 08:46:31 来源:区文旅局 浏览量:
    if _LEAD_LABEL.match(t):
        return LEAD
    if len(t) > MAX_FURNITURE or _SENTENCE_INNER.search(t[:-1]):
        return None
    if any(rx.search(t) for rx in _CAPTIONS):
        return CAPTION
    if any(rx.match(t) for rx in _BYLINES):
        return BYLINE
    return None


def _structural(t: str) -> bool:
    """True if line ``t`` starts something new: markup, numbering, a mark, a list item, a comment."""
    return bool(
        _MD.match(t)
        or t.startswith(("**", "<!--"))
        or _numbering(t)
        or _MARK_START.match(t)
        or _SUBTITLE.match(t)
        or _BULLET.match(t)
        or furniture_kind(t)
    )


# --- pass 1: lines -> units ------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    """Facts about the whole text that decide how lines join."""

    blank_separated: bool  # paragraphs are separated by blank lines
    wrap: int | None  # display width of hard-wrapped lines, if the text is hard-wrapped
    indented: bool  # paragraphs start with an indent (U+3000, spaces) and other lines do not
    typical_gap: int = 1


@dataclass(slots=True, eq=False)
class _Unit:
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

    @property
    def heading(self) -> bool:
        return self.style is not None and self.kind is None

    @property
    def own_line_heading(self) -> bool:
        return self.heading and self.rest is None


def _doc_facts(lines: list[str], indents: list[bool], widths: list[int]) -> _Doc:
    filled = [i for i, line in enumerate(lines) if line]
    followed_by_blank = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1])
    indented = sum(indents[i] for i in filled)
    return _Doc(
        blank_separated=followed_by_blank >= 0.5 * max(1, len(filled) - 1),
        wrap=_wrap_width([widths[i] for i in filled if _nchars(lines[i]) >= 10]),
        indented=0.1 * len(filled) <= indented <= 0.9 * len(filled),
    )


def _wrap_width(widths: list[int]) -> int | None:
    """The wrap column of hard-wrapped text: most lines end within a few columns of it."""
    widths = sorted(widths)
    if len(widths) < 8:
        return None
    wrap = widths[int(0.95 * (len(widths) - 1))]
    near = sum(1 for w in widths if wrap - 4 <= w <= wrap)
    return wrap if wrap >= 30 and near >= 0.5 * len(widths) else None


@dataclass(slots=True, eq=False)
class _Draft:
    """A unit being assembled line by line; running facts keep joining linear in the text size."""

    parts: list[str]
    width: int  # display width of the last line, indent included
    gap_before: int
    kind: str | None = None
    lines: int = 1
    chars: int = 0
    bolds: int = 0
    _balance: list[int] = field(default_factory=lambda: [0] * 6)
    _balanced_upto: int = 0
    _fixed: bool | None = None

    def __post_init__(self) -> None:
        self.chars, self.bolds = _nchars(self.parts[0]), self.parts[0].count("**")

    def add(self, sep: str, text: str, width: int) -> None:
        self.parts += [sep, text]
        self.lines += 1
        self.width = width
        self.chars += _nchars(text)
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
            self._fixed = bool(self.kind or _MD.match(t) or _BOLD.match(t) or furniture_kind(t))
        return self._fixed

    @property
    def unbalanced(self) -> bool:
        """A quote or bracket is still open."""
        for part in self.parts[self._balanced_upto :]:
            self._balance = [x + y for x, y in zip(self._balance, _balance(part), strict=False)]
        self._balanced_upto = len(self.parts)
        return max(self._balance) > 0

    def unit(self, gap_after: int) -> _Unit:
        return _Unit("".join(self.parts), self.lines, self.gap_before, gap_after, kind=self.kind)


def _join_sep(a: _Draft, b: str, b_indented: bool, doc: _Doc, adjacent: bool) -> str | None:
    """The separator to join line ``b`` to unit ``a``, or None if ``b`` starts a new unit."""
    if a.parts[0].startswith("**") and a.bolds % 2:
        return " " if adjacent and a.lines < 3 else None  # a bold heading over two lines
    t = a.tail
    closed = _closed(t)
    wrapped = adjacent and doc.wrap and a.width >= doc.wrap - 4
    if (closed and not (wrapped and doc.indented and not b_indented)) or a.fixed or _structural(b):
        return None
    glue = " " if t[-1].isascii() and t[-1].isalnum() and b[0].isascii() and b[0].isalnum() else ""
    if wrapped:
        return glue  # a hard-wrapped line
    strong = t[-1] in SOFT_END or a.unbalanced
    if (adjacent and doc.indented and b_indented) or (b[0] in OPENERS and not strong):
        return None
    if strong:
        return glue
    if a.chars <= MAX_NUMBERED and _numbering(a.parts[0]):
        return None  # a numbered heading without its full stop
    if a.chars >= LONG and not _titleish(b):
        return glue  # a paragraph cut mid-sentence (page break)
    if adjacent and doc.blank_separated and a.chars <= SHORT and _nchars(b) <= SHORT:
        return " "  # a short caption or heading over two lines
    return None


def _blocks(lines: list[str]):
    """Yield (kind, text, i) per line (i: its index), a blank line as (None, "", i),
    front matter and comments whole."""
    start = 0
    if lines and lines[0] == "---":
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i] in ("---", "...")), 0)
        if end and any(_FRONT_KEY.match(line) for line in lines[1:end]):
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
        yield COMMENT, "\n".join([*lines[i:j], lines[j][:cut]]), i
        tail = lines[j][cut:].strip()
        if tail:
            lines[j] = tail
            i = j
        else:
            i = j + 1


def _units(lines: list[str], indents: list[bool], widths: list[int], doc: _Doc) -> list[_Unit]:
    drafts: list[_Draft] = []
    gaps: list[int] = []
    gap = 0
    for kind, text, i in _blocks(lines):
        if kind is None and not text:
            gap += bool(drafts)
            continue
        sep = _join_sep(drafts[-1], text, indents[i], doc, gap == 0) if drafts and kind is None else None
        if sep is not None:
            drafts[-1].add(sep, text, widths[i])
        else:
            gaps.append(gap)
            drafts.append(_Draft([text], widths[i], gap, kind))
        gap = 0
    return [d.unit(after) for d, after in zip(drafts, [*gaps[1:], 0], strict=False)]


# --- pass 2: marks and furniture -------------------------------------------------------------


def _split_marks(units: list[_Unit]) -> list[_Unit]:
    """Cut continuation marks ((上接A1版), (下转A6版)) off the paragraphs they lead or end."""
    out: list[_Unit] = []
    for u in units:
        if u.kind:
            out.append(u)
            continue
        head = _MARK_START.match(u.text)
        tail = _MARK_END.search(u.text)
        body = u.text[head.end() if head else 0 : tail.start() if tail else len(u.text)].strip()
        if not body or not (head or tail):
            out.append(u)
            continue
        if head:
            out.append(_Unit(head[0].strip(), gap_before=u.gap_before, kind=MARKER))
        before, after = 0 if head else u.gap_before, 0 if tail else u.gap_after
        out.append(_Unit(body, lines=u.lines, gap_before=before, gap_after=after))
        if tail:
            out.append(_Unit(tail[0].strip(), gap_after=u.gap_after, kind=MARKER))
    return out


def _tag_furniture(units: list[_Unit]) -> None:
    for u in units:
        if not u.kind:
            u.kind = furniture_kind(u.text)


# --- pass 3: table of contents and headings --------------------------------------------------


def _toc_key(t: str) -> str:
    t = re.sub(r"\]\([^)]*\)", "", t)
    return re.sub(r"[\W_]+", "", _TOC_PAGE.sub("", t).lower())


def _tag_toc(units: list[_Unit]) -> None:
    """A 目录 line and the entries after it, up to the first entry seen twice (the real heading)."""
    for i, u in enumerate(units):
        if u.kind or len(u.text) > 24 or _toc_key(_unbold(u.text)) not in _TOC_WORDS:
            continue
        u.kind = TOC
        seen: set[str] = set()
        paged = 0
        for v in units[i + 1 :]:
            key = _toc_key(v.text)
            has_page = bool(_TOC_PAGE.search(v.text))
            if v.kind in (COMMENT, META):
                continue
            if not key or key in seen or len(v.text) > 80 or (paged >= 2 and not has_page):
                break
            seen.add(key)
            paged += has_page
            v.kind = TOC
        return


def _detect_heading(u: _Unit, first: bool) -> None:
    """Set the heading fields of ``u`` if it is a heading (own line or run-in)."""
    t = u.text
    if m := _MD.match(t):
        title = _unbold(m[2].strip())
        if title:
            _set_heading(u, f"md{len(m[1])}", title, marked=True)
        return
    if (m := _BOLD.match(t)) and "**" not in m[1] and _nchars(m[1]) <= MAX_NUMBERED:
        title = m[1].strip()
        num = _numbering(title)
        _set_heading(u, num[0] if num else "title", title, marked=True)
        return
    if t.startswith("**") and (close := t.find("**", 2)) > 2:
        inner, rest = t[2:close].strip(), t[close + 2 :].strip()
        if rest and (num := _numbering(inner)) and _nchars(inner) <= MAX_NUMBERED:
            _set_heading(u, num[0], inner, marked=True, rest=rest)  # **（一）思想上入心入脑。**4月9日…
        return
    if num := _numbering(t):
        _numbered(u, num[0], num[1])
        return
    limit = MAX_FIRST_TITLE if first else MAX_TITLE
    t = _DECORATION.sub("", t)
    if u.lines == 1 and (_place_title(t) or (not _PLACE.match(t) and _titleish(t, limit))):
        _set_heading(u, "title", u.text)  # a 地名:标题 line or a short plain line, not a field (时间：…)


def _set_heading(u: _Unit, style: str, title: str, marked: bool = False, rest: str | None = None) -> None:
    u.style, u.title, u.marked, u.rest = style, title, marked, rest
    num = _numbering(title)
    u.num = num[0] if num else None


def _numbered(u: _Unit, style: str, start: int) -> None:
    """A numbered line: a heading on its own line if short, else maybe a run-in heading."""
    t = u.text
    text = t[start:]
    if not text:
        return
    if _nchars(t) <= MAX_NUMBERED and not _SENTENCE_INNER.search(text[:-1]) and text[-1] not in SOFT_END:
        _set_heading(u, style, t)
        return
    m = _RUN_IN_END.search(text, 0, MAX_RUN_IN + 1)
    if m and m.start() >= 2 and not _unbalanced(text[: m.end()]):
        rest = text[m.end() :].strip()
        if rest:
            _set_heading(u, style, t[: start + m.end()], rest=rest)


def _place_title(t: str) -> bool:
    """地名:标题 — a short name, a colon and a short title (通州:提振精气神,聚力项目建设)."""
    m = _PLACE.match(t)
    return bool(m and len(t) <= 40 and m[1] not in _FIELDS and _titleish(m[2], 30) and not m[2][0].isdigit())


# --- pass 4: context -------------------------------------------------------------------------


def _apply_context(units: list[_Unit], doc: _Doc) -> _Unit | None:
    """Captions set apart, labels and subtitles around headings, the title block. Returns the title."""
    content = [u for u in units if u.kind not in (COMMENT, META, TOC)]
    marked_doc = any(u.marked for u in content if u.heading)
    gaps = [u.gap_before for u in content[1:]]
    doc.typical_gap = int(statistics.median(gaps)) if gaps else 1
    for u in content:
        plain = u.own_line_heading and u.style == "title" and not u.marked
        short = plain or (not u.style and not u.kind and _titleish(u.text))
        if short and marked_doc and max(u.gap_before, u.gap_after) > doc.typical_gap:
            u.kind = CAPTION  # a short line set apart by extra blank lines in a marked-up text
    for prev, u in zip(content, content[1:], strict=False):
        if u.own_line_heading and u.style == "title" and not u.marked and prev.text[-1] in COLON and not prev.style:
            u.style = None  # the value of a field (发布机构： / 区文旅局), not a heading
    for prev, u, nxt in zip([None, *content], content, [*content[1:], None], strict=False):
        if u.kind:
            continue
        if u.own_line_heading and u.style == "title" and not u.marked and nxt and nxt.own_line_heading and nxt.marked:
            u.kind = LEAD  # a kicker above a marked-up heading
        elif not u.style and _nchars(u.text) <= LONG and u.text[-1] in COLON and not _SENTENCE_INNER.search(u.text):
            if nxt and nxt.own_line_heading:
                u.kind = LEAD  # a label above a heading (如东县委书记陈慧宇：)
        elif not u.style and _SUBTITLE.match(u.text) and _nchars(u.text) <= 50 and not _ends_sentence(u.text):
            if prev and (prev.own_line_heading or prev.kind == LEAD):
                u.kind = LEAD  # a subtitle below a heading (——…综述)
        elif u.own_line_heading and u.style == "title" and nxt and nxt.kind == BYLINE and _DATE_LINE.match(nxt.text):
            u.kind = BYLINE  # a signature: the issuer above the date at the end of a notice
    return _title_block(content)


def _title_block(content: list[_Unit]) -> _Unit | None:
    """The document title: the first heading before any body text; kickers around it become leads.

    A numbered heading is never the title; a Markdown heading is one only if no other heading has
    its level (``## A … ## B`` are sections of an untitled text).
    """
    heads: list[_Unit] = []
    for u in content:
        if u.own_line_heading:
            heads.append(u)
        elif not u.kind:
            break
    md_levels = [u.style for u in content if u.heading and u.style.startswith("md")]
    titles = [u for u in heads if not u.num and (u.style == "title" or md_levels.count(u.style) == 1)]
    if not titles or titles[0] is not heads[0]:
        return None
    title = titles[0]
    if len(titles) > 1 and not title.marked and (titles[1].marked or _nchars(title.title) <= KICKER):
        title = titles[1]
    before = True
    for u in heads:
        if u is title:
            before = False
        elif before or (u.style == "title" and not u.marked and _nchars(u.title) <= KICKER):
            u.kind = LEAD
    return title


# --- pass 5: levels, sections, metadata ------------------------------------------------------


def _assign_levels(units: list[_Unit], title: _Unit | None) -> None:
    """Nest headings: markdown by #, numbering by convention (一、 above （一） above 1.), the rest by order."""
    base = 2 if title else 1
    stack: list[tuple[str, int]] = []
    has_md = any(u.heading and u.style.startswith("md") for u in units)
    for u in units:
        if not u.heading or u is title:
            continue
        if has_md and u.style == "title" and not u.marked:
            u.level = _level_beside_markdown(stack, base)
        else:
            u.level = _level(u.style, stack, base)
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


def _sections(units: list[_Unit], source_title: str) -> tuple[Section, ...]:
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
        paragraphs.append(Paragraph(n, BODY, u.rest) if u.heading else Paragraph(n, u.kind or BODY, u.text))
    if current is not None:
        sections.append(Section(paragraphs=tuple(paragraphs), **current))
    return tuple(sections) or (Section(source_title, 1, (), synthetic=True),)


def _front_matter(units: list[_Unit]) -> tuple[tuple[str, str], ...]:
    for u in units:
        if u.kind == META:
            pairs = (_FRONT_KEY.match(line.strip()) for line in u.text.split("\n")[1:-1])
            return tuple((m[1], m[2].strip().strip("\"'")) for m in pairs if m)
    return ()


def _authors(bylines: list[str], first_body: str) -> tuple[str, ...]:
    """Names in bylines (本报记者 陈可 见习记者 司占伟), speakers and a dateline credit (（记者 张三）)."""
    chunks = [*bylines, *(m[1] for m in _AUTHOR_IN_TEXT.finditer(first_body[:200]))]
    names: list[str] = []
    for chunk in chunks:
        if (m := _SPEAKER.match(chunk)) and m[1] not in names:
            names.append(m[1])
        if not _ROLE_WORDS.search(chunk):
            continue
        for token in re.split(r"[\s、,，()（）:：/]+", _ROLE_WORDS.sub(" ", chunk)):
            if re.fullmatch(_NAME, token) and token not in names:
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


def _meta(sections: tuple[Section, ...], front: tuple[tuple[str, str], ...]) -> SourceMeta:
    paragraphs = [p for s in sections for p in s.paragraphs]
    bodies = [p.text for p in paragraphs if p.kind == BODY]
    lead_text = "".join(p.text for p in sections[0].paragraphs if p.kind in (BODY, LEAD)) or "".join(bodies[:1])
    dates = list(dict.fromkeys(m[0] for m in _DATE.finditer(lead_text)))
    front_map = dict(front)
    if front_map.get("date"):
        dates.insert(0, front_map["date"])
    bylines = [p.text for p in paragraphs if p.kind == BYLINE]
    furniture = [p.text for p in paragraphs if p.kind in (BYLINE, MARKER, LEAD, CAPTION)]
    subtitle = next((p.text for p in paragraphs[:6] if p.kind == LEAD and _SUBTITLE.match(p.text)), None)
    return SourceMeta(
        dates=tuple(dict.fromkeys(dates)),
        authors=_authors(bylines, bodies[0] if bodies else ""),
        outlet=_outlet(front_map, furniture, bodies[0] if bodies else ""),
        front_matter=front,
        subtitle=subtitle,
    )


# --- entry point -----------------------------------------------------------------------------


def normalize(text: str) -> str:
    """The text whose sha256 identifies a source: no BOM, ``\\n`` line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, *, source_id: str, path: str = "") -> Source:
    """Parse the text of one report into a Source (see the module docstring for the passes)."""
    text = normalize(text)
    raw = text.split("\n")
    lines = [_clean(line) for line in raw]
    indents = [line[:1].isspace() for line in raw]
    widths = [_width(line.rstrip()) for line in raw]
    doc = _doc_facts(lines, indents, widths)
    units = _split_marks(_units(lines, indents, widths, doc))
    _tag_furniture(units)
    _tag_toc(units)
    first = next((u for u in units if not u.kind), None)
    for u in units:
        if not u.kind:
            _detect_heading(u, u is first)
    title_unit = _apply_context(units, doc)
    _assign_levels(units, title_unit)
    front = _front_matter(units)
    title = dict(front).get("title") or (title_unit.title if title_unit else "") or PurePath(path).stem or source_id
    sections = _sections(units, title)
    return Source(
        id=source_id,
        path=path,
        title=title,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        sections=sections,
        meta=_meta(sections, front),
    )
