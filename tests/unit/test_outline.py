"""``outline_json``/``outline_text`` and ``ntreader outline``."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from reader.core.library import load_library
from reader.core.model import KINDS
from reader.core.outline import outline_json, outline_text

SEEDS = load_library([]).sources


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_json_schema():
    data = outline_json(SEEDS)
    assert len(data) == 5
    for source, obj in zip(SEEDS, data, strict=False):
        assert {"id", "path", "title", "sha256", "sections"} <= obj.keys()
        assert (obj["id"], obj["title"], obj["sha256"]) == (source.id, source.title, source.sha256)
        assert len(obj["sha256"]) == 64
        numbers = []
        for section in obj["sections"]:
            assert {"title", "level", "paragraphs"} <= section.keys()
            assert isinstance(section["title"], str) and section["level"] >= 1
            for p in section["paragraphs"]:
                assert set(p) == {"n", "kind", "text"} and p["kind"] in KINDS
                numbers.append(p["n"])
        assert numbers == list(range(1, len(numbers) + 1))
    json.dumps(data, ensure_ascii=False)


def test_text_tree_shows_titles_levels_and_counts():
    text = outline_text(SEEDS[2:3])
    lines = text.splitlines()
    assert lines[0].startswith("002_9a7517520ad439d9  南通市海门区委关于巡视整改进展情况的通报  [")
    assert "    一、提高政治站位,积极主动扛起巡视整改政治责任  (1)" in lines
    assert "      › (一)思想上入心入脑。  (1)" in lines
    assert "  [lead]  (4, 1 furniture)" in outline_text(SEEDS[1:2]).splitlines()


def test_cli_outline_json_matches_the_library():
    result = run("outline", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == outline_json(SEEDS)


def test_cli_outline_of_a_folder_and_a_file(tmp_path):
    (tmp_path / "r.txt").write_text("好作风是好战斗力\n\n南通召开全市作风建设推进会。\n", "utf-8")
    result = run("outline", str(tmp_path), SEEDS[0].path)
    assert result.returncode == 0, result.stderr
    assert re.match(r"r~[0-9a-f]{6}  好作风是好战斗力  \[1 ¶\]", result.stdout.splitlines()[0])


def test_cli_missing_path_and_binary_file_exit_1_with_one_line(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)))
    for path, message in ((tmp_path / "missing.txt", "no such file"), (binary, "not a text file (binary)")):
        result = run("outline", "--json", str(path))
        assert result.returncode == 1
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
        assert "Traceback" not in result.stderr


def test_meta_date_is_iso_8601_in_json_and_shown_in_the_tree(tmp_path):
    (tmp_path / "r.txt").write_text("中国的生态文明建设\n\n（2023年1月）\n\n一、坚持\n\n生态文明建设是根本大计。\n", "utf-8")
    source = load_library([tmp_path]).sources[0]
    assert outline_json([source])[0]["meta"]["date"] == "2023-01" == source.date
    assert "date: 2023-01" in outline_text([source])
    assert outline_json(SEEDS[2:3])[0]["meta"]["date"] == "2023-04-07"
