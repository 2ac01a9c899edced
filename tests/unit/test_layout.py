"""Wrapping and line layout of the reading pane, without a terminal."""

from rich.cells import cell_len

from reader.core.layout import BLANK, HEADING, Layout, blocks, wrap
from reader.core.model import Paragraph, Section, Source


def _covers(text: str, lines: list[tuple[int, int]]) -> bool:
    return "".join(text[s:e] for s, e in lines) == text and all(s < e for s, e in lines)


def test_wrap_cjk_fills_width_without_loss():
    text = "党的二十大强调要把握作风建设地区性行业性阶段性特点" * 3
    lines = wrap(text, 20)
    assert _covers(text, lines)
    assert all(cell_len(text[s:e]) <= 20 for s, e in lines)
    assert cell_len(text[lines[0][0] : lines[0][1]]) == 20


def test_wrap_odd_width_never_splits_a_wide_character():
    text = "南通" * 30
    lines = wrap(text, 11)
    assert _covers(text, lines)
    assert all(cell_len(text[s:e]) == 10 for s, e in lines[:-1])


def test_wrap_keeps_closing_punctuation_off_line_starts():
    text = "一二三四五，六七八九十。" * 4
    for width in range(6, 30):
        lines = wrap(text, width)
        assert _covers(text, lines)
        assert all(text[s] not in "，。" for s, _ in lines[1:]), width


def test_wrap_keeps_latin_words_whole():
    text = "全市推进ERP系统上线和12345热线"
    lines = wrap(text, 10)
    assert _covers(text, lines)
    pieces = [text[s:e] for s, e in lines]
    assert any("12345" in p for p in pieces)
    assert any("ERP" in p for p in pieces)


def test_wrap_empty_and_tiny_width():
    assert wrap("", 10) == [(0, 0)]
    assert _covers("南通市", wrap("南通市", 1))


def _source() -> Source:
    p = [Paragraph(1, "body", "正文一。"), Paragraph(2, "byline", "本报记者 某某"), Paragraph(3, "comment", "<!-- x -->"),
         Paragraph(4, "body", "4月9日,召开会议。")]
    return Source("s", "s.txt", "标题", "0", (
        Section("标题", 1, (p[0], p[1])),
        Section("一、总体情况", 2, (p[2],)),
        Section("（一）思想上入心入脑。", 3, (p[3],), run_in=True),
    ))


def test_blocks_headings_hidden_paragraphs_and_run_in():
    bs = blocks(_source())
    assert [(b.kind, b.para) for b in bs] == [(HEADING, 0), ("body", 1), ("byline", 2), (HEADING, 0), ("body", 4)]
    run_in = bs[-1]
    assert run_in.text == "（一）思想上入心入脑。4月9日,召开会议。"
    assert run_in.text[run_in.head:] == "4月9日,召开会议。"


def test_synthetic_lead_title_is_not_shown():
    lead = Section("r", 1, (Paragraph(1, "body", "正文。"),), synthetic=True)
    source = Source("r", "r.txt", "r", "0", (lead, Section("真标题", 1, (Paragraph(2, "body", "二。"),))))
    assert [(b.kind, b.text) for b in blocks(source)] == [("body", "正文。"), (HEADING, "真标题"), ("body", "二。")]


def test_layout_maps_lines_to_blocks_and_back():
    bs = blocks(_source())
    layout = Layout(bs, 8)
    for b in range(len(bs)):
        for y in layout.block_lines(b):
            assert layout.line(y)[0] == b
            assert layout.block_at(y) == b
    assert layout.block_of_para(3) is None  # a hidden comment
    assert bs[layout.block_of_para(4)].para == 4
    blanks = [y for y in range(len(layout)) if layout.line(y) == BLANK]
    assert len(blanks) == len(bs) - 1
