"""The ``Store`` API: bookmarks, highlights, notes, reading state, watch-words and search history
in one TinyDB database in the data dir (:mod:`reader.store.database`).

TinyDB is the document and query layer, over :class:`reader.store.journal.JournalStorage` (the
files and their safety); every change is announced to the storage before TinyDB makes it. Every
write runs under an inter-process lock after re-reading whatever other processes appended, so two
ntreader processes never lose each other's records. Annotation ids are our own (time-based +
random, sortable), never TinyDB's counters. Records are checked by :mod:`reader.store.schema` on
the way in (import) and on the way out of the files (read).

A store opened for an app saves in the background (:meth:`Store.save_in_background`): a write
returns at once with its result, shown by every read, and a :class:`reader.store.background.Writer`
saves the writes one by one, in order.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from tinydb.table import Table

from reader.core.anchors import (
    BOOKMARK,
    COLORS,
    HIGHLIGHT,
    KINDS,
    NOTE,
    make_anchor,
)
from reader.core.errors import UserError
from reader.core.model import Source
from reader.store.background import Writer, recover
from reader.store.database import Database, Planned, document
from reader.store.errors import LOCK_TIMEOUT, StoreError
from reader.store.rebinding import rebinding
from reader.store.schema import EDITABLE, check_color, check_records, clean_tags, copy_record, new_record

SEARCH_HISTORY_MAX = 50
T = TypeVar("T")


class ImportResult(NamedTuple):
    added: int
    updated: int
    unchanged: int


class Store:
    """Annotations and reading state in one TinyDB file (see the module docstring).

    Records are plain dicts; every method returns independent copies. A Store may be shared between
    threads. Reading positions are kept in memory by :meth:`set_position` and saved by :meth:`flush`
    (the app calls it on a timer and on exit) and by :meth:`close`.

    A write waits up to ``lock_timeout`` seconds for another ntreader's write, then raises
    :class:`StoreBusy` (a StoreError), unless the store saves in the background.
    """

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], float] = time.time, rng=None,
                 lock_timeout: float = LOCK_TIMEOUT):
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"cannot open the notes: {self.path} is a folder, not a file")
        if self.path.parent.exists() and not self.path.parent.is_dir():
            raise StoreError(f"cannot open the notes: {self.path.parent} is not a folder")
        self._clock = clock
        self._db = Database(self.path, lock_timeout=lock_timeout, clock=clock, rng=rng)
        self._storage = self._db.storage
        self._mutex = self._db.mutex
        tables = self._db.tables
        self._annotations, self._positions = tables["annotations"], tables["positions"]
        self._watchwords, self._searches, self._settings = tables["watchwords"], tables["searches"], tables["settings"]
        self._pending: dict[str, tuple[int, float]] = {}
        self._undo: list[str] = []
        self.writer: Writer | None = None
        self.last_planned: Planned | None = None  # the last write handed to the writer: its outcome
        self._db.check_schema(self.warnings)
        if not self._db.readonly:
            recover(self._db, self.warnings)

    @classmethod
    def open(cls, paths, *, lock_timeout: float = LOCK_TIMEOUT) -> Store:
        """The store of a :class:`reader.paths.Paths`."""
        return cls(paths.store_file, lock_timeout=lock_timeout)

    @property
    def warnings(self) -> list[str]:
        """One-line messages for the user about what happened at open (a corrupt file moved aside…)."""
        return self._storage.warnings

    def save_in_background(self, report: Callable[[str], object]) -> Writer:
        """From now on a write returns at once and is saved by a writer thread, in order;
        ``report`` is called (from that thread) with one line when a write could not be saved
        (it is then undone) or waits for another ntreader."""
        self.writer = Writer(self._db, report)
        return self.writer

    def close(self) -> Path | None:
        """Save what is pending and close (StoreError if the reading positions cannot be saved).
        Background writes still waiting for the lock are kept in a file that the next open saves:
        its path is returned."""
        kept = self.writer.stop() if self.writer is not None else None
        self.writer = None  # a write after this is saved at once
        self.flush()
        self._db.tinydb.close()
        return kept

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing

    def _write(self, what: str, change: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``change`` under the lock now, or (in the background mode) plan it and queue it."""
        if self._db.changing:
            return change(*args, **kwargs)
        if self.writer is None:
            with self._db.writing():
                return change(*args, **kwargs)
        planned = Planned(what, partial(change, *args, **kwargs))
        with self._db.planning(planned):
            result = change(*args, **kwargs)
        self.last_planned = planned if planned.entries else None
        if planned.entries:
            self.writer.submit(planned)
        return result

    def _touch(self, table: Table, *keys: Any) -> None:
        self._db.touch(table, *keys)

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
        return self._write(kind, self._add, kind, source, para, anchor, note=note, tags=tags, color=color, label=label)

    def _add(self, kind: str, source: Source, para: int, anchor: dict, **fields: Any) -> dict:
        if kind == BOOKMARK and (existing := self._bookmark_at(source.id, para)):
            if fields["label"] is None or fields["label"] == existing["label"]:
                return copy_record(existing)
            return self.update(existing["id"], label=fields["label"])
        now, rid = self._db.now(), self._db.new_id()
        record = new_record(rid, now, kind, source, anchor, **fields)
        self._touch(self._annotations, rid)
        self._annotations.insert(document(record, rid))
        return copy_record(record)

    def update(self, rid: str, **changes) -> dict:
        """Change some of ``kind`` (highlight ↔ note), ``note``, ``tags``, ``color``, ``label``."""
        if unknown := changes.keys() - EDITABLE:
            raise ValueError(f"cannot update {', '.join(sorted(unknown))}")
        if "tags" in changes:
            changes["tags"] = clean_tags(changes["tags"])
        if "color" in changes:
            check_color(changes["color"])
        if changes.get("kind", HIGHLIGHT) not in (HIGHLIGHT, NOTE):
            raise ValueError(f"cannot turn an annotation into {changes['kind']!r}")
        return self._write("change", self._change, rid, **changes)

    def _change(self, rid: str, **changes) -> dict:
        record = {**self._get(rid), **changes, "updated": self._db.now()}
        self._touch(self._annotations, rid)
        self._annotations.update({**changes, "updated": record["updated"]}, doc_ids=[rid])
        return copy_record(record)

    def delete(self, rid: str) -> dict:
        """Mark an annotation deleted (a tombstone: :meth:`undo` or :meth:`restore` bring it back)."""
        record = self._write("deletion", self._change, rid, deleted=self._db.now())
        self._undo.append(rid)
        return record

    def restore(self, rid: str) -> dict:
        return self._write("restoration", self._change, rid, deleted=None)

    def undo(self) -> dict | None:
        """Restore the annotation deleted last through this Store, if any."""
        return self.restore(self._undo.pop()) if self._undo else None

    def get(self, rid: str) -> dict | None:
        with self._mutex:
            doc = self._annotations.get(doc_id=rid)
        return copy_record(doc) if doc else None

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
            out = [copy_record(d) for d in self._annotations.search(wanted)]
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
        removed, added = self._write("bookmark", self._toggle_bookmark, source, para)
        if removed:
            self._undo.append(removed)
        return added

    def _toggle_bookmark(self, source: Source, para: int) -> tuple[str | None, dict | None]:
        if existing := self._bookmark_at(source.id, para):
            self._change(existing["id"], deleted=self._db.now())
            return existing["id"], None
        return None, self.add(BOOKMARK, source, para)

    def tags(self) -> list[str]:
        """Every tag in use, sorted (for completion)."""
        return sorted({t for d in self.annotations() for t in d["tags"]})

    def import_records(self, records: Iterable[dict]) -> ImportResult:
        """Add records from an export. Idempotent: a record already here is unchanged, or replaced
        if the imported one was updated later."""
        return self._write("import", self._import, {r["id"]: r for r in check_records(records)})

    def _import(self, incoming: dict[str, dict]) -> ImportResult:
        here = {d.doc_id: d for d in self._annotations.search(lambda d: d["id"] in incoming)}
        new = [document(r, rid) for rid, r in incoming.items() if rid not in here]
        newer = [rid for rid, d in here.items() if incoming[rid] != d and incoming[rid]["updated"] >= d["updated"]]
        self._touch(self._annotations, *incoming)
        if new:
            self._annotations.insert_multiple(new)
        if newer:
            self._annotations.update(lambda d: d.update(incoming[d["id"]]), doc_ids=newer)
        return ImportResult(len(new), len(newer), len(incoming) - len(new) - len(newer))

    def rebind(self, sources: Iterable[Source], *, complete: bool = False) -> int:
        """Re-anchor every annotation against the loaded ``sources`` (found by source id, else by
        sha256: a file renamed or moved). A record whose source is not loaded is marked detached
        when its ``source_path`` no longer exists, or, for an old record without one, when
        ``sources`` is the ``complete`` library. Returns how many records changed."""
        sources = list(sources)
        if not self._rebinding(sources, complete):
            return 0  # nothing to save: works in a read-only folder too

        def change() -> int:
            changes = self._rebinding(sources, complete)
            if changes:
                self._touch(self._annotations, *changes)
                self._annotations.update(lambda d: d.update(changes[d["id"]]), doc_ids=list(changes))
            return len(changes)

        return self._write("re-anchoring", change)

    def _rebinding(self, sources: list[Source], complete: bool) -> dict[str, dict]:
        with self._mutex:
            docs = self._annotations.all()
        return rebinding({d.doc_id: d for d in docs}, sources, complete)

    # -- reading state

    def set_position(self, source_id: str, para: int) -> None:
        """Remember the reading position in ``source_id`` (in memory until :meth:`flush`)."""
        with self._mutex:
            self._pending[source_id] = (para, self._clock())

    def flush(self) -> None:
        """Save the reading positions set since the last flush. StoreError if that fails (they
        stay pending, so a later flush can retry)."""
        if not self._pending:
            return
        with self._db.writing():
            pending = dict(self._pending)
            for source_id, (para, at) in pending.items():
                self._touch(self._positions, source_id)
                self._positions.upsert(document({"para": para, "at": at}, source_id))
            for source_id, position in pending.items():  # set again meanwhile: saved next time
                if self._pending.get(source_id) == position:
                    del self._pending[source_id]

    def position(self, source_id: str) -> int | None:
        """The last paragraph read in ``source_id``, or None."""
        with self._mutex:
            if source_id in self._pending:
                return self._pending[source_id][0]
            doc = self._positions.get(doc_id=source_id)
        return doc["para"] if doc else None

    def migrate_positions(self, ids: Iterable[str]) -> int:
        """Move the reading positions saved under old load-order ids to the current ids of the
        loaded sources (:func:`reader.core.ids.legacy_ids`); the later of two positions wins.
        Returns how many moved."""
        from reader.core.ids import legacy_ids

        with self._mutex:
            saved = {d.doc_id: dict(d) for d in self._positions.all()}
        moves = legacy_ids(saved, ids)
        if not moves:
            return 0  # nothing to save: works in a read-only folder too
        with self._db.writing():
            for old, new in moves.items():
                self._touch(self._positions, old, new)
                if new not in saved or saved[new]["at"] < saved[old]["at"]:
                    self._positions.upsert(document(saved[old], new))
                self._positions.remove(doc_ids=[old])
        return len(moves)

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

        def change() -> None:
            self._touch(self._settings, key)
            self._settings.upsert(document({"value": value}, key))

        self._write("setting", change)

    # -- watch-words and search history

    def watchwords(self) -> dict[str, str | None]:
        """Watch-words and their colours, oldest first."""
        with self._mutex:
            docs = sorted(self._watchwords.all(), key=lambda d: d["added"])
        return {d.doc_id: d["color"] for d in docs}

    def add_watchword(self, word: str, color: str | None = None) -> None:
        """Add a watch-word, or change its colour."""

        def change() -> None:
            old = self._watchwords.get(doc_id=word)
            added = old["added"] if old else self._db.new_id()
            self._touch(self._watchwords, word)
            self._watchwords.upsert(document({"color": color, "added": added}, word))

        self._write("watch-word", change)

    def remove_watchword(self, word: str) -> None:
        def change() -> None:
            self._touch(self._watchwords, word)
            self._watchwords.remove(doc_ids=[word])

        self._write("watch-word removal", change)

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

        def change() -> None:
            self._touch(self._searches, query)
            self._searches.upsert(document({"at": self._db.new_id()}, query))
            if old := self.search_history()[SEARCH_HISTORY_MAX:]:
                self._touch(self._searches, *old)
                self._searches.remove(doc_ids=old)

        self._write("search history", change)

