"""Saving in the background: a write returns at once and shows, the writer saves in order, a
held lock is waited for, a failed write is undone and said, and nothing waiting is lost at exit."""

import errno
import random
import threading

import pytest
from filelock import FileLock
from test_anchors import REPORT, make_source

import reader.store.journal as journal_mod
from reader.store import Store, StoreError

SRC = make_source("gov", REPORT, title="政府工作报告")


def open_store(path, **kw) -> Store:
    return Store(path / "ntreader.json", rng=random.Random(7), lock_timeout=0.05, **kw)


def background(path) -> tuple[Store, list[str]]:
    store, said = open_store(path), []
    store.save_in_background(said.append)
    return store, said


def held(path) -> FileLock:
    """The store's lock, held as another ntreader holds it (another open file description)."""
    lock = FileLock(path / "ntreader.json.lock")
    lock.acquire()
    return lock


def on_disk(path) -> Store:
    return open_store(path)


def test_writes_show_at_once_and_land_in_order(tmp_path):
    store, said = background(tmp_path)
    lock = held(tmp_path)
    mark = store.toggle_bookmark(SRC, 3)
    note = store.add("note", SRC, 4, note="稳中求进", tags=["经济"])
    store.update(note["id"], note="改过")
    store.add_watchword("营商环境", "red")
    assert [r["kind"] for r in store.annotations()] == ["bookmark", "note"]  # shown while the lock is held
    assert store.get(note["id"])["note"] == "改过" and store.watchwords() == {"营商环境": "red"}
    assert on_disk(tmp_path).annotations() == [] and store.writer.pending == 4
    assert not store.writer.wait(0.2) and store.writer.waiting
    assert said == ["Another ntreader is saving its notes: yours are shown and saved when it is done"]
    lock.release()
    assert store.writer.wait(10)
    disk = on_disk(tmp_path)
    assert [r["id"] for r in disk.annotations()] == [mark["id"], note["id"]]  # the same ids as shown
    assert disk.get(note["id"])["note"] == "改过" and disk.watchwords() == {"营商环境": "red"}
    assert store.annotations() == disk.annotations()


def test_a_toggle_in_flight_is_undone_by_the_next(tmp_path):
    store, _ = background(tmp_path)
    lock = held(tmp_path)
    store.toggle_bookmark(SRC, 3)
    assert store.toggle_bookmark(SRC, 3) is None
    assert store.annotations() == []
    lock.release()
    assert store.writer.wait(10)
    assert on_disk(tmp_path).annotations() == [] and len(on_disk(tmp_path).annotations(include_deleted=True)) == 1
    assert store.undo()["deleted"] is None
    assert store.writer.wait(10) and len(on_disk(tmp_path).annotations()) == 1


def test_a_failed_write_is_undone_and_said(tmp_path, monkeypatch):
    store, said = background(tmp_path)
    note = store.add("note", SRC, 4, note="a")
    assert store.writer.wait(10)

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_mod, "write_all", full)
    lock = held(tmp_path)
    store.update(note["id"], note="b")
    store.toggle_bookmark(SRC, 3)
    assert store.get(note["id"])["note"] == "b" and len(store.annotations()) == 2  # shown at once
    lock.release()
    assert store.writer.wait(10)
    assert said[-2:] == [f"The change could not be saved and was undone: cannot save to {tmp_path}: disk full",
                    f"The bookmark could not be saved and was undone: cannot save to {tmp_path}: disk full"]
    assert store.get(note["id"])["note"] == "a" and len(store.annotations()) == 1
    monkeypatch.undo()
    store.update(note["id"], note="c")
    assert store.writer.wait(10) and on_disk(tmp_path).get(note["id"])["note"] == "c"


def test_changes_waiting_at_exit_are_kept_and_saved_at_the_next_open(tmp_path):
    store, _ = background(tmp_path)
    lock = held(tmp_path)
    note = store.add("note", SRC, 4, note="不能丢")
    store.add_search("营商环境")
    kept = store.close()
    assert kept is not None and kept.name.startswith("ntreader.json.unsaved-")
    lock.release()
    disk = on_disk(tmp_path)
    assert disk.get(note["id"])["note"] == "不能丢" and disk.search_history() == ["营商环境"]
    assert disk.warnings == ["2 change(s) kept from an earlier session were saved"] and not kept.exists()


def test_a_kept_change_never_overwrites_a_later_edit(tmp_path):
    store, _ = background(tmp_path)
    note = store.add("note", SRC, 4, note="旧")
    assert store.writer.wait(10)
    lock = held(tmp_path)
    store.update(note["id"], note="中")
    kept = store.close()
    lock.release()
    aside = kept.rename(tmp_path / "aside")
    later = on_disk(tmp_path)  # a later edit, by another ntreader, before the next open of this one
    later.update(note["id"], note="新")
    later.close()
    aside.rename(kept)
    assert on_disk(tmp_path).get(note["id"])["note"] == "新"


@pytest.mark.parametrize("content", [b"not json\n", b'{"t":"annotations","k":"x","v":{"kind":1}}\n',
                                     b'{"drop":"annotations"}\n'])
def test_a_kept_file_that_is_not_changes_stays_with_a_warning(tmp_path, content):
    store = open_store(tmp_path)
    store.add("note", SRC, 4, note="在")
    bad = tmp_path / "ntreader.json.unsaved-x"
    bad.write_bytes(content)
    again = on_disk(tmp_path)
    assert bad.exists() and len(again.annotations()) == 1
    assert again.warnings[0].startswith(f"changes kept in {bad} from an earlier session are not saved yet")


def test_reads_from_another_thread_never_wait_for_the_lock(tmp_path):
    store, _ = background(tmp_path)
    lock = held(tmp_path)
    store.add("note", SRC, 4, note="x")
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.append(len(store.annotations())))
    reader.start()
    reader.join(2)
    assert seen == [1]
    lock.release()
    assert store.writer.wait(10)


def test_a_read_only_store_refuses_at_once(tmp_path):
    store = open_store(tmp_path)
    store.add("note", SRC, 4)
    store._db.readonly = "read-only here"
    store.save_in_background(lambda line: None)
    with pytest.raises(StoreError, match="read-only here"):
        store.add("note", SRC, 5)
    assert len(store.annotations()) == 1


def test_changes_waiting_for_the_lock_are_kept_on_disk_until_saved(tmp_path):
    """A crash while another ntreader holds the lock loses nothing: what waits is in a file."""
    store, _ = background(tmp_path)
    lock = held(tmp_path)
    note = store.add("note", SRC, 4, note="等锁")
    store.add_watchword("营商环境")
    assert store.writer.wait(0.3) is False
    for _ in range(500):
        if store.writer.kept.exists() and store.writer.kept.read_text("utf-8").count("\n") == 2:
            break
        threading.Event().wait(0.01)
    kept = store.writer.kept.read_text("utf-8")
    assert note["id"] in kept and "营商环境" in kept
    lock.release()
    assert store.writer.wait(10) and not store.writer.kept.exists()
    assert on_disk(tmp_path).get(note["id"])["note"] == "等锁"


def test_a_kept_file_waits_while_its_process_runs(tmp_path):
    import os

    store, _ = background(tmp_path)
    lock = held(tmp_path)
    store.add("note", SRC, 4, note="留")
    kept = store.close()
    lock.release()
    running = kept.with_name(f"ntreader.json.unsaved-{os.getppid()}-1")
    kept.rename(running)
    assert on_disk(tmp_path).annotations() == [] and running.exists()  # its writer may still save it
    gone = running.rename(kept.with_name("ntreader.json.unsaved-999999999-1"))
    assert [r["note"] for r in on_disk(tmp_path).annotations()] == ["留"] and not gone.exists()
