"""Pages of several stories, titles over several lines, a decree over its regulation: synthetic
examples, several per rule."""

from __future__ import annotations

import pytest

from reader.core.model import LEAD, MARKER, META, Source
from reader.core.parse import parse_text

BODY_1 = "连日来，全区各地抢抓农时，组织群众开展春耕生产，田间地头一派繁忙景象。"
BODY_2 = "据介绍，今年全区计划新建高标准农田三万亩，目前已完成年度任务的百分之六十。"


def parse(text: str) -> Source:
    return parse_text(text, source_id="t")


def levels(source: Source) -> list[tuple[str, int]]:
    return [(s.title, s.level) for s in source.sections if not s.synthetic]


def kind_of(source: Source, text: str) -> str:
    kinds = [p.kind for p in source.paragraphs if text in p.text]
    assert len(kinds) == 1, f"{text!r} is in {len(kinds)} paragraphs"
    return kinds[0]


# --- several stories on a page ---------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    ["本报记者　程　晨\n\n本报讯　{body}", "本报讯（记者 黄敏）{body}", "新华社北京3月5日电（记者 王芳）{body}"],
)
def test_each_story_title_is_at_the_top_level(opening):
    story = opening.format(body=BODY_1)
    src = parse(f"春耕生产忙\n\n{story}\n\n■ 田间地头\n\n{BODY_2}\n\n夜市点亮小城\n\n{story}\n\n老党员讲故事\n\n{story}")
    assert levels(src) == [("春耕生产忙", 1), ("■ 田间地头", 2), ("夜市点亮小城", 1), ("老党员讲故事", 1)]


@pytest.mark.parametrize("mark", ["（上接A1版）", "(上接第一版)", "（接2版）"])
def test_a_story_continued_from_another_page_opens_a_page_of_stories(mark):
    src = parse(f"春耕生产忙\n\n{mark}{BODY_1}\n\n夜市点亮小城\n\n本报讯（记者 黄敏）{BODY_2}")
    assert levels(src) == [("春耕生产忙", 1), ("夜市点亮小城", 1)]
    assert kind_of(src, mark) == MARKER


def test_a_later_story_keeps_its_kicker_and_a_title_over_two_lines():
    src = parse(
        f"医保新政\n7月1日起实施\n\n本报讯（记者 温晓峰）{BODY_1}\n\n"
        f"产业强县——\n\n地铁四号线\n全线洞通\n\n图为盾构机出洞。 韦 东 摄\n\n本报讯（记者 詹蕾）{BODY_2}"
    )
    assert levels(src) == [("医保新政 7月1日起实施", 1), ("地铁四号线 全线洞通", 1)]
    assert kind_of(src, "产业强县") == LEAD


def test_a_masthead_is_no_title():
    src = parse(f"滨海晚报\n\n海滨浴场开放\n\n本报讯 {BODY_1}\n\n暑期托管班报名开始\n\n本报讯 {BODY_2}")
    assert kind_of(src, "滨海晚报") == MARKER
    assert src.title == "海滨浴场开放" and src.meta.outlet == "滨海晚报"
    assert levels(src) == [("海滨浴场开放", 1), ("暑期托管班报名开始", 1)]


def test_a_broadcast_is_one_programme_and_a_news_flash_column_no_dateline():
    src = parse(
        f"新闻联播文字版\n\n本台消息　{BODY_1}\n\n绿色转型成效显著\n\n本台消息　{BODY_2}\n\n"
        f"国内联播快讯\n\n本台消息　{BODY_1}"
    )
    assert levels(src) == [("新闻联播文字版", 1), ("绿色转型成效显著", 2), ("国内联播快讯", 2)]


def test_headings_of_a_single_article_stay_under_its_title():
    src = parse(f"春耕生产忙\n\n{BODY_1}\n\n田间地头\n\n{BODY_2}\n\n农机下乡\n\n{BODY_1}")
    assert levels(src) == [("春耕生产忙", 1), ("田间地头", 2), ("农机下乡", 2)]


# --- titles over several lines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "front"),
    [
        (["关于2023年国民经济和社会发展计划执行情况", "与2024年国民经济和社会发展计划草案的报告"], "——2024年1月15日在某市人民代表大会上"),
        (["坚定不移走高质量发展之路", "奋力谱写中国式现代化", "青州篇章"], "——在中国共产党青州市第十四次代表大会上的报告"),
        (["新时代的中国", "绿色发展"], "中华人民共和国国务院新闻办公室"),
    ],
)
def test_a_title_over_lines_with_blank_lines_between_is_one_title(lines, front):
    src = parse("\n\n".join([*lines, front, "各位代表：", BODY_1, "一、过去一年的工作", BODY_2]))
    assert src.title == " ".join(lines)
    assert levels(src) == [(" ".join(lines), 1), ("一、过去一年的工作", 2)]
    assert kind_of(src, front[2:8]) == META


def test_a_short_column_name_under_a_title_stays_a_kicker():
    src = parse(f"凝聚奋进力量\n\n两会观察\n\n{BODY_1}\n\n好作风是好战斗力\n\n{BODY_2}")
    assert src.title == "凝聚奋进力量" and kind_of(src, "两会观察") == LEAD


# --- a decree over its regulation ------------------------------------------------------------


@pytest.mark.parametrize("number", ["第　45　号", "第45号", "第四十五号"])
def test_a_decree_over_its_regulation_is_front_block(number):
    src = parse(
        f"某市人民政府令\n\n{number}\n\n《某市绿化管理办法》已经市人民政府常务会议审议通过，现予公布。\n\n"
        "市长　覃立新\n\n2023年12月1日\n\n某市绿化管理办法\n\n第一章　总　则\n\n"
        "第一条　为了加强城市绿化管理，制定本办法。\n\n第二章　附　则\n\n第二条　本办法自2024年1月1日起施行。"
    )
    assert src.title == "某市绿化管理办法" and src.meta.date == "2023-12-01"
    assert levels(src) == [("某市绿化管理办法", 1), ("第一章 总 则", 2), ("第二章 附 则", 2)]
    assert {kind_of(src, t) for t in ("人民政府令", "审议通过", "覃立新")} == {META}
