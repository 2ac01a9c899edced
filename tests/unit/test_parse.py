"""One small synthetic text per parsing rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library import load_source
from reader.core.model import BODY, BYLINE, CAPTION, COMMENT, LEAD, MARKER, META, TOC, Source
from reader.core.parse import parse_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"
BODY_1 = "南通召开全市作风建设推进会，动员全市上下以更优作风推动高质量发展。"
BODY_2 = "会议要求，各地各部门要坚持问题导向，聚焦群众急难愁盼，开展专项整治，推动作风建设常态化长效化。"


def parse(text: str) -> Source:
    return parse_text(text, source_id="t")


def heads(source: Source) -> list[tuple[str, int]]:
    """(title, level) of the sections whose title is in the text."""
    return [(s.title, s.level) for s in source.sections if not s.synthetic]


def kind_of(source: Source, text: str) -> str:
    """The kind of the one paragraph containing ``text``."""
    kinds = [p.kind for p in source.paragraphs if text in p.text]
    assert len(kinds) == 1, f"{text!r} is in {len(kinds)} paragraphs"
    return kinds[0]


def texts(source: Source) -> list[str]:
    return [p.text for p in source.paragraphs]


# --- headings --------------------------------------------------------------------------------


def test_markdown_headings_nest_relatively():
    src = parse(f"### 甲部分\n\n{BODY_1}\n\n#### 甲的细节\n\n{BODY_2}\n\n### 乙部分\n\n{BODY_1}")
    assert heads(src) == [("甲部分", 1), ("甲的细节", 2), ("乙部分", 1)]
    assert src.title == "南通召开全市作风建设推进会"  # two ### headings: no title line, titled by the lead


def test_single_top_markdown_heading_is_the_title():
    src = parse(f"# 关于作风建设的报告\n\n{BODY_1}\n\n## 一、总体情况\n\n{BODY_2}\n\n## 二、下一步\n\n{BODY_1}")
    assert src.title == "关于作风建设的报告"
    assert heads(src) == [("关于作风建设的报告", 1), ("一、总体情况", 2), ("二、下一步", 2)]


def test_bold_heading_and_bold_heading_split_over_two_lines():
    src = parse(f"**好作风是好战斗力**\n\n{BODY_1}\n\n**拉满风帆耕海图强\n把机遇优势转化为发展胜势**\n\n\n\n{BODY_2}")
    titles = [t for t, _ in heads(src)]
    assert titles == ["好作风是好战斗力", "拉满风帆耕海图强 把机遇优势转化为发展胜势"]
    assert not any("**" in s.title for s in src.sections)


def test_plain_short_title_lines_and_not_sentences():
    src = parse(
        f"“强魂筑基”凝聚奋进力量\n\n{BODY_1}\n\n好作风是好战斗力\n\n高质量发展，干部作风是基本保障。\n\n{BODY_2}\n\n谢谢大家！"
    )
    assert heads(src) == [("“强魂筑基”凝聚奋进力量", 1), ("好作风是好战斗力", 2)]
    assert kind_of(src, "干部作风是基本保障") == BODY


def test_place_colon_title_lines_in_a_text_without_blank_lines():
    src = parse(
        f"{BODY_1}\n通州:提振精气神,聚力项目建设\n{BODY_2}\n南通开发区：对标先进，着力打造作风过硬队伍\n{BODY_1}"
    )
    assert [t for t, _ in heads(src)] == ["通州:提振精气神,聚力项目建设", "南通开发区：对标先进，着力打造作风过硬队伍"]


def test_a_quoted_line_is_not_a_title():
    src = parse(f"{BODY_1}\n\n“我们一定把项目建设好”\n\n{BODY_2}\n\n“强魂筑基”凝聚奋进力量\n\n{BODY_1}")
    assert [t for t, _ in heads(src)] == ["“强魂筑基”凝聚奋进力量"]


def test_field_labels_are_not_titles():
    src = parse(f"{BODY_1}\n\n时间：2023年4月7日上午\n\n地点：市政府第一会议室\n\n{BODY_2}")
    assert heads(src) == []


def test_numbered_headings_nest_by_convention():
    src = parse(
        f"第一章 总则\n\n一、总体要求\n\n{BODY_1}\n\n（一）主要目标\n\n1. 经济目标\n\n{BODY_2}\n\n"
        f"(二)保障措施\n\n{BODY_1}\n\n二、工作安排\n\n{BODY_2}\n\n第二章 附则\n\n{BODY_1}"
    )
    assert heads(src) == [
        ("第一章 总则", 1),
        ("一、总体要求", 2),
        ("（一）主要目标", 3),
        ("1. 经济目标", 4),
        ("(二)保障措施", 3),
        ("二、工作安排", 2),
        ("第二章 附则", 1),
    ]


def test_convention_wins_over_order_of_appearance():
    src = parse(f"（一）先出现的小标题\n\n{BODY_1}\n\n一、后出现的大标题\n\n{BODY_2}\n\n（一）其下的小标题\n\n{BODY_1}")
    assert [lvl for _, lvl in heads(src)] == [1, 1, 2]


def test_run_in_numbered_leads_are_lower_level_entries():
    src = parse(
        f"# 通报\n\n{BODY_1}\n\n## 一、提高政治站位\n\n{BODY_2}\n\n"
        f"（一）思想上入心入脑。4月9日，区委及时召开常委会会议，认真学习。\n\n"
        f"**(二)组织上上到边到底。**区委坚定扛起主体责任。"
    )
    runs = [s for s in src.sections if s.run_in]
    assert [(s.title, s.level) for s in runs] == [("（一）思想上入心入脑。", 3), ("(二)组织上上到边到底。", 3)]
    assert runs[0].paragraphs[0].text == "4月9日，区委及时召开常委会会议，认真学习。"
    assert runs[1].paragraphs[0].text == "区委坚定扛起主体责任。"


def test_numbered_paragraph_with_long_first_sentence_stays_body():
    text = (
        "1. "
        + "全力推进重大项目建设，确保全年新开工亿元以上项目一百个以上，竣工项目五十个以上，" * 2
        + "力争取得新突破。"
    )
    src = parse(f"{BODY_1}\n\n{text}")
    assert heads(src) == [] and kind_of(src, "全力推进") == BODY


def test_title_with_kicker_above_and_subtitle_below():
    src = parse(f"两会观察\n\n“强魂筑基”凝聚奋进力量\n\n——我市机关作风建设提升年工作综述\n\n{BODY_1}")
    assert src.title == "“强魂筑基”凝聚奋进力量"
    assert kind_of(src, "两会观察") == LEAD
    assert kind_of(src, "——我市机关作风建设") == META  # the title's front block
    assert src.meta.subtitle == "——我市机关作风建设提升年工作综述"


def test_short_column_name_under_the_title_is_a_kicker():
    src = parse(f"“强魂筑基”凝聚奋进力量\n\n两会观察\n\n{BODY_1}\n\n好作风是好战斗力\n\n{BODY_2}")
    assert kind_of(src, "两会观察") == LEAD
    assert [t for t, _ in heads(src)] == ["“强魂筑基”凝聚奋进力量", "好作风是好战斗力"]


def test_plain_kicker_above_a_markdown_title():
    src = parse(
        f"\n\n工作作风大转变 精神面貌大提升\n\n# 通州:厚植为民情怀 提升服务水平\n\n{BODY_1}\n\n## 建立机制\n\n{BODY_2}"
    )
    assert src.title == "通州:厚植为民情怀 提升服务水平"
    assert kind_of(src, "工作作风大转变") == LEAD
    assert heads(src) == [("通州:厚植为民情怀 提升服务水平", 1), ("建立机制", 2)]


def test_label_above_a_heading_is_a_lead():
    src = parse(f"{BODY_1}\n\n如东县委书记陈慧宇：\n\n**拉满风帆耕海图强**\n\n{BODY_2}")
    assert kind_of(src, "陈慧宇") == LEAD
    assert [t for t, _ in heads(src)] == ["拉满风帆耕海图强"]


def test_em_dash_list_items_in_the_body_stay_body():
    src = parse(f"一、主要做法\n\n{BODY_1}\n\n——坚持党的领导。全面加强党对各项工作的领导。\n\n——坚持人民至上。")
    assert kind_of(src, "坚持党的领导") == BODY


# --- furniture -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "本报记者 丁威程",
        "本报记者丁威程",
        "本报记者 陈可 见习记者 司占伟",
        "通讯员 张三",
        "新华日报社南通分社记者集体采写整理",
        "作者：李四",
    ],
)
def test_bylines(line):
    src = parse(f"好作风是好战斗力\n\n{BODY_1}\n\n{line}\n\n{BODY_2}")
    assert kind_of(src, line) == BYLINE
    assert heads(src) == [("好作风是好战斗力", 1)]


def test_authors_from_bylines_and_dateline_credit():
    src = parse(f"本报讯（记者 王五 通讯员 赵六）{BODY_1}\n\n{BODY_2}\n\n本报记者 陈可 见习记者 司占伟")
    assert src.meta.authors == ("陈可", "司占伟", "王五", "赵六")
    assert src.meta.outlet == "本报"


@pytest.mark.parametrize(
    "line",
    [
        "姜明 摄",
        "开发区晨景 陆忠伟摄",
        "(资料图片)",
        "（新华社记者 李四 摄）",
        "图为工作人员在现场检查。",
        "本版图片 通州区委宣传部提供",
        "图片说明：会议现场",
    ],
)
def test_photo_captions(line):
    src = parse(f"好作风是好战斗力\n\n{BODY_1}\n\n{line}\n\n{BODY_2}")
    assert kind_of(src, line) == CAPTION


def test_short_lines_set_apart_in_a_marked_up_text_are_captions():
    text = (
        f"# 标题\n\n{BODY_1}\n\n## 建立机制\n\n{BODY_2}\n\n\n\n纪检监察组深入医疗单位进行督查\n\n"
        f"## 讨论排查\n\n{BODY_1}\n\n\n\n进企业关注安全生产\n\n\n\n金新街道选民代表监督\n民生实事项目完成情况\n\n{BODY_2}"
    )
    src = parse(text)
    assert [t for t, _ in heads(src)] == ["标题", "建立机制", "讨论排查"]
    for caption in ("纪检监察组", "进企业关注安全生产", "金新街道选民代表监督 民生实事项目完成情况"):
        assert kind_of(src, caption) == CAPTION


def test_short_lines_set_apart_in_a_plain_text_are_headings():
    src = parse(f"{BODY_1}\n\n\n\n把握尺度，清爽干事\n\n\n\n{BODY_2}")
    assert [t for t, _ in heads(src)] == ["把握尺度，清爽干事"]


def test_continuation_marks_are_split_off():
    src = parse(f"好作风是好战斗力\n\n(上接A1版){BODY_1}\n\n{BODY_2}(下转A6版)\n\n关键词:\n\n（下转第3版）")
    assert texts(src)[:4] == ["(上接A1版)", BODY_1, BODY_2, "(下转A6版)"]
    assert [p.kind for p in src.paragraphs] == [MARKER, BODY, BODY, MARKER, MARKER, MARKER]


def test_signature_block_at_the_end_of_a_notice():
    src = load_source(FIXTURES / "notice.txt")
    assert kind_of(src, "中共南通市某某区委办公室") == BYLINE
    assert kind_of(src, "2023年2月10日") == BYLINE
    assert src.title == "关于2023年度重点工作任务分解的通知"


# --- front matter, comments, table of contents -----------------------------------------------


def test_front_matter_comments_and_table_of_contents():
    src = load_source(FIXTURES / "front_matter.md")
    assert src.paragraphs[0].kind == META and src.paragraphs[0].text.startswith("---\ntitle:")
    assert dict(src.meta.front_matter) == {
        "title": "关于推进作风建设的工作报告",
        "date": "2023-04-07",
        "source": "南通日报",
    }
    assert src.title == "关于推进作风建设的工作报告"
    assert src.meta.outlet == "南通日报" and src.meta.dates[0] == "2023-04-07"
    assert [p.kind for p in src.paragraphs if "<!--" in p.text] == [COMMENT, COMMENT]
    assert all("<!--" not in p.text for p in src.paragraphs if p.kind != COMMENT)
    assert [p.text for p in src.paragraphs if p.kind == TOC] == [
        "目录\n一、总体情况……1\n二、主要做法……3\n三、下一步打算……5"
    ]
    titles = [t for t, _ in heads(src)]
    assert titles.count("一、总体情况") == 1 and titles.count("三、下一步打算") == 1
    assert ("二、主要做法", 2) in heads(src)


def test_unclosed_comment_runs_to_the_end():
    src = parse(f"{BODY_1}\n\n<!-- 草稿\n未完")
    assert [p.kind for p in src.paragraphs] == [BODY, COMMENT]


# --- paragraph repair ------------------------------------------------------------------------


def test_paragraph_cut_by_a_page_break_is_joined():
    long = "在发展空间再造上不断加快净地腾退、点式回收进度，在重大项目招引上不断加快突破，为已签约项"
    src = parse(f"{BODY_1}\n\n{long}\n\n目的顺利落户创造有利条件。\n\n{BODY_2}")
    assert kind_of(src, "为已签约项目的顺利落户") == BODY
    assert len(src.paragraphs) == 3


def test_heading_cut_inside_a_quote_is_joined():
    src = parse(
        f"1. 关于“学习不够深入”问题的整改。\n\n{BODY_1}\n\n2. 关于“遵循市场经济运行规则不\n\n够”问题的整改。\n\n{BODY_2}"
    )
    assert [t for t, _ in heads(src)] == [
        "1. 关于“学习不够深入”问题的整改。",
        "2. 关于“遵循市场经济运行规则不够”问题的整改。",
    ]


def test_heading_without_full_stop_is_not_joined_to_the_next_paragraph():
    src = parse(f"好作风是好战斗力\n\n{BODY_2}\n\n一、指导思想\n\n{BODY_1}")
    assert [t for t, _ in heads(src)] == ["好作风是好战斗力", "一、指导思想"]


def test_long_paragraph_without_full_stop_is_not_joined_to_a_heading():
    src = parse(f"{BODY_2.rstrip('。')}\n\n好作风激发推动力\n\n{BODY_1}")
    assert [t for t, _ in heads(src)] == ["好作风激发推动力"]


def test_multi_paragraph_quote_is_not_joined():
    src = parse(f"“{BODY_1}\n\n“{BODY_2}”")
    assert len(src.paragraphs) == 2


def test_hard_wrapped_text_with_indents():
    src = load_source(FIXTURES / "wrapped.txt")
    assert src.title == "南通开发区：对标先进，着力打造作风过硬队伍"
    assert len(src.paragraphs) == 6
    assert all(p.text.endswith(("。", "”", "……")) for p in src.paragraphs)


# --- whitespace, sizes, line endings ---------------------------------------------------------


def test_nbsp_ideographic_spaces_and_blank_looking_lines():
    src = parse(f"\u3000\u3000好作风是好战斗力\u00a0\n \u3000\n\u3000\u3000{BODY_1}\n\t\n\u00a0\u00a0{BODY_2}")
    assert heads(src) == [("好作风是好战斗力", 1)]
    assert texts(src) == [BODY_1, BODY_2]


def test_inner_whitespace_runs_collapse_to_one_space():
    src = parse("本报记者\u3000\u3000任溢斌  \n")
    assert texts(src) == ["本报记者 任溢斌"]


def test_very_long_lines():
    long = BODY_2 * 60
    src = parse(f"好作风是好战斗力\n\n{long}\n\n{BODY_1}")
    assert len(long) > 2000 and texts(src) == [long, BODY_1]


@pytest.mark.parametrize("text", ["", "\n\n", " \u3000\n\u00a0\n"])
def test_empty_text_has_one_empty_lead_section(text):
    src = parse(text)
    assert src.paragraphs == () and len(src.sections) == 1 and src.sections[0].synthetic


def test_line_endings_do_not_change_the_result_or_the_hash():
    text = f"好作风是好战斗力\n\n{BODY_1}\n\n{BODY_2}\n"
    lf, crlf, cr = (parse(text.replace("\n", nl)) for nl in ("\n", "\r\n", "\r"))
    assert lf.sections == crlf.sections == cr.sections
    assert lf.sha256 == crlf.sha256 == cr.sha256


# --- metadata and numbering ------------------------------------------------------------------


def test_dates_and_outlet_from_the_lead():
    src = parse(f"交汇点讯 1月29日,{BODY_1}\n{BODY_2}\n通州:提振精气神\n4月9日，召开会议。")
    assert src.meta.dates == ("1月29日",) and src.meta.outlet == "交汇点"
    src = parse(f"# 通报\n\n省委巡视组于2023年4月7日进行了反馈。{BODY_1}\n\n## 一、做法\n\n5月5日，召开会议。")
    assert src.meta.dates == ("2023年4月7日",)


def test_outlet_from_a_newspaper_byline():
    src = parse(f"{BODY_1}\n\n新华日报社南通分社记者集体采写整理")
    assert src.meta.outlet == "新华日报"


def test_text_before_the_first_heading_is_a_lead_section_titled_by_its_first_clause():
    src = parse_text(f"{BODY_1}\n\n好作风是好战斗力\n\n{BODY_2}", source_id="x", path="/tmp/报告.txt")
    assert src.title == "南通召开全市作风建设推进会"  # the lead's first clause, never the file name
    assert src.sections[0].synthetic and src.sections[0].title == src.title
    assert [p.n for p in src.paragraphs] == [1, 2]
    assert src.section_path(2) == ["好作风是好战斗力"]


def test_speech_title_with_subtitle_and_speaker():
    src = parse(
        "政府工作报告\n——2023年1月10日在南通市第十六届人民代表大会第二次会议上\n南通市市长 吴新明\n\n"
        f"各位代表：\n\n{BODY_1}\n\n一、2022年工作回顾\n\n{BODY_2}"
    )
    assert src.title == "政府工作报告"
    assert kind_of(src, "吴新明") == META and src.meta.authors == ("吴新明",)
    assert kind_of(src, "——2023年1月10日") == META and kind_of(src, "各位代表") == META
    assert src.meta.dates == ("2023年1月10日",)
    assert [t for t, _ in heads(src)] == ["政府工作报告", "一、2022年工作回顾"]


def test_page_header_and_editor_credit_are_furniture():
    src = parse(
        f"南通日报 2023年1月5日 星期四 A2版\n\n我市召开重大项目推进会\n\n本报讯（记者 张三）{BODY_1}\n\n责任编辑：王五"
    )
    assert kind_of(src, "星期四") == MARKER
    assert kind_of(src, "王五") == BYLINE
    assert src.title == "我市召开重大项目推进会"
    assert src.meta.outlet == "南通日报" and src.meta.authors == ("张三",)


def test_table_captions_and_table_rows():
    src = parse(
        f"## 一、综合\n\n{BODY_1}\n\n**表1 2023年主要指标**\n\n| 指标 | 数值 |\n|---|---|\n| 生产总值 | 11813亿元 |\n\n- 粮食稳定\n- 蔬菜增长"
    )
    assert [t for t, _ in heads(src)] == ["一、综合"]
    assert kind_of(src, "表1") == CAPTION
    assert texts(src)[2:] == ["| 指标 | 数值 |", "|---|---|", "| 生产总值 | 11813亿元 |", "- 粮食稳定", "- 蔬菜增长"]


def test_document_number_is_furniture_not_part_of_the_title():
    src = parse(f"关于印发《作风建设办法》的通知\n通政发〔2023〕1号\n\n{BODY_1}")
    assert src.title == "关于印发《作风建设办法》的通知"
    assert kind_of(src, "通政发〔2023〕1号") == MARKER


def test_joining_many_unfinished_lines_stays_linear():
    line = "会议要求各地各部门要坚持问题导向“聚焦群众急难愁盼开展专项整治推动作风建设常态化长效化"
    src = parse("\n".join([line] * 20000))  # 2.6 MB, one paragraph: quadratic joining would take minutes
    assert len(src.paragraphs) == 1 and len(src.paragraphs[0].text) == len(line) * 20000


def test_web_page_chrome_is_furniture():
    src = parse(
        f"首页 > 政务公开 > 巡察整改\n\n关于巡察整改情况的通报\n\n日期:2023-05-04 08:46:31 来源:区文旅局 浏览量:\n\n"
        f"分享:\n\n朗读\n\n【打印本页】【关闭窗口】\n\n{BODY_1}\n\n一、总体情况\n\n{BODY_2}"
    )
    assert src.title == "关于巡察整改情况的通报"
    assert [kind_of(src, t) for t in ("首页", "浏览量", "分享", "朗读", "打印本页")] == [
        MARKER,
        BYLINE,
        MARKER,
        MARKER,
        MARKER,
    ]
    assert [t for t, _ in heads(src)] == ["关于巡察整改情况的通报", "一、总体情况"]


def test_a_short_line_after_a_field_label_is_its_value():
    src = parse(f"{BODY_1}\n\n发布机构：\n\n区文旅局\n\n{BODY_2}\n\n好作风是好战斗力\n\n{BODY_1}")
    assert [t for t, _ in heads(src)] == ["好作风是好战斗力"]
    assert kind_of(src, "区文旅局") == BODY


def test_decorated_subheads_pointer_captions_and_bracketed_editor_notes():
    src = parse(f"【编者按】{BODY_1}\n\n■ 好作风是好战斗力\n\n{BODY_2}\n\n▲工作人员在现场检查\n\n■本报记者 张三")
    assert kind_of(src, "编者按") == LEAD
    assert [t for t, _ in heads(src)] == ["■ 好作风是好战斗力"]
    assert kind_of(src, "工作人员在现场检查") == CAPTION
    assert kind_of(src, "张三") == BYLINE
