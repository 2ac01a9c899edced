"""Pilot tests: go to (``:``), the jump list (ctrl+o and back again), bookmarks and sources in
reading order, and opening at a span."""

from __future__ import annotations

from rendered import rows, shown

from reader.app import make_app
from reader.screens.prompt import Prompt
from reader.widgets.reading_pane import ReadingPane


def selected(pane: ReadingPane) -> str:
    """The text drawn on the selection's background (blended as the theme wants)."""
    background = pane.get_component_rich_style("reading--selection").bgcolor
    return "".join(seg.text for strip in rows(pane) for seg in strip if seg.style and seg.style.bgcolor == background)


def place(app) -> tuple[str, int]:
    pane = app.screen.query_one(ReadingPane)
    return pane.source.id, pane.cursor


async def go_to(pilot, typed: str) -> None:
    await pilot.press("colon", *typed, "enter")
    await pilot.pause()


async def test_colon_goes_to_a_paragraph_or_a_percentage(library, tmp_path):
    source = library.sources[0]
    total = len(source.paragraphs)
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("colon")
        assert isinstance(app.screen, Prompt) and "Go to" in await shown(pilot, "Go to")
        await pilot.press("1", "2", "enter")
        await pilot.pause()
        assert f"¶ 12/{total}" in await shown(pilot, f"¶ 12/{total}")
        await go_to(pilot, "50%")
        assert f"¶ {-(-total // 2)}/{total}" in await shown(pilot, f"¶ {-(-total // 2)}/{total}")
        await go_to(pilot, "100%")
        assert f"¶ {total}/{total}" in await shown(pilot, f"¶ {total}/{total}")


async def test_a_bad_go_to_is_said_in_the_dialog_which_stays(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await go_to(pilot, "abc")
        assert isinstance(app.screen, Prompt)
        assert "expected a paragraph number" in await shown(pilot, "expected a paragraph number")
        await pilot.press("escape")
        assert not isinstance(app.screen, Prompt)
        assert "¶ 1/" in await shown(pilot, "¶ 1/")


async def test_ctrl_o_goes_back_after_jumps_and_forward_again(library, tmp_path):
    source = library.sources[2]
    app = make_app(library, data_dir=str(tmp_path), start=(source.id, 3))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await go_to(pilot, "20")  # a go-to
        await pilot.press("right_square_bracket")  # a section jump
        assert place(app)[1] > 20
        await pilot.press("j", "j")  # reading on is no jump
        read_to = place(app)
        await pilot.press("ctrl+o")  # back where the last jump left
        assert place(app) == (source.id, 20)
        assert "¶ 20/" in await shown(pilot, "¶ 20/")
        await pilot.press("ctrl+o")
        assert place(app) == (source.id, 3)
        await pilot.press("ctrl+o")  # nothing older: stays, and says so
        await pilot.pause()
        assert place(app) == (source.id, 3) and "No earlier jump" in await shown(pilot, "No earlier jump")
        await pilot.press("alt+right")
        assert place(app) == (source.id, 20)
        await pilot.press("ctrl+i")  # ctrl+i where the terminal tells it from tab
        assert place(app) == read_to
        await pilot.press("alt+left")
        assert place(app) == (source.id, 20)


async def test_tab_still_switches_panes(library, tmp_path):
    from reader.widgets.source_tree import SourceTree

    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused is app.screen.query_one(SourceTree)


async def test_bookmarks_in_reading_order_across_sources(library, tmp_path):
    first, second = library.sources[0], library.sources[1]
    app = make_app(library, data_dir=str(tmp_path), start=(first.id, 4))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("apostrophe")
        await pilot.pause()
        assert "No bookmarks yet" in await shown(pilot, "No bookmarks yet")
        await pilot.press("b")  # ¶4 of the first source
        await go_to(pilot, f"{second.id}:6")
        await pilot.press("b")
        await go_to(pilot, "2")
        await pilot.press("b")
        await go_to(pilot, f"{first.id}:1")
        await pilot.press("apostrophe")
        assert place(app) == (first.id, 4) and "¶ 4/" in await shown(pilot, "¶ 4/")
        await pilot.press("apostrophe")
        assert place(app) == (second.id, 2)
        assert (second.title or second.id)[:10] in await shown(pilot, (second.title or second.id)[:10])
        await pilot.press("apostrophe")
        assert place(app) == (second.id, 6)
        await pilot.press("apostrophe")
        assert place(app) == (first.id, 4)  # wrapped around
        await pilot.press("quotation_mark")
        assert place(app) == (second.id, 6)
        await pilot.press("ctrl+o")
        assert place(app) == (first.id, 4)


async def test_braces_go_to_the_next_and_previous_source(library, tmp_path):
    sources = library.sources
    app = make_app(library, data_dir=str(tmp_path), start=(sources[0].id, 5))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        assert place(app) == (sources[1].id, sources[1].paragraphs[0].n)
        assert f"¶ 1/{len(sources[1].paragraphs)}" in await shown(pilot, f"¶ 1/{len(sources[1].paragraphs)}")
        await pilot.press("left_curly_bracket")
        assert place(app)[0] == sources[0].id
        await pilot.press("left_curly_bracket")
        await pilot.pause()
        assert "first source" in await shown(pilot, "first source") and place(app)[0] == sources[0].id
        await pilot.press("ctrl+o", "ctrl+o")
        assert place(app) == (sources[0].id, 5)


async def test_opening_at_a_span_selects_it(library, tmp_path):
    source = library.sources[1]
    text = source.paragraph(7).text
    app = make_app(library, data_dir=str(tmp_path), start=(source.id, 7, 2, 9))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReadingPane)
        assert pane.selection == (7, 2, 9)
        assert selected(pane) == text[2:9]
        await pilot.press("colon", *f"{source.id}:7:0-4", "enter")
        await pilot.pause()
        assert selected(pane) == text[0:4]
