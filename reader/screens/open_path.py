"""Open a report or a folder of reports from inside the app: a path with completion (Tab
completes as a shell does, the rest of the first match is suggested), then the files are read in
a thread, with a progress bar when that takes more than half a second."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.completion import candidates, complete
from reader.core.errors import UserError
from reader.core.formats import SUFFIXES
from reader.core.library import Library, load_library
from reader.core.sanitize import one_line
from reader.screens.prompt import Prompt

PROGRESS_AFTER = 0.5  # seconds of reading before the progress bar shows
SHOWN_MATCHES = 8


class PathSuggester(Suggester):
    """Suggests the first report file or folder whose path starts with what is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        found = candidates(value, SUFFIXES) if value else []
        return found[0] if found else None


def _existing(text: str) -> str:
    """The typed path, if something is there; UserError saying so if not."""
    path = Path(text.strip()).expanduser()
    if not text.strip():
        raise UserError("Type the path of a report or a folder of reports")
    if not path.exists():
        raise UserError(f"No such file or folder: {one_line(text.strip())}")
    return str(path)


class OpenPathScreen(Prompt[Library]):
    """Asks for a path; dismisses with the library read from it (None when cancelled). A path
    that cannot be read is a toast, and the dialog stays with the text to correct."""

    DEFAULT_CSS = """
    OpenPathScreen #loading {
        height: auto;
        display: none;
    }
    """

    BINDINGS = [Binding("tab", "complete", "Complete", priority=True)]

    def __init__(self, cache_dir: Path | None) -> None:
        hint = "Tab completes; → takes the suggestion; Enter opens."
        super().__init__("Open a report or a folder", hint, suggester=PathSuggester())
        self.cache_dir = cache_dir

    def below(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Label("", id="loading-what", markup=False)
            yield ProgressBar(id="progress", show_eta=False)

    def show_error(self, message: str) -> None:
        if message:
            self.notify(one_line(message), title="Not opened", severity="error", timeout=6, markup=False)

    def action_complete(self) -> None:
        """Complete the path as far as it is sure; list the matches when there are several."""
        typed = self.input.value
        completed, found = complete(typed, SUFFIXES)
        self.input.value = completed
        self.input.cursor_position = len(completed)
        names = [Path(f.rstrip("/")).name + "/" * f.endswith("/") for f in found[:SHOWN_MATCHES]]
        more = f" … {len(found) - SHOWN_MATCHES} more" if len(found) > SHOWN_MATCHES else ""
        hint = "No report or folder starts so" if not found else "  ".join(names) + more
        self.query_one(".hint", Static).update(one_line(hint) if len(found) != 1 else self.hint)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            path = _existing(event.value)
        except UserError as e:
            self.show_error(str(e))
            return
        self.input.disabled = True
        self.query_one("#loading-what", Label).update(f"Reading {one_line(event.value.strip())}…")
        self.set_timer(PROGRESS_AFTER, self._show_progress)
        bar = self.query_one(ProgressBar)

        def read() -> Library:
            worker = get_current_worker()

            def progress(done: int, total: int) -> None:
                if worker.is_cancelled:
                    raise UserError("cancelled")
                self.app.call_from_thread(bar.update, total=total, progress=done)

            return load_library([path], cache_dir=self.cache_dir, progress=progress)

        self.run_worker(read, name="open-path", thread=True, exclusive=True, exit_on_error=False)

    def _show_progress(self) -> None:
        if self.input.disabled:
            self.query_one("#loading").display = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "open-path" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        library = event.worker.result
        if event.state == WorkerState.SUCCESS and library is not None and library.sources:
            self.dismiss(library)
            return
        self.input.disabled = False
        self.query_one("#loading").display = False
        self.input.focus()
        errors = library.errors if library is not None else [str(event.worker.error)]
        self.show_error(errors[0] if errors else "No reports there")

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "default")
        self.dismiss(None)
