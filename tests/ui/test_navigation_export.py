"""Pilot tests of the export dialog: it asks before replacing a file, and a failed write is a
toast with the dialog still open."""

from __future__ import annotations

from rendered import toast_with
from textual.widgets import Static

from reader.app import make_app
from reader.screens.confirm import ConfirmScreen
from reader.screens.export import ExportScreen


async def open_export(pilot, path) -> None:
    await pilot.pause()
    await pilot.press("b", "e")
    assert isinstance(pilot.app.screen, ExportScreen)
    pilot.app.screen.query_one("#path").value = str(path)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_export_asks_before_replacing_a_file(library, tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("my own notes", "utf-8")
    app = make_app(library, data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_export(pilot, target)
        assert isinstance(app.screen, ConfirmScreen)
        assert "exists. Replace it?" in str(app.screen.query_one(Static).content)
        await pilot.press("n")  # keep it: back in the dialog, the file untouched
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text("utf-8") == "my own notes"
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        await toast_with(pilot, "Exported 1 annotation to")
        assert target.read_text("utf-8").startswith("---")


async def test_a_failed_export_is_a_toast_and_the_dialog_stays(library, tmp_path):
    (tmp_path / "blocked").write_text("a file, not a folder", "utf-8")
    app = make_app(library, data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_export(pilot, tmp_path / "blocked" / "notes.md")
        assert isinstance(app.screen, ExportScreen)
        await toast_with(pilot, "Not exported")
        assert app.screen.query_one("#path").value == str(tmp_path / "blocked" / "notes.md")
