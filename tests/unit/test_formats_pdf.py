"""PDF text layers: furniture dropped, lines rejoined, extraction spaces removed; scans refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import UserError
from reader.core.formats import to_text
from reader.core.formats.pdf import Line, _paragraphs, _strip_furniture, _tidy
from reader.core.library import load_source
from reader.core.model import LEAD

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def test_a_report_pdf_reads_as_its_paragraphs():
    path = FORMATS / "report.pdf"
    text = to_text(path.read_bytes(), path).text
    assert "2024年国务院政府工作报告" not in text and "—" not in text.replace("——2024", "")
    assert "稳中求进工作总基调" in text  # split across pages 1 and 2
    assert "发展新质生产力。" in text  # a word split across lines
    assert "GDP growth rate ranks among" in text  # Latin spaces kept
    assert "与2022年相比，粮食产量再创新高。" in text  # extraction spaces removed
    source = load_source(path)
    assert source.title == "政府工作报告"
    headings = [s.title for s in source.sections]
    for h in ["一、2023年工作回顾", "二、2024年经济社会发展总体要求和政策取向", "三、2024年政府工作任务"]:
        assert h in headings


def test_a_scan_is_refused_in_one_line():
    path = FORMATS / "scan.pdf"
    with pytest.raises(UserError, match=r"scan\.pdf: no text to read .*OCR it first$"):
        to_text(path.read_bytes(), path)


def test_a_damaged_pdf_is_refused_in_one_line(tmp_path):
    path = tmp_path / "bad.pdf"
    with pytest.raises(UserError, match=r"bad\.pdf: (cannot read this PDF|no text to read)"):
        to_text(b"%PDF-1.4\n1 0 obj garbage", path)


@pytest.mark.parametrize(
    ("line", "tidy"),
    [("2022 年 国 内 生 产 总 值", "2022年国内生产总值"), ("增长 5.2% ，", "增长5.2%，"), ("国务院总理 李强", "国务院总理 李强"),
     ("the Belt and Road 倡议", "the Belt and Road 倡议")],
)
def test_extraction_spaces(line, tidy):
    assert _tidy(line) == tidy


def test_running_heads_and_page_numbers_go():
    body = ["甲乙丙丁。", "戊己庚辛。", "壬癸子丑。", "寅卯辰巳。"]
    pages = [["某某市人民政府公报 2024年第3期", *body[n:], *body[:n], f"— {n} —"] for n in range(1, 4)]
    pages.append(["某某市人民政府公报 2024年第3期", "最后一页。", "第 4 页 共 4 页"])
    assert [line.text for line in _strip_furniture([[Line(t) for t in page] for page in pages])] == [*body[1:], *body[:1], *body[2:], *body[:2], *body[3:], *body[:3], "最后一页。"]


def test_short_lines_end_paragraphs_and_headings_stand_alone():
    full = "这是一行排满版心的文字，一共有二十个汉字左右的长度啊"
    lines = ["一、总体要求", full, "续行。", full[:-1] + "。", "（一）下一项", full, full]
    assert _paragraphs([Line(t) for t in lines]) == ["一、总体要求", full + "续行。", full[:-1] + "。", "（一）下一项", full + full]


def test_a_run_in_heading_line_and_a_split_number_run_on():
    full = "（一）宏观经济运行回升向好。国内生产总值达到126"
    lines = [full, ".06万亿元，增长5.2%。", "综合考虑各方面因素，2024年目标是：城镇新增就业12", "00万人以上。"]
    assert _paragraphs([Line(t) for t in lines]) == [
        full + ".06万亿元，增长5.2%。", "综合考虑各方面因素，2024年目标是：城镇新增就业1200万人以上。"]


def _one_page(rows: list[tuple[str, int, int]], head: str = "某某区人民政府公报") -> bytes:
    """A one-page PDF: (text, font size, blank lines before it) per line, under a running ``head``."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.setFont("STSong-Light", 9)
    c.drawString(60, 800, head)
    y = 760
    for text, size, blanks in rows:
        y -= 22 * blanks
        c.setFont("STSong-Light", size)
        c.drawString(60, y, text)
        y -= 22
    c.showPage()
    c.save()
    return out.getvalue()


def test_a_one_page_pdf_spaced_in_blocks_keeps_its_title_and_table(tmp_path):
    body = "全区经济运行稳中向好，地区生产总值比上年增长百分之六。"
    rows = [("中共某某区委第五届委员会", 14, 0), ("第七次全体会议公报", 14, 0), (body, 14, 1), ("一、综合", 14, 1), (body, 14, 1)]
    rows += [("指标　　数值　　增长", 14, 1), ("地区生产总值　　812.5　　6.1", 14, 0), ("第一产业　　21.3　　3.2", 14, 0), (body, 14, 1)]
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(_one_page(rows))
    source = load_source(path)
    assert [s.title for s in source.sections if not s.synthetic] == ["中共某某区委第五届委员会 第七次全体会议公报", "一、综合"]
    assert not [p for p in source.paragraphs if "公报" in p.text]  # the running head is gone
    assert [p.text for p in source.paragraphs if "产业" in p.text or "总值 8" in p.text] == [
        "地区生产总值 812.5 6.1",
        "第一产业 21.3 3.2",
    ]


def test_a_kicker_over_the_title_of_a_one_page_pdf_stays(tmp_path):
    body = "全区经济运行稳中向好，地区生产总值比上年增长百分之六。"
    path = tmp_path / "page.pdf"
    path.write_bytes(_one_page([("长假第三天——", 14, 0), ("坚守一线的人们", 20, 0), (body, 14, 1), (body, 14, 1)], head=""))
    source = load_source(path)
    assert source.title == "坚守一线的人们" and [p.kind for p in source.paragraphs if "长假第三天" in p.text] == [LEAD]
