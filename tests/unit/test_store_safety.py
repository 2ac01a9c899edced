"""The store never loses a write that returned: SIGKILLed writers, two writers at once, corrupt
files, a read-only or full folder, schema migrations."""

import errno
import itertools
import json
import os
import random
import signal
import time

import pytest
from test_anchors import REPORT, make_source

import reader.store.database as database_mod
import reader.store.journal as journal_mod
import reader.store.schema as schema_mod
from reader.store import Store, StoreError

SRC = make_source("gov", REPORT)


def _fork(target, *args) -> tuple[int, object]:
    """Run ``target(write_fd, *args)`` in a child process; the parent gets (pid, line reader)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(r)
        try:
            target(w, *args)
        finally:
            os._exit(0)
    os.close(w)
    return pid, os.fdopen(r, "rb")


def _kill_self_at(k: int) -> None:
    """SIGKILL this process at its k-th call of os.open/write/fsync/ftruncate/replace (a write
    is cut in half first: a torn write)."""
    calls = itertools.count(1)

    def hook(name):
        real = getattr(os, name)

        def hooked(*args, **kwargs):
            if next(calls) == k:
                if name == "write":
                    real(args[0], bytes(args[1])[: len(args[1]) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return hooked

    for name in ("open", "write", "fsync", "ftruncate", "replace"):
        setattr(os, name, hook(name))


def _writer(ack_fd, path, seed, count, go_fd=None, kill_at=None):
    """Add notes (and update earlier ones), acknowledging each write once it returned. The journal
    is compacted after every write (odd seeds) or every few (even seeds: kills then land inside
    compactions of journals that hold acknowledged writes)."""
    journal_mod.COMPACT_MIN_BYTES, journal_mod.COMPACT_RATIO = (0 if seed % 2 else 2000), 0
    ack = os.write
    if go_fd is not None:
        os.read(go_fd, 1)
    if kill_at:
        _kill_self_at(kill_at)
    store = Store(path, rng=random.Random(seed))
    rng = random.Random(seed)
    mine = []
    for n in range(count):
        if mine and rng.random() < 0.3:
            rid = rng.choice(mine)
            store.update(rid, note=str(n))
        else:
            rid = store.add("note", SRC, rng.randint(1, 6), note=str(n), tags=[f"w{seed}"])["id"]
            mine.append(rid)
        ack(ack_fd, f"{rid} {n}\n".encode())


def _check_acked(path, acked: dict[str, int]) -> None:
    store = Store(path)
    assert store.warnings == []
    notes = {r["id"]: int(r["note"]) for r in store.annotations()}
    for rid, n in acked.items():
        assert rid in notes, f"acknowledged record {rid} lost"
        assert notes[rid] >= n, f"acknowledged update of {rid} lost"


def test_sigkilled_writers_never_lose_acknowledged_writes(tmp_path):
    """Rounds alternate: the test kills the writer at a random time, or the writer kills itself
    at a random file operation (between any two steps of an append or a compaction)."""
    path = tmp_path / "ntreader.json"
    rng = random.Random(1)
    acked: dict[str, int] = {}
    for round_ in range(40):
        if round_ % 4 < 2:
            pid, acks = _fork(_writer, path, round_, 10_000)
            lines = [acks.readline() for _ in range(rng.randint(1, 15))]
            deadline = time.perf_counter() + rng.random() / 1000  # a random moment inside a write
            while time.perf_counter() < deadline:
                pass
            os.kill(pid, signal.SIGKILL)
        else:
            pid, acks = _fork(_writer, path, round_, 10_000, None, rng.randint(1, 120))
            lines = []
        assert os.waitpid(pid, 0)[1] == signal.SIGKILL
        lines += acks.readlines()
        acks.close()
        for line in lines:
            if line.endswith(b"\n"):
                rid, n = line.split()
                acked[rid.decode()] = max(acked.get(rid.decode(), -1), int(n))
        _check_acked(path, acked)
    assert len(acked) > 60
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert all(name.startswith("ntreader.json") or name.endswith(".tmp") for name in leftovers), leftovers


def test_two_processes_writing_at_once_keep_both_sets(tmp_path):
    path = tmp_path / "ntreader.json"
    mine = Store(path)  # a long-lived store in this process, writing too
    go_r, go_w = os.pipe()
    children = [_fork(_writer, path, seed, 40, go_r) for seed in (1, 2)]
    os.write(go_w, b"xx")
    own = [mine.add("highlight", SRC, 1)["id"] for _ in range(20)]
    for pid, _ in children:
        assert os.waitpid(pid, 0)[1] == 0
    written = {line.split()[0].decode() for _, acks in children for line in acks.readlines()}
    assert len(written) > 40
    everything = {r["id"] for r in Store(path).annotations()}
    assert written | set(own) == everything
    assert {r["id"] for r in mine.annotations()} == everything  # the open store sees the others' writes
    assert mine.tags() == ["w1", "w2"]


# -- corrupt files


def _corrupt_files(tmp_path):
    return sorted(p for p in tmp_path.iterdir() if ".corrupt-" in p.name)


@pytest.mark.parametrize("garbage", [b'{"annotations": {"x": ', b"\x00\xff\xfe garbage", b"[1, 2, 3]", b'{"t": [1]}'])
def test_corrupt_snapshot_is_moved_aside_and_the_store_starts_empty(tmp_path, garbage):
    path = tmp_path / "ntreader.json"
    path.write_bytes(garbage)
    store = Store(path)
    assert len(store.warnings) == 1 and "\n" not in store.warnings[0]
    [aside] = _corrupt_files(tmp_path)
    assert str(aside) in store.warnings[0]
    assert aside.read_bytes() == garbage
    assert store.annotations() == []
    r = store.add("note", SRC, 1)
    again = Store(path)
    assert again.warnings == [] and again.annotations() == [r]
    assert aside.read_bytes() == garbage


def test_a_bad_journal_line_is_set_aside_and_the_good_ones_replayed(tmp_path):
    path = tmp_path / "ntreader.json"
    store = Store(path)
    first, second = store.add("note", SRC, 1), store.add("note", SRC, 2)
    journal = path.with_name("ntreader.json.journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:-1]) + b"not json\n" + lines[-1])
    store = Store(path)
    assert len(store.warnings) == 1 and "set aside" in store.warnings[0] and "\n" not in store.warnings[0]
    assert store.annotations() == [first, second]
    assert path.with_name("ntreader.json.quarantine").read_bytes() == b"not json\n"
    again = Store(path)
    assert again.warnings == [] and again.annotations() == [first, second]


BAD_RECORDS = [
    {"color": "octarine"},
    {"note": 123},
    {"anchor": {"para": 1, "start": "a", "end": None, "quote": {"exact": "", "prefix": "", "suffix": ""}}},
    {"anchor": {"para": 1, "start": None, "end": None, "quote": {}}},
    {"tags": [1, 2]},
    {"kind": None},
    {"created": 5},
    {"id": None},
]


@pytest.mark.parametrize("where", ["journal", "snapshot"])
@pytest.mark.parametrize("change", BAD_RECORDS)
def test_a_malformed_record_is_quarantined_and_the_others_stay(tmp_path, where, change):
    path = tmp_path / "ntreader.json"
    store = Store(path)
    good, bad = store.add("note", SRC, 1, note="好"), store.add("note", SRC, 2, note="坏")
    if where == "snapshot":
        store._storage.compact()
        data = json.loads(path.read_text("utf-8"))
        data["annotations"][bad["id"]].update(change)
        path.write_text(json.dumps(data), "utf-8")
    else:
        line = {"t": "annotations", "k": bad["id"], "v": {**bad, **change}}
        with open(path.with_name("ntreader.json.journal"), "a") as f:
            f.write(json.dumps(line) + "\n")
    opened = Store(path)
    assert len(opened.warnings) == 1 and "set aside" in opened.warnings[0]
    live = opened.annotations()
    assert good in live and len(live) == (2 if where == "journal" else 1)  # the journal's older copy stays
    quarantined = path.with_name("ntreader.json.quarantine").read_text("utf-8")
    assert bad["id"] in quarantined
    assert Store(path).warnings == []


def test_a_string_schema_version_is_set_aside(tmp_path):
    path = tmp_path / "ntreader.json"
    r = Store(path).add("note", SRC, 1)
    with open(path.with_name("ntreader.json.journal"), "a") as f:
        f.write('{"t":"_meta","k":"schema","v":{"version":"1"}}\n')
    store = Store(path)
    assert "set aside" in store.warnings[0] and store.annotations() == [r]
    store.add("note", SRC, 2)


def test_malformed_records_in_a_read_only_folder_are_hidden_with_a_warning(tmp_path, monkeypatch):
    path = tmp_path / "ntreader.json"
    store = Store(path)
    good = store.add("note", SRC, 1)
    with open(path.with_name("ntreader.json.journal"), "a") as f:
        f.write('{"t":"annotations","k":"x","v":{"id":"x"}}\n')
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _fail(monkeypatch, "replace", errno.EROFS)
    with monkeypatch.context() as m:
        m.setattr("builtins.open", _read_only_open(open))
        store = Store(path)
    assert "could not set them aside: read-only folder" in store.warnings[0]
    assert store.annotations() == [good]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != "ntreader.json.lock"} == {
        k: v for k, v in files.items() if k != "ntreader.json.lock"
    }


def _read_only_open(real):
    def opener(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(file, mode, *args, **kwargs)

    return opener


def test_moving_aside_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_mod.time, "strftime", lambda fmt: "20250101T000000")
    path = tmp_path / "ntreader.json"
    for garbage in (b"first", b"second"):
        path.write_bytes(garbage)
        Store(path)
    assert [p.read_bytes() for p in _corrupt_files(tmp_path)] == [b"first", b"second"]


def test_a_torn_last_line_is_ignored_then_cut_off(tmp_path):
    path = tmp_path / "ntreader.json"
    first = Store(path).add("note", SRC, 1)
    journal = path.with_name("ntreader.json.journal")
    with open(journal, "ab") as f:
        f.write(b'{"t":"annotations","k":"half","v":{"id":')  # a writer killed mid-line
    store = Store(path)
    assert store.warnings == [] and store.annotations() == [first]
    second = store.add("note", SRC, 2)
    lines = journal.read_bytes().splitlines()
    assert all(json.loads(line) for line in lines)
    assert Store(path).annotations() == [first, second]


# -- a read-only or full folder


def _fail(monkeypatch, name, err, after=None):
    """Make ``os.<name>`` raise OSError(err); with ``after``, write that many bytes first."""
    real = getattr(os, name)

    def failing(*args, **kwargs):
        if after is not None:
            real(args[0], bytes(args[1])[:after])
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize(
    "name, err, after, says",
    [
        ("open", errno.EACCES, None, "read-only folder"),
        ("open", errno.EROFS, None, "read-only folder"),
        ("write", errno.ENOSPC, None, "disk full"),
        ("write", errno.ENOSPC, 25, "disk full"),  # half a line written, then the disk is full
        ("fsync", errno.EIO, None, "Input/output error"),
    ],
)
def test_failed_writes_raise_one_line_and_harm_nothing(tmp_path, monkeypatch, name, err, after, says):
    path = tmp_path / "ntreader.json"
    store = Store(path)
    before = [store.add("note", SRC, n, note="已保存") for n in (1, 2)]
    store.set_position("gov", 3)
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with monkeypatch.context() as m:
        _fail(m, name, err, after)
        with pytest.raises(StoreError, match=f"^cannot save to {tmp_path}: {says}$"):
            store.add("note", SRC, 3)
        with pytest.raises(StoreError):
            store.update(before[0]["id"], note="changed")
        with pytest.raises(StoreError):
            store.flush()
        assert store.annotations() == before  # reads still work, and show what is saved
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    assert Store(path).annotations() == before
    store.flush()  # the position stayed pending and is saved once the folder is writable
    assert Store(path).position("gov") == 3


def test_a_failed_compaction_does_not_fail_the_write(tmp_path, monkeypatch):
    path = tmp_path / "ntreader.json"
    store = Store(path)
    monkeypatch.setattr(journal_mod, "COMPACT_MIN_BYTES", 0)
    with monkeypatch.context() as m:
        _fail(m, "replace", errno.ENOSPC)
        added = [store.add("note", SRC, n) for n in (1, 2, 3)]
    assert Store(path).annotations() == added
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- file format and schema


def test_file_is_readable_tinydb_json_with_a_schema(tmp_path):
    path = tmp_path / "ntreader.json"
    store = Store(path)
    r = store.add("note", SRC, 2, note="中文笔记")
    store._storage.compact()
    text = path.read_text("utf-8")
    assert "中文笔记" in text and "\\u" not in text
    data = json.loads(text)
    assert data["_meta"]["schema"] == {"version": schema_mod.SCHEMA}
    assert data["annotations"][r["id"]] == r


def test_migration_runs_once_and_is_saved(tmp_path, monkeypatch):
    path = tmp_path / "ntreader.json"
    r = Store(path).add("note", SRC, 1, note="old")
    calls = []

    def to_v2(data):
        calls.append(1)
        for doc in data["annotations"].values():
            doc["note"] += " (v2)"

    monkeypatch.setattr(schema_mod, "SCHEMA", 2)
    monkeypatch.setattr(schema_mod, "MIGRATIONS", {1: to_v2})
    store = Store(path)
    assert store.warnings == [] and store.get(r["id"])["note"] == "old (v2)"
    assert json.loads(path.read_text("utf-8"))["_meta"]["schema"]["version"] == 2
    assert Store(path).get(r["id"])["note"] == "old (v2)" and calls == [1]


def test_a_newer_schema_is_read_only(tmp_path):
    path = tmp_path / "ntreader.json"
    r = Store(path).add("note", SRC, 1)
    path.with_name("ntreader.json.journal").open("a").write('{"t":"_meta","k":"schema","v":{"version":99}}\n')
    store = Store(path)
    assert "newer ntreader (schema 99)" in store.warnings[0]
    assert store.annotations() == [r]
    with pytest.raises(StoreError, match="read-only"):
        store.add("note", SRC, 2)


def test_every_announced_tinydb_operation_reaches_the_journal(tmp_path):
    """The storage journals what was announced with touch() and changed: inserts, in-place
    updates (by id, by condition, by callable), upserts, removals, dropped tables; an operation
    that changed nothing appends nothing. A fresh load sees exactly the same data."""
    from tinydb.table import Document

    path = tmp_path / "db.json"
    db = database_mod._TinyDB(path, storage=journal_mod.JournalStorage)
    storage = db.storage
    t = db.table("t")
    storage.touch("t", ["a", "k0", "k1", "k2", "k3", "k4", "new"])
    t.insert(Document({"n": 1, "tags": ["a"]}, doc_id="a"))
    t.insert_multiple([Document({"n": i}, doc_id=f"k{i}") for i in range(5)])
    t.update({"n": 10}, doc_ids=["a"])
    t.update(lambda d: d["tags"].append("b"), doc_ids=["a"])  # a nested change, in place
    t.update({"seen": True}, cond=lambda d: d["n"] % 2 == 0)
    t.upsert(Document({"n": 7}, doc_id="k1"))
    t.upsert(Document({"n": 8}, doc_id="new"))
    t.remove(doc_ids=["k3"])
    size = storage.journal.stat().st_size
    t.update({"n": 7}, doc_ids=["k1"])
    assert storage.journal.stat().st_size == size
    storage.touch("gone", None)
    db.table("gone").insert(Document({"x": 1}, doc_id="x"))
    db.drop_table("gone")
    storage.forget_touched()
    with pytest.raises(RuntimeError, match="touch"):
        t.insert(Document({"n": 0}, doc_id="unannounced"))
    storage.read()
    expected = json.loads(json.dumps(storage._data))
    expected["t"].pop("unannounced")
    assert expected["t"]["a"] == {"n": 10, "tags": ["a", "b"], "seen": True} and "gone" not in expected
    assert json.loads(json.dumps(journal_mod.JournalStorage(path).read())) == expected


def test_a_held_lock_fails_fast_with_a_short_wait_and_nothing_is_lost(tmp_path):
    """Another process holds the lock: a store told to wait briefly raises StoreBusy (a StoreError
    naming the lock) at once, keeps what was saved, and succeeds once the lock is free."""
    from reader.store import StoreBusy

    path = tmp_path / "ntreader.json"
    saved = Store(path).add("note", SRC, 1)
    r, w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child holds the lock until told to let go
        from filelock import FileLock

        with FileLock(tmp_path / "ntreader.json.lock"):
            os.write(w, b"x")
            os.read(go_r, 1)
        os._exit(0)
    os.read(r, 1)
    store = Store(path, lock_timeout=0.05)
    start = time.perf_counter()
    with pytest.raises(StoreBusy, match="lock held"):
        store.add("note", SRC, 2)
    assert time.perf_counter() - start < 2
    assert store.annotations() == [saved]
    os.write(go_w, b"x")
    assert os.waitpid(pid, 0)[1] == 0
    store.add("note", SRC, 2)
    assert len(Store(path).annotations()) == 2
