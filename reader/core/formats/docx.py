"""Word .docx (python-docx) to text with Markdown headings.

Paragraphs and table rows in document order. A heading is what Word or the author marked as one:
a heading style (``Heading 2``, ``标题 2``), an outline level on the paragraph or its style, or, as
government documents are usually typed, direct formatting: a short paragraph that is bold
throughout, or centred in bold or a large size (the first such one is the title); ``一、`` and
``第一章`` headings are a level above the others, as the numbering says. Automatic
numbering is written out as text (``1.``, ``（一）``) so no number is lost.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from typing import Any

from reader.core.errors import UserError
from reader.core.formats.decode import Decoded, decode

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_CHINESE = "零一二三四五六七八九十"
_SENTENCE_END = "。；;！？"
_TOP = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+[章编部分])")


def docx_to_text(data: bytes, name: str) -> Decoded:
    """The paragraphs of the Word document in ``data``; UserError if it is not one."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise UserError(f"{name}: cannot read this Word file ({e})") from None
    numbering = _Numbering(document)
    blocks: list[tuple[int | None, str]] = []  # (outline level or None, text)
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p" and (found := _paragraph(Paragraph(block, document), numbering, not blocks)):
            blocks.append(found)
        elif tag == "tbl":
            table = Table(block, document)
            blocks += [(None, "  ".join(dict.fromkeys(c.text.strip() for c in row.cells))) for row in table.rows]
    top = min((level for level, _ in blocks if level is not None and level >= 0), default=0)
    lines = [
        text if level is None else f"{'#' * (1 if level < 0 else min(level - top + 2, 5))} {text}"
        for level, text in blocks
        if text.strip()
    ]
    text = "\n\n".join(lines)
    return decode(text.encode("utf-8") + b"\n", name)


def _paragraph(p: Any, numbering: _Numbering, first: bool) -> tuple[int | None, str] | None:
    """(heading level, text): -1 for the title, 0 for a top heading, None for a paragraph (whose
    line breaks are kept: the parser joins them or not, as in a text file)."""
    lines = [" ".join(line.split()) for line in p.text.replace("\v", "\n").split("\n")]
    text = " ".join(filter(None, lines))
    if not text:
        return None
    label = numbering.label(p)
    text = label + text
    level = _outline_level(p)
    if level is not None:
        return level, text
    if len(text) > 60 or text[-1] in _SENTENCE_END or len(lines) > 1:
        return None, label + "\n".join(filter(None, lines))  # its line breaks kept
    centred = p.alignment is not None and int(p.alignment) == 1  # WD_ALIGN_PARAGRAPH.CENTER
    if first and centred and (_all_bold(p) or _large(p)):
        return -1, text
    if _all_bold(p) or (centred and _large(p)):
        return (0 if _TOP.match(text) else 1), text
    return None, text


def _outline_level(p: Any) -> int | None:
    """0 for a top heading (-1 for the Title style), by heading style or an outline level
    (paragraph, then style chain)."""
    style = p.style
    while style is not None:
        if style.name == "Title":
            return -1
        if m := _HEADING_STYLE.match(style.name or ""):
            return int(m[1]) - 1
        style = style.base_style
    for element in [p._p, *_style_elements(p.style)]:
        found = element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if found and int(found[0]) < 9:  # 9 is "body text"
            return int(found[0])
    return None


def _style_elements(style: Any) -> list[Any]:
    out = []
    while style is not None:
        out.append(style.element)
        style = style.base_style
    return out


def _all_bold(p: Any) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    style_bold = bool(p.style is not None and p.style.font.bold)
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def _large(p: Any) -> bool:
    sizes = [r.font.size.pt for r in p.runs if r.text.strip() and r.font.size is not None]
    return bool(sizes) and min(sizes) >= 16


class _Numbering:
    """Automatic list numbers, counted as Word counts them (per list and level)."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str]] = {}
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(_w("abstractNumId")): a for a in root.iterchildren(_w("abstractNum"))}
        for num in root.iterchildren(_w("num")):
            ref = num.find(_w("abstractNumId"))
            definition = abstract.get(ref.get(_w("val")) if ref is not None else None)
            for lvl in definition.iterchildren(_w("lvl")) if definition is not None else ():
                fmt, text = lvl.find(_w("numFmt")), lvl.find(_w("lvlText"))
                key = (num.get(_w("numId")), int(lvl.get(_w("ilvl"))))
                self.formats[key] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    text.get(_w("val")) if text is not None else "",
                )

    def label(self, p: Any) -> str:
        """The paragraph's list number as text (with a space after it), or ""."""
        num_id, ilvl = self._numbering_of(p)
        if num_id is None or (num_id, ilvl) not in self.formats:
            return ""
        counts = self.counts[num_id]
        counts[ilvl] += 1
        counts[ilvl + 1 :] = [0] * (8 - ilvl)
        fmt, template = self.formats[(num_id, ilvl)]
        label = re.sub(r"%(\d)", lambda m: _format(counts[int(m[1]) - 1], fmt), template)
        return f"{label} " if label and fmt != "bullet" else ""

    @staticmethod
    def _numbering_of(p: Any) -> tuple[str | None, int]:
        for element in [p._p, *_style_elements(p.style)]:
            num = element.find(f"{_w('pPr')}/{_w('numPr')}")
            if num is not None and (num_id := num.find(_w("numId"))) is not None:
                ilvl = num.find(_w("ilvl"))
                return num_id.get(_w("val")), int(ilvl.get(_w("val"))) if ilvl is not None else 0
        return None, 0


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwaneseCounting")):
        return _chinese(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


def _chinese(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十三)."""
    if n < 11:
        return _CHINESE[n]
    tens, ones = divmod(n, 10)
    return (_CHINESE[tens] if tens > 1 else "") + "十" + (_CHINESE[ones] if ones else "")
