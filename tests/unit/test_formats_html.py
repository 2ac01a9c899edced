"""Saved web pages: the article only, headings kept, title/date/outlet in the metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats import to_text
from reader.core.library import load_source

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
FURNITURE = [
    "首页",
    "相关推荐",
    "纠错",
    "Copyright",
    "索引号",
    "网站地图",
    "字号",
    "打印",
    "分享到",
    "相关链接",
    "京ICP备",
    "ICP备",
    "版权所有",
    "当前位置",
    "上一篇",
    "热点排行",
    "关闭窗口",
    "主办单位",
    "var _hmt",
    "text-indent",
]


@pytest.mark.parametrize(
    ("name", "title", "date", "outlet", "headings"),
    [
        (
            "govcn.html",
            "政府工作报告",
            "2024-03-12",
            "新华社",
            ["一、2023年工作回顾", "二、2024年经济社会发展总体要求和政策取向"],
        ),
        (
            "peoplecn.html",
            "坚持以人民为中心的发展思想",
            "2023-10-09",
            "人民日报",
            ["坚持人民主体地位", "着力保障和改善民生"],
        ),
        (
            "university.htm",
            "学校召开2024年工作会议",
            "2024-02-29",
            None,
            ["一、深化教育教学改革", "二、提升科技创新能力"],
        ),
        (
            "province.html",
            "省人民政府关于加快推进数字经济发展的实施意见",
            "2024-01-18",
            None,
            ["一、总体要求", "二、重点任务"],
        ),
    ],
)
def test_saved_pages_give_the_article(name, title, date, outlet, headings):
    path = FORMATS / name
    text = to_text(path.read_bytes(), path).text
    assert not [w for w in FURNITURE if w in text]
    source = load_source(path)
    assert source.title == title
    assert source.meta.dates[0] == date
    assert source.meta.outlet == outlet
    assert [s.title for s in source.sections if s.title in headings] == headings
    texts = [p.text.strip("*# ") for p in source.paragraphs]
    assert title not in texts and sum("。" in t for t in texts) >= 3


def test_a_gbk_page_is_decoded_by_its_declared_charset():
    path = FORMATS / "peoplecn.html"
    assert b"charset=GB2312" in path.read_bytes()
    assert "马克思主义政治经济学" in to_text(path.read_bytes(), path).text


def test_title_without_h1_loses_the_site_name(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>关于印发工作要点的通知_某某市人民政府门户网站</title></head><body><div>"
        + "<p>各区人民政府，市各委、办、局：现将工作要点印发给你们，请认真贯彻执行。</p>" * 3
        + "</div></body></html>"
    )
    assert load_source(page).title == "关于印发工作要点的通知"


def test_an_empty_page_is_an_empty_report(tmp_path):
    page = tmp_path / "e.html"
    page.write_bytes(b"")
    assert load_source(page).paragraphs == ()


def test_a_news_page_keeps_its_lead_and_caption_and_drops_the_rest():
    path = FORMATS / "xinhua.html"
    text = to_text(path.read_bytes(), path).text
    assert not [w for w in FURNITURE if w in text]
    assert text.startswith(
        "---\ntitle: 习近平主持召开中央全面深化改革委员会会议\noutlet: 新华网\ndate: 2024-02-19\n---\n"
    )  # the date typeset across <span>s
    assert "新华社北京2月19日电" in text and "新华社记者 某某 摄" in text and text.rstrip().endswith("蔡奇出席会议。")
