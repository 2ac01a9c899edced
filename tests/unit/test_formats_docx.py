"""Word documents: paragraphs, headings by style, outline level or direct formatting, numbering."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import UserError
from reader.core.formats import to_text
from reader.core.library import load_source

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def test_a_government_docx_reads_with_its_headings_and_numbers():
    path = FORMATS / "report.docx"
    text = to_text(path.read_bytes(), path).text
    lines = text.splitlines()
    assert lines[0] == "# 某某市人民政府关于印发2024年重点工作的通知"  # centred bold: the title
    assert "## 一、总体要求" in lines  # heading style
    assert "## 二、重点任务" in lines  # outline level in a Normal paragraph
    assert "## 三、保障措施" in lines  # bold direct formatting
    assert "1. 推动经济高质量发展。" in lines and "2. 保障和改善民生。" in lines  # automatic numbering as text
    assert "（三）加强生态环境保护。" in lines and "2024年2月20日" in lines
    source = load_source(path)
    assert source.title == "某某市人民政府关于印发2024年重点工作的通知"
    assert [s.title for s in source.sections if s.level == 2] == ["一、总体要求", "二、重点任务", "三、保障措施"]


def test_a_word_97_doc_is_refused_with_a_hint():
    with pytest.raises(UserError, match=r"old\.doc: an old Word \.doc file; .*save it as \.docx$"):
        to_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Path("old.doc"))


def test_a_damaged_docx_is_refused_in_one_line():
    with pytest.raises(UserError, match=r"bad\.docx: cannot read this Word file"):
        to_text(b"PK\x03\x04 not really a zip", Path("bad.docx"))


def test_heading_levels_start_under_the_title_whatever_style_level_the_author_used(tmp_path):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("2024年区政府工作报告").font.size = Pt(22)  # large, not bold
    doc.add_heading("一、2023年工作回顾", 2)
    doc.add_paragraph("过去一年，全区地区生产总值增长6%。")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "地区生产总值", "6%"
    doc.add_heading("二、2024年主要任务", 2)
    path = tmp_path / "district.docx"
    doc.save(str(path))
    assert to_text(path.read_bytes(), path).text.splitlines()[::2] == [
        "# 2024年区政府工作报告", "## 一、2023年工作回顾", "过去一年，全区地区生产总值增长6%。", "地区生产总值  6%", "## 二、2024年主要任务"]
