"""What the reader sees while the corpus catalog is built: a progress bar with counts."""

from __future__ import annotations

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

#: Builds the library, calling ``progress(done, total)`` as it goes (runs in a thread).
Loader = Callable[[Callable[[int, int], None]], Library]


class LoadingScreen(Screen[None]):
    """Runs a loader in a thread worker and posts ``Loaded`` with its library."""

    DEFAULT_CSS = """
    LoadingScreen Label { width: 100%; text-align: center; color: $text-muted; }
    """

    @dataclass
    class Loaded(Message):
        """The library is read."""

        library: Library

    def __init__(self, load: Loader) -> None:
        super().__init__()
        self._load = load

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label("Reading the reports…", id="loading-what")
            yield ProgressBar(id="loading-bar", show_eta=False)

    def on_mount(self) -> None:
        self.run_worker(self._work, name="load", thread=True, exit_on_error=False)

    def _work(self) -> Library:
        return self._load(lambda done, total: self.app.call_from_thread(self._progress, done, total))

    def _progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one(Label).update(f"Reading the reports: {done:,} of {total:,}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.post_message(self.Loaded(cast(Library, event.worker.result)))
        elif event.state == WorkerState.ERROR:  # a bad path: said on stderr; anything else is a crash
            error = event.worker.error
            if isinstance(error, UserError):
                self.app.failure = str(error)  # type: ignore[attr-defined]
            self.app.exit(return_code=1, message=None if isinstance(error, UserError) else repr(error))
