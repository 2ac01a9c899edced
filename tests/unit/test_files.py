"""Atomic file writes: the old file survives any failure, no temp file is left behind, and what
is written over (a link, a device, a FIFO, a file's mode) is respected."""

import os
import stat
from pathlib import Path

import pytest

from reader.core.errors import UserError
from reader.core.files import atomic_write, write_text


def test_write_text_replaces_content(tmp_path):
    path = tmp_path / "out.md"
    write_text(path, "旧")
    write_text(path, "新的内容")
    assert path.read_text("utf-8") == "新的内容"
    assert os.listdir(tmp_path) == ["out.md"]


def test_failed_replace_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "out.md"
    path.write_text("saved", "utf-8")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(UserError, match="disk full$"):
        write_text(path, "new")
    assert path.read_text("utf-8") == "saved"
    assert os.listdir(tmp_path) == ["out.md"]


def test_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot write"):
        write_text(tmp_path / "nope" / "out.md", "x")


def test_atomic_write_bytes(tmp_path):
    atomic_write(tmp_path / "b", b"\x00\x01")
    assert (tmp_path / "b").read_bytes() == b"\x00\x01"


def test_a_symlink_is_followed_never_replaced(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_text(link, "new")
    assert link.is_symlink() and target.read_text("utf-8") == "new"


def test_an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.md"
    kept.write_text("old", "utf-8")
    kept.chmod(0o640)
    write_text(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "new.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_a_device_is_written_to_not_replaced(tmp_path):
    with pytest.raises(UserError, match="^cannot write /dev/full: disk full$"):
        write_text(Path("/dev/full"), "x")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    write_text(Path("/dev/null"), "x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_to_and_one_without_reader_fails_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="nothing is reading from it"):
        write_text(fifo, "x")
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text(fifo, "数据")
        assert os.read(reader, 100) == "数据".encode()
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and os.listdir(tmp_path) == ["pipe"]


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(UserError, match="cannot write .*: is a folder"):
        write_text(tmp_path, "x")
