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
