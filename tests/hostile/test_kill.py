"""kill -9 of a reader right after a bookmark or a note is made, alone or while another ntreader
holds the store's lock: what was shown is on disk within a bounded time (in the store, or in the
unsaved-changes file the next start saves), and nothing is lost."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from filelock import FileLock
from ptyrun import PtyProcess, ntreader_command

SEED = str(Path(__file__).resolve().parents[2] / "seeds" / "000_19dd5644fb0830a9.txt")
BOUND = 3.0  # seconds from the key to the disk
NOTE = "被杀前写下的笔记"
IDLE = b"\x00never sent"  # read_until this: read what the reader draws for so long


def _on_disk(data: Path, needle: str) -> bool:
    return any(needle.encode() in p.read_bytes() for p in data.glob("ntreader.json*") if p.is_file())


def _wait_on_disk(proc: PtyProcess, data: Path, needle: str) -> None:
    start = time.monotonic()
    while time.monotonic() - start < BOUND:
        if _on_disk(data, needle):
            return
        proc.read_until(IDLE, timeout=0.05)  # reading the pty meanwhile, so the reader never blocks on it
    pytest.fail(f"{needle!r} not on disk {BOUND} s after it was shown")


def _expect(proc: PtyProcess, keys: bytes, marker: str) -> None:
    """Send ``keys`` and wait until the reader draws ``marker`` after them."""
    mark, deadline = len(proc.output), time.monotonic() + 60
    proc.send(keys)
    while marker.encode() not in proc.output[mark:]:
        if time.monotonic() > deadline:
            proc.finish(timeout=0)
            pytest.fail(f"no {marker!r} after {keys!r}: {bytes(proc.output[-1500:])!r}")
        proc.read_until(IDLE, timeout=0.1)


BOOKMARK = [(b"jj", "3/50"), (b"b", "Bookmarked")]
NOTE_KEYS = [(b"j", "2/50"), (b"a", "tags, separated"), (NOTE.encode(), NOTE)]
SAVED = {False: "Note saved", True: "Saving"}  # with the lock held elsewhere the editor waits, open


def _kill_after(data: Path, steps: list[tuple[bytes, str]], needle: str) -> None:
    proc = PtyProcess([*ntreader_command(), SEED, "--data-dir", str(data)], rows=30, cols=100)
    if not proc.read_until(b"Search", timeout=60):
        proc.finish(timeout=0)
        pytest.fail("the reader never drew its first frame")
    for keys, marker in steps:
        _expect(proc, keys, marker)
    try:
        _wait_on_disk(proc, data, needle)
    finally:
        os.killpg(proc.proc.pid, 9)
        proc.finish(timeout=10)


def _listed(data: Path, what: str) -> str:
    out = subprocess.run([*ntreader_command(), what, "list", "--data-dir", str(data)], capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _killed_after(tmp_path: Path, locked: bool, steps, marker: str) -> Path:
    """A new data dir in which the reader was killed after ``steps`` (``_kill_after``), with the
    store's lock held by another process all along if ``locked``."""
    data = tmp_path / "data"
    data.mkdir()
    lock = FileLock(data / "ntreader.json.lock")
    if locked:
        lock.acquire()
    try:
        _kill_after(data, steps, marker)
    finally:
        lock.release()
    return data


@pytest.mark.parametrize("locked", [False, True], ids=["alone", "lock-held-by-another"])
def test_a_bookmark_survives_kill_9(tmp_path, locked):
    data = _killed_after(tmp_path, locked, BOOKMARK, '"bookmark"')
    assert "000_19dd5644fb0830a9:3" in _listed(data, "bookmark")


@pytest.mark.parametrize("locked", [False, True], ids=["alone", "lock-held-by-another"])
def test_a_saved_note_survives_kill_9(tmp_path, locked):
    data = _killed_after(tmp_path, locked, [*NOTE_KEYS, (b"\x13", SAVED[locked])], NOTE)
    assert NOTE in _listed(data, "note")


def test_two_readers_on_one_data_dir_lose_nothing(tmp_path):
    data = tmp_path / "data"
    readers = [PtyProcess([*ntreader_command(), SEED, "--data-dir", str(data)], rows=30, cols=100) for _ in range(2)]
    for proc in readers:
        if not proc.read_until(b"Search", timeout=60):
            for p in readers:
                p.finish(timeout=0)
            pytest.fail("a reader never drew its first frame")
    notes = [f"{NOTE}{n}" for n in range(2)]
    for n, proc in enumerate(readers):  # each bookmarks and notes its own paragraph, in turn
        for keys, marker in [(b"j" * (n + 1), f"{n + 2}/50"), (b"b", "Bookmarked"), (b"a", "tags, separated"),
                             (notes[n].encode(), notes[n]), (b"\x13", "Note saved")]:
            _expect(proc, keys, marker)
    for proc in readers:
        proc.send(b"q")
    assert [p.finish(timeout=30).returncode for p in readers] == [0, 0]
    assert all(n in _listed(data, "note") for n in notes)
    marks = _listed(data, "bookmark")
    assert "000_19dd5644fb0830a9:2" in marks and "000_19dd5644fb0830a9:3" in marks
