"""Pilot tests of the annotation flow: bookmark, note, highlight, notes panel, export, relaunch."""

from __future__ import annotations

import asyncio
import errno
import json
import os

import pytest
from rendered import drawn_within, row_of, rows, screen_text, text, toast_with, toasts
from rich.cells import cell_len
from textual.events import MouseMove

from reader.app import make_app
from reader.core.library import Library
from reader.core.marks import BOOKMARK_MARK, NOTE_MARK
from reader.paths import resolve
from reader.screens import annotating
from reader.screens.export import ExportScreen
from reader.screens.note_editor import NoteEditor
from reader.store import Store
from reader.widgets.notes_panel import NotesPanel
from reader.widgets.reading_pane import ReadingPane


def gutter(pane: ReadingPane, para: int) -> str:
    """The margin of the first row of paragraph ``para``, as drawn."""
    first = pane.source.paragraph(para).text[:6]
    return rows(pane)[row_of(pane, first)].text.split(first)[0]


def records(tmp_path) -> list[dict]:
    with Store.open(resolve(tmp_path)) as store:
        return store.annotations()


async def saved(pilot) -> None:
    """Wait (without blocking the app) until the store's writer has saved or undone every change."""
    assert await asyncio.to_thread(pilot.app.store.writer.wait, 10)
    await pilot.pause()


async def ready(pilot) -> ReadingPane:
    """Wait for the store to be attached (after the first paint) and focus the pane."""
    await pilot.pause()
    pane = pilot.app.screen.query_one(ReadingPane)
    pane.focus()
    return pane


async def test_bookmark_note_and_position_survive_a_relaunch(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await ready(pilot)
        await pilot.press("j", "j", "j", "b")
        bookmarked = pane.cursor
        assert BOOKMARK_MARK in gutter(pane, bookmarked)
        await pilot.press("j", "a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"note", "tab", *"tag1", "ctrl+s")
        await settle(pilot)  # the note is saved by a worker
        noted = app.screen.query_one(ReadingPane).cursor
        assert NOTE_MARK in gutter(pane, noted)
        await pilot.press("q")
    kinds = {r["kind"]: r for r in records(tmp_path)}
    assert kinds["bookmark"]["anchor"]["para"] == bookmarked
    assert kinds["note"]["note"] == "note" and kinds["note"]["tags"] == ["tag1"]

    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await ready(pilot)
        assert pane.cursor == noted  # the reading position came back
        assert NOTE_MARK in gutter(pane, noted)
        await pilot.press("k")
        assert BOOKMARK_MARK in gutter(pane, bookmarked)
        await pilot.press("b")  # b again removes the bookmark
        assert BOOKMARK_MARK not in gutter(pane, bookmarked)


async def test_escape_in_the_editor_asks_before_discarding(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"draft", "escape")
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, NoteEditor)
    assert records(tmp_path) == []


async def test_selection_highlight_cycles_colour_and_removes(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await ready(pilot)
        await pilot.press("j", "v", "right", "right", "right")
        assert pane.selection == (pane.cursor, 0, 4)
        await pilot.press("m")
        assert pane.selection is None
        await saved(pilot)
        [hl] = records(tmp_path)
        assert (hl["anchor"]["start"], hl["anchor"]["end"], hl["color"]) == (0, 4, "yellow")
        await pilot.press("v", "right", "right", "right", "m")
        await saved(pilot)
        [hl] = records(tmp_path)
        assert hl["color"] == "green"
        start = pane.source.paragraph(pane.cursor).text[:4]
        segments = list(rows(pane)[row_of(pane, start)])
        i = next(i for i, seg in enumerate(segments) if seg.text == start)
        assert segments[i].style.bgcolor != segments[i + 1].style.bgcolor  # drawn highlighted
        await pilot.press("M")
        await saved(pilot)
        assert records(tmp_path) == []
        await pilot.press("u")
        await saved(pilot)
        assert len(records(tmp_path)) == 1


def notes_panel(app) -> NotesPanel | None:
    """The notes panel, if it is the bottom panel on show."""
    shown = app.screen.query("#panels") and app.screen.query_one("#panels").shown
    return shown if isinstance(shown, NotesPanel) else None


async def test_notes_panel_filters_jumps_and_deletes_with_undo(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await ready(pilot)
        await pilot.press("a", *"alpha", "ctrl+s")
        await settle(pilot)
        first = pane.cursor
        await pilot.press("j", "j", "j", "j", "a", *"beta", "tab", *"x", "ctrl+s")
        await settle(pilot)
        await pilot.press("g", "N")
        panel = notes_panel(app)
        assert panel is not None and "alpha" in text(panel.options) and "beta" in text(panel.options)
        await pilot.press("slash", *"#x", "enter")
        assert "beta" in text(panel.options) and "alpha" not in text(panel.options)
        await pilot.press("enter")
        assert app.screen.focused is pane and pane.cursor == first + 4
        await pilot.press("N")
        assert notes_panel(app) is None  # N again closes it
        await pilot.press("N", "slash", "backspace", "backspace", "enter")  # clear the filter
        await pilot.press("tab")  # tab cycles the kind: bookmarks only
        assert "Notes · 0 · bookmark" in str(panel.query_one("#notes-header").render())
        await pilot.press("tab", "tab", "tab", "g", "d")  # all kinds again; the first: alpha
        await saved(pilot)
        assert {r["note"] for r in records(tmp_path)} == {"beta"}
        await pilot.press("u")
        await saved(pilot)
        assert {r["note"] for r in records(tmp_path)} == {"alpha", "beta"}
        await pilot.press("escape")
        assert notes_panel(app) is None and app.screen.focused is pane


def _note_on_a_file_not_open(tmp_path, keep_file: bool) -> dict:
    """A note in the data dir on a report of the user's that the app is not given."""
    from reader.core.library import load_source

    report = tmp_path / "elsewhere" / "地方报告.txt"
    report.parent.mkdir()
    report.write_text("一、总体要求\n\n坚持稳中求进工作总基调。\n\n二、重点任务\n\n加快发展新质生产力。\n", "utf-8")
    with Store.open(resolve(tmp_path / "data")) as store:
        record = store.add("note", load_source(report), 2, note="看这里")
    if not keep_file:
        report.unlink()
    return record


async def test_enter_on_a_note_of_a_report_not_open_offers_to_open_it(library, tmp_path):
    record = _note_on_a_file_not_open(tmp_path, keep_file=True)
    app = make_app(Library(list(library.sources)), data_dir=str(tmp_path / "data"))  # it grows
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await ready(pilot)
        await pilot.press("N", "enter")
        assert "is not open. Open" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert pane.source.id == record["source_id"] and pane.cursor == 2
        assert app.screen.focused is pane
        assert any(s.id == record["source_id"] for s in app.screen.library.sources)


async def test_enter_on_a_note_whose_file_is_gone_says_where_it_was(library, tmp_path):
    record = _note_on_a_file_not_open(tmp_path, keep_file=False)
    app = make_app(library, data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        pane = await ready(pilot)
        before = pane.source
        await pilot.press("N")
        assert "detached" in text(notes_panel(app).options)
        await pilot.press("enter")
        await pilot.pause()
        toast = await toast_with(pilot, "Report not open")
        assert record["source_path"] in toast and record["source_id"] in toast
        assert pane.source is before and notes_panel(app) is not None


async def test_export_dialog_writes_markdown_and_json(library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"要点", "ctrl+s")
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        path = app.screen.query_one("#path")
        path.value = str(tmp_path / "out.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = (tmp_path / "out.md").read_text("utf-8")
        assert "要点" in text and text.startswith("---")
        await pilot.press("e")
        app.screen.query_one("#path").value = str(tmp_path / "out.json")
        app.screen.query_one("#json").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        doc = json.loads((tmp_path / "out.json").read_text("utf-8"))
        assert [r["note"] for r in doc["annotations"]] == ["要点"]


async def test_a_failed_save_is_undone_with_a_toast_and_nothing_is_lost(library, tmp_path, monkeypatch):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        pane = await ready(pilot)
        await pilot.press("b")
        await saved(pilot)
        real_open = os.open

        def read_only(path, flags, *args, **kwargs):  # root writes anywhere: simulate a read-only folder
            if str(path).startswith(str(tmp_path)) and flags & (os.O_WRONLY | os.O_RDWR):
                raise PermissionError(errno.EACCES, "Permission denied")
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", read_only)
        await pilot.press("j", "b")
        await saved(pilot)
        said = await toast_with(pilot, "could not be saved")  # wrapped lines are joined without spaces
        assert said.startswith("NotesThe bookmark") and "undone" in said and "read-only" in said
        assert BOOKMARK_MARK not in gutter(pane, pane.cursor) and BOOKMARK_MARK in gutter(pane, pane.cursor - 1)
        monkeypatch.undo()
    assert len(records(tmp_path)) == 1


async def test_mouse_drag_selects_a_span_then_m_highlights_it(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await ready(pilot)
        shown = text(pane)
        para = next(p for p in pane.source.paragraphs if len(p.text) > 30 and "\u4e00" <= p.text[0] <= "\u9fff" and p.text[:6] in shown)
        y = row_of(pane, para.text[:6])
        x = pane.gutter.left + cell_len(rows(pane)[y].text.split(para.text[:6])[0])  # its first character
        await pilot.mouse_down(ReadingPane, offset=(x, y))
        at = pane.region.offset + (x + 8, y)  # the driver's event for a move with the button held
        app.post_message(MouseMove(None, at.x, at.y, 8, 0, 1, False, False, False, at.x, at.y))
        await pilot.pause()
        await pilot.mouse_up(ReadingPane, offset=(x + 8, y))
        assert pane.selection == (para.n, 0, 5)  # from the 1st to the 5th character, both in
        await pilot.press("m")
        await saved(pilot)
        [hl] = records(tmp_path)
        assert (hl["anchor"]["para"], hl["anchor"]["start"], hl["anchor"]["end"]) == (para.n, 0, 5)


async def test_ctrl_q_in_the_editor_asks_before_losing_the_note(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"draft", "ctrl+q")
        assert "Quit and discard the changes to this note?" in screen_text(app)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteEditor) and "draft" in screen_text(app)
        await pilot.press("ctrl+q", "y")
    assert app.return_code == 0


def _fail_writes(monkeypatch, tmp_path, how: str) -> None:
    """Writes under ``tmp_path`` fail: a read-only folder (root writes anywhere: simulated) or a full disk."""
    real_open, real_write = os.open, os.write
    mine: set[int] = set()

    def opening(path, flags, *args, **kwargs):
        under = str(path).startswith(str(tmp_path)) and flags & (os.O_WRONLY | os.O_RDWR)
        if under and how == "read-only":
            raise PermissionError(errno.EACCES, "Permission denied")
        fd = real_open(path, flags, *args, **kwargs)
        if under and not str(path).endswith(".lock"):
            mine.add(fd)
        return fd

    def writing(fd, data):
        if fd in mine:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "write", writing)


@pytest.mark.parametrize("how, says", [("read-only", "read-only"), ("full", "disk full")])
async def test_a_failed_note_save_keeps_the_editor_open_with_the_text(library, tmp_path, monkeypatch, settle,
                                                                      how, says):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        with monkeypatch.context() as m:
            _fail_writes(m, tmp_path, how)
            await pilot.press("a", *"keep me", "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, NoteEditor) and "keep me" in screen_text(app)
            status = str(app.screen.query_one("#save-status").render())  # wrapped on screen
            assert says in status and status.endswith("ctrl+s to try again")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
    assert [r["note"] for r in records(tmp_path)] == ["keep me"]


async def test_another_process_holding_the_lock_never_freezes_the_app(library, tmp_path, settle):
    """While another ntreader holds the lock, b shows the bookmark at once and the keys go on; a note
    waits a moment in its editor, then is queued; all of it is saved once the lock is released."""
    from filelock import FileLock

    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        pane = await ready(pilot)
        await pilot.press("b")  # the store is created
        await saved(pilot)
        other = FileLock(resolve(tmp_path).store_file.with_name("ntreader.json.lock"))
        other.acquire()  # another ntreader's (a lock of its own: the store's threads wait for it)
        try:
            await pilot.press("j", "b")
            marked = pane.cursor
            assert BOOKMARK_MARK in gutter(pane, marked)  # shown at once
            await pilot.press("j")
            assert pane.cursor == marked + 1 and app.screen.focused is pane  # the keys go on
            assert len(records(tmp_path)) == 1 and app.store.writer.pending == 1  # not saved yet
            await pilot.press("a", *"waited", "ctrl+s")
            assert isinstance(app.screen, NoteEditor) and "Saving…" in screen_text(app)
            await pilot.press("escape")  # still saving: the editor stays
            assert isinstance(app.screen, NoteEditor)
            await settle(pilot)  # the editor gives up waiting: the note is queued
            assert not isinstance(app.screen, NoteEditor) and NOTE_MARK in gutter(pane, marked + 1)
            await toast_with(pilot, "Note queued")
            assert not any("could not" in toast for toast in toasts(app))
        finally:
            other.release()
        await saved(pilot)
    assert sorted(r["kind"] for r in records(tmp_path)) == ["bookmark", "bookmark", "note"]


async def _quit_with_a_change_waiting_for_the_lock(pilot, tmp_path):
    """One bookmark saved, then another made and q pressed while another process holds the
    store's lock; that lock (held)."""
    from filelock import FileLock

    await ready(pilot)
    await pilot.press("b")
    await saved(pilot)
    other = FileLock(resolve(tmp_path).store_file.with_name("ntreader.json.lock"))
    other.acquire()
    await pilot.press("j", "b", "q")
    return other


async def test_quitting_with_changes_waiting_for_the_lock_asks_and_keeps_them(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        other = await _quit_with_a_change_waiting_for_the_lock(pilot, tmp_path)
        assert "1 change(s) wait for another ntreader" in await drawn_within(pilot, "wait for another ntreader")
        await pilot.press("escape")  # back to reading
        assert "Saving your notes" not in screen_text(app)
        await pilot.press("q")
        await drawn_within(pilot, "wait for another ntreader")
        await pilot.press("k")  # quit now, save later
    other.release()
    [kept] = tmp_path.rglob("ntreader.json.unsaved-*")  # not saved by this app…
    assert app.return_code == 0 and '"kind":"bookmark"' in kept.read_text("utf-8")
    assert len(records(tmp_path)) == 2 and not kept.exists()  # …but by the next open


async def test_quitting_waits_for_the_lock_and_leaves_once_saved(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        other = await _quit_with_a_change_waiting_for_the_lock(pilot, tmp_path)
        assert "Saving your notes" in await drawn_within(pilot, "Saving your notes")
        other.release()
        await asyncio.to_thread(app.store.writer.wait, 10)
        for _ in range(100):  # the app leaves on its own once the writer is done
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
    assert len(records(tmp_path)) == 2


async def test_a_failing_position_save_is_said_once(library, tmp_path, monkeypatch, settle):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        screen = app.screen
        with monkeypatch.context() as m:
            _fail_writes(m, tmp_path, "read-only")
            for _ in range(3):  # three ticks of the periodic save
                await pilot.press("j")
                annotating.save_position(screen)
                await settle(pilot)
            said = [toast for toast in toasts(app) if "Position not saved" in toast]
            assert len(said) == 1 and "read-only" in said[0]
        await pilot.press("j")
        para = screen.query_one(ReadingPane).cursor
        annotating.save_position(screen)
        await settle(pilot)
        assert len([toast for toast in toasts(app) if "Position not saved" in toast]) == 1
        with Store.open(resolve(tmp_path)) as store:
            assert store.position(screen.query_one(ReadingPane).source.id) == para
