"""Two reports read against each other: a report and an edited copy, paired paragraph by paragraph."""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from reader.core.compare import CANDIDATES, _candidates, compare, word_edits
from reader.core.parse import parse_text
from reader.core.search import Index
from reader.core.segment import Segmenter

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_19dd5644fb0830a9.txt"
MOVED = "纪检监察部门紧盯"
DELETED = "此外，我市还开展几轮"
ADDED = "今年还将新建一批口袋公园，打造城市微更新的样板，让群众在家门口享受绿色空间。"


def edited(text: str) -> str:
    """The seed with one paragraph moved, one target changed, one paragraph deleted, one added."""
    paras = text.split("\n\n")
    moved = next(p for p in paras if p.startswith(MOVED))
    paras.remove(moved)
    paras.insert(next(i for i, p in enumerate(paras) if p.startswith("坚持项目为主")) + 1, moved)
    paras.remove(next(p for p in paras if p.startswith(DELETED)))
    paras.insert(next(i for i, p in enumerate(paras) if p.startswith("百舸争流")) + 1, ADDED)
    return "\n\n".join(paras).replace("地区生产总值增长6%左右", "地区生产总值增长5.5%左右")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    text = SEED.read_text(encoding="utf-8")
    a = parse_text(text, source_id="a", path="a.txt")
    b = parse_text(edited(text), source_id="b", path="b.txt")
    index = Index.build([a, b], Segmenter(cache_dir=tmp_path_factory.mktemp("jieba")).load())
    return a, b, compare(a, b, index.words)


def test_the_edits_and_nothing_else_are_named(pair):
    a, b, result = pair
    odd = [p for p in result.pairs if p.status != "same"]
    by_status = {p.status: p for p in odd}
    assert sorted(p.status for p in odd) == ["added", "changed", "moved", "removed"]
    assert a.paragraph(by_status["moved"].a).text.startswith(MOVED)
    assert b.paragraph(by_status["moved"].b).text.startswith(MOVED)
    assert a.paragraph(by_status["removed"].a).text.startswith(DELETED) and by_status["removed"].b is None
    assert b.paragraph(by_status["added"].b).text == ADDED and by_status["added"].a is None
    changed = by_status["changed"]
    assert 0.9 < changed.similarity < 1
    assert [(e.op, e.text) for e in changed.edits if e.op != "equal"] == [("delete", "6%"), ("insert", "5.5%")]
    assert result.summary() == {"same": len(result.pairs) - 4, "moved": 1, "changed": 1, "added": 1, "removed": 1}


def test_every_paragraph_is_paired_once_in_b_order(pair):
    a, b, result = pair
    bs = [p.b for p in result.pairs if p.b is not None]
    as_ = [p.a for p in result.pairs if p.a is not None]
    assert bs == sorted(bs) == [p.n for p in b.paragraphs if p.text.strip() and p.kind != "meta"]
    assert sorted(as_) == [p.n for p in a.paragraphs if p.text.strip() and p.kind != "meta"]


def test_changed_figure_and_new_wording(pair):
    _, _, result = pair
    assert [f.line() for f in result.figures] == ["地区生产总值 6%左右 → 5.5%左右"]
    assert any("口袋公园" in t.term for t in result.added)
    assert all(t.places and all(p.startswith("b:") for p in t.places) for t in result.added)
    assert all(p.startswith("a:") for t in result.dropped for p in t.places)
    assert not any(t.term in u.term for t in result.added for u in result.added if u is not t)


def test_identical_reports_are_all_same(pair):
    a, _, _ = pair
    result = compare(a, a, lambda _sid: [[c for c in p.text] for p in a.paragraphs])
    assert set(result.summary()) == {"same"} and not result.added and not result.dropped and not result.figures


def test_word_edits_keep_the_text_of_both_sides():
    a, b = ["增长", "6%", "左右"], ["增长", "5.5%", "以上"]
    edits = word_edits(a, b)
    assert "".join(e.text for e in edits if e.op != "insert") == "".join(a)
    assert "".join(e.text for e in edits if e.op != "delete") == "".join(b)


def test_cli_json_shape(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(edited(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reader", "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                          "--json", "--data-dir", str(tmp_path / "data")], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "100"})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"a", "b", "pairs", "terms", "figures"} and (data["a"], data["b"]) == ("a", "b")
    assert all(set(p) == {"a", "b", "status", "similarity"} for p in data["pairs"])
    assert set(data["terms"]) == {"added", "dropped"}
    assert all(set(t) == {"term", "count"} for t in data["terms"]["added"])
    (change,) = data["figures"]
    assert change["indicator"] == "地区生产总值" and change["a"]["number"] == 6.0 and change["b"]["value"] == "5.5%"
    text = subprocess.run([sys.executable, "-m", "reader", "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                           "--data-dir", str(tmp_path / "data")], capture_output=True, text=True)
    assert text.returncode == 0 and "1 moved, 1 changed, 1 new, 1 dropped" in text.stdout
    assert "[-6%-][+5.5%+]" in text.stdout


def test_cli_unknown_source_is_one_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "reader", "compare", "nope", "nada", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "nope" in out.stderr


def test_cli_text_has_no_control_characters(tmp_path):
    a, b = tmp_path / "a\x1b[31m.txt", tmp_path / "b.txt"
    a.write_text("报告\n\n第一段\x1b[2J文字。\n", encoding="utf-8")
    b.write_text("报告\n\n第一段文字，有改动。\n\n新的一段。\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reader", "compare", str(a), str(b), "--data-dir", str(tmp_path / "d")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "␛" in out.stdout


def test_cli_compares_two_sources_of_a_folder_by_id(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "y2023.txt").write_text("2023年报告\n\n营商环境持续优化。\n\n回顾过去一年的情况。\n", encoding="utf-8")
    (corpus / "y2024.txt").write_text("2024年报告\n\n营商环境持续优化。\n\n今年全力推进海洋经济。\n", encoding="utf-8")
    (corpus / "other.txt").write_text("别的报告\n\n无关。\n", encoding="utf-8")
    args = [sys.executable, "-m", "reader", "compare", "y2023", "y2024", str(corpus), "--data-dir", str(tmp_path / "d")]
    out = subprocess.run([*args, "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["a"].startswith("y2023") and result["b"].startswith("y2024")
    assert {p["status"] for p in result["pairs"]} >= {"same", "added", "removed"}
    missing = subprocess.run([*args[:6], str(tmp_path / "nowhere"), *args[7:]], capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "nowhere" in missing.stderr


def test_candidates_are_those_sharing_most_ties_to_the_first():
    shared = Counter({9: 7, 4: 3, 8: 3, 2: 3, 7: 9, 1: 1, 6: 3, 3: 3})
    assert CANDIDATES == 5
    assert sorted(_candidates(shared)) == [2, 3, 4, 7, 9]
    assert sorted(_candidates(Counter({5: 1, 2: 1}))) == [2, 5]
