"""Pilot tests of the figures panel (`F`), the trend panel (`T`), the compare screen (`c`) and
collocates in the search panel (`C`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rendered import rows, screen_text, text, toast_with
from rich.cells import cell_len

from reader.app import make_app
from reader.core.collocates import collocates
from reader.core.figures import figures
from reader.core.library import load_library
from reader.core.trend import trend
from reader.screens.compare import CompareScreen
from reader.screens.source_picker import SourcePicker
from reader.widgets.collocates_list import CollocatesList
from reader.widgets.figures_panel import FiguresPanel
from reader.widgets.kwic import KwicPanel
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.trend_panel import TrendPanel

HAIMEN = 2  # the bundled report with most figures


def header(panel) -> str:
    return str(panel.query_one(".panel-header").content)


async def test_figures_panel_lists_filters_and_jumps(library, tmp_path, settle):
    source = library.sources[HAIMEN]
    app = make_app(library, data_dir=str(tmp_path), start=(source.id, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        panel = app.screen.query_one(FiguresPanel)
        listed = text(panel.options)
        found = figures(source)
        assert f"{len(found)} found" in header(panel)
        assert "target" in listed and found[0].indicator in listed
        await pilot.press("slash", *"签约")
        await settle(pilot)
        kept = [f for f in found if "签约" in f.indicator]
        assert f"{len(kept)} found" in header(panel) and kept
        await pilot.press("enter", "enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.cursor == int(kept[0].address.split(":")[1])
        await pilot.press("F", "F", "a")  # F closes the panel left open, F opens it again
        await settle(pilot)
        total = sum(1 for s in library.sources for f in figures(s) if "签约" in f.indicator)
        assert f"of all sources · {total} found" in header(panel)


async def test_trend_panel_follows_the_search_a_typed_term_and_jumps(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"营商环境", "enter")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        panel = app.screen.query_one(TrendPanel)
        series = trend(["营商环境"], library.sources)["营商环境"]
        assert f"“营商环境” {sum(p.count for p in series)}" in header(panel)
        shown = text(panel.options).splitlines()
        assert "per 10k" in shown[0]
        for point, line in zip(series, shown[1:], strict=False):
            assert f" {point.count} " in line and f"{point.per_10k:.2f}" in line
        # the numbers of every row start in the same cell, whatever the width of the titles
        assert len({cell_len(line.split(" 营")[0]) for line in shown[1:] if line.strip()}) <= 2
        await pilot.press("slash", *"作风", "enter")
        await settle(pilot)
        assert "“作风”" in header(panel)
        await pilot.press("j", "enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        second = trend(["作风"], library.sources)["作风"][1]
        assert pane.source.id == second.source and "作风" in pane.source.paragraph(pane.cursor).text


PAIR = Path(__file__).parent.parent / "fixtures" / "compare"


@pytest.fixture(scope="module")
def reports():
    """Two years of one report: a paragraph moved, a target changed, one dropped, one added."""
    return load_library([str(PAIR / "report_2024.md"), str(PAIR / "report_2023.md")])


def drawn(widget, needle: str, attribute: str) -> bool:
    """Whether ``needle`` is drawn somewhere in ``widget`` with ``attribute`` (strike, underline…)."""
    return any(seg.text.strip() == needle and getattr(seg.style, attribute) for row in rows(widget) for seg in row)


async def test_c_compares_with_the_previous_report_marks_words_and_jumps(reports, tmp_path, settle):
    app = make_app(reports, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        shown = screen_text(app)
        assert "南通市2023年政府工作报告 (2023-01-10) → 南通市2024年政府工作报告 (2024-01-12)" in shown
        assert "3 same · 1 changed · 1 moved · 1 new · 1 dropped" in shown
        pairs = screen.pairs
        assert drawn(pairs, "6%", "strike") and drawn(pairs, "5.5%", "underline")
        listed = text(pairs)
        assert "−▏持续深化放管服改革" in listed and "+▏大力发展海洋经济" in listed and "(was ¶3)" in listed
        assert "坚持项目为王" in str(pairs.get_option_at_index(pairs.highlighted).prompt)  # the first change
        await pilot.press("right_square_bracket")
        assert "5.5%" in str(pairs.get_option_at_index(pairs.highlighted).prompt)
        await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
        assert "持续深化放管服改革" in str(pairs.get_option_at_index(pairs.highlighted).prompt)
        await pilot.press("3")
        assert "6%左右 → 5.5%左右  target" in screen_text(app)
        await pilot.press("2")
        assert "大力发展海洋经济和新质生产力" in screen_text(app)
        await pilot.press("j", "enter")  # the second new phrase: in the added paragraph
        assert "大力发展海洋经济" in str(pairs.get_option_at_index(pairs.highlighted).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)
        pane = app.screen.query_one(ReadingPane)
        assert pane.source.paragraph(pane.cursor).text.startswith("大力发展海洋经济")


async def test_compare_side_by_side_faces_the_versions_and_s_switches_to_inline(reports, tmp_path, settle):
    app = make_app(reports, data_dir=str(tmp_path))
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen, pairs = app.screen, app.screen.pairs
        assert isinstance(screen, CompareScreen) and screen.shown_side_by_side
        assert "side by side (s: inline)" in screen_text(app)
        lines = text(pairs).splitlines()
        changed = next(line for line in lines if line.startswith("~▏"))
        left, right = changed[: len(changed) // 2], changed[len(changed) // 2 :]
        assert "6%" in left and "5.5%" not in left and "5.5%" in right and "6%" not in right
        assert drawn(pairs, "6%", "strike") and drawn(pairs, "5.5%", "underline")
        dropped = next(line for line in lines if "持续深化放管服改革" in line)
        assert dropped.startswith("−▏") and "+▏大力发展海洋经济" not in dropped
        added = next(line for line in lines if "大力发展海洋经济" in line)
        assert added.lstrip().startswith("+▏") and cell_len(added) - cell_len(added.lstrip()) > 60
        assert "(now ¶4)" in text(pairs) and "(was ¶3)" in text(pairs)
        await pilot.press("right_square_bracket")  # ] and [ go through the changes as inline
        assert "5.5%" in str(pairs.get_option_at_index(pairs.highlighted).prompt)
        await pilot.press("s")
        assert not screen.shown_side_by_side and "inline (s: side by side)" in screen_text(app)
        assert "5.5%" in str(pairs.get_option_at_index(pairs.highlighted).prompt)  # the same pair kept
        assert "−▏持续深化放管服改革" in text(pairs) and "+▏大力发展海洋经济" in text(pairs)
        await pilot.press("s", "right_square_bracket", "right_square_bracket", "enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.source.paragraph(pane.cursor).text.startswith("大力发展海洋经济")


async def test_compare_too_narrow_for_side_by_side_says_so(reports, tmp_path, settle):
    app = make_app(reports, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and not screen.shown_side_by_side
        assert "inline: side by side needs 120 columns" in screen_text(app)
        assert "−▏持续深化放管服改革" in text(screen.pairs)
        await pilot.press("s", "s")
        await settle(pilot)
        said = await toast_with(pilot, "Side by side needs")  # wrapped lines are joined without spaces
        assert "120 columns" in said and "has 80" in said
        assert not screen.shown_side_by_side


async def test_c_without_an_earlier_report_offers_a_picker(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, SourcePicker)
        assert library.sources[1].title in screen_text(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.result is not None
        assert f"{screen.result.summary()['same']} same ·" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


async def test_collocates_counted_after_the_search_is_closed_are_dropped(library, tmp_path, settle, monkeypatch):
    """Escape closes the search while its collocates are still being counted: when they come, the
    reader drops them (it used to take them for hits and crash)."""
    import threading

    import reader.widgets.kwic

    counted = threading.Event()

    def slow(*args):
        counted.wait(10)
        return collocates(*args)

    monkeypatch.setattr(reader.widgets.kwic, "collocates", slow)
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"营商环境", "enter")
        await settle(pilot)
        await pilot.press("C", "escape", "escape")
        await settle(pilot)
        assert app.screen.query_one(KwicPanel).search is None
        counted.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.is_running and "Collocates" not in screen_text(app)


async def test_C_lists_collocates_and_enter_keeps_the_hits_with_one(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"营商环境", "enter")
        await settle(pilot)
        kwic = app.screen.query_one(KwicPanel)
        total = len(kwic.search.hits)
        await pilot.press("C")
        await settle(pilot)
        found, grams = collocates("营商环境", library.sources, app.screen.index.words)
        listing = app.screen.query_one(CollocatesList)
        shown = text(listing)
        assert "log-lik" in shown and found[0].word in shown and f"{found[0].ll:.2f}" in shown
        every = "\n".join(str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))
        assert grams and all(g.ngram in every for g in grams)
        await pilot.press("enter")
        await settle(pilot)
        word = found[0].word
        hits = kwic.search.hits
        assert 0 < len(hits) < total and all(word in h.left + h.right for h in hits)
        assert f"{len(hits)} of {total} with “{word}”" in str(kwic.query_one("#kwic-header").content)
        assert len([line for line in text(kwic.hit_list).splitlines() if "营商环境" in line]) == len(hits)
        await pilot.press("x")
        await settle(pilot)
        assert len(kwic.search.hits) == total
