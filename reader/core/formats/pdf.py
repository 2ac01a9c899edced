"""PDF (its text layer, read with pypdf) to paragraphs.

A PDF has lines, not paragraphs. Running heads and footers (a line repeated at the top or
bottom of most pages) and page numbers (``— 4 —``, ``- 4 -``, ``第4页``, ``4/12``) are dropped; then
a line that fills the measure runs on into the next one, across pages too, so a word split by a
page break is whole again, while a short line, or a full one ending a sentence before a numbered
heading, ends its paragraph (:func:`_runs_on`). The spaces extraction puts between Chinese characters (``2022 年``,
``相 比 ，``) are removed; spaces between Latin words are kept. A PDF without a text layer (a scan)
is refused with one line.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

from reader.core.errors import UserError
from reader.core.formats.decode import Decoded, decode

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_DASH = "-—–－"
_PAGE_NUMBER = re.compile(
    rf"^\s*(?:[{_DASH}]\s*\d+\s*[{_DASH}]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+|[{_DASH}]?\s*[ivxlc]+\s*[{_DASH}]?)\s*$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_DIGIT_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[\d%])|(?<=[\d%]) +(?=[{_CJK}])")
_NUM = "一二三四五六七八九十"
_HEADING = re.compile(rf"^(?:[{_NUM}]+、|（[{_NUM}]+）|第[{_NUM}百零\d]+[章节条部分编]|\d+[.、．]\D)")
_END = "。！？；：”」』）…"
_SENTENCE = re.compile("[。！？；]")


def pdf_to_text(data: bytes, name: str) -> Decoded:
    """The paragraphs of the PDF in ``data``; UserError if it cannot be read or has no text."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserError(f"{name}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise UserError(f"{name}: cannot read this PDF ({e})") from None
    if not any(p.strip() for p in pages):
        raise UserError(f"{name}: no text to read (a scanned PDF?); OCR it first")
    lines = [_tidy(line) for line in _strip_furniture([p.splitlines() for p in pages])]
    return decode("\n\n".join(_paragraphs([line for line in lines if line])).encode("utf-8") + b"\n", name)


def _tidy(line: str) -> str:
    line = " ".join(line.split())
    cjk_gaps = len(_CJK_GAP.findall(line))
    pairs = len(re.findall(rf"[{_CJK}] ?(?=[{_CJK}])", line))
    if cjk_gaps and cjk_gaps * 2 >= pairs:  # spaced out by the extraction, not by the author
        line = _CJK_GAP.sub("", line)
    return _DIGIT_GAP.sub("", line)


def _strip_furniture(pages: list[list[str]]) -> list[str]:
    """Every page's lines but page numbers and the lines repeated at the top or bottom of most pages."""
    pages = [[line for line in page if line.strip()] for page in pages]
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({_key(line) for line in page[:2] + page[-2:]})
    repeated = {k for k, n in edges.items() if len(pages) > 1 and n * 2 > len(pages)}
    out = []
    for page in pages:
        for i, line in enumerate(page):
            edge = i < 2 or i >= len(page) - 2
            if edge and (_PAGE_NUMBER.match(line) or _key(line) in repeated):
                continue
            out.append(line)
    return out


def _key(line: str) -> str:
    return _DIGITS.sub("#", "".join(line.split()))


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs: a line that fills the measure runs on into the next one."""
    widths = sorted(_width(line) for line in lines)
    measure = widths[max(0, int(len(widths) * 0.9) - 1)]
    paragraphs: list[str] = []
    previous = ""
    for line in lines:
        if previous and _runs_on(previous, line, measure):
            latin = previous[-1].isascii() and previous[-1].isalpha() and line[0].isascii() and line[0].isalpha()
            paragraphs[-1] += " " + line if latin else line
        else:
            paragraphs.append(line)
        previous = line
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
