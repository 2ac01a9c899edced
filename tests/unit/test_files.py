"""Atomic file writes: the old file survives any failure, no temp file is left behind."""

import os

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
    with pytest.raises(UserError, match="No space left"):
        write_text(path, "new")
    assert path.read_text("utf-8") == "saved"
    assert os.listdir(tmp_path) == ["out.md"]


def test_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot write"):
        write_text(tmp_path / "nope" / "out.md", "x")


def test_atomic_write_bytes(tmp_path):
    atomic_write(tmp_path / "b", b"\x00\x01")
    assert (tmp_path / "b").read_bytes() == b"\x00\x01"
