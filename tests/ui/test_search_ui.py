"""Pilot tests of search: `/`, the KWIC panel, Enter, `n`/`N`, sorting, `escape`, history."""

from __future__ import annotations

import threading

import pytest
from rendered import rows, screen_text, styled

from reader.app import make_app
from reader.core.fold import fold
from reader.paths import resolve
from reader.screens import searching
from reader.screens.main import MainScreen
from reader.store import Store
from reader.widgets.kwic import KwicPanel
from reader.widgets.kwic_list import KwicList
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.search_bar import SearchBar

QUERY = "营商环境"


@pytest.fixture
def search(settle):
    async def search(pilot, text: str) -> None:
        await pilot.press("slash", *text, "enter")
        await settle(pilot)

    return search


def parts(app):
    screen = app.screen
    return screen.query_one(ReadingPane), screen.query_one(KwicPanel), screen.query_one(KwicList)


async def test_search_lists_every_hit_and_enter_jumps_to_it(library, tmp_path, settle, search):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane, panel, hits = parts(app)
        await search(pilot, QUERY)
        assert panel.display and app.focused is hits
        texts = [t for s in library.sources for t in (*(sec.title for sec in s.sections if not sec.synthetic),
                                                      *(p.text for p in s.paragraphs))]
        expected = sum(fold(t).count(QUERY) for t in texts)
        assert len(hits.hits) == expected > 10
        assert {h.match for h in hits.hits} == {QUERY}
        assert len({h.source_id for h in hits.hits}) > 1
        await pilot.press("down", "down", "enter")
        target = hits.hits[2]
        assert (pane.source.id, pane.cursor) == (target.source_id, target.para)
        assert app.focused is pane
        assert styled(pane, "reading--hit-current") == [QUERY]
        others = styled(pane, "reading--hit")  # the other hits in view, each drawn as a hit
        assert set(others) <= {QUERY} and len(others) == sum(row.text.count(QUERY) for row in rows(pane)) - 1


async def test_n_and_N_walk_hits_across_sources_and_escape_returns(library, tmp_path, settle, search):
    app = make_app(library, data_dir=str(tmp_path), start=(library.sources[2].id, 5))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane, panel, hits = parts(app)
        await search(pilot, QUERY)
        await pilot.press("n")
        seen = [(pane.source.id, pane.cursor)]
        assert seen[0] == (hits.hits[0].source_id, hits.hits[0].para)
        while pane.source.id == hits.hits[0].source_id:
            await pilot.press("n")
        crossed = (pane.source.id, pane.cursor)
        assert hits.cursor > 0 and crossed == (hits.hits[hits.cursor].source_id, hits.hits[hits.cursor].para)
        await pilot.press("N")
        assert pane.source.id == hits.hits[0].source_id
        await pilot.press("escape")
        assert (pane.source.id, pane.cursor) == (library.sources[2].id, 5)
        assert not panel.display
        assert styled(pane, "reading--hit") == styled(pane, "reading--hit-current") == []
        await pilot.press("n")  # the search has ended: n runs it again, to the first hit from here
        await settle(pilot)
        source = library.sources[2]
        assert pane.source is source and pane.cursor >= 5
        assert app.focused is pane
        hit = panel.search.hits[panel.search.current]
        assert (hit.source_id, hit.para) == (source.id, pane.cursor)
        assert f"“{QUERY}”" in screen_text(app) and f"¶ {pane.cursor}/" in screen_text(app)


async def test_N_opens_the_notes_panel_when_there_is_no_search(library, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(MainScreen, "action_notes", lambda self: opened.append(True), raising=False)
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("N")
        assert opened == [True]


async def test_sort_cycles_and_a_click_jumps(library, tmp_path, settle, search):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane, panel, hits = parts(app)
        await search(pilot, "作风")
        by_position = list(hits.hits)
        await pilot.press("s")
        await settle(pilot)
        index = app.screen.index
        assert list(hits.hits) == index.sort(by_position, "left") != by_position
        assert "word on the left" in str(panel.query_one("#kwic-header").content)
        await pilot.click(KwicList, offset=(30, 3))
        target = hits.hits[3]
        assert (pane.source.id, pane.cursor) == (target.source_id, target.para)


async def test_bad_query_shows_its_error_under_the_box(library, tmp_path, search):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, '"营商')
        bar = app.screen.query_one(SearchBar)
        error = bar.query_one("#search-error")
        assert bar.display and error.display and "unbalanced quote" in str(error.content)
        assert not app.screen.query_one(KwicPanel).display
        await pilot.press("escape")
        assert not bar.display


async def test_recent_searches_are_kept_and_recalled(library, tmp_path, settle, search):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, QUERY)
        await search(pilot, "作风")
        await pilot.press("escape", "slash", "ctrl+u", *"草稿")
        bar = app.screen.query_one(SearchBar)
        await pilot.press("up")
        assert bar.input.value == "作风"
        await pilot.press("up", "up")
        assert bar.input.value == QUERY
        await pilot.press("down", "down")
        assert bar.input.value == "草稿"
    with Store.open(resolve(tmp_path)) as store:
        assert store.search_history() == ["作风", QUERY]


async def test_a_search_before_the_index_is_ready_waits_for_it(library, tmp_path, monkeypatch, settle):
    release = threading.Event()
    build = searching.build_index

    def slow_build(*args):
        release.wait(10)
        return build(*args)

    monkeypatch.setattr(searching, "build_index", slow_build)
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the panels are mounted after the first paint
        pane, panel, hits = parts(app)
        await pilot.press("slash", *QUERY, "enter")
        await pilot.pause()
        assert panel.display and "indexing" in str(panel.query_one("#kwic-header").content)
        await pilot.press("j", "k")  # the UI still answers
        release.set()
        await settle(pilot)
        assert hits.hits and hits.hits[0].match == QUERY


async def test_the_search_box_shows_what_is_typed(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"营商环境QX")
        await pilot.pause()
        assert "营商环境QX" in screen_text(app)


async def test_kwic_cursor_redraws_its_screen_rows_once_scrolled(library, tmp_path, settle, search):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, QUERY)
        _, _, hits = parts(app)
        await pilot.press("G")
        assert hits.scroll_y > 0
        redrawn = []
        real_refresh = hits.refresh
        hits.refresh = lambda *regions, **kw: (redrawn.extend(regions), real_refresh(*regions, **kw))[1]
        await pilot.press("k")
        last = len(hits.hits) - 1
        rows_on_screen = {last - int(hits.scroll_y), last - 1 - int(hits.scroll_y)}
        assert rows_on_screen <= {region.y for region in redrawn}
        assert all(0 <= y < hits.size.height for y in rows_on_screen)


async def test_the_search_box_takes_the_status_line_and_leaves_the_reading_still(library, tmp_path, settle):
    """``/`` shows the box where the status bar was (as vim's command line): the tree and the pane
    keep their size, and no layout redraws their scrollbars in a frame of its own."""
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        pane, tree, status = screen.query_one(ReadingPane), screen.query_one("#tree"), screen.query_one("#status")
        sizes = pane.size, tree.size
        await pilot.press("slash")
        await pilot.pause()  # the box's first layout: the scroll views settle in it
        redrawn = []
        for view in (pane, tree):
            view._scroll_update = lambda size, view=view: redrawn.append(view)  # type: ignore[method-assign]
        await pilot.press("escape", "slash")
        await settle(pilot)
        bar = screen.query_one(SearchBar)
        assert bar.display and not status.display and bar.region.y == app.size.height - 2
        assert (pane.size, tree.size) == sizes and redrawn == []
        await pilot.press("escape")
        await settle(pilot)
        assert status.display and not bar.display and (pane.size, tree.size) == sizes
