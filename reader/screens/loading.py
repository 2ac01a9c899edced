"""What the reader sees while the corpus catalog is built: a progress bar with counts, and soon
after, if the build is still running, the first report to read meanwhile (a preview)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, ProgressBar
from textual.worker import Worker, WorkerState

from reader.core.errors import UserError
from reader.core.ids import name_of
from reader.core.ids import source_id as stable_id
from reader.core.library import MAX_BYTES, Library, bundled_seeds_dir, corpus_files, load_source, report_files
from reader.core.model import Source

#: Builds the library, calling ``progress(done, total)`` as it goes (runs in a thread).
Loader = Callable[[Callable[[int, int], None]], Library]
#: The report to read while the library is built, or None (runs in a thread).
Preview = Callable[[], Source | None]

#: A report larger than this (in bytes) is previewed from its beginning: its first this many
#: characters, cut at a blank line (a parse of about a tenth of a second).
PREVIEW_SIZE = 256 << 10
PREVIEW_CHARS = 100_000


def first_report(paths: list[str], source_id: str | None = None) -> Source | None:
    """The report ``source_id`` names among ``paths`` (as ``corpus_files`` lists them), else the
    first of them; a long one parsed from its beginning only. None if it cannot be read (the
    build says why)."""
    try:
        found = _named(paths, source_id) if source_id else _first(paths)
        if found is None:
            return None
        path, sid = found
        st = os.stat(path)
        if st.st_size <= PREVIEW_SIZE:
            return load_source(path, sid)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        from reader.core.formats import to_text
        from reader.core.parse import parse_text

        text = to_text(Path(path).read_bytes(), Path(path)).text
        if len(text) > PREVIEW_CHARS:
            cut = text.rfind("\n\n", 0, PREVIEW_CHARS)
            if cut < PREVIEW_CHARS // 2:  # few blank lines: at the end of a line
                cut = text.rfind("\n", 0, PREVIEW_CHARS)
            text = text[: cut if cut > 0 else PREVIEW_CHARS]
        return parse_text(text, source_id=sid, path=path)
    except (UserError, OSError):
        return None


def _first(paths: list[str]) -> tuple[str, str] | None:
    """The first report file of ``paths`` in corpus order, with its id, listing one folder at most."""
    for path in paths or [str(bundled_seeds_dir())]:
        files = report_files(Path(path)) if os.path.isdir(path) else [path] if os.path.isfile(path) else []
        if files:
            return files[0], stable_id(Path(files[0]), bundled_seeds_dir())
    return None


def _named(paths: list[str], source_id: str) -> tuple[str, str] | None:
    """The report file whose id (or its readable part) is ``source_id``, if exactly one is."""
    files, _ = corpus_files(paths)
    named = [(str(f), sid) for f, sid in files if source_id in (sid, name_of(sid))]
    exact = [(f, sid) for f, sid in named if sid == source_id]
    return (exact or named)[0] if len(exact or named) == 1 else None


class LoadingScreen(Screen[None]):
    """Runs a loader in a thread worker and posts ``Loaded`` with its library; with a ``preview``,
    posts ``Previewed`` once it is read if the loader is still at work ``PREVIEW_AFTER`` seconds
    in (a quick build shows the reader straight away, not the preview first)."""

    DEFAULT_CSS = """
    LoadingScreen Label { width: 100%; text-align: center; color: $text-muted; }
    """
    PREVIEW_AFTER = 0.3
    TELL_EVERY = 0.25  # seconds at least between ``Progressed`` messages (not one per report)

    @dataclass
    class Loaded(Message):
        """The library is read."""

        library: Library

    @dataclass
    class Previewed(Message):
        """The first report is read while the others still are."""

        source: Source

    @dataclass
    class Progressed(Message):
        """How far the loader has got: ``done`` reports of ``total``."""

        done: int
        total: int

    def __init__(self, load: Loader, preview: Preview | None = None) -> None:
        super().__init__()
        self._load = load
        self._preview = preview
        self._first: Source | None = None
        self._waited = self._loaded = self._previewed = False
        self._under = False  # another screen is over this one
        self._told_at = 0.0

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label("Reading the reports…", id="loading-what")
            yield ProgressBar(id="loading-bar", show_eta=False)

    def on_mount(self) -> None:
        self.run_worker(self._work, name="load", thread=True, exit_on_error=False)
        if self._preview is not None:
            self.run_worker(self._preview, name="preview", thread=True, exit_on_error=False)
            self.set_timer(self.PREVIEW_AFTER, self._waited_enough)

    def _work(self) -> Library:
        return self._load(lambda done, total: self.app.call_from_thread(self._progress, done, total))

    def _progress(self, done: int, total: int) -> None:
        if (now := time.monotonic()) - self._told_at >= self.TELL_EVERY:
            self._told_at = now
            self.app.post_message(self.Progressed(done, total))
        if not self._under:
            self.query_one(ProgressBar).update(total=total, progress=done)
            self.query_one(Label).update(f"Reading the reports: {done:,} of {total:,}")

    def on_screen_suspend(self) -> None:
        """Under another screen nothing changes here: Textual would repaint that screen whole with
        this one's every change (a bar with no total yet moves on its own: it goes)."""
        self._under = True
        self.query_one(ProgressBar).remove()

    def _waited_enough(self) -> None:
        self._waited = True
        self._may_preview()

    def _may_preview(self) -> None:
        if self._waited and self._first is not None and not self._loaded and not self._previewed:
            self._previewed = True
            self.post_message(self.Previewed(self._first))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "preview":
            if event.state == WorkerState.SUCCESS:
                self._first = cast(Source | None, event.worker.result)
                self._may_preview()
            return  # no preview: the progress bar stays until the reader shows
        if event.state == WorkerState.SUCCESS:
            self._loaded = True
            self.post_message(self.Loaded(cast(Library, event.worker.result)))
        elif event.state == WorkerState.ERROR:  # a bad path: said on stderr; anything else is a crash
            error = event.worker.error
            if isinstance(error, UserError):
                self.app.failure = str(error)  # type: ignore[attr-defined]
            self.app.exit(return_code=1, message=None if isinstance(error, UserError) else repr(error))
