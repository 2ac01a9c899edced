"""Pilot tests of the work behind a corpus catalog: the index at once, counts in another process,
no report read on the UI's behalf but the one shown, progress in the status bar."""

from __future__ import annotations

from rendered import rows, text

from reader.app import make_app
from reader.core.catalog import PARALLEL_FROM, Catalog, open_library
from reader.paths import resolve
from reader.screens.main import MainScreen
from reader.screens.watching import COUNT_MARK
from reader.store import Store
from reader.widgets.keywords_panel import KeywordsPanel
from reader.widgets.kwic import KwicList
from reader.widgets.source_tree import SourceTree
from reader.widgets.status_bar import StatusBar

WORD = "营商环境"


async def test_a_catalog_is_searched_at_once_and_counted_elsewhere(tmp_path, settle, monkeypatch):
    paths = resolve(str(tmp_path))
    with Store.open(paths) as store:
        store.add_watchword(WORD, None)
    library = open_library([], paths.cache)
    loaded = []
    source = Catalog.source
    monkeypatch.setattr(Catalog, "source", lambda self, entry: loaded.append(entry.id) or source(self, entry))
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()  # the panels are mounted after the first paint, the index with them
        assert app.screen.index is not None
        await pilot.press("slash", *WORD, "enter")
        await settle(pilot)
        hits = app.screen.query_one(KwicList).hits
        assert len({h.source_id for h in hits}) > 1 and all(h.match == WORD for h in hits)
        tree = app.screen.query_one(SourceTree)
        assert f"{COUNT_MARK}" in text(tree)
        await pilot.press("escape", "K")
        panel = app.screen.query_one(KeywordsPanel)
        assert panel.corpus is not None and len(panel.corpus.sources) == len(library.outlines)
        assert panel.keywords
    assert set(loaded) <= {library.outlines[0].id}


async def test_background_progress_shows_in_the_status_bar_until_it_ends(tmp_path, settle):
    library = open_library([], resolve(str(tmp_path)).cache)
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        work, bar = app.screen.work, app.screen.query_one(StatusBar)
        work.progress("corpus", library)(4)
        work.show()
        await pilot.pause()
        assert f"counting words 4/{len(library.outlines)}" in rows(bar)[0].text
        assert "¶" in rows(bar)[0].text  # the place is still shown whole
        work.ended("corpus")
        await pilot.pause()
        assert "counting" not in rows(bar)[0].text


async def test_a_first_launch_parses_many_reports_in_worker_processes(tmp_path, settle):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(PARALLEL_FROM + 6):
        (corpus / f"r{n:03d}.txt").write_text(f"报告{n}\n\n一、营商环境\n\n第{n}段正文。\n", "utf-8")
    cache = resolve(str(tmp_path)).cache
    app = make_app(lambda progress: open_library([str(corpus)], cache, progress), data_dir=str(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert len(app.library.outlines) == PARALLEL_FROM + 6 and not app.library.errors
        assert isinstance(app.screen, MainScreen)
