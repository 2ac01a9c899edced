"""Collocates: window counts, log-likelihood and MI, n-grams holding the term."""

from reader.core.collocates import collocates
from reader.core.parse import parse_text

TEXT = "\n\n".join(["优化 营商 环境 ， 打造 一流 营商 环境 。", "持续 优化 营商 环境 。", "城市 更新 提升 品质 。"] * 3)


def tokens(source):
    return [p.text.split(" ") if p.text else [] for p in source.paragraphs]


def test_collocates_and_ngrams():
    src = parse_text(TEXT, source_id="s", path="s.txt")
    found, grams = collocates("营商环境", [src], lambda _sid: tokens(src), min_count=1)
    top = {c.word: c for c in found}
    assert top["优化"].count == 6 and top["优化"].freq == 6
    assert "城市" not in top and "营商环境" not in top
    assert top["优化"].ll > 0 and top["优化"].mi > 0
    assert found == sorted(found, key=lambda c: (-c.ll, -c.count, c.word))
    assert grams[0].ngram == "优化营商环境" and grams[0].count == 6
    assert all("营商环境" in g.ngram for g in grams)


def test_a_word_is_counted_once_per_place_even_between_two_nodes():
    src = parse_text("营商 环境 优化 营商 环境 。", source_id="s", path="s.txt")
    found, _ = collocates("营商环境", [src], lambda _sid: tokens(src), min_count=1)
    assert [(c.word, c.count, c.freq) for c in found] == [("优化", 1, 1)]


def test_cli_json(tmp_path):
    import json
    import subprocess
    import sys

    (tmp_path / "r.txt").write_text("优化营商环境。持续优化营商环境。打造一流营商环境。\n\n优化营商环境。\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reader", "collocates", "营商环境", str(tmp_path / "r.txt"), "--json",
                          "--data-dir", str(tmp_path / "d")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"collocates", "ngrams"}
    assert all(set(c) == {"word", "count", "freq", "ll", "mi"} for c in data["collocates"])
    assert data["collocates"][0]["word"] == "优化" and data["ngrams"][0] == {"ngram": "优化营商环境", "count": 3}
