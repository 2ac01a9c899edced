"""Saved web pages: the article only, headings kept, title/date/outlet in the metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats import to_text
from reader.core.library import load_source
from reader.core.model import BYLINE, META

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


def _page(tmp_path: Path, article: str) -> Path:
    page = tmp_path / "p.html"
    nav = "<div class='nav'><a>首页</a> <a>新闻中心</a></div>"
    page.write_text(f"<html><body>{nav}<div class='article'>{article}</div><div class='footer'>京ICP备1号</div></body></html>")
    return page


def test_a_credit_line_in_the_article_is_kept_dimmed(tmp_path):
    body = "<p>全区各地抢抓农时，组织群众开展春耕生产，田间地头一派繁忙景象，处处是忙碌的身影。</p>" * 3
    source = load_source(_page(tmp_path, f"<h1>春耕生产忙</h1>{body}<p>（责任编辑：王 芳）</p>"))
    assert [p.kind for p in source.paragraphs if "责任编辑" in p.text] == [BYLINE]


def test_hard_wrapped_lines_with_typed_indents_are_rejoined(tmp_path):
    first = "为深入贯彻落实上级关于安全生产工作的部署要求切实防范化解"
    wrapped = [first, "重大安全风险，县政府决定开展安全生产大检查工作。现将有关", "事项通知如下，请各单位认真贯彻落实，确保取得实效。"] * 3
    lines = ["&nbsp;" * 4 + w if i % 3 == 0 else w for i, w in enumerate(wrapped)]
    source = load_source(_page(tmp_path, "<h1>关于开展安全生产大检查的通知</h1><p>" + "<br>".join(lines) + "</p>"))
    assert [s.title for s in source.sections if not s.synthetic] == ["关于开展安全生产大检查的通知"]
    assert [p.text for p in source.paragraphs if first in p.text] == ["".join(wrapped[:3])] * 3


def test_the_reports_own_date_line_stays_and_a_table_keeps_its_rows(tmp_path):
    rows = ["指标　　金额（亿元）　　增长（%）", "地区生产总值　　812.5　　6.1", "第一产业　　21.3　　3.2"]
    body = "<p>初步核算，全年全区地区生产总值812.5亿元，按不变价格计算，比上年增长6.1%。</p>" * 2
    page = _page(tmp_path, f"<h1>统计公报</h1><p>2025年3月15日</p>{body}<p>{'<br>'.join(rows)}</p>")
    source = load_source(page)
    assert source.meta.date == "2025-03-15" and [p.kind for p in source.paragraphs if p.text == "2025年3月15日"] == [META]
    assert [p.text for p in source.paragraphs if "　" not in p.text and p.text.split(" ")[0] in ("指标", "第一产业")] == [
        " ".join(rows[0].split()),
        " ".join(rows[2].split()),
    ]
