"""Anchors: made on a paragraph or a span, found again when the text changes."""

import hashlib

import pytest

from reader.core.anchors import CONTEXT, EXACT, FUZZY, MOVED, ORPHANED, make_anchor, reanchor
from reader.core.errors import UserError
from reader.core.model import Paragraph, Section, Source


def make_source(source_id: str, sections, title: str | None = None) -> Source:
    """A Source from ``[(title, level, [paragraph text, ...]), ...]``; sha256 of its text.

    Shared by the annotation tests (``from test_anchors import make_source``)."""
    built, n = [], 0
    for heading, level, texts in sections:
        paras = []
        for text in texts:
            n += 1
            paras.append(Paragraph(n, "body", text))
        built.append(Section(heading, level, tuple(paras)))
    digest = hashlib.sha256(repr(sections).encode()).hexdigest()
    return Source(source_id, f"/reports/{source_id}.txt", title or source_id, digest, tuple(built))


REPORT = [
    ("政府工作报告", 1, ["各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。"]),
    ("一、2023年工作回顾", 1, [
        "过去一年是全面贯彻党的二十大精神的开局之年。",
        "我们坚持稳中求进工作总基调，全面深化改革开放，推动高质量发展。",
        "国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。",
    ]),
    ("二、2024年工作任务", 1, ["大力推进现代化产业体系建设，加快发展新质生产力。"]),
]  # fmt: skip


def edited(sections, **changes):
    """REPORT with paragraphs replaced: ``changes`` maps "s<i>p<j>" to new text (None deletes)."""
    out = []
    for i, (title, level, texts) in enumerate(sections):
        new = []
        for j, text in enumerate(texts):
            text = changes.get(f"s{i}p{j}", text)
            if text is not None:
                new.append(text)
        out.append((title, level, new))
    return out


def span_of(source: Source, para: int, phrase: str, nth: int = 0) -> tuple[int, int]:
    text = source.paragraph(para).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def find(source, phrase) -> tuple[int, int, int]:
    for p in source.paragraphs:
        if phrase in p.text:
            i = p.text.index(phrase)
            return p.n, i, i + len(phrase)
    raise AssertionError(phrase)


# -- making anchors


def test_make_anchor_span_has_quote_and_context():
    src = make_source("r", REPORT)
    start, end = span_of(src, 4, "全面深化改革开放")
    a = make_anchor(src, 4, start, end)
    assert (a["para"], a["start"], a["end"]) == (4, start, end)
    assert a["quote"]["exact"] == "全面深化改革开放"
    assert a["quote"]["prefix"].endswith("我们坚持稳中求进工作总基调，")
    assert a["quote"]["suffix"] == "，推动高质量发展。\n国内生产总值超过126万亿元"
    assert len(a["quote"]["prefix"]) == len(a["quote"]["suffix"]) == CONTEXT
    assert "\n" in a["quote"]["prefix"]  # context runs on into the paragraph before


def test_make_anchor_whole_paragraph():
    src = make_source("r", REPORT)
    a = make_anchor(src, 1)
    assert (a["start"], a["end"], a["quote"]["exact"], a["quote"]["prefix"]) == (None, None, "各位代表：", "")
    assert a["quote"]["suffix"].startswith("\n现在，我代表国务院")


@pytest.mark.parametrize(
    "para, start, end", [(0, None, None), (7, None, None), (1, 0, 99), (1, 3, 3), (1, 4, 2), (1, 2, None)]
)
def test_make_anchor_rejects_what_is_not_there(para, start, end):
    with pytest.raises(UserError):
        make_anchor(make_source("r", REPORT), para, start, end)


# -- re-anchoring


def test_same_text_keeps_offsets():
    src = make_source("r", REPORT)
    a = make_anchor(src, 4, 2, 6)
    assert reanchor(a, src.sha256, src) == (a, EXACT)


def test_changed_elsewhere_but_quote_in_place_is_exact():
    old = make_source("r", REPORT)
    new = make_source("r", edited(REPORT, s2p0="大力推进现代化产业体系建设。"))
    a = make_anchor(old, 4, *span_of(old, 4, "稳中求进"))
    b, status = reanchor(a, old.sha256, new)
    assert status == EXACT and b == a


def test_paragraph_inserted_above_moves_the_anchor():
    old = make_source("r", REPORT)
    inserted = [REPORT[0], (REPORT[1][0], 1, ["新插入的一段。", *REPORT[1][2]]), REPORT[2]]
    new = make_source("r", inserted)
    a = make_anchor(old, 5, *span_of(old, 5, "增长5.2%"))
    b, status = reanchor(a, old.sha256, new)
    assert status == MOVED
    assert (b["para"], b["start"], b["end"]) == (6, a["start"], a["end"])
    assert new.paragraph(6).text[b["start"] : b["end"]] == "增长5.2%"


def test_words_inserted_before_the_quote_shift_its_offsets():
    old = make_source("r", REPORT)
    new = make_source(
        "r", edited(REPORT, s1p1="2023年，我们坚持稳中求进工作总基调，全面深化改革开放，推动高质量发展。")
    )
    a = make_anchor(old, 4, *span_of(old, 4, "全面深化改革开放"))
    b, status = reanchor(a, old.sha256, new)
    assert status == MOVED and b["para"] == 4 and b["start"] == a["start"] + 6
    assert b["quote"]["exact"] == "全面深化改革开放"


def test_typo_fixed_inside_the_quote_is_found_fuzzily():
    typo = edited(REPORT, s1p1="我们坚持稳中求进工作总基调，全面深化改革开方，推动高质量发展。")
    old = make_source("r", typo)
    new = make_source("r", REPORT)
    a = make_anchor(old, 4, *span_of(old, 4, "全面深化改革开方，推动高质量发展"))
    b, status = reanchor(a, old.sha256, new)
    assert status == FUZZY
    assert b["para"] == 4
    assert new.paragraph(4).text[b["start"] : b["end"]] == "全面深化改革开放，推动高质量发展"
    assert b["quote"]["exact"] == "全面深化改革开放，推动高质量发展"


def test_a_word_added_inside_the_quote_is_found_fuzzily():
    old = make_source("r", REPORT)
    new = make_source("r", edited(REPORT, s1p2="国内生产总值超过126万亿元，同比增长5.2%，增速居世界主要经济体前列。"))
    a = make_anchor(old, 5, *span_of(old, 5, "国内生产总值超过126万亿元，增长5.2%"))
    b, status = reanchor(a, old.sha256, new)
    assert status == FUZZY
    assert b["quote"]["exact"] == "国内生产总值超过126万亿元，同比增长5.2%"


def test_deleted_passage_is_orphaned_and_kept_as_it_was():
    old = make_source("r", REPORT)
    new = make_source("r", edited(REPORT, s1p2=None))
    a = make_anchor(old, 5, *span_of(old, 5, "增速居世界主要经济体前列"))
    assert reanchor(a, old.sha256, new) == (a, ORPHANED)


def test_short_quote_is_not_guessed():
    old = make_source("r", REPORT)
    new = make_source("r", edited(REPORT, s1p2="国内生产总值增长5.3%。"))
    a = make_anchor(old, 5, *span_of(old, 5, "5.2%"))
    assert reanchor(a, old.sha256, new)[1] == ORPHANED


REPEATS = [
    ("报告", 1, [
        "第一，要坚持党的全面领导，这是根本保证。",
        "第二，要坚持以人民为中心，这是根本立场。",
        "第三，要坚持党的全面领导，这是政治要求。",
    ]),
]  # fmt: skip


def test_repeats_are_told_apart_by_their_context_before_nearness():
    old = make_source("r", REPEATS)
    start, end = span_of(old, 3, "坚持党的全面领导")
    a = make_anchor(old, 3, start, end)
    # Two paragraphs inserted above: the first occurrence now sits where the quote was (para 3).
    new = make_source("r", [("报告", 1, ["新增一。", "新增二。", *REPEATS[0][2]])])
    b, status = reanchor(a, old.sha256, new)
    assert status == MOVED and b["para"] == 5
    assert new.paragraph(5).text.startswith("第三")


def test_repeats_with_the_same_context_go_to_the_nearest():
    texts = ["引言。", "同样的一句话。", "中间。", "同样的一句话。", "结尾。"]
    old = make_source("r", [("报告", 1, texts)])
    # Whole-paragraph anchors on the two repeats; the text around them differs only beyond the neighbours.
    first, second = make_anchor(old, 2), make_anchor(old, 4)
    new = make_source("r", [("报告", 1, ["新增。", *texts])])
    assert reanchor(first, old.sha256, new)[0]["para"] == 3
    assert reanchor(second, old.sha256, new)[0]["para"] == 5


def test_repeated_whole_paragraphs_are_told_apart_by_their_neighbours():
    texts = ["甲版文章开头。", "（下转A6版）", "乙版文章开头。", "（下转A6版）", "丙版文章开头。"]
    old = make_source("r", [("报告", 1, texts)])
    a = make_anchor(old, 4)  # the second marker, after 乙
    # Paragraphs added to 甲's article: the first marker now sits where the second was.
    new = make_source("r", [("报告", 1, ["甲版文章开头。", "甲二。", "甲三。", *texts[1:]])])
    assert new.paragraph(4).text == "（下转A6版）"
    b, status = reanchor(a, old.sha256, new)
    assert (b["para"], status) == (6, MOVED)


def test_whole_paragraph_with_a_typo_fixed_is_found_fuzzily():
    old = make_source("r", edited(REPORT, s1p0="过去一年是全面贯彻党的二十达精神的开局之年。"))
    new = make_source("r", REPORT)
    b, status = reanchor(make_anchor(old, 3), old.sha256, new)
    assert (b["para"], b["start"], status) == (3, None, FUZZY)
    assert b["quote"]["exact"] == new.paragraph(3).text


def test_every_span_of_an_unchanged_text_is_found_exactly():
    """A new sha256 with the same paragraphs (e.g. only blank lines changed): nothing moves."""
    old = make_source("r", REPEATS)
    new = make_source("r", REPEATS, title="same text, other hash")
    new = Source(new.id, new.path, new.title, "0" * 64, new.sections)
    for p in old.paragraphs:
        for start in range(0, len(p.text), 3):
            for end in range(start + 1, len(p.text) + 1, 4):
                a = make_anchor(old, p.n, start, end)
                assert reanchor(a, old.sha256, new) == (a, EXACT), (p.n, start, end)
