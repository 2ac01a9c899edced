"""Pilot tests: open a file or folder from inside the app (O), with Tab completion."""

from __future__ import annotations

from rendered import shown, text

from reader.app import make_app
from reader.core.library import Library
from reader.screens.open_path import OpenPathScreen
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import SourceTree

REPORT = "关于营商环境的报告\n\n一、总体情况\n\n今年以来，全市营商环境持续改善，市场主体满意度明显提升。\n"


async def test_O_opens_a_folder_with_tab_completion_and_adds_it_to_the_tree(library, tmp_path, settle, monkeypatch):
    folder = tmp_path / "more-reports"
    folder.mkdir()
    (folder / "new.txt").write_text(REPORT, "utf-8")
    monkeypatch.chdir(tmp_path)
    library = Library(list(library.sources))  # its own: the shared fixture must not grow
    app = make_app(library, data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("O", "m", "o", "tab")
        assert isinstance(app.screen, OpenPathScreen)
        assert "more-reports/" in await shown(pilot, "more-reports/")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, OpenPathScreen)
        pane = app.screen.query_one(ReadingPane)
        assert "市场主体满意度明显提升" in text(pane)
        assert "关于营商环境的报告" in text(app.screen.query_one(SourceTree))
        assert "Opened 1 report" in await shown(pilot, "Opened 1 report")
        await pilot.press("ctrl+o")  # the way back to where the reader was
        assert pane.source is library.sources[0]


async def test_O_with_a_bad_path_is_one_toast_and_the_dialog_stays(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("O", *str(tmp_path / "nowhere"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenPathScreen)
        assert "No such file or folder" in await shown(pilot, "No such file or folder")
        assert app.screen.input.value == str(tmp_path / "nowhere")
        await pilot.press("escape")
        assert not isinstance(app.screen, OpenPathScreen)
