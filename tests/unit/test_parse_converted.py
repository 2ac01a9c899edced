"""Lines that converted formats (HTML, PDF, Word) mark up as headings but are not: a speaker, an
editor's credit, a table row; a date typeset across <span>s."""

from __future__ import annotations

import pytest

from reader.core.formats.html import html_to_text
from reader.core.parse import parse_text

BODY = "现在，我代表国务院，向大会报告政府工作，请予审议。\n\n一、过去一年的工作\n\n过去一年，我们坚持稳中求进。\n"


def titles(text: str) -> list[str]:
    return [s.title for s in parse_text(text, source_id="x").sections if not s.synthetic]


@pytest.mark.parametrize(
    "line",
    [
        "**国务院总理 李强**",
        "## 省长 王某某",
        "**（责编：王某某、李某）**",
        "（责任编辑：张三）",
        "## 【编辑：赵四】",
        "指标 2023年 增长",
        "**地区生产总值 126万亿元 5.2%**",
        "粮食产量 6.95亿吨",
    ],
)
def test_marked_furniture_and_table_rows_are_not_headings(line):
    heads = titles(f"# 政府工作报告\n\n{line}\n\n{BODY}\n{line}\n\n最后一段话到此结束。\n")
    assert all(line.strip("*# ") not in h for h in heads)
    assert "一、过去一年的工作" in heads


@pytest.mark.parametrize("line", ["前 言", "**第一部分 总体要求**", "## 2024年重点工作"])
def test_headings_with_spaces_or_years_stay_headings(line):
    assert line.strip("*# ") in titles(f"# 某报告\n\n{line}\n\n{BODY}")


@pytest.mark.parametrize(
    "time_html",
    [
        '<div class="header-time"><span class="year"><em>2024</em></span>'
        '<span class="day"><em>03</em>/<em>05</em></span><span class="time">10:21:33</span></div>',
        '<p class="pubDate"><span>2023</span>年<span>11</span>月<span>7</span>日</p>',
    ],
)
def test_date_typeset_in_pieces(time_html):
    page = f"<html><head><title>某新闻</title></head><body>{time_html}<h1>某新闻标题</h1><div><p>{BODY}</p></div></body></html>"
    text = html_to_text(page.encode("utf-8"), "page.html").text
    date = parse_text(text, source_id="x").meta.date
    assert date in ("2024-03-05", "2023-11-07")


@pytest.mark.parametrize("label", ["目 录", "目录", "**目　录**"])
def test_a_table_of_contents_is_one_block_and_each_heading_is_found_once_in_the_body(label):
    entries = ["前 言", "一、总体情况", "二、主要成就", "结束语"]
    body = "".join(f"{e}\n\n{e[-2:]}的正文写在这里。\n\n" for e in entries)
    src = parse_text(f"某某白皮书\n\n{label}\n\n" + "\n\n".join(entries) + "\n\n" + body, source_id="x")
    toc = [p.text for p in src.paragraphs if p.kind == "toc"]
    assert len(toc) == 1 and toc[0].split("\n")[1:] == entries
    assert src.title == "某某白皮书"
    heads = [s.title for s in src.sections if not s.synthetic]
    assert [h for h in heads if h != "某某白皮书"] == entries
