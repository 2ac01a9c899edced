"""Adding one record without reading the store: what a one-shot command (``note add``) needs.

Opening a :class:`reader.store.Store` reads and checks the whole snapshot (66 MB at 50,000
notes). An add only has to append one journal line under the lock, as
:meth:`reader.store.journal.JournalStorage.write` does, with the same guarantees: the line is
fsynced before this returns; a torn last line left by a killed writer is cut off first; a failed
write is cut off again. It reads neither the records nor (usually) the snapshot: the schema
version is read from the one line that holds it, and the id is new by construction. The id is
drawn from the clock under the lock, after every saved record got its own (before or under the
lock, from the same clock), so no saved id shares its microsecond; only if the clock is within a
second of a file's modification time, or behind it (set back), are the files' bytes searched for
the id. When that is not enough (no store yet, another schema) it returns None and the caller
opens the store as usual.
"""

from __future__ import annotations

import mmap
import os
import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.core.anchors import NOTE, make_anchor
from reader.core.files import describe, fsync_dir, write_all
from reader.core.model import Source
from reader.store.errors import StoreError, dumps, locked
from reader.store.schema import SCHEMA, new_id, new_record, record_problem, timestamp

_SNAPSHOT_SCHEMA = b'\n  "schema": {"version":'  # how the schema is written (journal.dumps)
_JOURNAL_SCHEMA = b'{"t":"_meta","k":"schema","v":{"version":'
_TAIL = 64 * 1024
SLACK_US = 1_000_000  # file times come from a coarse clock, a tick or so behind time.time()


def add_note(path: Path, source: Source, para: int, start: int | None = None, end: int | None = None, *,
             note: str = "", tags: Iterable[str] = ()) -> dict | None:
    """Add a note as :meth:`reader.store.Store.add` does, by :func:`append_record`; the record, or
    None if the store must be opened to add it."""
    anchor = make_anchor(source, para, start, end)

    def record(us: int) -> dict:
        return new_record(new_id(us, random.Random()), timestamp(us / 1e6), NOTE, source, anchor, note=note, tags=tags)

    return append_record(path, record)


def append_record(path: Path, make: Callable[[int], dict]) -> dict | None:
    """Append the annotation ``make(microseconds since 1970)`` makes, under the lock, to the journal
    of the store at ``path``: the record, or None (nothing written) if the store must be opened to
    add it. StoreError if the write fails."""
    journal = path.with_name(path.name + ".journal")
    try:
        with locked(path.with_name(path.name + ".lock")):
            if _schema(path, journal) != SCHEMA:
                return None
            us = time.time_ns() // 1000
            record = make(us)
            assert record_problem(record) is None, record_problem(record)
            if _clock_behind(us, path, journal) and _mentions(path, journal, record["id"]):
                return None
            line = dumps({"t": "annotations", "k": record["id"], "v": record}) + "\n"
            _append(journal, line.encode("utf-8"))
    except OSError as e:
        raise StoreError(f"cannot save to {path.parent}: {describe(e)}") from None
    return record


def _clock_behind(us: int, *files: Path) -> bool:
    """Whether a file was modified at or after ``us``, give or take :data:`SLACK_US` (the clock
    may have been set back: ids may repeat)."""
    for file in files:
        try:
            if os.stat(file).st_mtime_ns // 1000 + SLACK_US >= us:
                return True
        except FileNotFoundError:
            pass
    return False


def _mapped(path: Path) -> mmap.mmap | None:
    try:
        with open(path, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else None
    except FileNotFoundError:
        return None


def _schema(snapshot: Path, journal: Path) -> int | None:
    """The schema version the store says it has (the journal's last word on it, else the snapshot's)."""
    for file, key, last in ((journal, _JOURNAL_SCHEMA, True), (snapshot, _SNAPSHOT_SCHEMA, False)):
        data = _mapped(file)
        if data is None:
            continue
        with data:
            at = data.rfind(key) if last else data.find(key)
            if at >= 0:
                digits = data[at + len(key):at + len(key) + 12].split(b"}", 1)[0]
                return int(digits) if digits.isdigit() else None
    return None


def _mentions(snapshot: Path, journal: Path, rid: str) -> bool:
    key = dumps(rid).encode("utf-8")
    for file in (snapshot, journal):
        data = _mapped(file)
        if data is not None:
            with data:
                if data.find(key) >= 0:
                    return True
    return False


def _append(journal: Path, payload: bytes) -> None:
    """Append whole lines after the last whole line of ``journal``, fsynced."""
    created = not journal.exists()
    fd = os.open(journal, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        end = _last_line_end(fd, os.fstat(fd).st_size)
        os.ftruncate(fd, end)  # a torn line left by a writer that was killed
        try:
            write_all(fd, payload)
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, end)
            raise
    finally:
        os.close(fd)
    if created:
        fsync_dir(journal.parent)


def _last_line_end(fd: int, size: int) -> int:
    """Where the last complete line of the file ends (0 if it has none)."""
    pos = size
    while pos > 0:
        start = max(0, pos - _TAIL)
        chunk = os.pread(fd, pos - start, start)
        if (i := chunk.rfind(b"\n")) >= 0:
            return start + i + 1
        pos = start
    return 0
