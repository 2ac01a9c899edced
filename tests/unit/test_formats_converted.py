"""The held-out synthetic reports (written before their rules) converted to a saved web page, a Word file and a PDF (made here,
as a reader would get them) keep the structure a careful reader sees in the .txt.
``python tests/unit/test_formats_converted.py [-v]`` prints the score per format."""

from __future__ import annotations

import html
import io
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_parse_reports import EXPECTED, checks  # noqa: E402

from reader.core.formats import to_text  # noqa: E402
from reader.core.parse import parse_text  # noqa: E402

FOLDERS = [Path(__file__).parents[1] / "fixtures" / "parse" / name for name in ("heldout3", "heldout4", "heldout5")]
REPORTS = sorted(p for p in EXPECTED if p.parent in FOLDERS and p.suffix == ".txt")
WRAP = 32  # characters per PDF line
LINES_PER_PAGE = 30


def blocks(path: Path) -> list[list[str]]:
    """The report's blank-line-separated blocks, each a list of its lines."""
    text = path.read_text("utf-8")
    return [[line.strip() for line in b.split("\n") if line.strip()] for b in text.split("\n\n") if b.strip()]


def as_html(path: Path) -> bytes:
    """A saved government page: navigation, a breadcrumb, share links, the article (its lines and
    indents as typed), a footer."""
    text = path.read_text("utf-8")
    raw = [[line.rstrip() for line in b.split("\n") if line.strip()] for b in text.split("\n\n") if b.strip()]
    body = "".join("<p>" + "<br>".join(_indented(line) for line in b) + "</p>\n" for b in raw)
    page = (
        f"<html><head><meta charset='utf-8'><title>{html.escape(EXPECTED[path]['title'])}_某某市人民政府</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/xw'>新闻中心</a> <a href='/zc'>政策文件</a></div>"
        "<div class='breadcrumb'>当前位置：首页 > 新闻中心 > 要闻动态</div>"
        f"<div class='article'><div class='share'>【字号：大 中 小】 打印 分享到：</div>{body}</div>"
        "<div class='related'><a href='/a'>相关新闻一则</a><a href='/b'>相关新闻二则</a></div>"
        "<div class='footer'>主办单位：某某市人民政府办公室 京ICP备12345678号</div></body></html>"
    )
    return page.encode("utf-8")


def _indented(line: str) -> str:
    """A line as a page types it: its indent in non-breaking spaces."""
    text = line.lstrip(" ")
    return "&nbsp;" * (len(line) - len(text)) + html.escape(text)


def as_docx(path: Path) -> bytes:
    """A Word file: a paragraph per block, its lines as line breaks."""
    from docx import Document

    doc = Document()
    for b in blocks(path):
        doc.add_paragraph("\n".join(b))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def as_pdf(path: Path) -> bytes:
    """A PDF: lines wrapped at WRAP characters, a blank line between blocks, a running head and page
    numbers (— N —) on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines: list[str] = []
    for b in blocks(path):
        for line in b:
            lines += [line[i : i + WRAP] for i in range(0, len(line), WRAP)]
        lines.append("")
    out = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    for n, start in enumerate(range(0, len(lines), LINES_PER_PAGE), start=1):
        c.setFont("STSong-Light", 9)
        c.drawCentredString(width / 2, height - 40, "某某市人民政府公报")
        c.setFont("STSong-Light", 14)
        for k, line in enumerate(lines[start : start + LINES_PER_PAGE]):
            if line:
                c.drawString(60, height - 80 - 22 * k, line)
        c.setFont("STSong-Light", 11)
        c.drawCentredString(width / 2, 40, f"— {n} —")
        c.showPage()
    c.save()
    return out.getvalue()


FORMATS = {".html": as_html, ".docx": as_docx, ".pdf": as_pdf}


def failures(path: Path, suffix: str) -> list[tuple[str, str, bool]]:
    data = FORMATS[suffix](path)
    text = to_text(data, path.with_suffix(suffix)).text
    return checks(path, parse_text(text, source_id="x", path=str(path.with_suffix(suffix))))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_a_word_file_reads_as_its_text(path):
    assert [(cat, key) for cat, key, ok in failures(path, ".docx") if not ok] == []


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_a_saved_page_reads_as_its_text(path):
    assert [(cat, key) for cat, key, ok in failures(path, ".html") if not ok] == []


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_a_pdf_reads_as_its_text(path):
    """Lines, running heads and page numbers on every page, blank lines as vertical space."""
    assert [(cat, key) for cat, key, ok in failures(path, ".pdf") if not ok] == []


def main() -> None:
    for suffix in FORMATS:
        total: Counter[str] = Counter()
        good: Counter[str] = Counter()
        for path in REPORTS:
            for cat, key, ok in failures(path, suffix):
                total[cat] += 1
                good[cat] += ok
                if not ok and "-v" in sys.argv:
                    print(f"FAIL {suffix} {path.name} {cat}: {key}")
        print(suffix, " · ".join(f"{cat} {good[cat]}/{total[cat]}" for cat in total))
        print(f"  all {sum(good.values())}/{sum(total.values())}")


if __name__ == "__main__":
    main()
