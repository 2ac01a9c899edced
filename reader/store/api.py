"""The store: bookmarks, highlights, notes, reading state, watch-words and search history, in one
TinyDB file in the data dir. The only module that touches TinyDB.

Safety (DESIGN.md §5, §7): TinyDB hands its storage the whole database on every write and, with
its JSON storage, rewrites the file in place. :class:`JournalStorage` instead keeps a JSON
snapshot (``ntreader.json``, TinyDB's layout, one document per line) plus an append-only journal
(``ntreader.json.journal``) of the documents that changed, one JSON line each, fsynced before a
write returns. A write costs one short append, whatever the store's size; when the journal grows
past the snapshot it is folded into a new snapshot (temp file in the same folder, fsync,
``os.replace``, fsync of the folder). Replaying the journal is idempotent (each line is a whole
document or a removal), so a crash at any point leaves either the old or the new state, and a torn
last line (a write that never returned) is ignored, then cut off by the next writer.

Every write runs under an inter-process lock (``ntreader.json.lock``) after re-reading whatever
other processes appended, so two ntreader processes never lose each other's records. Annotation
ids are our own (time-based + random, sortable), never TinyDB's counters.

A corrupt store is moved aside (``ntreader.json.corrupt-<time>``), ``Store.warnings`` says where in
one line, and the store starts empty. If the folder is read-only or full, reads still work and
writes raise :class:`StoreError` with a one-line message; nothing already saved is touched.
"""

from __future__ import annotations

import errno
import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from reader.core.anchors import (
    BOOKMARK,
    COLORS,
    EXACT,
    HIGHLIGHT,
    KINDS,
    NOTE,
    ORPHANED,
    STATUSES,
    make_anchor,
    reanchor,
)
from reader.core.errors import UserError
from reader.core.model import Source

SCHEMA = 1
#: Schema migrations: ``MIGRATIONS[v]`` turns the whole database (``{table: {id: doc}}``) of schema
#: ``v`` into schema ``v + 1``, in place. Run at open, under the lock, then saved as a new snapshot.
MIGRATIONS: dict[int, Callable[[dict[str, dict[str, dict]]], None]] = {}

# The journal is folded into a new snapshot when it is larger than both of these:
COMPACT_MIN_BYTES = 256 * 1024
COMPACT_RATIO = 1.0  # times the snapshot's size: keeps the cost of compacting O(1) per write
LOCK_TIMEOUT = 10.0  # seconds to wait for another ntreader's write
SEARCH_HISTORY_MAX = 50
EDITABLE = frozenset({"kind", "note", "tags", "color", "label"})
RECORD_KEYS = ("id", "kind", "source_id", "source_sha256", "section_path", "anchor", "anchor_status", "note", "tags",
               "color", "label", "created", "updated", "deleted")  # fmt: skip

_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


class StoreError(UserError):
    """The store could not be written (read-only or full folder, lock held too long, newer schema)."""


class _Corrupt(Exception):
    """The files on disk are not a store we can read."""


# ---------------------------------------------------------------------------------------------
# Files


def _stamp(path: Path) -> tuple | None:
    """What identifies a version of a file: inode, size, mtime (None if missing)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; Windows cannot open folders)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, os.replace, fsync folder."""
    tmp = path.with_name(f".{path.name}.tmp")  # one writer at a time (the lock): a fixed name, no litter
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _dump_snapshot(data: dict[str, dict[str, dict]]) -> bytes:
    """TinyDB's JSON layout, one document per line so that the file stays readable and diffable."""
    tables = []
    for name, table in data.items():
        docs = ",\n".join(f"  {_dumps(key)}: {_dumps(doc)}" for key, doc in table.items())
        tables.append(f" {_dumps(name)}: {{\n{docs}\n }}")
    return ("{\n" + ",\n".join(tables) + "\n}\n").encode("utf-8")


def _load_snapshot(path: Path) -> dict[str, dict[str, dict]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(raw) if raw.strip() else {}
    except ValueError as e:
        raise _Corrupt(f"not JSON: {e}") from None
    if not isinstance(data, dict) or not all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in data.values()
    ):
        raise _Corrupt("not a TinyDB database")
    return data


def _parse_entry(line: bytes) -> dict:
    try:
        entry = json.loads(line)
    except ValueError as e:
        raise _Corrupt(f"bad journal line: {e}") from None
    if not isinstance(entry, dict) or not (
        isinstance(entry.get("drop"), str)
        or (
            isinstance(entry.get("t"), str)
            and isinstance(entry.get("k"), str)
            and isinstance(entry.get("v"), dict | None)
        )
    ):
        raise _Corrupt("bad journal line")
    return entry


class JournalStorage(Storage):
    """A TinyDB storage: a JSON snapshot plus an append-only journal (see the module docstring).

    The caller must hold :attr:`lock` around each read-modify-write (TinyDB's table operations
    call :meth:`read` then :meth:`write`); :meth:`read` brings in what other processes wrote.
    """

    def __init__(self, path: str | os.PathLike[str], encoding: str = "utf-8", ensure_ascii: bool = False):
        # The journal and the snapshot are always UTF-8 and keep Chinese readable; the arguments
        # are TinyDB's usual ones, accepted so that the storage can replace JSONStorage.
        self.path = Path(path)
        self.journal = self.path.with_name(self.path.name + ".journal")
        lock_file = self.path.with_name(self.path.name + ".lock")
        self.lock = FileLock(lock_file, timeout=LOCK_TIMEOUT, poll_interval=0.002)
        self.warnings: list[str] = []
        self.blocked: str | None = None  # why writes are refused, if they are
        self._data: dict[str, dict] = {}
        self._known: dict[str, dict] = {}  # the tables as last saved: the base of the next diff
        self._touched: dict[str, set[str] | None] = {}  # documents changed in place (None: maybe all)
        self._journal_stamp: tuple | None | bool = False  # False: reload on next read
        self._snapshot_stamp: tuple | None = None
        self._offset = 0  # bytes of the journal applied (complete lines only)
        self._snapshot_size = 0

    # -- reading

    def read(self) -> dict[str, dict]:
        stamp = _stamp(self.journal)
        if stamp != self._journal_stamp:
            try:
                self._catch_up(stamp)
            except _Corrupt as e:
                self._recover(e)
        return self._data

    def _catch_up(self, stamp: tuple | None) -> None:
        old = self._journal_stamp
        if old and stamp and old[0] == stamp[0] and _stamp(self.path) == self._snapshot_stamp:
            self._read_journal()  # appended to by another process: read the tail only
            if not self._journal_stamp or self._journal_stamp[0] != old[0]:
                self._load()  # compacted meanwhile: what was read is not a tail of ours
        else:
            self._load()
        self._known = dict(self._data)

    def _load(self) -> None:
        """Read the snapshot and the whole journal; retry if a compaction replaced the snapshot."""
        while True:
            before = _stamp(self.path)
            self._data = _load_snapshot(self.path)
            self._offset = 0
            self._read_journal()
            after = _stamp(self.path)
            if after == before:
                self._snapshot_stamp = after
                self._snapshot_size = after[1] if after else 0
                return

    def _read_journal(self) -> None:
        try:
            with open(self.journal, "rb") as f:
                stamp = os.fstat(f.fileno())  # before reading: a later append will change it
                f.seek(self._offset)
                tail = f.read()
        except FileNotFoundError:
            self._journal_stamp = None
            return
        end = tail.rfind(b"\n") + 1  # a last line without its newline was never acknowledged
        for line in tail[:end].splitlines():
            if line.strip():
                self._apply(_parse_entry(line))
        self._offset += end
        self._journal_stamp = (stamp.st_ino, stamp.st_size, stamp.st_mtime_ns)

    def _apply(self, entry: dict) -> None:
        if "drop" in entry:
            self._data.pop(entry["drop"], None)
        elif entry["v"] is None:
            self._data.get(entry["t"], {}).pop(entry["k"], None)
        else:
            self._data.setdefault(entry["t"], {})[entry["k"]] = entry["v"]

    def _recover(self, error: _Corrupt) -> None:
        """Move corrupt files aside (under the lock, if another process has not already) and start empty."""
        try:
            with self.lock:
                try:
                    self._load()
                    self._known = dict(self._data)
                    return
                except _Corrupt:
                    moved = self._move_aside()
        except (OSError, Timeout) as e:
            self.blocked = (
                f"{self.path} is unreadable ({error}) and could not be moved aside ({e}); nothing will be saved"
            )
            self.warnings.append(self.blocked)
        else:
            self.warnings.append(f"{self.path.name} was unreadable ({error}); moved it to {moved} and started empty")
        self._data, self._known, self._offset, self._snapshot_size = {}, {}, 0, 0
        self._journal_stamp, self._snapshot_stamp = _stamp(self.journal), _stamp(self.path)

    def _move_aside(self) -> str:
        """Rename the snapshot and the journal to ``….corrupt-<time>``, never over an existing file."""
        files = [p for p in (self.journal, self.path) if p.exists()]
        when = time.strftime("%Y%m%dT%H%M%S")
        n = 0
        while any(p.with_name(f"{p.name}.corrupt-{when}{n or ''}").exists() for p in files):
            n += 1
        targets = [p.with_name(f"{p.name}.corrupt-{when}{n or ''}") for p in files]
        for p, target in zip(files, targets, strict=True):
            os.rename(p, target)
        _fsync_dir(self.path.parent)
        return " and ".join(map(str, reversed(targets)))

    # -- writing

    def write(self, data: dict[str, dict]) -> None:
        if self.blocked:
            raise StoreError(self.blocked)
        lines = self._changes(data)
        self._touched.clear()
        self._data = data
        if lines:
            try:
                self._append(lines)
            except BaseException:
                self._journal_stamp = False  # memory may be ahead of the disk: reload on next read
                raise
        self._known = dict(data)
        if self._offset > max(COMPACT_MIN_BYTES, COMPACT_RATIO * self._snapshot_size):
            self.compact()

    def touch(self, table: str, keys: Iterable[str] | None) -> None:
        """Note documents that TinyDB is about to change in place (None: any in the table), since
        the next :meth:`write` cannot tell them from the saved ones by identity."""
        if keys is None or self._touched.get(table, ()) is None:
            self._touched[table] = None
        else:
            self._touched.setdefault(table, set()).update(keys)

    def _changes(self, data: dict[str, dict]) -> list[dict]:
        """Journal entries turning the last saved tables into ``data``: documents that are new
        objects (inserted) or were touched, and removals."""
        entries: list[dict] = [{"drop": name} for name in self._known.keys() - data.keys()]
        for name, table in data.items():
            old = self._known.get(name, {})
            if table is old and name not in self._touched:
                continue
            touched = self._touched.get(name, set())
            if touched is None:
                keys = list(table)
            else:
                keys = [key for key, doc in table.items() if old.get(key) is not doc]
                keys += [key for key in touched if key in table and old.get(key) is table[key]]
            entries += [{"t": name, "k": key, "v": table[key]} for key in keys]
            if len(old) + sum(key not in old for key in keys) > len(table):
                entries += [{"t": name, "k": key, "v": None} for key in old.keys() - table.keys()]
        return entries

    def _append(self, entries: list[dict]) -> None:
        payload = "".join(_dumps(e) + "\n" for e in entries).encode("utf-8")
        created = not self.journal.exists()
        fd = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            st = os.fstat(fd)
            if (st.st_ino, st.st_size, st.st_mtime_ns) != self._journal_stamp and not (created and not st.st_size):
                raise RuntimeError("the journal changed since it was read: write only under the lock, after a read")
            if st.st_size != self._offset:
                os.ftruncate(fd, self._offset)  # a torn line left by a writer that was killed
            try:
                _write_all(fd, payload)
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
            _fsync_dir(self.path.parent)

    def compact(self) -> None:
        """Fold the journal into a new snapshot. Caller holds the lock. A failure is ignored: the
        journal still holds everything, and the next write tries again."""
        with suppress(OSError):
            self._save_snapshot()

    def replace_all(self, data: dict[str, dict]) -> None:
        """Save ``data`` as the whole database, as a new snapshot (for migrations). Caller holds the lock."""
        self._data = data
        self._known = dict(self._data)
        self._save_snapshot()

    def _save_snapshot(self) -> None:
        try:
            snapshot = _dump_snapshot(self._data)
            _atomic_write(self.path, snapshot)
            _atomic_write(self.journal, b"")
        except BaseException:
            self._journal_stamp = False  # reload on next read: the disk has old + journal, or new
            raise
        self._snapshot_size, self._offset = len(snapshot), 0
        self._journal_stamp, self._snapshot_stamp = _stamp(self.journal), _stamp(self.path)

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# The store


class _Table(Table):
    document_id_class = str  # our own ids, never TinyDB's cached counters
    default_query_cache_capacity = 0  # a cache would not see other processes' writes

    # TinyDB's updates change documents in place: tell the storage which ones, to journal them.

    def update(self, fields, cond=None, doc_ids=None):
        doc_ids = None if doc_ids is None else [str(i) for i in doc_ids]
        self.storage.touch(self.name, doc_ids)
        return super().update(fields, cond, doc_ids)

    def update_multiple(self, updates):
        self.storage.touch(self.name, None)
        return super().update_multiple(updates)


class _TinyDB(TinyDB):
    table_class = _Table


class ImportResult(NamedTuple):
    added: int
    updated: int
    unchanged: int


def _copy(doc: dict) -> dict:
    """A plain, independent copy of a record (TinyDB's documents share nested values with its cache)."""
    anchor = doc["anchor"]
    return {
        **doc,
        "anchor": {**anchor, "quote": dict(anchor["quote"])},
        "section_path": list(doc["section_path"]),
        "tags": list(doc["tags"]),
    }


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without ``#`` and surrounding spaces, empty ones and repeats dropped, order kept."""
    out: list[str] = []
    for tag in tags:
        tag = tag.strip().lstrip("#").strip()
        if tag and tag not in out:
            out.append(tag)
    return out


def _check_color(color: str | None) -> str | None:
    if color is not None and color not in COLORS:
        raise UserError(f"unknown colour {color!r} (use one of: {', '.join(COLORS)})")
    return color


def _check_record(record: dict) -> dict:
    """A record from outside (an import), keys in our order: every field present, nothing else;
    UserError if not."""
    rid = record.get("id") if isinstance(record, dict) else None
    if not isinstance(rid, str) or set(record) != set(RECORD_KEYS):
        raise UserError(f"not an annotation record: {str(record)[:80]}")
    anchor = record["anchor"]
    if (
        record["kind"] not in KINDS
        or record["anchor_status"] not in STATUSES
        or not isinstance(anchor, dict)
        or not isinstance(anchor.get("para"), int)
        or not isinstance(anchor.get("quote"), dict)
        or not isinstance(record["tags"], list)
        or not isinstance(record["section_path"], list)
    ):
        raise UserError(f"annotation {rid} is malformed")
    return _copy({key: record[key] for key in RECORD_KEYS})


class Store:
    """Annotations and reading state in one TinyDB file (see the module docstring).

    Records are plain dicts (DESIGN.md §5); every method returns independent copies. A Store may
    be shared between threads. Reading positions are kept in memory by :meth:`set_position` and
    saved by :meth:`flush` (the app calls it on a timer and on exit) and by :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], float] = time.time, rng=None):
        self.path = Path(path)
        self._clock = clock
        self._rng = rng or random.Random()
        self._last_us = 0
        self._mutex = threading.RLock()
        self._db = _TinyDB(self.path, storage=JournalStorage, encoding="utf-8", ensure_ascii=False)
        self._storage: JournalStorage = self._db.storage
        self._annotations = self._db.table("annotations")
        self._positions = self._db.table("positions")
        self._watchwords = self._db.table("watchwords")
        self._searches = self._db.table("searches")
        self._settings = self._db.table("settings")
        self._meta = self._db.table("_meta")
        self._pending: dict[str, tuple[int, float]] = {}
        self._undo: list[str] = []
        self._readonly: str | None = None
        self._check_schema()

    @classmethod
    def open(cls, paths) -> Store:
        """The store of a :class:`reader.paths.Paths`."""
        return cls(paths.store_file)

    @property
    def warnings(self) -> list[str]:
        """One-line messages for the user about what happened at open (a corrupt file moved aside…)."""
        return self._storage.warnings

    def close(self) -> None:
        """Save pending reading positions (StoreError if that fails) and close."""
        self.flush()
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing

    def _now(self) -> str:
        return datetime.fromtimestamp(self._clock(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _new_id(self) -> str:
        """Sortable and unique: microseconds since 1970 (monotonic here), then 16 random bits."""
        us = max(int(self._clock() * 1_000_000), self._last_us + 1)
        self._last_us = us
        return f"{us:013x}{self._rng.getrandbits(16):04x}"

    @contextmanager
    def _writing(self):
        """Serialize a read-modify-write with every thread and process; OSError → StoreError."""
        if self._readonly:
            raise StoreError(self._readonly)
        folder = self.path.parent
        with self._mutex:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with self._storage.lock:
                    if not self._meta.contains(doc_id="schema"):
                        self._meta.insert(Document({"version": SCHEMA}, doc_id="schema"))
                    yield
            except Timeout:
                raise StoreError(f"cannot save to {folder}: another ntreader kept it locked") from None
            except OSError as e:
                raise StoreError(f"cannot save to {folder}: {_describe(e)}") from None

    def _check_schema(self) -> None:
        with self._mutex:
            meta = self._meta.get(doc_id="schema")
        version = meta["version"] if meta else SCHEMA
        if version > SCHEMA:
            self._readonly = f"{self.path} was written by a newer ntreader (schema {version}); it is read-only here"
            self.warnings.append(self._readonly)
        elif version < SCHEMA:
            try:
                self._migrate()
            except StoreError as e:
                self._readonly = f"{self.path} needs an upgrade that could not be saved ({e}); it is read-only"
                self.warnings.append(self._readonly)

    def _migrate(self) -> None:
        with self._writing():
            data = json.loads(_dumps(self._storage.read()))  # a deep copy to migrate
            version = data["_meta"]["schema"]["version"]
            for v in range(version, SCHEMA):
                MIGRATIONS[v](data)
            data["_meta"]["schema"]["version"] = SCHEMA
            self._storage.replace_all(data)

    def _get(self, rid: str) -> dict:
        doc = self._annotations.get(doc_id=rid)
        if doc is None:
            raise UserError(f"no annotation {rid}")
        return doc

    # -- annotations

    def add(
        self,
        kind: str,
        source: Source,
        para: int,
        start: int | None = None,
        end: int | None = None,
        *,
        note: str = "",
        tags: Iterable[str] = (),
        color: str | None = None,
        label: str | None = None,
    ) -> dict:
        """Add an annotation of ``kind`` on paragraph ``para`` of ``source`` (or the span
        ``[start, end)`` in it). A highlight gets the first colour unless one is given. There is
        at most one bookmark per paragraph: adding another updates its label."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        anchor = make_anchor(source, para, start, end)
        if kind == HIGHLIGHT and color is None:
            color = next(iter(COLORS))
        with self._writing():
            if kind == BOOKMARK and (existing := self._bookmark_at(source.id, para)):
                if label is None or label == existing["label"]:
                    return _copy(existing)
                return self.update(existing["id"], label=label)
            now = self._now()
            record = {
                "id": self._new_id(),
                "kind": kind,
                "source_id": source.id,
                "source_sha256": source.sha256,
                "section_path": source.section_path(para),
                "anchor": anchor,
                "anchor_status": EXACT,
                "note": note,
                "tags": clean_tags(tags),
                "color": _check_color(color),
                "label": label,
                "created": now,
                "updated": now,
                "deleted": None,
            }
            self._annotations.insert(Document(record, doc_id=record["id"]))
        return _copy(record)

    def update(self, rid: str, **changes) -> dict:
        """Change some of ``kind`` (highlight ↔ note), ``note``, ``tags``, ``color``, ``label``."""
        if unknown := changes.keys() - EDITABLE:
            raise ValueError(f"cannot update {', '.join(sorted(unknown))}")
        if "tags" in changes:
            changes["tags"] = clean_tags(changes["tags"])
        if "color" in changes:
            _check_color(changes["color"])
        if changes.get("kind", HIGHLIGHT) not in (HIGHLIGHT, NOTE):
            raise ValueError(f"cannot turn an annotation into {changes['kind']!r}")
        return self._change(rid, **changes)

    def _change(self, rid: str, **changes) -> dict:
        with self._writing():
            record = {**self._get(rid), **changes, "updated": self._now()}
            self._annotations.update({**changes, "updated": record["updated"]}, doc_ids=[rid])
        return _copy(record)

    def delete(self, rid: str) -> dict:
        """Mark an annotation deleted (a tombstone: :meth:`undo` or :meth:`restore` bring it back)."""
        record = self._change(rid, deleted=self._now())
        self._undo.append(rid)
        return record

    def restore(self, rid: str) -> dict:
        return self._change(rid, deleted=None)

    def undo(self) -> dict | None:
        """Restore the annotation deleted last through this Store, if any."""
        return self.restore(self._undo.pop()) if self._undo else None

    def get(self, rid: str) -> dict | None:
        with self._mutex:
            doc = self._annotations.get(doc_id=rid)
        return _copy(doc) if doc else None

    def annotations(
        self, source_id: str | None = None, kind: str | None = None, include_deleted: bool = False
    ) -> list[dict]:
        """Annotations, by source id, then place in the text, then creation."""

        def wanted(d: dict) -> bool:
            return (
                (source_id is None or d["source_id"] == source_id)
                and (kind is None or d["kind"] == kind)
                and (include_deleted or d["deleted"] is None)
            )

        with self._mutex:
            out = [_copy(d) for d in self._annotations.search(wanted)]
        out.sort(key=lambda d: (d["source_id"], d["anchor"]["para"], d["anchor"]["start"] or 0, d["id"]))
        return out

    def _bookmark_at(self, source_id: str, para: int) -> dict | None:
        return self._annotations.get(
            lambda d: (
                d["kind"] == BOOKMARK
                and not d["deleted"]
                and d["source_id"] == source_id
                and d["anchor"]["para"] == para
            )
        )

    def toggle_bookmark(self, source: Source, para: int) -> dict | None:
        """Bookmark paragraph ``para``, or remove its bookmark; the new bookmark or None."""
        with self._writing():
            existing = self._bookmark_at(source.id, para)
            if existing:
                self.delete(existing["id"])
                return None
            return self.add(BOOKMARK, source, para)

    def tags(self) -> list[str]:
        """Every tag in use, sorted (for completion)."""
        return sorted({t for d in self.annotations() for t in d["tags"]})

    def import_records(self, records: Iterable[dict]) -> ImportResult:
        """Add records from an export. Idempotent: a record already here is unchanged, or replaced
        if the imported one was updated later."""
        incoming = {r["id"]: r for r in map(_check_record, records)}
        with self._writing():
            here = {d.doc_id: d for d in self._annotations.search(lambda d: d["id"] in incoming)}
            new = [Document(r, doc_id=rid) for rid, r in incoming.items() if rid not in here]
            newer = [rid for rid, d in here.items() if incoming[rid] != d and incoming[rid]["updated"] >= d["updated"]]
            if new:
                self._annotations.insert_multiple(new)
            if newer:
                self._annotations.update(lambda d: d.update(incoming[d["id"]]), doc_ids=newer)
        return ImportResult(len(new), len(newer), len(incoming) - len(new) - len(newer))

    def rebind(self, sources: Iterable[Source]) -> int:
        """Re-anchor every annotation against the loaded ``sources`` (found by source id, else by
        sha256: a file renamed or moved). Sources not loaded are left alone. Returns how many
        records changed."""
        sources = list(sources)
        if not self._rebinding(sources):
            return 0  # nothing to save: works in a read-only folder too
        with self._writing():
            changes = self._rebinding(sources)
            if changes:
                self._annotations.update(lambda d: d.update(changes[d["id"]]), doc_ids=list(changes))
        return len(changes)

    def _rebinding(self, sources: list[Source]) -> dict[str, dict]:
        by_id = {s.id: s for s in sources}
        by_sha: dict[str, Source] = {}
        for s in sources:
            by_sha.setdefault(s.sha256, s)
        with self._mutex:
            docs = self._annotations.all()
        changes = {}
        for d in docs:
            source = by_id.get(d["source_id"]) or by_sha.get(d["source_sha256"])
            if source is None:
                continue
            unchanged = (source.id, source.sha256) == (d["source_id"], d["source_sha256"])
            if unchanged and d["anchor_status"] != ORPHANED:
                continue
            anchor, status = reanchor(d["anchor"], d["source_sha256"], source)
            new = {"source_id": source.id, "anchor": anchor, "anchor_status": status}
            if status != ORPHANED:  # an orphan keeps its old text's sha256, to be tried again
                new |= {"source_sha256": source.sha256, "section_path": source.section_path(anchor["para"])}
            if any(d[k] != v for k, v in new.items()):
                changes[d.doc_id] = new
        return changes

    # -- reading state

    def set_position(self, source_id: str, para: int) -> None:
        """Remember the reading position in ``source_id`` (in memory until :meth:`flush`)."""
        with self._mutex:
            self._pending[source_id] = (para, self._clock())

    def flush(self) -> None:
        """Save the reading positions set since the last flush. StoreError if that fails (they
        stay pending, so a later flush can retry)."""
        with self._mutex:
            if not self._pending:
                return
            with self._writing():
                for source_id, (para, at) in self._pending.items():
                    self._positions.upsert(Document({"para": para, "at": at}, doc_id=source_id))
            self._pending.clear()

    def position(self, source_id: str) -> int | None:
        """The last paragraph read in ``source_id``, or None."""
        with self._mutex:
            if source_id in self._pending:
                return self._pending[source_id][0]
            doc = self._positions.get(doc_id=source_id)
        return doc["para"] if doc else None

    def last_source(self) -> str | None:
        """The source read last (by any ntreader on this data dir), or None."""
        with self._mutex:
            times = {d.doc_id: d["at"] for d in self._positions.all()}
            times.update((sid, at) for sid, (_, at) in self._pending.items())
        return max(times, key=times.__getitem__, default=None)

    # -- settings

    def setting(self, key: str, default=None):
        """A user setting (e.g. the theme), or ``default``."""
        with self._mutex:
            doc = self._settings.get(doc_id=key)
        return doc["value"] if doc else default

    def set_setting(self, key: str, value) -> None:
        """Save a user setting (a JSON value)."""
        with self._writing():
            self._settings.upsert(Document({"value": value}, doc_id=key))

    # -- watch-words and search history

    def watchwords(self) -> dict[str, str | None]:
        """Watch-words and their colours, oldest first."""
        with self._mutex:
            docs = sorted(self._watchwords.all(), key=lambda d: d["added"])
        return {d.doc_id: d["color"] for d in docs}

    def add_watchword(self, word: str, color: str | None = None) -> None:
        """Add a watch-word, or change its colour."""
        with self._writing():
            old = self._watchwords.get(doc_id=word)
            added = old["added"] if old else self._new_id()
            self._watchwords.upsert(Document({"color": color, "added": added}, doc_id=word))

    def remove_watchword(self, word: str) -> None:
        with self._writing():
            self._watchwords.remove(doc_ids=[word])

    def search_history(self) -> list[str]:
        """Past queries, most recent first (at most SEARCH_HISTORY_MAX)."""
        with self._mutex:
            docs = sorted(self._searches.all(), key=lambda d: d["at"], reverse=True)
        return [d.doc_id for d in docs]

    def add_search(self, query: str) -> None:
        """Put ``query`` at the top of the search history, dropping the oldest beyond the cap."""
        query = query.strip()
        if not query:
            return
        with self._writing():
            self._searches.upsert(Document({"at": self._new_id()}, doc_id=query))
            old = self.search_history()[SEARCH_HISTORY_MAX:]
            if old:
                self._searches.remove(doc_ids=old)


def _describe(e: OSError) -> str:
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read-only folder"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    return e.strerror or str(e)
