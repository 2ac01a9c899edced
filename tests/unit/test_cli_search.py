"""`ntreader search` and `ntreader keywords`: JSON and human output, the cache, one-line errors."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.core.fold import fold

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIELDS = {"address", "source", "section", "left", "match", "right"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


def ntreader(*args, data_dir):
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args, "--data-dir", str(data_dir)], capture_output=True, text=True, env=env
    )


def test_search_json_one_row_per_occurrence(library, data_dir):
    out = ntreader("search", "营商环境", "--json", data_dir=data_dir)
    assert out.returncode == 0 and out.stderr == ""
    rows = json.loads(out.stdout)
    texts = [p.text for s in library.sources for p in s.paragraphs]
    texts += [sec.title for s in library.sources for sec in s.sections if not sec.synthetic]
    assert len(rows) == sum(fold(t).count("营商环境") for t in texts)
    for row in rows:
        assert FIELDS <= row.keys() and row["match"] == "营商环境"
        assert re.fullmatch(rf"{re.escape(row['source'])}:\d+(:\d+-\d+)?", row["address"])
    assert not list((data_dir / "cache").glob("index/*/*.ends"))  # reading order needs no tokens
    cached = sorted((data_dir / "cache" / "catalog").glob("*.cat"))
    assert len(cached) == 1
    stamps = [p.stat().st_mtime_ns for p in cached]
    again = ntreader("search", "营商环境", "--json", data_dir=data_dir)
    assert again.stdout == out.stdout and [p.stat().st_mtime_ns for p in cached] == stamps


def test_a_warm_search_imports_no_parser_converter_or_segmenter(data_dir):
    """Once the catalog is built, a search in reading order reads it alone: the modules that parse,
    convert or segment reports (and their start-up cost) are never imported."""
    assert ntreader("search", "营商环境", data_dir=data_dir).returncode == 0  # the catalog is built
    code = ("import sys; from reader.cli import main; sys.argv = ['ntreader', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('reader.core.parse.', 'reader.core.formats.', "
            "'jieba', 'shutil'))), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, "search", "营商环境", "--data-dir", str(data_dir)],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.count("营商环境") > 10
    assert out.stderr.strip() == "[]"


def test_search_human_table_is_aligned_on_the_match(data_dir):
    out = ntreader("search", "作风 -机关", "--sort", "left", data_dir=data_dir)
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and len(lines) > 10
    columns = {cell_len(line[: line.index(" 作风 ")]) for line in lines}
    assert len(columns) == 1
    assert all(cell_len(line) <= 100 for line in lines)


def test_search_in_one_file_and_no_hits(data_dir):
    one = SEEDS / "002_9a7517520ad439d9.txt"
    rows = json.loads(ntreader("search", "巡视", str(one), "--json", data_dir=data_dir).stdout)
    assert rows and {r["source"] for r in rows} == {"002_9a7517520ad439d9"}
    none = ntreader("search", "无此提法", str(one), data_dir=data_dir)
    assert (none.returncode, none.stdout, none.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "empty search query"), ('"营商环境', "unbalanced quote"), ("-营商环境", "only exclusions")],
)
def test_bad_queries_exit_1_with_one_line(query, message, data_dir):
    out = ntreader("search", "--", query, data_dir=data_dir)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith("ntreader: ") and message in out.stderr and out.stderr.count("\n") == 1


def test_keywords_json_and_table(library, data_dir):
    out = ntreader("keywords", "--top", "5", "--json", data_dir=data_dir)
    assert out.returncode == 0 and out.stderr == ""
    rows = json.loads(out.stdout)
    assert [r["source"] for r in rows] == [s.id for s in library.sources]
    for r in rows:
        assert 0 < len(r["keywords"]) <= 5
        assert all(k.keys() == {"word", "score", "count"} and k["count"] > 0 for k in r["keywords"])
    table = ntreader("keywords", "--top", "3", "--method", "keyness", str(SEEDS / "001_3c6eb037d3059398.txt"),
                     str(SEEDS / "002_9a7517520ad439d9.txt"), data_dir=data_dir).stdout.splitlines()
    assert len(table) == 2 * (1 + 3) and table[0].startswith("001_3c6eb037d3059398")
    assert all(re.fullmatch(r"  \S+ +\d+  \d+\.\d{4}", line) for line in table[1:4])


def test_a_file_that_cannot_be_read_is_one_line_and_the_others_are_searched(tmp_path):
    """As with ``outline``: a binary ``.txt`` among the reports is named on stderr, the rest are
    searched and printed, and the exit status says something was left out."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 5000)
    out = ntreader("search", "作风", str(folder), "--json", data_dir=tmp_path / "data")
    assert out.returncode == 1 and json.loads(out.stdout)
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("ntreader: ") and "broken.txt" in out.stderr
    assert "Traceback" not in out.stderr
    again = ntreader("keywords", "--top", "2", str(folder), data_dir=tmp_path / "data")
    assert again.returncode == 1 and again.stdout.count("\n") == 2 * (1 + 2) and "broken.txt" in again.stderr
