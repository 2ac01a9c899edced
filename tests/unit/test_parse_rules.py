"""Synthetic examples, several per rule, for reports the parser was not tuned on: bylines and
credits, joins, list items, the title and its front block, dates."""

from __future__ import annotations

import pytest

from reader.core.model import BODY, BYLINE, CAPTION, Source
from reader.core.parse import parse_text

BODY_1 = "连日来，全区各地抢抓农时，组织群众开展春耕生产，田间地头一派繁忙景象。"
BODY_2 = "据介绍，今年全区计划新建高标准农田三万亩，目前已完成年度任务的百分之六十。"


def parse(text: str) -> Source:
    return parse_text(text, source_id="t")


def heads(source: Source) -> list[str]:
    return [s.title for s in source.sections if not s.synthetic]


def kind_of(source: Source, text: str) -> str:
    kinds = [p.kind for p in source.paragraphs if text in p.text]
    assert len(kinds) == 1, f"{text!r} is in {len(kinds)} paragraphs"
    return kinds[0]


# --- bylines and credits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["王 芳  李建国", "王\u3000芳\u3000\u3000李建国", "赵子明\u00a0\u00a0孙 丽", "林晓燕 赵子明 周 强", "欧阳明 钱 进"]
)
def test_bylines_without_a_cue_word(line):
    src = parse(f"春耕生产忙\n\n{line}\n\n{BODY_1}\n\n{BODY_2}")
    assert kind_of(src, line.replace("\u3000", " ").split()[-1]) == BYLINE
    assert heads(src) == ["春耕生产忙"]


@pytest.mark.parametrize("line", ["前 言", "两会 观察", "改革 创新", "结 束 语"])
def test_spaced_short_headings_are_not_bylines(line):
    src = parse(f"{BODY_1}\n\n{line}\n\n{BODY_2}")
    assert heads(src) == [line]


@pytest.mark.parametrize(
    "line",
    ["版式设计：王小明", "文字：刘佳 摄影：陈晨", "制图/李 强", "图为村民在田间插秧。\u3000张\u00a0伟\u3000摄", "新华社发", "视觉中国",
     "——编\u3000者", "——编辑部"],
)
def test_credit_lines_and_sign_offs_are_furniture(line):
    src = parse(f"春耕生产忙\n\n{BODY_1}\n\n{line}\n\n{BODY_2}")
    assert heads(src) == ["春耕生产忙"]
    assert [p.kind for p in src.paragraphs if p.text not in (BODY_1, BODY_2)][0] in (BYLINE, CAPTION)


def test_lines_of_ideographic_spaces_only_are_blank():
    src = parse(f"春耕生产忙\n\u3000\u3000\u3000\n{BODY_1}\n\u3000\n{BODY_2}")
    assert [p.text for p in src.paragraphs] == [BODY_1, BODY_2]
    assert kind_of(src, BODY_1) == BODY


# --- joins -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["<!--more-->", "<!-- more -->", "<!--MORE-->"])
def test_a_read_more_mark_is_dropped_and_the_paragraph_joined(mark):
    src = parse(f"{BODY_1}\n\n据介绍，今年全区计划新建高标准农田三万亩，目前\n\n{mark}\n\n已完成年度任务的百分之六十。")
    assert [p.text for p in src.paragraphs] == [BODY_1, BODY_2]


def test_a_read_more_mark_between_whole_paragraphs_is_dropped():
    src = parse(f"{BODY_1}\n\n<!--more-->\n\n{BODY_2}")
    assert [p.text for p in src.paragraphs] == [BODY_1, BODY_2]


@pytest.mark.parametrize("fragment", ["**会议强调，**", "**与会专家认为，**", "**他说，**"])
def test_a_bold_fragment_continued_after_a_comma_is_joined(fragment):
    src = parse(f"{BODY_1}\n\n{fragment}\n\n要坚持问题导向，推动各项工作落地见效。")
    assert len(src.paragraphs) == 2 and heads(src) == []


@pytest.mark.parametrize(
    ("cut", "rest"),
    [("（二）坚持不懈用", "新时代党的创新理论凝心铸魂。"), ("一、着力推动", "产业转型升级。"), ("（三）大力实施创新驱动发展战略，加快建设", "科技强区。")],
)
def test_a_numbered_heading_cut_mid_phrase_is_joined_before_it_is_judged(cut, rest):
    src = parse(f"{BODY_1}\n\n{cut}\n\n\n\n{rest}{BODY_2}")
    assert heads(src) == [cut + rest]
    assert src.sections[-1].run_in and src.sections[-1].paragraphs[0].text == BODY_2


@pytest.mark.parametrize("heading", ["（一）主要目标", "二、保障措施", "（三）加强组织领导"])
def test_a_whole_numbered_heading_is_not_joined(heading):
    src = parse(f"{BODY_1}\n\n{heading}\n\n{BODY_2}")
    assert heads(src) == [heading]


@pytest.mark.parametrize(
    ("subject", "verb"),
    [("**北方大学经济学院院长李明远**", "指出，"), ("东海财经大学研究中心主任张慧", "认为，"), ("**市社科院研究员 王 强**", "表示：")],
)
def test_a_subject_line_joins_the_paragraph_that_opens_on_its_verb(subject, verb):
    src = parse(f"**李明远：数据要素是关键**\n\n{subject}\n\n{verb}{BODY_1}")
    assert heads(src) == ["李明远：数据要素是关键"]
    assert len(src.paragraphs) == 1 and src.paragraphs[0].text.endswith(verb + BODY_1)
    assert "**" not in src.paragraphs[0].text


@pytest.mark.parametrize("opening", ["“爱国奋斗", "《关于进一步加强", "（含托管"])
def test_a_paragraph_split_inside_quotes_or_brackets_is_joined(opening):
    closing = {"“": "公能日新”", "《": "作风建设的意见》", "（": "园区）"}[opening[0]]
    src = parse(f"{BODY_1}\n\n学校实施{opening}\n\n{closing}主题教育。")
    assert len(src.paragraphs) == 2
