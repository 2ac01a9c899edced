"""What a new reader meets in the first minute, checked on the rendered screen: keys typed before
the reader shows, the footer and position at 80 columns in every state, readable colours."""

from __future__ import annotations

import threading

import pytest
from rendered import screen_rows, screen_text, shown
from test_analysis_ui import PAIR

from reader.app import ReaderApp, make_app
from reader.core.library import load_library
from reader.keys import key_groups
from reader.screens.main import MainScreen


def _gated(library):
    """A loader that waits for the returned event before handing over ``library``."""
    gate = threading.Event()

    def load(progress):
        gate.wait(10)
        return library

    return load, gate


async def _reader_shown(pilot) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, MainScreen) and "¶" in screen_text(pilot.app):
            return
        await pilot.pause()


async def test_keys_typed_while_loading_are_applied_once_the_reader_shows(library, tmp_path, settle):
    load, gate = _gated(library)
    app = make_app(load, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")
        gate.set()
        await _reader_shown(pilot)
        await settle(pilot)
        last = len(library.sources[0].paragraphs)
        assert f"¶ {last}/{last}" in await shown(pilot, f"¶ {last}/{last}")


@pytest.mark.parametrize("enter", ["enter", "ctrl+j"])  # ctrl+j: return typed before raw mode
async def test_a_search_typed_while_loading_is_typed_into_the_search_box(library, tmp_path, settle, enter):
    load, gate = _gated(library)
    app = make_app(load, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"作风", enter)
        gate.set()
        await _reader_shown(pilot)
        await settle(pilot)
        assert "“作风”" in await shown(pilot, "hits in")


STATES = {
    "search results": ["slash", *"作风", "enter"],
    "keywords": ["K"],
    "notes": ["N"],
    "figures": ["F"],
    "trend": ["T"],
}


@pytest.mark.parametrize("keys", STATES.values(), ids=STATES.keys())
async def test_help_and_position_stay_on_screen_at_80_columns_in_every_state(library, tmp_path, settle, keys):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        drawn = await shown(pilot, "Help")
        status, footer = drawn.splitlines()[-2:]
        assert "¶ 1/" in status, drawn
        # in a text box ? is typed, so help is offered on F1 there
        assert "? Help" in footer or "F1 Help" in footer, drawn


MODALS = {
    "note editor": (["a"], "^s Save"),
    "help": (["question_mark"], "esc Close"),
    "export": (["e"], "^s Export"),
    "open a path": (["O"], "esc Cancel"),
    "go to": (["colon"], "esc Cancel"),
    "watch-words": (["W"], "esc Close"),
}


@pytest.mark.parametrize(("keys", "own"), MODALS.values(), ids=MODALS.keys())
async def test_a_dialog_footer_offers_its_own_keys_never_the_screen_below(library, tmp_path, settle, keys, own):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        footer = (await shown(pilot, own)).splitlines()[-1]
        assert own in footer and "Help" not in footer and "Search" not in footer, footer


async def test_a_bookmark_typed_before_the_notes_are_open_is_saved_once_they_are(library, tmp_path, settle,
                                                                                  monkeypatch):
    """The notes store opens after the first paint: a b typed before is kept until it is open."""
    opening = []
    monkeypatch.setattr(ReaderApp, "open_store", lambda app: opening.append(app))  # slow: not open yet
    load, gate = _gated(library)
    app = make_app(load, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        gate.set()
        await _reader_shown(pilot)
        for _ in range(100):  # (the b waits in a worker: no settle before the store opens)
            if opening:
                break
            await pilot.pause()
        monkeypatch.undo()
        app.open_store()
        await settle(pilot)
        assert "unavailable" not in screen_text(app)
        await pilot.press("N")
        assert f"{library.sources[0].id}:1" in await shown(pilot, f"{library.sources[0].id}:1")


async def test_help_shows_f1_and_scrolls_like_the_reading_pane(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        top = await shown(pilot, "ntreader — keys")
        assert "F1 " in top and "f1 " not in top
        await pilot.press("G")
        bottom = screen_text(app)
        last = key_groups()[-1].bindings[-1]
        assert "ntreader — keys" not in bottom and (last.tooltip or last.description)[:10] in bottom
        await pilot.press("g")
        assert "ntreader — keys" in screen_text(app)
        await pilot.press("space")
        paged = screen_text(app)
        assert "ntreader — keys" not in paged and paged != bottom
        await pilot.press("b", "j", "k")
        assert "ntreader — keys" in screen_text(app)


async def test_the_palette_names_keys_as_the_footer_does(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"help")
        drawn = await shown(pilot, "key: ?")
        assert "key: ?" in drawn and "question_mark" not in drawn


async def test_compare_says_which_pair_change_and_place_is_highlighted(tmp_path, settle):
    app = make_app(load_library([str(PAIR / "report_2024.md"), str(PAIR / "report_2023.md")]), data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        status = (await shown(pilot, "pair ")).splitlines()[-2]
        assert "pair 3/7 · change 1/4" in status, status  # the first change
        await pilot.press("right_square_bracket")
        assert "change 2/4" in screen_text(app).splitlines()[-2]
        await pilot.press("2", "enter")
        await settle(pilot)
        assert "place 1/1" in screen_text(app).splitlines()[-2]


@pytest.mark.parametrize("keys", [["N", "slash"], ["F", "slash"], ["T"]], ids=["notes", "figures", "trend"])
async def test_a_panel_line_shows_what_is_typed_into_it(library, tmp_path, settle, keys):
    """Focused, a panel's filter or term line keeps its text row (not two border rows typed
    blind); the trend panel, with no term to follow, opens its line itself."""
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys, *"营商环")
        await settle(pilot)
        await shown(pilot, "营商环")
        assert any(row.strip().startswith("营商环") for row in screen_rows(app)), "\n".join(screen_rows(app))


async def test_the_palette_offers_the_keys_of_the_open_panel_only(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        await pilot.press("ctrl+p", *"close panel")
        drawn = await shown(pilot, "key: esc")  # (the matched letters are drawn apart: spaces dropped)
        assert [line.replace(" ", "") for line in drawn.splitlines()].count("Closepanel") == 1, drawn


async def test_the_palette_hides_the_keys_of_the_screen_below(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        footer = (await shown(pilot, "Search for commands")).splitlines()[-1]
        assert "Help" not in footer and "Quit" not in footer, footer
        await pilot.press("escape")
        assert "? Help" in (await shown(pilot, "? Help")).splitlines()[-1]


async def test_the_keywords_header_says_what_it_counts_at_80_columns(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        drawn = await shown(pilot, "Keywords")
        assert "Keywords of this source · TF-IDF · counted as a word · " in drawn, drawn


async def test_the_export_dialog_names_its_choices_whole_at_80_columns(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        drawn = await shown(pilot, "Export annotations")
        assert "Markdown" in drawn and "JSON, re-importable" in drawn and "All sources" in drawn, drawn


async def test_a_query_typed_fast_after_slash_lands_in_the_search_box(library, tmp_path, settle):
    """The keys come as a terminal sends them, all queued before the app handles the first."""
    from textual import events

    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        for key, char in [("slash", "/"), *((c, c) for c in "营商环境"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert "25 hits in 5 sources" in await shown(pilot, "hits in")


async def test_a_bookmark_is_said_in_the_status_bar_not_in_a_toast(library, tmp_path, settle):
    from rendered import toasts

    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        assert "Bookmarked ¶2  ¶ 2/" in await shown(pilot, "Bookmarked")
        assert not any("Bookmarked" in toast for toast in toasts(app))
