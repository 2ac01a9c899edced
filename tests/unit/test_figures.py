"""Targets and figures: indicator, verb, value, unit, number, qualifier, kind."""

import json
import subprocess
import sys

import pytest

from reader.core.figures import RESULT, TARGET, figures, paragraph_figures, to_number
from reader.core.parse import parse_text

REPORT = (
    "2023年主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人左右；粮食产量保持在1.3万亿斤以上；"
    "赤字率按3%安排。过去一年，地区生产总值增长百分之五，单位国内生产总值能耗下降二点五%，财政收入超过4.06万亿元。"
)


def rows(text, title=""):
    return [(f.indicator, f.verb, f.value, f.unit, f.number, f.qualifier, f.kind)
            for f in paragraph_figures("x", 1, text, title)]


def test_a_government_report_paragraph():
    assert rows(REPORT) == [
        ("国内生产总值", "增长", "5%", "%", 5.0, "左右", TARGET),
        ("城镇新增就业", "", "1200万人", "万人", 1200.0, "左右", TARGET),
        ("粮食产量", "保持在", "1.3万亿斤", "万亿斤", 1.3, "以上", TARGET),
        ("赤字率", "按", "3%", "%", 3.0, "", TARGET),
        ("地区生产总值", "增长", "百分之五", "%", 5.0, "", RESULT),
        ("单位国内生产总值能耗", "下降", "二点五%", "%", 2.5, "", RESULT),
        ("财政收入", "超过", "4.06万亿元", "万亿元", 4.06, "", RESULT),
    ]


def test_addresses_point_at_the_value():
    for f in paragraph_figures("x", 3, REPORT):
        _, n, span = f.address.split(":")
        start, end = map(int, span.split("-"))
        assert n == "3" and REPORT[start:end] == f.value and f.text in REPORT


def test_section_decides_when_the_sentence_does_not():
    assert rows("粮食产量1.3万亿斤。", "2023年工作安排")[0][-1] == TARGET
    assert rows("粮食产量1.3万亿斤。", "一、2022年工作回顾")[0][-1] == RESULT


@pytest.mark.parametrize("numeral, number", [("6.5", 6.5), ("百分之五", 5.0), ("一千二百", 1200.0), ("二点五", 2.5), ("x", None)])
def test_numbers(numeral, number):
    assert to_number(numeral) == number


def test_the_plan_part_of_a_report_holds_targets():
    text = "政府工作报告\n\n一、2022年工作回顾\n\n粮食产量1.3万亿斤。\n\n二、2023年工作安排\n\n（一）着力扩大内需\n\n粮食产量1.4万亿斤。\n"
    found = figures(parse_text(text, source_id="r", path="r.txt"))
    assert [(f.number, f.kind) for f in found] == [(1.3, RESULT), (1.4, TARGET)]


def test_seed_targets(library):
    found = figures(next(s for s in library.sources if s.id.startswith("000")))
    gdp = next(f for f in found if f.indicator == "地区生产总值")
    assert (gdp.value, gdp.qualifier, gdp.kind, gdp.label()) == ("6%", "左右", TARGET, "6%左右")


def test_cli_json_records(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reader", "figures", str(tmp_path / "r.txt"), "--json",
                          "--data-dir", str(tmp_path / "d")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert len(records) == 7
    assert all(set(r) == {"source", "address", "indicator", "verb", "value", "unit", "number", "qualifier", "kind", "text"}
               for r in records)
    assert records[0]["number"] == 5.0 and records[0]["source"].startswith("r~")
