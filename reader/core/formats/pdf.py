"""PDF (its text layer, read with pypdf) to paragraphs.

A PDF has lines, not paragraphs. Running heads and footers (a line repeated at the top or
bottom of most pages; on a one-page PDF, a top line in a smaller font than the one under it and
the text) and page numbers (``— 4 —``, ``- 4 -``, ``第4页``, ``4/12``) are dropped; then a line
that fills the measure runs on into the next one, across pages too, so a word split by a page break is whole
again, while a short line, or a full one ending a sentence before a numbered heading, ends its
paragraph (:func:`_runs_on`). Where the PDF sets blocks apart by vertical space, a line after such
space never runs on, and short lines with none between them (a title over two lines, a signature)
stay one block of lines. The spaces extraction puts between Chinese characters (``2022 年``,
``相 比 ，``) are removed; spaces between Latin words are kept. A PDF without a text layer (a scan)
is refused with one line.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reader.core.errors import UserError
from reader.core.formats.decode import Decoded, decode

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_DASH = "-—–－"
_PAGE_NUMBER = re.compile(
    rf"^\s*(?:[{_DASH}]\s*\d+\s*[{_DASH}]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+|[{_DASH}]?\s*[ivxlc]+\s*[{_DASH}]?)\s*$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_COLUMN_GAP = re.compile(r"\s{2,}")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_DIGIT_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[\d%])|(?<=[\d%]) +(?=[{_CJK}])")
_NUM = "一二三四五六七八九十"
_HEADING = re.compile(rf"^(?:[{_NUM}]+、|（[{_NUM}]+）|第[{_NUM}百零\d]+[章节条部分编]|\d+[.、．]\D)")
_END = "。！？；：”」』）…"
_SENTENCE = re.compile("[。！？；]")
_BLOCK_GAP = 1.5  # a step down the page this many times the line pitch sets a block apart
_SPACED = 0.6  # a PDF sets its paragraphs apart by space when this share of its breaks are space


@dataclass(slots=True)
class Line:
    """A line of a page: its text, the height of its baseline and its font size where pypdf
    tells them, and whether vertical space sets it apart from the line above."""

    text: str
    y: float | None = None
    size: float = 0.0
    gap: bool = False


def pdf_to_text(data: bytes, name: str) -> Decoded:
    """The paragraphs of the PDF in ``data``; UserError if it cannot be read or has no text."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserError(f"{name}: the PDF is password-protected")
        pages = [_page_lines(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise UserError(f"{name}: cannot read this PDF ({e})") from None
    if not any(line.text.strip() for page in pages for line in page):
        raise UserError(f"{name}: no text to read (a scanned PDF?); OCR it first")
    _mark_gaps(pages)
    lines = _strip_furniture(pages)
    for line in lines:
        line.text = _tidy(line.text)
    return decode("\n\n".join(_paragraphs([line for line in lines if line.text])).encode("utf-8") + b"\n", name)


def _page_lines(page: Any) -> list[Line]:
    """The page's lines as pypdf extracts them, each with the baseline and font size of its first
    piece of text; without them if the pieces do not add up to the extracted text."""
    lines: list[Line] = []
    text = ""
    where: tuple[float, float] | None = None

    def visit(piece: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        nonlocal text, where
        for k, part in enumerate(piece.split("\n")):
            if k:
                lines.append(Line(text, *(where or (None, 0.0))))
                text, where = "", None
            if part.strip() and where is None:
                where = (cm[1] * tm[4] + cm[3] * tm[5] + cm[5], size * abs(cm[3] or 1.0))
            text += part

    full = page.extract_text(visitor_text=visit) or ""
    lines.append(Line(text, *(where or (None, 0.0))))
    if "\n".join(line.text for line in lines) != full:
        return [Line(t) for t in full.splitlines()]
    return lines


def _mark_gaps(pages: list[list[Line]]) -> None:
    """Mark the lines that vertical space sets apart from the line above: a step down the page
    well over the line pitch (the smallest step that recurs)."""
    steps = Counter(
        round(a.y - b.y)
        for page in pages
        for a, b in zip(page, page[1:], strict=False)
        if a.y is not None and b.y is not None and a.text.strip() and b.text.strip() and a.y > b.y
    )
    if not steps:
        return
    pitch = min((step for step, n in steps.items() if n >= 2), default=min(steps))  # from line to line in a block
    for page in pages:
        above: Line | None = None
        for line in page:
            if not line.text.strip():
                continue
            if above and above.y is not None and line.y is not None and pitch > 0:
                line.gap = above.y - line.y > _BLOCK_GAP * pitch
            above = line


def _tidy(line: str) -> str:
    """The line without the spaces extraction put in; columns (runs of spaces) stay apart."""
    return "  ".join(_tidy_cell(cell) for cell in _COLUMN_GAP.split(line.strip()))


def _tidy_cell(line: str) -> str:
    line = " ".join(line.split())
    cjk_gaps = len(_CJK_GAP.findall(line))
    pairs = len(re.findall(rf"[{_CJK}] ?(?=[{_CJK}])", line))
    if cjk_gaps and cjk_gaps * 2 >= pairs:  # spaced out by the extraction, not by the author
        line = _CJK_GAP.sub("", line)
    return _DIGIT_GAP.sub("", line)


def _strip_furniture(pages: list[list[Line]]) -> list[Line]:
    """Every page's lines but page numbers and the lines repeated at the top or bottom of most pages
    (on a one-page PDF, a top line in a smaller font than the line under it)."""
    pages = [[line for line in page if line.text.strip()] for page in pages]
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({_key(line.text) for line in page[:2] + page[-2:]})
    repeated = {k for k, n in edges.items() if len(pages) > 1 and n * 2 > len(pages)}
    out: list[Line] = []
    for page in pages:
        kept = len(out)
        for i, line in enumerate(page):
            edge = i < 2 or i >= len(page) - 2
            if edge and (_PAGE_NUMBER.match(line.text) or _key(line.text) in repeated):
                continue
            if len(pages) == 1 and i == 0 and len(page) > 1 and 0 < line.size < min(page[1].size, _body_size(page)):
                continue  # a running head over the title of a one-page PDF (a kicker is set no smaller than the text)
            out.append(line)
        if len(out) > kept:
            out[kept].gap = False  # a page's first line may continue the last page's paragraph
    return out


def _body_size(page: list[Line]) -> float:
    """The font size most of the page's lines are set in."""
    return Counter(line.size for line in page).most_common(1)[0][0]


def _key(line: str) -> str:
    return _DIGITS.sub("#", "".join(line.split()))


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined into paragraphs: a line that fills the measure runs on into the next one unless
    vertical space sets it apart. Where the PDF sets its paragraphs apart so, the lines of a block that do
    not run on stay together, one a line."""
    widths = sorted(_width(line.text) for line in lines)
    measure = widths[max(0, int(len(widths) * 0.9) - 1)] if widths else 1
    breaks = [b.gap for a, b in zip(lines, lines[1:], strict=False) if b.gap or not _runs_on(a.text, b.text, measure)]
    spaced = sum(breaks) >= _SPACED * len(breaks) > 0  # most paragraph breaks are vertical space
    paragraphs: list[str] = []
    previous = ""
    for line in lines:
        text = line.text
        if previous and not line.gap and _runs_on(previous, text, measure):
            latin = previous[-1].isascii() and previous[-1].isalpha() and text[0].isascii() and text[0].isalpha()
            paragraphs[-1] += " " + text if latin else text
        elif previous and spaced and not line.gap:
            paragraphs[-1] += "\n" + text
        else:
            paragraphs.append(text)
        previous = text
    return paragraphs


def _runs_on(previous: str, line: str, measure: int) -> bool:
    """Whether ``line`` continues the paragraph whose last line was ``previous``: a line that ends a
    sentence runs on only if it fills the measure and what follows is no short title; one that does
    not, if it nearly does (Latin letters and digits make a full line look shorter than it is); never
    into a numbered heading."""
    fill = _width(previous) / measure
    if _HEADING.match(line) and (previous[-1] in _END or fill < 0.95):
        return False
    if _HEADING.match(previous) and not _SENTENCE.search(previous) and fill < 0.95:
        return False  # a heading line of its own, not a run-in heading that opens a paragraph
    if previous[-1] in _END and _width(line) < 0.5 * measure and line[-1] not in _END and not _SENTENCE.search(line):
        return False  # a full line ending a sentence, then a short title (地铁四号线)
    return fill >= (0.9 if previous[-1] in _END else 0.7)
