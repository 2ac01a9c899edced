"""The corpus catalog: read instead of parses, the same hits as a full index, rebuilt on change."""

import pytest

from reader.core.catalog import catalog_file, open_catalog
from reader.core.errors import UserError
from reader.core.fold import find_all, fold
from reader.core.library import load_library
from reader.core.model import HIDDEN
from reader.core.search import Index
from reader.core.segment import Segmenter


class NoTokens:
    fingerprint = "none"

    def add_words(self, words):
        raise AssertionError("no tokens needed")


def test_catalog_search_gives_the_same_hits_as_a_full_index(tmp_path):
    library = load_library([])
    full = Index.build(library.sources, Segmenter(cache_dir=tmp_path / "j"), cache_dir=tmp_path)
    for _ in range(2):  # built, then read back
        index = Index.from_catalog(open_catalog([], tmp_path), NoTokens())
        for query in ("营商环境", "作风 -机关", '"巡视 整改"', "通州:"):
            assert list(index.search(query)) == list(full.search(query))


def test_entries_describe_sections_without_a_parse(tmp_path):
    library = load_library([])
    catalog = open_catalog([], tmp_path)
    for source, entry in zip(library.sources, catalog.entries, strict=True):
        assert (entry.id, entry.title, entry.sha256, entry.paragraphs) == (
            source.id, source.title, source.sha256, len(source.paragraphs))
        assert [(t, lv) for t, lv, *_ in entry.sections] == [(s.title, s.level) for s in source.sections]
        assert catalog.source(entry) == source


def test_a_changed_report_is_read_again_and_a_damaged_catalog_rebuilt(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("标题甲\n\n营商环境一。\n", "utf-8")
    (corpus / "b.txt").write_text("标题乙\n\n正文。\n", "utf-8")
    cache = tmp_path / "cache"
    first = open_catalog([str(corpus)], cache)
    assert len(Index.from_catalog(first, NoTokens()).search("营商环境")) == 1
    (corpus / "b.txt").write_text("标题乙\n\n营商环境二，营商环境三。\n", "utf-8")
    again = open_catalog([str(corpus)], cache)
    assert len(Index.from_catalog(again, NoTokens()).search("营商环境")) == 3
    catalog_file(cache, [str(corpus)]).write_bytes(b"ntreader-catalog-1\n\xff\xff\xff\xff")
    rebuilt = open_catalog([str(corpus)], cache)
    assert [e.title for e in rebuilt.entries] == ["标题甲", "标题乙"]


def test_progress_is_reported(tmp_path):
    seen = []
    open_catalog([], tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


@pytest.mark.parametrize("damage", ["titles", "failures"])
def test_an_entry_of_the_wrong_shape_makes_the_catalog_rebuilt(tmp_path, damage):
    from reader.core import catalog as cat
    from reader.core import parse_cache

    titles = [e.title for e in open_catalog([], tmp_path).entries]
    file = catalog_file(tmp_path, [])
    blob = file.read_bytes()
    n = int.from_bytes(blob[-8:], "little")
    version, (ids, paths, _, dates, numbers, failed) = parse_cache.load(cat.MAGIC + blob[-8 - n : -8], cat.MAGIC)
    if damage == "titles":
        bad = (ids, paths, (123,) * len(ids), dates, numbers, failed)  # titles that are not text
    else:
        bad = (ids, paths, tuple(titles), dates, numbers, (("x.txt", "1", 2, "why"),))  # a size that is not a number
    plain = parse_cache.dump((version, bad), cat.MAGIC)[len(cat.MAGIC):]
    file.write_bytes(blob[: -8 - n] + plain + len(plain).to_bytes(8, "little"))
    assert open_catalog([], tmp_path, parse=False) is None  # not taken for a catalog
    assert [e.title for e in open_catalog([], tmp_path).entries] == titles


@pytest.mark.parametrize("part", ["details", "phrases"])
def test_damaged_details_are_one_line_and_the_catalog_is_rebuilt(tmp_path, part):
    entries = open_catalog([], tmp_path).entries
    at, n, p = (entries.column(name)[0] for name in ("at", "length", "phrases"))
    assert entries.phrases(0) and all(type(x) is str for x in entries.phrases(0))  # the seeds quote phrases
    if part == "phrases":
        at, n = at + n, p
    file = catalog_file(tmp_path, [])
    blob = bytearray(file.read_bytes())
    blob[at : at + n] = b"\x00" * n
    file.with_suffix(".new").write_bytes(blob)
    file.with_suffix(".new").replace(file)
    damaged = open_catalog([], tmp_path)
    assert damaged.entries.titles == entries.titles  # the head is whole: nothing parsed
    with pytest.raises(UserError, match="damaged; it is rebuilt"):
        damaged.entries[0] if part == "details" else damaged.entries.phrases(0)
    assert [e.title for e in open_catalog([], tmp_path).entries] == list(entries.titles)


def test_reports_parsed_in_worker_processes_give_the_same_catalog(tmp_path, monkeypatch):
    from reader.core import catalog as cat

    alone = open_catalog([], tmp_path / "alone")
    monkeypatch.setattr(cat, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cat, "CHUNK", 2)
    pooled = open_catalog([], tmp_path / "pooled")
    assert list(pooled.entries) == list(alone.entries)
    assert [pooled.folded(e) for e in pooled.entries] == [alone.folded(e) for e in alone.entries]
    assert [p.name for p in (tmp_path / "pooled" / "catalog").iterdir()] == [catalog_file(tmp_path, []).name]


def test_a_catalog_that_cannot_be_written_still_answers(tmp_path):
    (tmp_path / "catalog").write_text("not a folder")
    catalog = open_catalog([], tmp_path)
    assert len(Index.from_catalog(catalog, NoTokens()).search("营商环境")) > 0


def test_a_generated_corpus_gives_the_same_hits_as_brute_force(tmp_path, monkeypatch):
    """Reports parsed in workers, searched in the catalog: every paragraph hit a plain find gives."""
    import importlib.util
    import sys
    from pathlib import Path

    from reader.core import catalog as cat

    spec = importlib.util.spec_from_file_location("bench_corpus", Path(__file__).parents[2] / "bench" / "corpus.py")
    assert spec and spec.loader
    corpus = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_corpus", corpus)
    spec.loader.exec_module(corpus)
    corpus.make_corpus(24, tmp_path / "corpus")
    monkeypatch.setattr(cat, "PARALLEL_FROM", 8)
    catalog = open_catalog([str(tmp_path / "corpus")], tmp_path / "cache")
    index = Index.from_catalog(catalog, NoTokens())
    for query in ("营商环境", "发展"):
        found = [(h.source_id, h.para, h.start, h.end) for h in index.search(query) if h.heading is None]
        expected = [(e.id, p.n, s, s + len(query)) for e in catalog.entries for p in catalog.source(e).paragraphs
                    if p.kind not in HIDDEN for s in find_all(fold(p.text), query)]
        assert found == expected and len(expected) > 24


def test_keywords_from_the_catalog_are_those_of_full_parses(tmp_path):
    from reader.core import keywords as kw

    library = load_library([])
    segmenter = Segmenter(cache_dir=tmp_path / "j")
    full = kw.Corpus(library.sources, Index.build(library.sources, segmenter, cache_dir=tmp_path).words)
    catalog = open_catalog([], tmp_path)
    light = kw.Corpus(list(map(catalog.text_source, catalog.entries)),
                      Index.from_catalog(catalog, segmenter, cache_dir=tmp_path).words)
    for source, text_source in zip(full.sources, light.sources, strict=True):
        assert [(p.n, "" if p.kind in HIDDEN else p.text) for p in source.paragraphs] == [
            (p.n, p.text) for p in text_source.paragraphs]
    for rank in (kw.tfidf, kw.keyness, kw.textrank):
        assert [rank(s, light) for s in light.sources] == [rank(s, full) for s in full.sources]


def test_workers_start_from_a_thread_while_stderr_has_no_descriptor(tmp_path, monkeypatch):
    """As in the TUI: the catalog is built in a thread while Textual holds stderr (fileno -1)."""
    import io
    import sys
    import threading

    from reader.core import catalog as cat

    class Captured(io.StringIO):
        def fileno(self) -> int:
            return -1

    monkeypatch.setattr(cat, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sys, "stderr", Captured())
    got: list = []
    worker = threading.Thread(target=lambda: got.append(open_catalog([], tmp_path)))
    worker.start()
    worker.join(timeout=300)
    assert got and len(got[0].entries) == len(open_catalog([], tmp_path / "alone").entries)


def test_a_relaunch_reads_the_library_without_parsing_and_knows_when_it_must(tmp_path):
    import os

    from reader.core.catalog import open_library
    from reader.core.library import corpus_files, expandable

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, title in (("a.txt", "标题甲"), ("b.txt", "标题乙")):
        (corpus / name).write_text(f"{title}\n\n一、总体要求\n\n正文。\n\n二、重点任务\n\n正文。\n", "utf-8")
    cache = tmp_path / "cache"
    assert open_library([str(corpus)], cache, parse=False) is None  # nothing read yet
    built = open_library([str(corpus)], cache)
    again = open_library([str(corpus)], cache, parse=False)
    assert again is not None
    assert [o.id for o in again.outlines] == [sid for _, sid in corpus_files([str(corpus)])[0]]
    assert [list(o.sections) for o in again.outlines] == [list(o.sections) for o in built.outlines]
    assert [o.has_sections() for o in again.outlines] == [expandable(o.title, o.sections) for o in built.outlines]
    assert again.get(again.outlines[1].id).title == "标题乙"
    stat = (corpus / "b.txt").stat()
    (corpus / "b.txt").write_text("标题乙\n\n改过的正文。\n", "utf-8")
    os.utime(corpus / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert open_library([str(corpus)], cache, parse=False) is None


def test_an_outline_whose_details_are_damaged_shows_no_sections(tmp_path):
    from reader.core.catalog import open_library

    entries = open_catalog([], tmp_path).entries
    at, n = entries.column("at")[0], entries.column("length")[0]
    file = catalog_file(tmp_path, [])
    blob = bytearray(file.read_bytes())
    blob[at : at + n] = b"\x00" * n
    file.with_suffix(".new").write_bytes(blob)
    file.with_suffix(".new").replace(file)
    outline = open_library([], tmp_path).outlines[0]
    assert list(outline.sections) == [] and len(outline.sections) == 0
    assert not file.exists()  # rebuilt at the next start


def test_a_killed_build_leaves_no_temporary_file_behind_the_next_one(tmp_path):
    import os
    import time

    file = catalog_file(tmp_path, [])
    file.parent.mkdir(parents=True)
    killed, live = file.parent / f".{file.name}.old1.tmp", file.parent / f".{file.name}.live.tmp"
    for f in (killed, live):
        f.write_bytes(b"half a catalog")
    hour_ago = time.time() - 3600
    os.utime(killed, (hour_ago, hour_ago))
    open_catalog([], tmp_path)
    assert not killed.exists() and live.exists()  # another build may still be writing that one


def test_a_report_gone_before_it_is_parsed_is_one_plain_line(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("标题\n\n正文。\n", "utf-8")
    (folder / "b.txt").symlink_to(folder / "missing.txt")
    catalog = open_catalog([str(folder)], tmp_path / "cache")
    assert [e.title for e in catalog.entries] == ["标题"]
    assert len(catalog.errors) == 1 and "b.txt" in catalog.errors[0] and "Errno" not in catalog.errors[0]


def test_a_file_that_failed_is_not_read_again_until_it_changes(tmp_path):
    import os

    from reader.core.catalog import open_library

    folder, cache = tmp_path / "reports", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_text("标题\n\n正文。\n", "utf-8")
    (folder / "z.txt").write_bytes(bytes(range(256)) * 40)  # binary
    first = open_library([str(folder)], cache)
    assert len(first.outlines) == 1 and first.errors == [f"{folder / 'z.txt'}: not a text file (binary)"]
    again = open_library([str(folder)], cache, parse=False)  # the relaunch's quick path: nothing to parse
    assert again is not None and again.errors == first.errors
    with pytest.raises(UserError, match="not a text file"):
        open_catalog([str(folder)], cache, strict=True)
    stat = (folder / "z.txt").stat()
    (folder / "z.txt").write_text("标题乙\n\n正文乙。\n", "utf-8")
    os.utime(folder / "z.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert open_library([str(folder)], cache, parse=False) is None  # changed: read again
    fixed = open_library([str(folder)], cache)
    assert len(fixed.outlines) == 2 and fixed.errors == []
