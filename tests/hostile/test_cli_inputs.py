"""Hostile and broken command-line input: one line on stderr, exit 1 (usage errors 2), no traceback,
no hang, nothing stored."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import assert_cli_clean
from hostile_corpus import PAYLOADS
from ptyrun import ntreader_command

SEED_ID = "000_19dd5644fb0830a9"
SEED = str(Path(__file__).resolve().parents[2] / "seeds" / f"{SEED_ID}.txt")
BAD_UTF8 = b"\xff\xfe \xe8\x90"  # what a shell in a Latin-1 locale passes on

# name: (arguments, expected exit status). "{file}" is a plain file, "{fifo}" a named pipe.
USER_ERRORS = {
    "address-5000-digits": (["note", "add", f"{SEED_ID}:{'9' * 5000}", "x"], 1),
    "span-5000-digits": (["note", "add", f"{SEED_ID}:1:0-{'9' * 5000}", "x"], 1),
    "address-payload": (["note", "add", f"{PAYLOADS['osc0']}:1", "x"], 1),
    "note-bad-utf8": (["note", "add", f"{SEED_ID}:3", BAD_UTF8], 1),
    "tag-bad-utf8": (["note", "add", f"{SEED_ID}:3", "ok", "--tag", BAD_UTF8], 1),
    "label-bad-utf8": (["bookmark", "add", f"{SEED_ID}:3", "--label", BAD_UTF8], 1),
    "query-bad-utf8": (["search", BAD_UTF8, SEED], 1),
    "data-dir-is-a-file": (["note", "list", "--data-dir", "{file}"], 1),
    "data-dir-first-is-a-file": (["--data-dir", "{file}", "search", "作风", SEED], 1),
    "open-missing-source": (["open", f"{SEED_ID}x:1", SEED], 1),
    "path-payload": (["outline", f"/nonexistent/{PAYLOADS['osc52']}.txt"], 1),
    "unknown-option": (["outline", "--nope"], 2),
    "missing-argument": (["search"], 2),
    "top-zero": (["keywords", "--top", "0", SEED], 2),
    "data-dir-without-value": (["--data-dir"], 2),
    "bad-choice": (["search", "作风", "--sort", PAYLOADS["clear"]], 2),
}
# The loader checks the file type and size before reading; until then these hang and are killed.
FIFO_ERRORS = {
    "outline-fifo": (["outline", "{fifo}"], 1),
    "search-fifo": (["search", "作风", "{fifo}"], 1),
    "outline-1gb-sparse": (["outline", "{sparse}"], 1),
    "search-1gb-sparse": (["search", "作风", "{sparse}"], 1),
}
ODD_FILES = {
    "symlink-loop": (["outline", "{loop}"], 1),
    "dangling-symlink": (["search", "作风", "{dangling}"], 1),
    "folder-named-txt": (["outline", "{folder}"], 1),
    "empty-folder-named-txt": (["keywords", "{folder}"], 1),
}


@pytest.fixture
def places(tmp_path):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    sparse = tmp_path / "sparse.txt"
    with open(sparse, "wb") as f:
        f.truncate(1 << 30)
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (tmp_path / "x.txt").mkdir()
    return {"file": str(file), "fifo": str(fifo), "sparse": str(sparse), "loop": str(tmp_path / "loop1.txt"),
            "dangling": str(tmp_path / "dangling.txt"), "folder": str(tmp_path / "x.txt"), "data": tmp_path / "data"}


def _run(args, expected, places):
    argv = [a.format(**places) if isinstance(a, str) else a for a in args]
    if not any(str(a).startswith("--data-dir") for a in argv):
        argv += ["--data-dir", str(places["data"])]
    env = {**os.environ, "COLUMNS": "100"}
    try:
        out = subprocess.run([*ntreader_command(), *argv], stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=30, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("hung: killed after 30 s")
    assert out.returncode == expected, out.stderr.decode(errors="replace")
    assert out.stdout == b""
    assert_cli_clean(out.stderr)
    err = out.stderr.decode()
    assert "Traceback" not in err and "internal error" not in err
    if expected == 1:
        (line,) = err.splitlines()
        assert line.startswith("ntreader: ") and len(line) < 400
    assert not list(places["data"].glob("ntreader.json*"))  # the store was not even opened
    return err


@pytest.mark.parametrize("name", USER_ERRORS)
def test_bad_input_is_one_line_and_the_right_status(name, places):
    _run(*USER_ERRORS[name], places)


@pytest.mark.parametrize("name", FIFO_ERRORS)
def test_a_fifo_or_a_huge_file_is_refused_not_read(name, places):
    _run(*FIFO_ERRORS[name], places)


@pytest.mark.parametrize("name", ODD_FILES)
def test_an_odd_file_is_one_line(name, places):
    _run(*ODD_FILES[name], places)


def test_bad_utf8_note_names_what_was_wrong(places):
    err = _run(*USER_ERRORS["note-bad-utf8"], places)
    assert "'TEXT' is not valid UTF-8" in err and "\\xff\\xfe" in err
