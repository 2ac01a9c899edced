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


def test_equal_bytes_under_other_names_never_share_a_title_from_the_name(tmp_path):
    a, b = tmp_path / "甲.txt", tmp_path / "乙.txt"
    for f in (a, b):
        f.write_text("\n", "utf-8")  # nothing to take a title from: the title is the name
    cache = ParseCache(tmp_path / "cache")
    cold = [load_source(f) for f in (a, b)]
    for f in (a, b):
        load_source(f, cache=cache)
    assert [load_source(f, cache=cache) for f in (a, b)] == cold
    assert [s.title for s in cold] == ["甲", "乙"]


def test_the_cache_holds_no_pickle_and_ignores_files_it_does_not_recognise(tmp_path):
    import marshal
    import pickle

    report = tmp_path / "r.txt"
    report.write_text("标题\n\n正文。\n", "utf-8")
    cache = ParseCache(tmp_path / "cache")
    good = load_source(report, cache=cache)
    (entry,) = (tmp_path / "cache").iterdir()
    assert entry.read_bytes().startswith(b"ntreader-parse-")
    for foreign in (pickle.dumps(good), b"ntreader-parse-1\n" + marshal.dumps(compile("1", "x", "eval")),
                    b"ntreader-parse-1\n" + marshal.dumps(("a", "b", "c", "d", ((1,),), ())),
                    b"ntreader-parse-1\n\xff"):
        entry.write_bytes(foreign)
        assert load_source(report, cache=cache) == good


def test_the_key_covers_every_module_of_a_parser_package(tmp_path):
    from reader.core.parse_cache import code_files

    core = tmp_path / "core"
    (core / "parse").mkdir(parents=True)
    (core / "parse" / "headings.py").write_text("RULE = 1\n")
    (core / "parse" / "__init__.py").write_text("")
    names = [p.relative_to(core).as_posix() for p in code_files(core)]
    assert "parse/headings.py" in names and "parse/__init__.py" in names
