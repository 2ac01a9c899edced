"""Synthetic examples, several per rule, for reports the parser was not tuned on: bylines and
credits, joins, list items, the title and its front block, dates."""

from __future__ import annotations

import pytest

from reader.core.model import BODY, BYLINE, CAPTION, LEAD, META, Source
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
    ["版式设计：王小明", "文字：刘佳 摄影：陈晨", "美术编辑：刘\u3000洋", "本报记者\u3000马\u3000丽\u3000郑\u3000伟", "（记者 张 强）", "制图/李 强", "图为村民在田间插秧。\u3000张\u00a0伟\u3000摄", "新华社发", "视觉中国",
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
    [("（二）坚持不懈用", "新时代党的创新理论凝心铸魂。"), ("一、着力推动", "产业转型升级。"), ("（二）城乡建设提质", "增效。"), ("（三）大力实施创新驱动发展战略，加快建设", "科技强区。")],
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


# --- the title and its front block -----------------------------------------------------------

CHAPTERS = f"一、工作回顾\n\n{BODY_1}\n\n二、工作安排\n\n{BODY_2}"


def chapters_under_title(src: Source) -> bool:
    return [(s.title, s.level) for s in src.sections if not s.synthetic][1:] == [("一、工作回顾", 2), ("二、工作安排", 2)]


@pytest.mark.parametrize(
    "front",
    [
        "——在北城区第三届人民代表大会第二次会议上\n\n北城区区长 孙 伟\n\n各位代表：",
        "——在全市经济工作会议上的讲话\n\n（2019年12月20日）\n\n李建国\n\n同志们：",
        "（2023年1月）\n\n中华人民共和国\n国务院新闻办公室",
        "某某市人民政府令\n第3号\n\n《某某办法》已经市人民政府常务会议通过，现予公布。\n\n市长\u3000王东明\n2022年5月20日",
        "县发展和改革委员会\n（2022年12月）",
        "——二〇二一年一月八日在县委全会上\n\n各位委员、同志们：",
    ],
)
def test_the_front_block_is_the_titles_meta_and_chapters_sit_under_the_title(front):
    src = parse(f"关于全面推进高质量发展的报告\n\n{front}\n\n{CHAPTERS}")
    assert src.title == "关于全面推进高质量发展的报告"
    assert chapters_under_title(src)
    assert {p.kind for p in src.sections[0].paragraphs} == {META}


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("政府工作报告——2021年1月8日在某某区第五届人民代表大会第六次会议上某某区区长 王某", "政府工作报告"),
        ("关于某某的报告——在市委全会上的讲话", "关于某某的报告"),
    ],
)
def test_a_first_line_running_title_and_occasion_together_is_cut_at_the_dash(first, title):
    src = parse(f"{first}\n\n各位代表：\n\n{CHAPTERS}")
    assert src.title == title and chapters_under_title(src)
    assert kind_of(src, first[len(title) :]) == META


@pytest.mark.parametrize("lines", [("坚定信心 勇毅前行", "奋力谱写现代化建设新篇章"), ("在新起点上", "全面推进", "乡村振兴")])
def test_a_title_over_two_or_three_lines_is_one_title(lines):
    src = parse("\n".join(lines) + f"\n\n——在某某大会上的报告\n\n{CHAPTERS}")
    assert src.title == " ".join(lines) and chapters_under_title(src)


@pytest.mark.parametrize("kicker", ["长假第三天——", "聚焦两会——", "新春走基层——"])
def test_a_kicker_over_the_title_is_its_overline(kicker):
    src = parse(f"{kicker}\n坚守一线的人们\n\n本报记者 林晓燕\n\n{BODY_1}")
    assert src.title == "坚守一线的人们"
    assert kind_of(src, kicker) == LEAD


@pytest.mark.parametrize(
    ("front_title", "title"),
    [("南湖大学->我校召开教学工作会议 | news.nhu.edu.cn", "我校召开教学工作会议"), ("我校召开教学工作会议_南湖大学新闻网", "我校召开教学工作会议"),
     ("我校召开教学工作会议 - 南湖大学", "我校召开教学工作会议"), ("我校召开教学工作会议", "我校召开教学工作会议")],
)
def test_a_front_matter_title_loses_its_site_prefix_and_suffix(front_title, title):
    src = parse(f"---\ntitle: {front_title}\n---\n\n{BODY_1}")
    assert src.title == title


@pytest.mark.parametrize(
    ("lead", "title"),
    [("本台消息\u3000今天上午，全市安全生产工作会议召开，会议总结去年工作。", "今天上午，全市安全生产工作会议召开"),
     ("南湖大学新闻网讯 3月14日，学校召开教学工作会议。会议指出……", "学校召开教学工作会议"),
     ("本报北京3月2日电（记者王芳）全国春耕生产现场会今天召开。", "全国春耕生产现场会今天召开")],
)
def test_a_file_with_no_title_line_is_titled_by_its_lead(lead, title):
    src = parse_text(f"{lead}\n\n{BODY_2}", source_id="t", path="/x/文件名.txt")
    assert src.title == title


# --- list items, provisions, frame sections --------------------------------------------------


@pytest.mark.parametrize("close", ["。", "；"])
def test_consecutive_numbered_items_in_a_provision_are_body(close):
    src = parse(
        f"第一章 总则\n\n第三条 公民应当遵守下列规范：\n（一）衣着得体；\n（二）不大声喧哗；\n（三）自觉排队{close}\n\n"
        f"第二章 附则\n\n第四条 本条例自公布之日起施行。"
    )
    assert heads(src) == ["第一章 总则", "第二章 附则"]
    assert kind_of(src, "第三条") == BODY and kind_of(src, "衣着得体") == BODY


def test_frame_sections_are_siblings_of_the_chapters():
    src = parse(f"中国的生态文明建设\n\n前\u3000言\n\n{BODY_1}\n\n一、坚持\n\n{BODY_2}\n\n二、推动\n\n{BODY_1}\n\n结束语\n\n{BODY_2}")
    assert [(s.title, s.level) for s in src.sections][1:] == [("前 言", 2), ("一、坚持", 2), ("二、推动", 2), ("结束语", 2)]


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (f"政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n{CHAPTERS}", "2024-03-05"),
        (f"中国的生态文明建设\n\n（2019年10月）\n\n{CHAPTERS}", "2019-10"),
        (f"在县委全会上的讲话\n\n——在县委全会上\n\n（二〇二一年一月八日）\n\n{CHAPTERS}", "2021-01-08"),
        (f"---\ntitle: 新闻\ndate: 2023-3-15\n---\n\n{BODY_1}", "2023-03-15"),
        (f"新华社北京2024年3月5日电 {BODY_1}", "2024-03-05"),
        (f"关于2022年度工作情况的报告\n\n{CHAPTERS}", "2022"),
        (f"关于某某的通知\n\n{BODY_1}\n\n某某县人民政府办公室\n2023年2月10日", "2023-02-10"),
        (f"本报北京3月2日电 {BODY_1}", None),
    ],
)
def test_every_report_knows_its_date(text, date):
    assert parse(text).meta.date == date


@pytest.mark.parametrize("dateline", ["本报北京3月2日电（记者王芳）", "南湖网讯", "本台消息", "新华社北京3月2日电"])
def test_a_dateline_on_its_own_line_leads_into_the_first_paragraph(dateline):
    src = parse(f"我市召开春耕生产现场会\n\n{dateline}\n\n{BODY_1}\n\n{BODY_2}")
    assert heads(src) == ["我市召开春耕生产现场会"]
    assert src.paragraphs[0].text == f"{dateline} {BODY_1}"


@pytest.mark.parametrize("heading", ["一个好消息", "喜讯"])
def test_a_short_heading_ending_in_news_words_is_not_a_dateline(heading):
    src = parse(f"{BODY_1}\n\n{heading}\n\n{BODY_2}")
    assert heads(src) == [heading]


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_runs_of_numbered_sentences_with_nothing_between_are_list_items(sep):
    items = sep.join(["（一）加强组织领导。", "（二）强化要素保障。", "（三）严格督查考核。"])
    src = parse(f"一、主要做法\n\n{items}\n\n二、下一步打算\n\n{BODY_2}")
    assert heads(src) == ["一、主要做法", "二、下一步打算"]
    assert kind_of(src, "强化要素保障") == BODY


@pytest.mark.parametrize(
    "front",
    [
        "——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理\u3000李强\n\n各位代表：",
        "——在中国共产党第二十次全国代表大会上的报告\n\n（2022年10月16日）\n\n习近平\n\n同志们：",
        "——在某某自治州第十届人民代表大会上\n\n州长 卓玛\n\n各位代表，各位委员：",
    ],
)
def test_speakers_and_salutations_of_national_and_regional_reports(front):
    src = parse(f"政府工作报告\n\n{front}\n\n{CHAPTERS}")
    assert chapters_under_title(src)
    assert {p.kind for p in src.sections[0].paragraphs} == {META}


@pytest.mark.parametrize(
    "front",
    ["（摘要）\n\n——2024年3月5日在某某大会上", "在全市经济工作会议上的讲话\n\n（2023年12月28日）", "（草案）", "在某某市第五次党代会上的报告"],
)
def test_notes_and_occasions_without_a_dash_are_front_block(front):
    src = parse(f"政府工作报告\n\n{front}\n\n{CHAPTERS}")
    assert chapters_under_title(src)
    assert {p.kind for p in src.sections[0].paragraphs} == {META}


@pytest.mark.parametrize(("cut", "rest"), [("会议要求各地要切实加强对", "春耕生产的组织领导。"), ("全区上下要把", "思想统一到部署上来。"), ("这是我们的", "共同责任。")])
def test_a_paragraph_cut_after_a_function_word_is_joined(cut, rest):
    src = parse(f"{BODY_1}\n\n{cut}\n\n{rest}\n\n{BODY_2}")
    assert [p.text for p in src.paragraphs] == [BODY_1, cut + rest, BODY_2]


def test_a_whole_numbered_title_ending_in_a_preposition_like_character_stays_a_heading():
    from reader.core.parse import parse_text

    text = ("报告\n\n一、过去一年的工作\n\n过去一年，经济运行总体平稳。\n\n"
            "二、今年经济社会发展总体要求和政策取向\n\n今年发展主要预期目标是：地区生产总值增长5%左右；城镇新增就业1万人以上。\n")
    titles = [s.title for s in parse_text(text, source_id="r").sections]
    assert "二、今年经济社会发展总体要求和政策取向" in titles


# --- tables typed as text, adoption notes ------------------------------------------------------


@pytest.mark.parametrize("gap", ["　　", "    ", "\t\t"])
def test_a_table_typed_in_columns_keeps_a_paragraph_per_row_and_no_heading(gap):
    rows = ["指标", "金额（亿元）", "增长（%）"], ["地区生产总值", "812.5", "6.1"], ["第一产业", "21.3", "3.2"]
    text = "统计公报\n\n一、综合\n\n" + BODY_1 + "\n\n" + "\n".join(gap.join(r) for r in rows) + "\n\n" + BODY_2
    source = parse(text)
    assert heads(source) == ["统计公报", "一、综合"]
    for r in rows:
        assert kind_of(source, " ".join(r)) == BODY


@pytest.mark.parametrize("verb", ["通过", "批准", "修订"])
def test_an_adoption_note_under_the_title_is_its_front_block(verb):
    note = f"（2024年12月20日中国共产党某某区第五届委员会第七次全体会议{verb}）"
    source = parse(f"某某区委全体会议公报\n\n{note}\n\n一、总体情况\n\n{BODY_1}")
    assert kind_of(source, note) == META
    assert [(s.title, s.level) for s in source.sections if not s.synthetic][1] == ("一、总体情况", 2)
