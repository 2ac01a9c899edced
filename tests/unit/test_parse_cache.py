"""The parse cache: a warm start skips the parser; any change or damage is a miss, never an error."""

import subprocess
import sys

from reader.core.library import load_library, load_source
from reader.core.parse_cache import ParseCache


def test_warm_load_equals_cold_load_without_importing_the_parser(tmp_path):
    cold = load_library([], cache_dir=tmp_path)
    assert len(list((tmp_path / "parsed").iterdir())) == len(cold.sources)
    code = (
        "import sys; from pathlib import Path; from reader.core.library import load_library;"
        f"lib = load_library([], cache_dir=Path({str(tmp_path)!r}));"
        "print(len(lib.sources), 'reader.core.parse' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(len(cold.sources)), "False"]
    assert load_library([], cache_dir=tmp_path).sources == cold.sources


def test_a_changed_file_is_parsed_again(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n正文一。\n", "utf-8")
    cache = ParseCache(tmp_path / "cache")
    first = load_source(report, cache=cache)
    report.write_text("标题\n\n正文二。\n", "utf-8")
    second = load_source(report, cache=cache)
    assert first.paragraphs[-1].text == "正文一。" and second.paragraphs[-1].text == "正文二。"


def test_same_content_under_another_name_keeps_its_own_id_and_path(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("标题\n\n正文。\n", "utf-8")
    b.write_text("标题\n\n正文。\n", "utf-8")
    cache = ParseCache(tmp_path / "cache")
    load_source(a, cache=cache)
    again = load_source(b, cache=cache)
    assert (again.id.split("~")[0], again.path) == ("b", str(b))


def test_equal_bytes_under_another_name_do_not_take_its_title(tmp_path):
    a, b = tmp_path / "甲.txt", tmp_path / "乙.txt"
    a.write_bytes(b"")
    b.write_bytes(b"")
    cache = ParseCache(tmp_path / "cache")
    assert load_source(a, cache=cache).title == "甲"
    assert load_source(b, cache=cache).title == "乙"


def test_damaged_or_unwritable_cache_is_a_miss(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n正文。\n", "utf-8")
    cache = ParseCache(tmp_path / "cache")
    good = load_source(report, cache=cache)
    for f in (tmp_path / "cache").iterdir():
        f.write_bytes(b"not a pickle")
    assert load_source(report, cache=cache) == good
    blocked = ParseCache(report / "not-a-folder")  # a file stands where the folder should be
    assert load_source(report, cache=blocked) == good
