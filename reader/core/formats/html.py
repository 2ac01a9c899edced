"""Saved web pages (gov.cn, people.cn, university news sites) to the article's text.

A small extractor of our own on lxml (already needed by python-docx) rather than
readability-lxml. On our three page layouts (gov.cn, people.cn, a university CMS page) both find
the article body, but readability returns HTML still to be walked, keeps the site name in the
title, finds no date or outlet, and pulls in chardet, cssselect and lxml-html-clean.
Here every block-level element that holds text gives its text length (commas count
extra, link text counts against) to its parent and half to its grandparent; the best-scored
container is the body. Page furniture (navigation, breadcrumbs, ``字号``/``打印``/``分享到`` lines,
related links, footers, ``京ICP备…``) is dropped, ``<h1>``–``<h6>`` and bold-only paragraphs become
``#`` headings and ``**bold**`` lines, and the title, date and outlet go to YAML front matter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from reader.core.formats.decode import Decoded, decode

_DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "select", "button", "svg")
_JUNK = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|foot|header|share|related|relate|sidebar|side|copyright|toolbar|print|"
    r"comment|banner|position|location|pager|recommend|hot|qrcode|ewm",
    re.I,
)
_CONTAINERS = {"p", "div", "li", "tr", "section", "article", "blockquote", "center", "table", "tbody", "ul", "ol"}
_BLOCKS = {"p", "div", "li", "td", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre"}
_FURNITURE = re.compile(
    r"^\s*(?:【?\s*字号|\[?\s*打印|分享到|【?\s*关闭|\[?\s*关闭窗口|扫一扫|.*京ICP备|.*ICP证|.*网站标识码|.*公网安备|"
    r".*版权所有|上一篇|下一篇|相关(?:链接|新闻|阅读|文章)|.*主办单位[：:])"
)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_OWN_DATE = re.compile(r"^[(（]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?$")
_SPLIT_DATE = re.compile(r"(\d{4})\s*[-/.年\s]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")  # 2024 03/05 from <span>s
_SOURCE_SPACE = re.compile(r"[ \t\r\f\v]+")  # collapsed by a browser; NBSP and U+3000 are typed spacing, kept
_DATED_CLASS = re.compile(r"time|date", re.I)
_SOURCE = re.compile(r"来源[：:]\s*([^\s|丨]+)")
_DATE_LINE = re.compile(rf"^\s*(?:(?:发布)?(?:时间|日期)[：:])?\s*{_DATE.pattern}.{{0,60}}$")
_SEP = r"\s*(?:_|\||｜|丨|--|-|—|–)\s*"
_SITE_SUFFIX = re.compile(rf"{_SEP}[^_|｜丨\-—–]*?(?:网|网站|门户|官网|人民政府|\.cn|\.com|\.org)\s*$")
_CHANNEL_SUFFIX = re.compile(rf"{_SEP}[^_|｜丨\-—–]{{1,4}}$")
_PAGE_DATES = tuple(  # 发布于 2024-03-05, 时间：2024年3月5日; not 检查时间2024年3月1日至… in the text
    re.compile(rf"{cue}[^\n\d]{{0,6}}{_DATE.pattern}") for cue in ("发布", r"(?:时间|日期)\s*[：:]")
)
_META_KEYS = {
    "title": ("articletitle", "og:title", "title"),
    "date": ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "date", "dc.date"),
    "outlet": ("contentsource", "source", "og:site_name", "sitename"),
    "authors": ("author", "articleauthor"),
}


def html_to_text(data: bytes, name: str) -> Decoded:
    """The article in a saved page as Markdown-ish text with YAML front matter."""
    from lxml import html as lxml_html

    decoded = decode(_as_utf8(data), name)
    try:
        root = lxml_html.document_fromstring(decoded.text)
    except Exception:  # lxml raises ParserError or ValueError on empty or odd input
        return decoded
    meta = _meta(root)
    h1 = next((_text(h) for h in root.iter("h1") if _text(h)), "")
    title = h1 or _strip_site(meta.get("title") or _text(next(root.iter("title"), None)), root)
    pieces = _class_date(root)
    _drop_furniture(root)
    page = root.text_content()
    if "date" not in meta and (m := next(filter(None, (p.search(page) for p in _PAGE_DATES)), pieces)):
        meta["date"] = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    body = _best_container(root)
    lines = _once(title, [line for line in _walk(body) if not _FURNITURE.match(line)])
    lines = _take_date_line(lines, meta)
    front = {"title": title, **{k: v for k, v in meta.items() if k != "title"}}
    head = ["---", *(f"{k}: {' '.join(v.split())}" for k, v in front.items() if v), "---", ""]
    return Decoded("\n".join(head + [line + "\n" for line in lines]), decoded.warnings)


def _once(title: str, lines: list[str]) -> list[str]:
    """The lines with the title kept where it first stands (the parser finds it there, with its
    kicker, subtitle and front block) and its repeats dropped."""
    first = next((i for i, line in enumerate(lines) if line.strip("#* ") == title), len(lines))
    return [line for i, line in enumerate(lines) if i <= first or line.strip("#* ") != title]


def _as_utf8(data: bytes) -> bytes:
    """The page re-encoded to UTF-8 when it declares another charset (GBK pages are common)."""
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
    charset = m[1].decode("ascii").lower() if m else ""
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return data.decode("gb18030" if charset in ("gb2312", "gbk") else charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass
    return data


def _text(el: Any) -> str:
    return " ".join(el.text_content().split()) if el is not None else ""


def _meta(root: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    metas = {(m.get("name") or m.get("property") or "").lower(): m.get("content") or "" for m in root.iter("meta")}
    for key, names in _META_KEYS.items():
        value = next((metas[n].strip() for n in names if metas.get(n, "").strip()), "")
        if key == "date" and (m := _DATE.search(value)):
            value = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
        elif key == "outlet":
            value = _SOURCE.sub(r"\1", value).strip()
        if value:
            found[key] = value
    return found


def _class_date(root: Any) -> re.Match[str] | None:
    """A date typeset in pieces (``<span>2024</span><span>03/05</span>``) in an element whose class
    names a time or date."""
    for el in root.iter():
        if isinstance(el.tag, str) and _DATED_CLASS.search(el.get("class") or ""):
            if m := _SPLIT_DATE.search(" ".join(" ".join(el.itertext()).split())):
                return m
    return None


def _strip_site(title: str, root: Any) -> str:
    """``标题_中国政府网`` -> ``标题``, ``标题--观点--人民网`` -> ``标题``: the site name and, after it,
    a short channel name are cut off; so is any tail when the rest is repeated on the page as a
    line of its own (``标题 - 某某省人民政府`` over a ``标题`` heading)."""
    stripped = _SITE_SUFFIX.sub("", title)
    if stripped != title:
        return _CHANNEL_SUFFIX.sub("", stripped)
    lines = {_text(el) for el in root.iter("div", "p", "td", "span", "h2", "h3", "strong") if len(el) < 3}
    cuts = [m.start() for m in re.finditer(_SEP, title)]
    return next((title[:i] for i in reversed(cuts) if title[:i] in lines), title)


def _drop_furniture(root: Any) -> None:
    from lxml import etree

    for el in list(root.iter(etree.Comment, *_DROP_TAGS)):
        _remove(el)
    for el in list(root.iter("header", "div", "ul", "table", "section", "span", "p")):
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if el.getparent() is not None and _JUNK.search(marks) and not _articleish(marks):
            _remove(el)


def _articleish(marks: str) -> bool:
    return bool(re.search(r"article|content|main|text|detail|zw|con\b|txt", marks, re.I))


def _remove(el: Any) -> None:
    """Remove ``el`` but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _best_container(root: Any) -> Any:
    scores: dict[Any, float] = defaultdict(float)
    for el in root.iter(*_BLOCKS):
        own = "".join(el.xpath("text()")).strip()
        if len(own) < 10:
            continue
        links = sum(len(a.text_content()) for a in el.iter("a"))
        score = len(own) + 3 * own.count("，") + 3 * own.count(",") - links
        parent = el.getparent()
        if parent is not None:
            scores[parent] += score
            if (grand := parent.getparent()) is not None:
                scores[grand] += score / 2
    if not scores:
        return root.find("body") if root.find("body") is not None else root
    return max(scores, key=lambda el: scores[el])


def _walk(el: Any) -> list[str]:
    """The text of ``el`` as lines: headings, bold-only paragraphs, paragraphs, table rows. Typed
    spacing (an indent of NBSP or U+3000, columns) is kept: it tells paragraphs and tables apart."""
    out: list[str] = []
    buf: list[str] = [el.text or ""]

    def flush() -> None:  # the lines of one block (broken by <br>) stay together, as a browser shows them
        lines = (_SOURCE_SPACE.sub(" ", part).strip(" ") for part in "".join(buf).split("\n"))
        out.append("\n".join(line for line in lines if line.strip()))
        buf.clear()

    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            out.append(f"{'#' * min(int(tag[1]), 3)} {_text(child)}" if _text(child) else "")
        elif tag in _CONTAINERS:
            flush()
            out.append(_bold(child) or "")
            if not out[-1]:
                out.pop()
                out.extend(_walk(child))
        elif tag == "br":
            buf.append("\n")
        elif tag in ("td", "th"):
            buf.append(" " + _text(child) + " ")
        else:
            buf.append(child.text_content() if tag else "")
        buf.append(child.tail or "")
    flush()
    return [line for line in out if line.strip()]


def _bold(el: Any) -> str:
    """``**text**`` for a short paragraph that is bold throughout; else empty."""
    text = _text(el)
    bold = "".join(b.text_content() for b in el.iter("strong", "b"))
    nested = any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants())
    if text and len(text) <= 60 and " ".join(bold.split()) == text and not nested:
        return f"**{text}**"
    return ""


def _take_date_line(lines: list[str], meta: dict[str, str]) -> list[str]:
    """The date line (``2024-03-05 10:00 来源：新华社``) near the top: its date and outlet go to the
    metadata and the line itself, the site's, is dropped; a date alone as the text types it
    (``2025年3月15日``, under the issuer) is the report's own and stays."""
    for i, line in enumerate(lines[:4]):
        if _DATE_LINE.match(line) and (m := _DATE.search(line)):
            meta.setdefault("date", f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
            if src := _SOURCE.search(line):
                meta.setdefault("outlet", src[1])
            return lines if _OWN_DATE.match(line.strip()) else lines[:i] + lines[i + 1 :]
    return lines
