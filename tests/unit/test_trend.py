"""A term across time: counts equal a plain count, sources in date order, undated last."""

import json
import subprocess
import sys

from reader.core.fold import fold
from reader.core.parse import parse_text
from reader.core.search import joined_text
from reader.core.trend import by_date, previous_of, source_date, trend


def report(sid, title, body="营商环境持续优化。"):
    return parse_text(f"{title}\n\n{body}\n", source_id=sid, path=f"{sid}.txt")


def test_counts_equal_a_plain_count(library):
    series = trend(["作风", "营商环境", "ＥＲＰ"], library.sources)
    for term, points in series.items():
        for p in points:
            text = joined_text(library.get(p.source))
            assert p.count == text.count(fold(term))
            assert p.per_10k == round(p.count * 10_000 / len(text), 3)
    assert sum(p.count for p in series["作风"]) > 0


def test_radicals_that_fold_to_ideographs_are_counted():
    src = report("k", "报告", "南通⽇报：南通日报。")  # the first 日 is the Kangxi radical U+2F47
    (point,) = trend(["南通日报"], [src])["南通日报"]
    assert point.count == joined_text(src).count("南通日报") == 2


def test_date_order_undated_last():
    sources = [report("u", "工作报告"), report("b", "2023年政府工作报告"), report("a", "2022年政府工作报告")]
    assert [(s.id, d) for s, d in by_date(sources, source_date)] == [("a", "2022"), ("b", "2023"), ("u", None)]
    assert [p.source for p in trend(["营商"], sources)["营商"]] == ["a", "b", "u"]


def test_date_from_front_matter_before_the_title():
    src = parse_text("---\ndate: 2021-03-05\n---\n\n2023年政府工作报告\n\n正文。\n", source_id="f", path="f.md")
    assert source_date(src) == "2021-03-05"


def test_previous_report_of_the_same_kind():
    gov22, gov23 = report("g22", "2022年政府工作报告"), report("g23", "2023年政府工作报告")
    other = report("o", "2022年12月 巡视整改通报")
    assert previous_of(gov23, [gov22, other, gov23], source_date) is gov22
    assert previous_of(gov22, [gov22, gov23], source_date) is None
    assert previous_of(report("n", "政府工作报告"), [gov22], source_date) is None


def test_cli_json_and_bars(tmp_path):
    for year in (2022, 2023):
        (tmp_path / f"{year}.txt").write_text(f"{year}年政府工作报告\n\n营商环境、营商环境。\n", encoding="utf-8")
    args = [sys.executable, "-m", "reader", "trend", "营商环境", str(tmp_path), "--data-dir", str(tmp_path / "d")]
    out = subprocess.run([*args, "--json"], capture_output=True, text=True)
    rows = json.loads(out.stdout)
    assert [set(r) for r in rows] == [{"source", "date", "count", "per_10k"}] * 2
    assert [(r["date"], r["count"]) for r in rows] == [("2022", 2), ("2023", 2)]
    bars = subprocess.run(args, capture_output=True, text=True).stdout.splitlines()
    assert bars[0] == "营商环境" and all("█" in line for line in bars[1:])
