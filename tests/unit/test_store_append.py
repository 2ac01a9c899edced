"""Adding a note by appending to the journal alone (``note add``): the same record and the same
crash guarantees as a Store's add, without reading the store."""

import json
import os
import random
import signal

import pytest
from test_anchors import REPORT, make_source
from test_store_safety import _check_acked, _fork, _kill_self_at

import reader.store.journal as journal_mod
from reader.store import Store
from reader.store.append import add_note

SRC = make_source("gov", REPORT)


def test_an_appended_note_is_what_a_store_reads(tmp_path):
    path = tmp_path / "ntreader.json"
    assert add_note(path, SRC, 1, note="x") is None  # no store yet: the caller opens one
    first = Store(path).add("note", SRC, 1, note="先")
    Store(path)._storage.compact()
    r = add_note(path, SRC, 4, 2, 6, note="后", tags=["#经济"])
    assert r is not None and r["tags"] == ["经济"] and r["source_path"] == SRC.path
    assert Store(path).annotations() == [first, r]
    assert Store(path).warnings == []


def test_a_newer_schema_is_left_to_the_store(tmp_path):
    path = tmp_path / "ntreader.json"
    Store(path).add("note", SRC, 1)
    with open(path.with_name("ntreader.json.journal"), "a") as f:
        f.write('{"t":"_meta","k":"schema","v":{"version":99}}\n')
    assert add_note(path, SRC, 2) is None


def test_a_torn_last_line_is_cut_off_first(tmp_path):
    path = tmp_path / "ntreader.json"
    first = Store(path).add("note", SRC, 1)
    journal = path.with_name("ntreader.json.journal")
    with open(journal, "ab") as f:
        f.write(b'{"t":"annotations","k":"half","v":{"id":')
    r = add_note(path, SRC, 2)
    assert all(json.loads(line) for line in journal.read_bytes().splitlines())
    assert Store(path).annotations() == [first, r]


def _appender(ack_fd, path, seed, count, go_fd=None, kill_at=None):
    if kill_at:
        _kill_self_at(kill_at)
    for n in range(count):
        r = add_note(path, SRC, 1 + n % 6, note=str(n))
        os.write(ack_fd, f"{r['id']} {n}\n".encode())


def test_sigkilled_appenders_never_lose_acknowledged_notes(tmp_path):
    """The appender kills itself at a random file operation (between any two steps of an
    append), while a Store in this process compacts now and then."""
    path = tmp_path / "ntreader.json"
    store = Store(path)
    store.add("note", SRC, 1, note="0")
    rng = random.Random(2)
    acked: dict[str, int] = {}
    for round_ in range(30):
        pid, acks = _fork(_appender, path, round_, 1000, None, rng.randint(1, 60))
        assert os.waitpid(pid, 0)[1] == signal.SIGKILL
        for line in acks.readlines():
            if line.endswith(b"\n"):
                rid, n = line.split()
                acked[rid.decode()] = int(n)
        acks.close()
        _check_acked(path, acked)
        if round_ % 5 == 4:
            journal_mod.JournalStorage(path).read()
            store.add("note", SRC, 2, note="0")
            store._storage.compact()
    assert len(acked) > 50


def test_an_id_that_may_repeat_after_the_clock_went_back_is_left_to_the_store(tmp_path, monkeypatch):
    """Ids are drawn under the lock, after every saved one; a clock set back behind the files'
    last change makes the appender search them for its id, and leave a repeat to the store."""
    import reader.store.append as append_mod

    path = tmp_path / "ntreader.json"
    first = Store(path).add("note", SRC, 1)
    us = int(first["id"][:13], 16)

    class Same(random.Random):
        def getrandbits(self, k):
            return int(first["id"][13:], 16)

    monkeypatch.setattr(append_mod.random, "Random", Same)
    monkeypatch.setattr(append_mod.time, "time_ns", lambda: us * 1000)
    assert add_note(path, SRC, 2) is None  # the same id: not written
    monkeypatch.setattr(append_mod.time, "time_ns", lambda: (us + 1) * 1000)  # still behind the files
    r = add_note(path, SRC, 2)
    assert r is not None and r["id"] != first["id"] and len(Store(path).annotations()) == 2


def test_appending_loads_neither_tinydb_nor_filelock():
    import subprocess
    import sys

    code = "import sys, reader.store.append; print(sorted({'tinydb', 'filelock'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_the_append_lock_and_the_store_lock_exclude_each_other(tmp_path):
    from filelock import FileLock

    from reader.store.errors import StoreBusy, locked

    path = tmp_path / "ntreader.json.lock"
    with FileLock(path):
        with pytest.raises(StoreBusy):
            with locked(path, timeout=0.05):
                pass
    with locked(path, timeout=0.05):
        with pytest.raises(Exception, match="Timeout|lock"):
            FileLock(path, timeout=0.05).acquire()
