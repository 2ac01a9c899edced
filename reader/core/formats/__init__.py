"""Report files to the text the parser reads: plain text in any usual encoding, HTML, PDF, Word.

Each converter turns its format into plain text with Markdown cues the parser already knows
(``#`` headings, YAML front matter for title, date and outlet), made terminal-safe. The heavy
libraries (lxml, pypdf, python-docx, charset-normalizer) are imported only when a file needs them,
so opening the reader on .txt files never pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import UserError

if TYPE_CHECKING:
    from reader.core.formats.decode import Decoded

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc")

__all__ = ["SUFFIXES", "to_text"]


def to_text(data: bytes, path: Path) -> Decoded:
    """The text of the report in ``data`` (read from ``path``, whose suffix says the format). The
    converters are imported when a file needs one: a command that reads only the catalog, none."""
    suffix, name = path.suffix.lower(), str(path)
    if suffix in (".html", ".htm"):
        from reader.core.formats.html import html_to_text

        return html_to_text(data, name)
    if suffix == ".pdf":
        from reader.core.formats.pdf import pdf_to_text

        return pdf_to_text(data, name)
    if suffix == ".docx":
        from reader.core.formats.docx import docx_to_text

        return docx_to_text(data, name)
    if suffix == ".doc":
        raise UserError(f"{name}: an old Word .doc file; open it in Word or LibreOffice and save it as .docx")
    from reader.core.formats.decode import decode

    return decode(data, name)
