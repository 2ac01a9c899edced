"""What the reader sees while the corpus catalog is built: a progress bar with counts, and soon
after, if the build is still running, the first report to read meanwhile (a preview)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, ProgressBar
from textual.worker import Worker, WorkerState

from reader.core.errors import UserError
from reader.core.library import Library
from reader.core.model import Source

#: Builds the library, calling ``progress(done, total)`` as it goes (runs in a thread).
Loader = Callable[[Callable[[int, int], None]], Library]
#: The report to read while the library is built, or None (runs in a thread; see ``core.preview``).
Preview = Callable[[], Source | None]


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
