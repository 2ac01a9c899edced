"""The journal storage: a TinyDB storage that writes one short fsynced append per change.

TinyDB hands its storage the whole database on every write and, with its JSON storage, rewrites
the file in place. :class:`JournalStorage` instead keeps a JSON snapshot (``ntreader.json``,
TinyDB's layout, one document per line) plus an append-only journal (``ntreader.json.journal``)
of the documents that changed, one JSON line each, fsynced before a write returns. The caller says
which documents it is about to change (:meth:`JournalStorage.touch`): nothing is inferred from how
TinyDB handles its objects. When the journal grows past the snapshot it is folded into a new
snapshot (:func:`reader.core.files.atomic_write`). Replaying the journal is idempotent (each line is
a whole document or a removal), so a crash at any point leaves either the old or the new state, and
a torn last line (a write that never returned) is ignored, then cut off by the next writer.

A change can also be *planned* (:attr:`JournalStorage.mode` ``"plan"``): TinyDB runs it against
the current view, and the journal entries it would append are collected instead of written, for
a :class:`reader.store.background.Writer` to save later. Until then they are an :attr:`overlay`
on every read, so the change shows at once; reads under the lock (``"write"``) see only the files.

Every document read is checked by the ``validate`` function given at construction. A malformed
document or journal line is set aside (appended to ``ntreader.json.quarantine``, then a compaction
drops it) with a one-line warning; every other record stays usable. A snapshot that is not JSON at
all is moved aside (``ntreader.json.corrupt-<time>``) and the journal replayed on its own.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb.storages import Storage

from reader.core.files import atomic_write, describe, fsync_dir, write_all
from reader.store.errors import LOCK_TIMEOUT, StoreError, dumps

# The journal is folded into a new snapshot when it is larger than both of these:
COMPACT_MIN_BYTES = 256 * 1024
COMPACT_RATIO = 1.0  # times the snapshot's size: keeps the cost of compacting O(1) per write

Data = dict[str, dict[str, dict]]
Entry = dict[str, Any]  # a journal line: {"t": table, "k": key, "v": document or None} or {"drop": table}
#: ``validate(table, key, doc)``: why a document is malformed, or None.
Validator = Callable[[str, str, object], str | None]


class _Corrupt(Exception):
    """The snapshot is not a store we can read."""


def _stamp(path: Path) -> tuple | None:
    """What identifies a version of a file: inode, size, mtime (None if missing)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"cannot read {path}: {describe(e)}") from None
    return st.st_ino, st.st_size, st.st_mtime_ns


def _dump_snapshot(data: Data) -> bytes:
    """TinyDB's JSON layout, one document per line so that the file stays readable and diffable."""
    tables = []
    for name, table in data.items():
        docs = ",\n".join(f"  {dumps(key)}: {dumps(doc)}" for key, doc in table.items())
        tables.append(f" {dumps(name)}: {{\n{docs}\n }}")
    return ("{\n" + ",\n".join(tables) + "\n}\n").encode("utf-8")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"cannot read {path}: {describe(e)}") from None


def apply_entry(data: Data, entry: Entry) -> None:
    """Apply one journal entry to ``data``, in place."""
    if "drop" in entry:
        data.pop(entry["drop"], None)
    elif entry["v"] is None:
        data.get(entry["t"], {}).pop(entry["k"], None)
    else:
        data.setdefault(entry["t"], {})[entry["k"]] = entry["v"]


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "not an object"
    if isinstance(entry.get("drop"), str):
        return None
    if isinstance(entry.get("t"), str) and isinstance(entry.get("k"), str) and "v" in entry:
        return None
    return "not a journal entry"


class JournalStorage(Storage):
    """A TinyDB storage: a JSON snapshot plus an append-only journal (see the module docstring).

    The caller holds :attr:`lock` around each read-modify-write and announces with :meth:`touch`
    the documents it is about to change; :meth:`read` brings in what other processes wrote.
    """

    def __init__(self, path: str | os.PathLike[str], validate: Validator | None = None):
        self.path = Path(path)
        self.journal = self.path.with_name(self.path.name + ".journal")
        self.quarantine = self.path.with_name(self.path.name + ".quarantine")
        self.lock = FileLock(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT, poll_interval=0.002,
                             thread_local=True)  # one per thread: threads wait for each other too
        self.validate = validate
        self.lock_timeout = LOCK_TIMEOUT  # how long setting records aside or recovering waits for the lock
        self.warnings: list[str] = []
        self.blocked: str | None = None  # why writes are refused, if they are
        self._data: Data = {}
        self.mode = "read"  # "plan": writes are collected into `planned`; "write": under the lock
        self.overlay: list[list[Entry]] = []  # planned changes not saved yet, oldest first
        self.planned: list[Entry] = []
        self._touched: dict[str, dict[str, str] | None] = {}  # announced: key → as last saved (None: all)
        self._keys_before: dict[str, set[str]] = {}  # keys of wholly touched tables, for removals
        self._bad: list[tuple[str, str]] = []  # (why, what) malformed, found by the last load
        self._journal_stamp: Any = False  # (inode, size, mtime), None if missing, False: reload on next read
        self._snapshot_stamp: tuple | None = None
        self._offset = 0  # bytes of the journal applied (complete lines only)
        self._snapshot_size = 0

    # -- reading

    def read(self) -> Data:
        stamp = _stamp(self.journal)
        if stamp != self._journal_stamp:
            try:
                self._catch_up(stamp)
            except _Corrupt as e:
                self._recover(e)
            if self._bad:
                self._set_aside()
        if self.mode == "write" or not (self.overlay or self.mode == "plan"):
            return self._data
        return self._view()

    def _view(self) -> Data:
        """The files with the planned changes on top; when planning, the touched documents are
        copies (TinyDB changes documents in place)."""
        data = dict(self._data)
        copied: set[str] = set()
        for entry in (e for entries in self.overlay for e in entries):
            if (name := entry.get("t")) is not None and name not in copied:
                data[name] = dict(data.get(name, {}))
                copied.add(name)
            apply_entry(data, entry)
        if self.mode == "plan":
            for name, saved in self._touched.items():
                table = data[name] = dict(data.get(name, {}))
                for key in table if saved is None else saved.keys() & table.keys():
                    table[key] = json.loads(dumps(table[key]))
        return data

    def _current(self, table: str, key: str) -> object:
        """Document ``key`` of ``table`` as reads see it (with the overlay)."""
        doc = self._data.get(table, {}).get(key)
        if self.mode != "write":
            for entry in (e for entries in self.overlay for e in entries):
                if entry.get("drop") == table:
                    doc = None
                elif entry.get("t") == table and entry["k"] == key:
                    doc = entry["v"]
        return doc

    def _catch_up(self, stamp: tuple | None) -> None:
        old = self._journal_stamp
        if old and stamp and old[0] == stamp[0] and _stamp(self.path) == self._snapshot_stamp:
            self._read_journal()  # appended to by another process: read the tail only
            if not self._journal_stamp or self._journal_stamp[0] != old[0]:
                self._load()  # compacted meanwhile: what was read is not a tail of ours
        else:
            self._load()

    def _load(self) -> None:
        """Read the snapshot and the whole journal; retry if a compaction replaced the snapshot."""
        while True:
            before = _stamp(self.path)
            self._bad = []
            self._data = self._load_snapshot()
            self._offset = 0
            self._read_journal()
            after = _stamp(self.path)
            if after == before:
                self._snapshot_stamp = after
                self._snapshot_size = after[1] if after else 0
                return

    def _load_snapshot(self) -> Data:
        raw = _read(self.path)
        try:
            data = json.loads(raw) if raw and raw.strip() else {}
        except (ValueError, RecursionError) as e:
            raise _Corrupt(f"not JSON: {e}") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise _Corrupt("not a TinyDB database")
        for name, table in data.items():
            for key, doc in list(table.items()):
                if why := self._problem(name, key, doc):
                    self._bad.append((why, dumps({"t": name, "k": key, "v": doc})))
                    del table[key]
        return data

    def _problem(self, table: str, key: str, doc: object) -> str | None:
        if not isinstance(doc, dict):
            return f"{table} {key}: not an object"
        return self.validate(table, key, doc) if self.validate else None

    def _read_journal(self) -> None:
        try:
            with open(self.journal, "rb") as f:
                stamp = os.fstat(f.fileno())  # before reading: a later append will change it
                f.seek(self._offset)
                tail = f.read()
        except FileNotFoundError:
            self._journal_stamp = None
            return
        except OSError as e:
            raise StoreError(f"cannot read {self.journal}: {describe(e)}") from None
        end = tail.rfind(b"\n") + 1  # a last line without its newline was never acknowledged
        for line in tail[:end].splitlines():
            if line.strip():
                self._apply(line)
        self._offset += end
        self._journal_stamp = (stamp.st_ino, stamp.st_size, stamp.st_mtime_ns)

    def _apply(self, line: bytes) -> None:
        why: str | None
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            entry, why = None, "journal line: not JSON"
        else:
            why = _entry_problem(entry)
            if not why and "drop" not in entry and entry["v"] is not None:
                why = self._problem(entry["t"], entry["k"], entry["v"])
        if why or entry is None:
            self._bad.append((why or "journal line: not JSON", line.decode("utf-8", "replace")))
        else:
            apply_entry(self._data, entry)

    def _set_aside(self) -> None:
        """Append the malformed records to the quarantine file and compact them away (under the
        lock, on a fresh load); if that cannot be done they stay hidden, with a warning."""
        first = self._bad[0][0]
        try:
            with self.lock.acquire(timeout=self.lock_timeout):
                self._load()
                if not self._bad:
                    return  # another process set them aside meanwhile
                bad, first = self._bad, self._bad[0][0]
                with open(self.quarantine, "ab") as f:
                    f.write("".join(line + "\n" for _, line in bad).encode("utf-8"))
                    f.flush()
                    os.fsync(f.fileno())
                self._save_snapshot()
        except (OSError, Timeout) as e:
            reason = describe(e) if isinstance(e, OSError) else "another ntreader holds the lock"
            self.warnings.append(f"{len(self._bad)} malformed record(s) in {self.path.name} hidden "
                                 f"(first: {first}); could not set them aside: {reason}")
        else:
            self.warnings.append(f"{len(bad)} malformed record(s) set aside into {self.quarantine} (first: {first})")
        self._bad = []

    def _recover(self, error: _Corrupt) -> None:
        """Move a snapshot that is not JSON aside (under the lock) and replay the journal alone."""
        try:
            with self.lock.acquire(timeout=self.lock_timeout):
                try:
                    self._load()
                    return
                except _Corrupt:
                    moved = self._move_aside()
                    self._load()
        except (OSError, Timeout, _Corrupt) as e:
            self.blocked = f"{self.path} is unreadable ({error}) and could not be moved aside ({e}); nothing is saved"
            self.warnings.append(self.blocked)
            self._data, self._offset, self._snapshot_size = {}, 0, 0
            self._journal_stamp, self._snapshot_stamp = _stamp(self.journal), _stamp(self.path)
        else:
            self.warnings.append(f"{self.path.name} was unreadable ({error}); moved it to {moved}")

    def _move_aside(self) -> Path:
        """Rename the snapshot to ``….corrupt-<time>``, never over an existing file."""
        when = time.strftime("%Y%m%dT%H%M%S")
        n = 0
        while (target := self.path.with_name(f"{self.path.name}.corrupt-{when}{n or ''}")).exists():
            n += 1
        os.rename(self.path, target)
        fsync_dir(self.path.parent)
        return target

    # -- writing

    def touch(self, table: str, keys: Iterable[str] | None) -> None:
        """Announce that the coming writes may change documents ``keys`` of ``table`` (None: any
        document of it, or the whole table dropped), until :meth:`forget_touched`. Only announced
        documents are journaled, and only when they differ from what was last saved."""
        if keys is None:
            if self._touched.get(table, {}) is not None:
                self._keys_before[table] = set(self.read().get(table, {}))
            self._touched[table] = None
            return
        saved = self._touched.setdefault(table, {})
        if saved is not None:
            for key in keys:
                if key not in saved:
                    saved[key] = dumps(self._current(table, key))

    def forget_touched(self) -> None:
        """End the announcements (at the end of an operation, or one that failed before writing)."""
        self._touched.clear()
        self._keys_before.clear()

    def write(self, data: Data) -> None:
        if self.blocked:
            raise StoreError(self.blocked)
        if not self._touched:
            raise RuntimeError("announce the documents a write changes with touch() first")
        lines = self._changes(data)
        if self.mode == "plan":
            self.planned += lines
            return
        self._data = data
        if lines:
            try:
                self._append(lines)
            except BaseException:
                self._journal_stamp = False  # memory may be ahead of the disk: reload on next read
                raise
        if self._offset > max(COMPACT_MIN_BYTES, COMPACT_RATIO * self._snapshot_size):
            self.compact()

    def _changes(self, data: Data) -> list[dict]:
        """Journal entries for the announced documents that changed (and marks them saved)."""
        entries: list[dict] = []
        for name, saved in self._touched.items():
            table = data.get(name)
            if table is None and saved is None:
                entries.append({"drop": name})
                continue
            table = table if table is not None else {}
            if saved is None:
                gone = self._keys_before.get(name, set()) - table.keys()
                entries += [{"t": name, "k": key, "v": None} for key in sorted(gone)]
                entries += [{"t": name, "k": key, "v": doc} for key, doc in table.items()]
            else:
                for key, before in saved.items():
                    if (now := dumps(table.get(key))) != before:
                        entries.append({"t": name, "k": key, "v": table.get(key)})
                        saved[key] = now
        return entries

    def _append(self, entries: list[dict]) -> None:
        payload = "".join(dumps(e) + "\n" for e in entries).encode("utf-8")
        created = not self.journal.exists()
        fd = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            st = os.fstat(fd)
            if (st.st_ino, st.st_size, st.st_mtime_ns) != self._journal_stamp and not (created and not st.st_size):
                raise RuntimeError("the journal changed since it was read: write only under the lock, after a read")
            if st.st_size != self._offset:
                os.ftruncate(fd, self._offset)  # a torn line left by a writer that was killed
            try:
                write_all(fd, payload)
                os.fsync(fd)
            except BaseException:
                os.ftruncate(fd, self._offset)
                raise
            self._offset += len(payload)
            st = os.fstat(fd)
            self._journal_stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.path.parent)

    def compact(self) -> None:
        """Fold the journal into a new snapshot. Caller holds the lock. A failure is ignored: the
        journal still holds everything, and the next write tries again."""
        with suppress(OSError):
            self._save_snapshot()

    def replace_all(self, data: Data) -> None:
        """Save ``data`` as the whole database, as a new snapshot (for migrations). Caller holds the lock."""
        self._data = data
        self._save_snapshot()

    def _save_snapshot(self) -> None:
        try:
            snapshot = _dump_snapshot(self._data)
            atomic_write(self.path, snapshot)
            atomic_write(self.journal, b"")
        except BaseException:
            self._journal_stamp = False  # reload on next read: the disk has old + journal, or new
            raise
        self._snapshot_size, self._offset = len(snapshot), 0
        self._journal_stamp, self._snapshot_stamp = _stamp(self.journal), _stamp(self.path)

    def close(self) -> None:
        pass
