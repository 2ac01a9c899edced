"""Pilot tests of watch-words (`w`, `W`) and the keywords panel (`K`, `H`)."""

from __future__ import annotations

from rendered import rows, screen_text, styled, text

from reader.app import make_app
from reader.paths import resolve
from reader.screens.watching import COUNT_MARK
from reader.screens.watchwords import AddWatchword, WatchwordsDialog
from reader.store import Store
from reader.widgets.keywords_panel import KeywordsPanel
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import SourceTree

WORD = "作风"


def lit(app, component: str) -> list[str]:
    """The words drawn in ``component``'s style in the reading pane."""
    return styled(app.screen.query_one(ReadingPane), component)


def strip_words(run: str, words: set[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        run = run.replace(word, "")
    return run


def saved_watchwords(tmp_path) -> dict:
    with Store.open(resolve(tmp_path)) as store:
        return store.watchwords()


async def test_w_adds_a_watchword_that_is_lit_up_counted_and_kept(library, tmp_path, settle):
    source = library.sources[0]
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        assert isinstance(app.screen, AddWatchword)
        await pilot.press(*WORD, "down", "down", "enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert styled(pane, "reading--watch-2") and set(styled(pane, "reading--watch-2")) == {WORD}
        badge = f"{COUNT_MARK}{sum(p.text.count(WORD) for p in source.paragraphs)}"
        assert badge in rows(app.screen.query_one(SourceTree))[0].text
    assert saved_watchwords(tmp_path) == {WORD: "watch-2"}

    relaunched = make_app(library, data_dir=str(tmp_path))
    async with relaunched.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert set(styled(relaunched.screen.query_one(ReadingPane), "reading--watch-2")) == {WORD}


async def test_w_is_prefilled_with_the_selection(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "v", "right", "right")
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
        assert set(lit(app, "reading--watch-1")) == {WORD}
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
        assert lit(app, "reading--watch-1") == []
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
        assert COUNT_MARK in text(app.screen.query_one(SourceTree))
        await pilot.press("K")
        assert not panel.display
    assert list(saved_watchwords(tmp_path)) == [promoted]


async def test_H_lights_up_the_top_keywords(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert lit(app, "reading--keyword") == []
        await pilot.press("H")
        top = {k.word for k in app.screen.query_one(KeywordsPanel).top(library.sources[0], None, 10)}
        assert lit(app, "reading--keyword")
        assert all(not strip_words(run, top) for run in lit(app, "reading--keyword"))  # adjacent words make one run
        await pilot.press("H")
        assert lit(app, "reading--keyword") == []


async def test_toasts_show_user_text_literally(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("w", *"[b]x[/] [@click=app.quit]", "enter")
        await settle(pilot)
        assert "Watching “[b]x[/] [@click=app.quit]”" in screen_text(app)


async def test_j_k_g_G_move_in_the_keywords_list(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        panel = app.screen.query_one(KeywordsPanel)
        words = [k.word for k in panel.keywords]

        def highlighted() -> str:
            return words[panel.options.highlighted or 0]

        assert highlighted() == words[0]
        await pilot.press("j", "j")
        assert highlighted() == words[2]
        await pilot.press("k")
        assert highlighted() == words[1]
        await pilot.press("G")
        assert highlighted() == words[-1]
        await pilot.press("g")
        assert highlighted() == words[0]
