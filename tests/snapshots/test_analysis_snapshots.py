"""Snapshots of the figures and trend panels and the compare screen (inline at 100x30, side by
side at 140x30); collocates are
checked by a Pilot test: their counts follow jieba's cut, which is not the same in every run."""

from __future__ import annotations

from pathlib import Path

from test_search_snapshots import after

from reader.app import make_app
from reader.core.library import load_library

PAIR = Path(__file__).parent.parent / "fixtures" / "compare"


def test_figures_panel(snap_compare, library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path), start=(library.sources[2].id, 1))
    assert snap_compare(app, terminal_size=(100, 30), run_before=after(settle, "F", "j"))


def test_trend_panel(snap_compare, library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    assert snap_compare(app, terminal_size=(100, 30), run_before=after(settle, "slash", *"营商环境", "enter", "T"))


def _compare_screen(snap_compare, tmp_path, settle, size: tuple[int, int]) -> bool:
    reports = load_library([str(PAIR / "report_2024.md"), str(PAIR / "report_2023.md")])
    app = make_app(reports, data_dir=str(tmp_path))
    app.animation_level = "none"  # the tabs' underline slides in
    compared = after(settle, "c")

    async def run_before(pilot) -> None:
        await compared(pilot)  # the comparison is done before ] looks for the first change
        await pilot.press("right_square_bracket")
        await settle(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_compare_screen(snap_compare, tmp_path, settle):
    assert _compare_screen(snap_compare, tmp_path, settle, (100, 30))


def test_compare_side_by_side(snap_compare, tmp_path, settle):
    assert _compare_screen(snap_compare, tmp_path, settle, (140, 30))
