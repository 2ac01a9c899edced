"""Corpus-wide work in a spawned process: the same counts as in this one, progress, errors, stop."""

import threading

import pytest

from reader.core import background
from reader.core import keywords as kw
from reader.core.catalog import open_catalog, read_catalog
from reader.core.errors import UserError
from reader.core.library import load_library
from reader.core.search import Index
from reader.core.segment import default_segmenter
from reader.paths import resolve


def test_word_counts_in_a_process_are_those_of_a_full_index(tmp_path):
    library = load_library([])
    paths = resolve(str(tmp_path))
    full = kw.Corpus(library.sources, Index.build(library.sources, default_segmenter(paths), cache_dir=paths.cache).words)
    catalog = open_catalog([], paths.cache)
    assert catalog.file is not None and list(read_catalog(catalog.file).entries) == list(catalog.entries)
    seen = []
    df, totals = background.in_process(background.word_counts, str(catalog.file), [e.id for e in catalog.entries],
                                       str(tmp_path), progress=seen.append)
    assert (df, totals) == (full.df, full.totals)
    assert seen == sorted(seen)
    index = Index.from_catalog(catalog, default_segmenter(paths), paths.cache)
    counted = kw.Corpus(library.sources, index.words, counted=(df, totals))
    assert [kw.tfidf(s, counted) for s in library.sources] == [kw.tfidf(s, full) for s in library.sources]


def test_watch_counts_from_the_catalog_are_those_of_full_parses(tmp_path):
    library = load_library([])
    catalog = open_catalog([], tmp_path)
    words = ["营商环境", "ＧＤＰ", "作风"]
    expected = background.watch_counts(library.sources, words)
    assert expected and len(expected) < len(library.sources) + 1
    got = background.in_process(background.catalog_watch_counts, str(catalog.file),
                                [e.id for e in catalog.entries], words)
    assert got == expected


def test_a_catalog_that_changed_is_one_error_line(tmp_path):
    catalog = open_catalog([], tmp_path)
    with pytest.raises(UserError, match="catalog changed"):
        background.in_process(background.catalog_watch_counts, str(catalog.file), ["nope"], ["作风"])


def test_cancelling_ends_the_process(tmp_path):
    catalog = open_catalog([], tmp_path)
    stop = threading.Event()
    stop.set()
    with pytest.raises(background.Cancelled):
        background.in_process(background.word_counts, str(catalog.file), [e.id for e in catalog.entries],
                              str(tmp_path), cancelled=stop.is_set)
