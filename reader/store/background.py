"""Saving in the background: the writer thread of an app's store, and the changes it kept.

:class:`Writer` saves planned changes (:class:`reader.store.database.Planned`) one at a time, in
the order they were made, each under the lock as a direct write would be. While another ntreader
holds the lock it keeps trying (saying so once); a change that cannot be saved (a read-only or
full folder, an annotation deleted meanwhile) is taken off the overlay, which undoes it on screen,
and said in one line. Nothing waiting is lost: while the lock is held the changes waiting are
also kept in ``ntreader.json.unsaved-<pid>-<id>`` (journal lines, fsynced; removed once they are
saved), and :meth:`Writer.stop` leaves there those still waiting at exit. :func:`recover` saves
such a file the next time the store is opened, unless the process that wrote it still runs.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from reader.core.errors import UserError
from reader.core.files import atomic_write, describe
from reader.store.database import Database, Planned, document
from reader.store.errors import StoreBusy, StoreError, dumps
from reader.store.journal import Entry
from reader.store.schema import document_problem

STOP_WAIT = 5.0  # seconds stop() lets the thread finish a write in progress


class Writer:
    """Saves planned changes in order, in a thread of its own (see the module docstring).
    ``report`` gets one line, from that thread, when a change fails or waits for the lock."""

    def __init__(self, db: Database, report: Callable[[str], object]) -> None:
        self._db = db
        self._report = report
        self._queue: deque[Planned] = deque()
        self._ready = threading.Condition()
        self._stopping = False
        self.waiting = False  # the oldest change waits for another ntreader's lock
        self.kept = db.path.with_name(f"{db.path.name}.unsaved-{os.getpid()}-{db.new_id()}")
        self._kept_count = 0  # changes written to `kept` (0: no such file)
        self._thread = threading.Thread(target=self._run, name="ntreader-store-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Changes made and not saved yet."""
        with self._ready:
            return len(self._queue)

    def submit(self, planned: Planned) -> None:
        with self._ready:
            self._queue.append(planned)
            self._ready.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every change is saved (or given up); whether that happened in time."""
        with self._ready:
            return self._ready.wait_for(lambda: not self._queue, timeout)

    def _run(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._queue or self._stopping)
                if not self._queue:
                    return
                planned = self._queue[0]
            try:
                with self._db.writing(planned):
                    planned.run()
            except StoreBusy:
                if self._stopping:
                    return
                self._keep()
                if not self.waiting:
                    self.waiting = True
                    self._report("Another ntreader is saving its notes: yours are shown and saved when it is done")
                continue
            except Exception as e:  # any failure is said and undone, never lost silently
                self._db.forget(planned)
                planned.error = str(e) if isinstance(e, UserError) else f"{type(e).__name__}: {e}"
                self._report(f"The {planned.what} could not be saved and was undone: {planned.error}")
            self.waiting = False
            planned.done.set()
            with self._ready:
                self._queue.popleft()
                drained = not self._queue
            if drained and self._kept_count:
                self._kept_count = 0
                with suppress(OSError):
                    self.kept.unlink()
            with self._ready:
                self._ready.notify_all()

    def _keep(self) -> None:
        """Write the changes waiting to :attr:`kept`, if any came since it was last written."""
        with self._ready:
            left = list(self._queue)
        if len(left) == self._kept_count:
            return
        try:
            self._write_kept(left)
        except OSError as e:
            self._kept_count = len(left)  # said once
            self._report(f"{len(left)} change(s) wait for the lock and could not be kept in {self.kept}: {describe(e)}")

    def _write_kept(self, left: list[Planned]) -> None:
        atomic_write(self.kept, "".join(dumps(e) + "\n" for p in left for e in p.entries).encode("utf-8"))
        self._kept_count = len(left)

    def stop(self) -> Path | None:
        """Save what can be saved, then stop the thread; the changes still waiting for the lock
        are left in :attr:`kept`, which the next open saves (its path is returned)."""
        with self._ready:
            self._stopping = True
            self._ready.notify_all()
        self._thread.join(STOP_WAIT)
        with self._ready:
            left = list(self._queue) if not self._thread.is_alive() else []
        if not left:
            return None
        try:
            self._write_kept(left)
        except OSError as e:
            raise StoreError(f"{len(left)} change(s) were not saved nor kept in {self.kept}: {describe(e)}") from None
        with self._ready:
            self._queue.clear()
        return self.kept


def _running(pid: str) -> bool:
    """Whether another process ``pid`` runs (a writer may still save what it kept)."""
    if not pid.isdigit() or int(pid) in (0, os.getpid()):
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's
    return True


def _problem(db: Database, entry: object) -> str | None:
    if not isinstance(entry, dict) or set(entry) != {"t", "k", "v"} or entry["t"] not in db.tables:
        return "not a change"
    if not isinstance(entry["k"], str):
        return "not a key"
    return None if entry["v"] is None else document_problem(entry["t"], entry["k"], entry["v"])


def _apply(db: Database, entry: Entry) -> None:
    """Save a kept change, unless the annotation it changes was changed meanwhile (as late or later)."""
    table, key, value = db.tables[entry["t"]], entry["k"], entry["v"]
    current = table.get(doc_id=key)
    if entry["t"] == "annotations" and current and value and current["updated"] >= value["updated"]:
        return
    db.touch(table, key)
    if value is not None:
        table.upsert(document(value, key))
    elif current is not None:
        table.remove(doc_ids=[key])


def recover(db: Database, warnings: list[str]) -> None:
    """Save the changes kept by a :class:`Writer` whose process has ended (or by this process); a
    file that cannot be read or holds something that is not a change stays, with a warning."""
    for path in sorted(db.path.parent.glob(db.path.name + ".unsaved-*")):
        if _running(path.name.removeprefix(db.path.name + ".unsaved-").partition("-")[0]):
            continue
        try:
            entries = [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
            if bad := next((p for e in entries if (p := _problem(db, e))), None):
                raise ValueError(bad)
            with db.writing():
                for entry in entries:
                    _apply(db, entry)
            path.unlink()
        except (OSError, ValueError, RecursionError, StoreError) as e:
            why = describe(e) if isinstance(e, OSError) else str(e)
            warnings.append(f"changes kept in {path} from an earlier session are not saved yet ({why})")
        else:
            warnings.append(f"{len(entries)} change(s) kept from an earlier session were saved")
