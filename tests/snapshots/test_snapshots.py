"""Snapshot tests: how the reader looks (SVG screenshots compared with the stored ones).

Update after an intended change of looks with `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

import pytest

from reader.app import make_app


@pytest.fixture
def app(library, tmp_path):
    return make_app(library, data_dir=str(tmp_path))


async def settle(pilot) -> None:
    await pilot.pause()


def test_launch_80x24(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_structured_report_200x50(app, snap_compare):
    async def open_third_source(pilot):
        await pilot.pause()
        pilot.app.screen.open(pilot.app.library.sources[2])
        await pilot.press("j", "j", "right_square_bracket")

    assert snap_compare(app, terminal_size=(200, 50), run_before=open_third_source)


def test_help_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=(100, 40), press=["question_mark"], run_before=settle)


def test_note_editor_over_a_selection(app, snap_compare):
    assert snap_compare(app, terminal_size=(100, 30), press=["j", "v", "right", "right", "a", *"要点"],
                        run_before=settle)
