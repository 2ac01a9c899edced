"""Wrapping and line layout of the reading pane, without a terminal."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.core.layout import BLANK, HEADING, Block, Layout, blocks, wrap
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


# -- line breaking by the clreq / JIS X 4051 rules, checked by an independent reading of them ---------

CLOSING = set("%‰…—：；，。、！？）》」』】〕”’％:;,.!?)")
OPENING = set("（《「『【〔“‘(")


def _split_word(text: str, i: int) -> bool:
    """A break before ``text[i]`` would cut a Latin word or a number (4.5, 1,000)."""
    a, b = text[i - 1], text[i]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return True
    return a in ".," and i >= 2 and text[i - 2].isdigit() and b.isdigit()


def _forbidden(text: str, i: int) -> bool:
    return text[i] in CLOSING or text[i - 1] in OPENING or _split_word(text, i)


def _unavoidable(text: str, i: int, width: int) -> bool:
    """The run that cannot be broken around ``i`` is wider than a line."""
    left, right = i - 1, i + 1
    while left > 0 and _forbidden(text, left):
        left -= 1
    while right < len(text) and _forbidden(text, right):
        right += 1
    return cell_len(text[left:right]) > width


def _check(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(text[s:e] for s, e in lines) == text and all(s < e for s, e in lines if text)
    assert all(s == prev_end for (s, _), (_, prev_end) in zip(lines[1:], lines, strict=False))
    assert all(cell_len(text[s:e]) <= max(width, 2) for s, e in lines), width
    for s, _ in lines[1:]:
        assert not _forbidden(text, s) or _unavoidable(text, s, width), (width, text[s - 8 : s], text[s : s + 8])


def _seed_texts(library) -> list[str]:
    return [b.text for source in library.sources for b in blocks(source)]


def test_wrap_seeds_at_every_width_follows_the_rules(library):
    texts = _seed_texts(library)
    for width in range(20, 201):
        for text in texts:
            _check(text, width)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中文数据作风建设，。、；：！？）》」』】〕”’%‰…—（《「『【〔“‘0123456789.,abcXYZ -/", max_size=80),
       st.integers(1, 30))
def test_wrap_rules_hold_for_any_text(text, width):
    _check(text, width)


def test_wrap_the_cases_seen_at_80_columns(library):
    [text] = [p.text for p in library.get("000_19dd5644fb0830a9").paragraphs if "整改率达94.5%" in p.text]
    for width in range(20, 89):
        pieces = [text[s:e] for s, e in wrap(text, width)]
        assert any("94.5%" in p for p in pieces), width
        assert not any(p[0] in "》；”。%，" for p in pieces[1:]), width
        assert not any(p[-1] in "《“‘" for p in pieces[:-1]), width


@pytest.mark.parametrize(("text", "width"), [("——" * 40, 9), ("……" * 30 + "。", 7), ("《" * 30, 5),
                                             ("https://example.com/" + "a" * 200, 12), ("1" * 100 + "%", 10)])
def test_runs_wider_than_a_line_are_still_cut(text, width):
    lines = wrap(text, width)
    assert "".join(text[s:e] for s, e in lines) == text
    assert all(0 < cell_len(text[s:e]) <= width for s, e in lines)
    assert len(lines) <= cell_len(text) // (width - 3) + 1  # full lines, not one character each


def test_a_wrapped_line_is_as_full_as_the_rules_allow():
    text = "一二三四五六七八九十" * 5
    assert [e - s for s, e in wrap(text, 20)] == [10] * 5
    text = "为此，我们要“做到”。" * 4
    lines = wrap(text, 10)
    assert [text[s:e] for s, e in lines][:2] == ["为此，我们", "要“做到”。"]


# -- lazy layout ----------------------------------------------------------------------------------------


def _many_blocks(n: int) -> list[Block]:
    texts = ["一、短标题", "党的二十大强调，要把握作风建设地区性、行业性、阶段性特点。" * 3, "整改率达94.5%，同比增长12.3%。"]
    return [Block("body", texts[i % 3], i + 1, i // 3) for i in range(n)]


def _eager(blocks_: list[Block], width: int) -> list[tuple[int, int, int]]:
    lines: list[tuple[int, int, int]] = []
    for b, block in enumerate(blocks_):
        if b:
            lines.append(BLANK)
        lines += [(b, s, e) for s, e in wrap(block.text, width)]
    return lines


def test_a_short_source_is_wrapped_at_once(library):
    layout = Layout(blocks(library.sources[0]), 40)
    assert len(layout._wrapped) == len(layout.blocks)


def test_layout_wraps_only_what_is_looked_at():
    bs = _many_blocks(30_000)
    layout = Layout(bs, 40)
    assert len(layout) > 30_000  # an estimate before anything is wrapped
    y = layout.settle(layout.first_line[20_000], 24, 24)
    assert layout.block_at(y) == 20_000
    assert len(layout._wrapped) < 60
    eager = _eager(bs, 40)
    assert layout.line(y) == eager[eager.index((20_000, 0, wrap(bs[20_000].text, 40)[0][1]))]


def test_layout_lines_agree_with_an_eager_layout_once_wrapped():
    bs = _many_blocks(3_000)
    layout = Layout(bs, 24)
    for y in (9_000, 50, 4_000, 0, 100_000):  # jumps, in any order, before the rest is wrapped
        layout.settle(y, 10, 10)
    for b in range(len(bs)):
        layout.wrapped(b)
    eager = _eager(bs, 24)
    assert len(layout) == len(eager)
    assert [layout.line(y) for y in range(len(eager))] == eager


def test_settle_keeps_the_view_on_the_same_text():
    bs = _many_blocks(3_000)
    layout = Layout(bs, 30)
    target = layout.first_line[2_000] + 1
    before = layout.line(target)  # wraps block 2000 only
    y = layout.settle(target, 20, 60)  # wraps 60 lines above, which changes where block 2000 starts
    assert layout.line(y) == before
    assert all(b in layout._wrapped for b in range(layout.block_at(y - 60) + 1, 2_000))
