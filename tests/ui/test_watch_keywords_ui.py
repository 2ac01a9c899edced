"""Pilot tests of watch-words (`w`, `W`) and the keywords panel (`K`, `H`) (issue 4)."""

from __future__ import annotations

from reader.app import make_app
from reader.paths import resolve
from reader.screens.watchwords import AddWatchword, WatchwordsDialog
from reader.store import Store
from reader.widgets.keywords_panel import KeywordsPanel
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import Place, SourceTree

WORD = "作风"


def layer(app, name: str) -> dict:
    return app.screen.query_one(ReadingPane)._layers.get(name, {})


def saved_watchwords(tmp_path) -> dict:
    with Store.open(resolve(tmp_path)) as store:
        return store.watchwords()


async def test_w_adds_a_watchword_that_is_lit_up_counted_and_kept(library, tmp_path, settle):
    source = library.sources[0]
    expected = {p.n for p in source.paragraphs if WORD in p.text}
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        assert isinstance(app.screen, AddWatchword)
        await pilot.press(*WORD, "down", "down", "enter")
        await settle(pilot)
        spans = layer(app, "watch")
        assert set(spans) == expected
        assert all(cls == "reading--watch-2" for para in spans.values() for _, _, cls in para)
        badges = app.screen.query_one(SourceTree)._badges["watch"]
        assert badges[Place(source.id)] == f"◆{sum(p.text.count(WORD) for p in source.paragraphs)}"
    assert saved_watchwords(tmp_path) == {WORD: "watch-2"}

    relaunched = make_app(library, data_dir=str(tmp_path))
    async with relaunched.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert set(layer(relaunched, "watch")) == expected


async def test_w_is_prefilled_with_the_selection(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "v", "right", "right")
        para, start, end = app.screen.pane.selection
        await pilot.press("w")
        assert isinstance(app.screen, AddWatchword)
        typed = app.screen.query_one("#watch-word").value
        assert typed == library.sources[0].paragraph(para).text[start:end].strip() and len(typed) == 3


async def test_W_lists_watchwords_with_their_spread_and_d_removes_one(library, tmp_path, settle):
    with Store.open(resolve(tmp_path)) as store:
        store.add_watchword(WORD, "watch-1")
        store.add_watchword("营商环境", "watch-4")
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        dialog = app.screen
        assert isinstance(dialog, WatchwordsDialog)
        assert [s.word for s in dialog.stats] == [WORD, "营商环境"]
        first = dialog.stats[0]
        assert first.total == sum(n for _, n, _ in first.sources) > 0 and len(first.sources) == len(library.sources)
        assert "营商环境" in str(dialog.query_one("#watch-list").get_option_at_index(1).prompt)
        await pilot.press("d", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, WatchwordsDialog)
        remaining = {cls for para in layer(app, "watch").values() for _, _, cls in para}
        assert remaining == {"reading--watch-4"}
    assert saved_watchwords(tmp_path) == {"营商环境": "watch-4"}


async def test_keywords_panel_lists_switches_method_and_promotes(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        panel = app.screen.query_one(KeywordsPanel)
        assert panel.display and panel.keywords
        assert all(len(k.word) > 1 and k.count > 0 for k in panel.keywords)
        tfidf = list(panel.keywords)
        await pilot.press("m")
        assert panel.method == "textrank" and panel.keywords != tfidf
        assert "TextRank" in str(panel.query_one("#keywords-header").content)
        await pilot.press("m", "s")
        assert panel.method == "keyness" and "of this source" in str(panel.query_one("#keywords-header").content)
        await pilot.press("m", "down", "enter")
        promoted = panel.keywords[1].word
        await settle(pilot)
        assert layer(app, "watch")
        await pilot.press("K")
        assert not panel.display
    assert list(saved_watchwords(tmp_path)) == [promoted]


async def test_H_lights_up_the_top_keywords(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not layer(app, "keywords")
        await pilot.press("H")
        spans = layer(app, "keywords")
        assert spans and all(cls == "reading--keyword" for para in spans.values() for _, _, cls in para)
        await pilot.press("H")
        assert not layer(app, "keywords")
