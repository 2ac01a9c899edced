"""The first launch: while the corpus is read, its first report is shown (a preview) with how far
the reading has got; notes wait; the whole library then takes its place at the same paragraph.
Driven by a loader and a preview the test lets go of (events), never by sleeping."""

from __future__ import annotations

import threading

import pytest
from rendered import drawn_within, screen_text, shown

from reader.app import ReaderApp, make_app
from reader.core.errors import UserError
from reader.core.library import Library
from reader.core.parse import parse_text
from reader.screens.loading import LoadingScreen
from reader.screens.main import WAIT_FOR_READING, MainScreen


class Reading:
    """A loader that says it has read ``done`` of ``total`` reports when ``step`` is set, and hands
    over its library (or raises its error) once ``done`` is set; a preview let go by ``shown``."""

    def __init__(self, library: Library, first, error: Exception | None = None) -> None:
        self.library, self.first, self.error = library, first, error
        self.step, self.done, self.shown = threading.Event(), threading.Event(), threading.Event()

    def load(self, progress) -> Library:
        progress(1, 3)
        self.step.wait(10)
        progress(2, 3)
        self.done.wait(10)
        if self.error is not None:
            raise self.error
        return self.library

    def preview(self):
        self.shown.wait(10)
        return self.first


@pytest.fixture(autouse=True)
def _quick_preview(monkeypatch):
    monkeypatch.setattr(LoadingScreen, "PREVIEW_AFTER", 0.01)
    monkeypatch.setattr(LoadingScreen, "TELL_EVERY", 0)


async def _until(pilot, done) -> None:
    for _ in range(400):
        if done():
            return
        await pilot.pause()
    raise AssertionError(screen_text(pilot.app))


def _previewing(app) -> bool:
    return isinstance(app.screen, MainScreen) and app.screen.preview and app.screen.pane.cursor > 0


def _reading(app) -> bool:
    return isinstance(app.screen, MainScreen) and not app.screen.preview and app.store is not None


async def test_the_first_report_shows_with_how_far_the_reading_has_got(library, tmp_path):
    reading = Reading(library, library.sources[0])
    reading.shown.set()
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: _previewing(app))
        drawn = await drawn_within(pilot, "reading reports 1/3")
        first = library.sources[0]
        assert first.title[:6] in drawn and first.paragraphs[1].text[:6] in drawn, drawn
        assert "reading reports 1/3" in drawn, drawn
        reading.step.set()
        assert "reading reports 2/3" in await drawn_within(pilot, "reports 2/3")
        reading.done.set()
        await _until(pilot, lambda: _reading(app))
        drawn = await shown(pilot, "reports read")
        assert f"All {len(library.outlines)} reports read" in drawn and "reading reports" not in drawn, drawn


async def test_a_bookmark_in_the_preview_writes_nothing_and_says_why(library, tmp_path, settle):
    reading = Reading(library, library.sources[0])
    reading.shown.set()
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: _previewing(app))
        await pilot.press("j", "b")
        status = (await shown(pilot, WAIT_FOR_READING)).splitlines()[-2]
        assert WAIT_FOR_READING in status and "reading reports" in status and "¶ 2/" in status, status
        assert app.store is None  # not even opened
        await pilot.press("slash", "K")  # search and panels wait too: nothing opens
        assert not app.screen.query("#panels")
        reading.step.set()
        reading.done.set()
        await _until(pilot, lambda: _reading(app))
        await settle(pilot)
        assert app.store.annotations() == []


async def test_the_reader_takes_the_previews_place_at_the_same_paragraph(library, tmp_path, settle):
    """The preview is the beginning of a report; the whole report opens at the preview's paragraph,
    and a key typed as it arrives is applied after."""
    whole = library.sources[2]
    beginning = parse_text("\n\n".join(p.text for p in whole.paragraphs[:12]), source_id=whole.id)
    reading = Reading(library, beginning)
    reading.shown.set()
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: _previewing(app))
        await pilot.press("right_curly_bracket", "j", "j", "j")  # } : the only source, it stays
        at = app.screen.pane.cursor
        assert at > 1
        reading.step.set()
        reading.done.set()
        await pilot.press("j")  # as the library arrives: in the preview or kept for the reader
        await _until(pilot, lambda: _reading(app))
        await settle(pilot)
        assert app.screen.pane.source.id == whole.id
        assert app.screen.pane.cursor == whole.paragraphs[at].n  # one further on


async def test_a_paragraph_past_the_end_of_the_whole_report_is_its_last(library, tmp_path, settle):
    text = "\n\n".join(p.text for p in library.sources[0].paragraphs)
    longer = parse_text(text, source_id="r")
    shorter = parse_text("\n\n".join(p.text for p in library.sources[0].paragraphs[:5]), source_id="r")
    reading = Reading(Library([shorter]), longer)
    reading.shown.set()
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: _previewing(app))
        await pilot.press("G")
        reading.step.set()
        reading.done.set()
        await _until(pilot, lambda: _reading(app))
        await settle(pilot)
        assert app.screen.pane.cursor == shorter.paragraphs[-1].n


async def test_keys_typed_before_the_preview_move_it(library, tmp_path):
    reading = Reading(library, library.sources[0])
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")
        reading.shown.set()
        await _until(pilot, lambda: _previewing(app) and app.screen.pane.cursor > 1)
        assert app.screen.pane.cursor == library.sources[0].paragraphs[-1].n


async def test_the_reader_waits_for_a_dialog_over_the_preview_to_close(library, tmp_path):
    reading = Reading(library, library.sources[0])
    reading.shown.set()
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: _previewing(app))
        await pilot.press("question_mark")
        reading.step.set()
        reading.done.set()
        await _until(pilot, lambda: app.library is library)
        await pilot.pause()
        assert "ntreader — keys" in screen_text(app)
        await pilot.press("escape")
        await _until(pilot, lambda: _reading(app))


async def test_a_quick_build_shows_the_reader_without_a_preview(library, tmp_path, monkeypatch):
    monkeypatch.setattr(LoadingScreen, "PREVIEW_AFTER", 30)
    previews = []
    app = make_app(lambda progress: library, data_dir=str(tmp_path),
                   preview=lambda: previews.append(1) or library.sources[0])
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: _reading(app))
        assert not [s for s in app.screen_stack if isinstance(s, MainScreen) and s.preview]
        assert "reports read" not in screen_text(app)


async def test_a_failed_build_under_the_preview_exits_1(library, tmp_path):
    reading = Reading(library, library.sources[0], UserError("/gone: no such file or folder"))
    reading.shown.set()
    app = make_app(reading.load, data_dir=str(tmp_path), preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: _previewing(app))
        reading.step.set()
        reading.done.set()
        await _until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1 and app.failure == "/gone: no such file or folder"


async def test_a_start_past_the_previewed_beginning_waits_for_the_whole_report(library, tmp_path, settle,
                                                                              monkeypatch):
    whole = library.sources[2]
    beginning = parse_text("\n\n".join(p.text for p in whole.paragraphs[:5]), source_id=whole.id)
    reading = Reading(library, beginning)
    reading.shown.set()
    shows, show = [], ReaderApp._show

    async def showing(app, screen):
        shows.append(screen.preview)
        await show(app, screen)

    monkeypatch.setattr(ReaderApp, "_show", showing)
    start = (whole.id, whole.paragraphs[-1].n)
    app = make_app(reading.load, data_dir=str(tmp_path), start=start, preview=reading.preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: app.workers and all(w.name != "preview" for w in app.workers))
        reading.step.set()
        reading.done.set()
        await _until(pilot, lambda: _reading(app))
        await settle(pilot)
        assert shows == [False] and app.screen.pane.cursor == start[1]
