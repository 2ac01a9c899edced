"""The database under :class:`reader.store.Store`: TinyDB over the journal storage, its tables,
and the two ways a change runs.

- :meth:`Database.writing` saves it now: under the inter-process lock (after re-reading what other
  processes appended), then fsynced.
- :meth:`Database.planning` runs it against what reads see, without the lock, and collects the
  journal entries it would write into a :class:`Planned` change; the change shows at once (the
  storage's overlay), and ``writing(planned)`` runs it again under the lock later, with the same
  ids and times (:meth:`Database.now` and :meth:`Database.new_id` replay what the plan drew).
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from reader.core.files import describe
from reader.store import schema
from reader.store.errors import StoreError, busy, dumps
from reader.store.journal import Entry, JournalStorage
from reader.store.schema import new_id, timestamp

TABLES = ("annotations", "positions", "watchwords", "searches", "settings", "_meta")


class _Table(Table):
    document_id_class = str  # type: ignore[assignment]  # our own ids, never TinyDB's counters


class _TinyDB(TinyDB):
    table_class = _Table


def document(value: dict, key: str) -> Document:
    """A document with our own (string) id; TinyDB's types say int, its ``document_id_class`` str."""
    return Document(value, doc_id=key)  # type: ignore[arg-type]


@dataclass(eq=False)
class Planned:
    """A change planned and shown, waiting to be saved: what to run again, and what it drew."""

    what: str  # for messages: "bookmark", "note"…
    run: Callable[[], object]
    stamps: list[tuple[str, str]] = field(default_factory=list)  # ("now" | "id", value), in order
    entries: list[Entry] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)  # set once saved or given up
    error: str | None = None  # why it was given up


class Database:
    """TinyDB over :class:`JournalStorage`, one lock and one mutex (see the module docstring)."""

    def __init__(self, path: Path, *, lock_timeout: float, clock: Callable[[], float], rng: random.Random | None):
        self.path = path
        self.lock_timeout = lock_timeout
        self._clock = clock
        self._rng = rng or random.Random()
        self._last_us = 0
        self.mutex = threading.RLock()
        self.tinydb = _TinyDB(path, storage=JournalStorage, validate=schema.document_problem)
        self.storage: JournalStorage = self.tinydb.storage  # type: ignore[assignment]
        self.storage.lock_timeout = lock_timeout
        # No query cache: it would not see other processes' writes. (Any: TinyDB types ids as int.)
        self.tables: dict[str, Any] = {name: self.tinydb.table(name, cache_size=0) for name in TABLES}
        self.readonly: str | None = None
        self._changer: int | None = None  # the thread running a change (a change may call another)
        self._stamps: list[tuple[str, str]] | None = None  # drawn by the change being planned
        self._replay: list[tuple[str, str]] = []  # still to hand out to the change being saved

    # -- ids and times, the same when a planned change is saved

    def _stamp(self, kind: str, make: Callable[[], str]) -> str:
        mine = self.changing  # a stamp drawn outside the change on another thread is its own
        if mine and self._replay and self._replay[0][0] == kind:
            return self._replay.pop(0)[1]
        value = make()
        if mine and self._stamps is not None:
            self._stamps.append((kind, value))
        return value

    def now(self) -> str:
        return self._stamp("now", lambda: timestamp(self._clock()))

    def new_id(self) -> str:
        """Sortable and unique: microseconds since 1970 (monotonic here), then 16 random bits."""

        def make() -> str:
            self._last_us = max(int(self._clock() * 1_000_000), self._last_us + 1)
            return new_id(self._last_us, self._rng)

        return self._stamp("id", make)

    # -- changes

    @property
    def changing(self) -> bool:
        """Whether a change is running on this thread (a nested one joins it)."""
        return self._changer == threading.get_ident()

    def touch(self, table: Table, *keys: Any) -> None:
        """Announce to the storage the documents the next TinyDB operation on ``table`` changes."""
        self.storage.touch(table.name, keys)

    @contextmanager
    def writing(self, planned: Planned | None = None) -> Iterator[None]:
        """Serialize a read-modify-write with every thread and process; OSError → StoreError. With
        ``planned``: its ids and times are replayed, and it leaves the overlay once saved."""
        if self.readonly:
            raise StoreError(self.readonly)
        folder = self.path.parent
        try:  # the lock first: a thread waiting for another process holds up no reader here
            folder.mkdir(parents=True, exist_ok=True)
            with self.storage.lock.acquire(timeout=self.lock_timeout), self.mutex:
                with self._change("write"):
                    self._replay = list(planned.stamps) if planned else []
                    if not self.tables["_meta"].contains(doc_id="schema"):
                        self.touch(self.tables["_meta"], "schema")
                        self.tables["_meta"].insert(document({"version": schema.SCHEMA}, "schema"))
                    yield
                    if planned is not None:
                        self.forget(planned)
        except Timeout:
            raise busy(folder) from None
        except OSError as e:
            raise StoreError(f"cannot save to {folder}: {describe(e)}") from None

    @contextmanager
    def planning(self, planned: Planned) -> Iterator[None]:
        """Run a change against the view, collecting its entries and stamps into ``planned`` and
        putting them on the overlay; nothing is written."""
        if self.readonly or self.storage.blocked:
            raise StoreError(self.readonly or self.storage.blocked)
        with self.mutex, self._change("plan"):
            self._stamps, self.storage.planned = planned.stamps, planned.entries
            yield
            if planned.entries:
                self.storage.overlay.append(planned.entries)

    @contextmanager
    def _change(self, mode: str) -> Iterator[None]:
        storage = self.storage
        storage.forget_touched()
        storage.mode, self._changer = mode, threading.get_ident()
        try:
            yield
        finally:
            storage.forget_touched()
            storage.mode, self._changer, self._stamps, self._replay, storage.planned = "read", None, None, [], []

    def forget(self, planned: Planned) -> None:
        """Take a planned change off the overlay (saved, or given up)."""
        with self.mutex:
            overlay = self.storage.overlay
            overlay[:] = [entries for entries in overlay if entries is not planned.entries]

    # -- schema

    def check_schema(self, warnings: list[str]) -> None:
        with self.mutex:
            meta = self.tables["_meta"].get(doc_id="schema")
        version = meta["version"] if meta else schema.SCHEMA
        if version > schema.SCHEMA:
            self.readonly = f"{self.path} was written by a newer ntreader (schema {version}); it is read-only here"
            warnings.append(self.readonly)
        elif version < schema.SCHEMA:
            try:
                self._migrate()
            except StoreError as e:
                self.readonly = f"{self.path} needs an upgrade that could not be saved ({e}); it is read-only"
                warnings.append(self.readonly)

    def _migrate(self) -> None:
        with self.writing():
            data = json.loads(dumps(self.storage.read()))  # a deep copy to migrate
            version = data["_meta"]["schema"]["version"]
            for v in range(version, schema.SCHEMA):
                schema.MIGRATIONS[v](data)
            data["_meta"]["schema"]["version"] = schema.SCHEMA
            self.storage.replace_all(data)

