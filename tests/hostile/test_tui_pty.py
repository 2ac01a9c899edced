"""The reader itself on a real pty: hostile reports draw no payload, a crash exits non-zero with a
log, and with no terminal it says so instead of spinning."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import textwrap

import pytest
from hostile_corpus import NAME_PAYLOAD, PAYLOADS, WORD
from ptyrun import PtyProcess, ntreader_command

SEED = "seeds/000_19dd5644fb0830a9.txt"
# What the payloads would look like on the wire. Textual's own output has OSC 22 (pointer shape)
# and no screen clear, so none of these can come from it.
_TUI_FORBIDDEN = re.compile(
    rb"\x1b\]52|\x1b\][02];|\x1b\]8;;(https://)?evil|\x1b\[2J|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def _wait_for(proc: PtyProcess, marker: bytes) -> None:
    """Wait for ``marker``; if it never comes the child is killed (a stuck reader must not outlive
    its test) and the test fails."""
    if not proc.read_until(marker, timeout=60):
        proc.finish(timeout=0)
        pytest.fail(f"no {marker!r} on the pty within 60 s: {bytes(proc.output[-2000:])!r}")


def _first_frame_then_quit(argv: list[str], marker: str) -> bytes:
    proc = PtyProcess(argv)
    _wait_for(proc, marker.encode())
    proc.send(b"q")
    run = proc.finish(timeout=30)
    assert run.returncode == 0, run.output[-2000:]
    return run.output


@pytest.mark.parametrize("which", ["all-payloads-file", "folder"])
def test_no_payload_reaches_the_terminal(which, hostile_dir, tmp_path):
    target = hostile_dir / f"r{NAME_PAYLOAD}.txt" if which == "all-payloads-file" else hostile_dir
    output = _first_frame_then_quit([*ntreader_command(), str(target), "--data-dir", str(tmp_path)], "开头段落")
    if m := _TUI_FORBIDDEN.search(output):
        raise AssertionError(f"payload {m[0]!r} reached the pty: {output[max(0, m.start() - 80):m.end() + 40]!r}")


CRASHING_APP = textwrap.dedent("""
    import sys

    import reader.app
    from reader.cli import main


    class Crashing(reader.app.ReaderApp):
        CSS_PATH = reader.app.__file__.removesuffix(".py") + ".tcss"

        def on_key(self, event):
            if event.key == "x":
                raise RuntimeError("boom in a key handler")


    reader.app.make_app = lambda library, **kw: Crashing(library, **kw)
    sys.argv[0] = "ntreader"
    main()
""")


def test_a_crash_exits_1_after_restoring_the_terminal_with_one_line_naming_the_log(tmp_path):
    script = tmp_path / "crashing.py"  # a file: Textual finds the app's CSS next to its class's source
    script.write_text(CRASHING_APP)
    data = tmp_path / "data"
    proc = PtyProcess([sys.executable, str(script), SEED, "--data-dir", str(data)])
    _wait_for(proc, b"Search")  # the footer of the first frame
    proc.send(b"x")
    run = proc.finish(timeout=30)
    assert run.returncode == 1
    screen, restored, after = run.output.rpartition(b"\x1b[?1049l")  # the alternate screen is left first
    assert restored and b"Traceback" not in screen + after
    (line,) = re.sub(rb"\x1b\[[0-9;?<]*[a-zA-Z]", b"", after).decode().splitlines()
    logs = list((data / "cache" / "log").glob("crash-*.log"))
    assert len(logs) == 1 and line == f"ntreader: the reader stopped on an internal error; the traceback is in {logs[0]}"
    text = logs[0].read_text()
    assert logs[0].stat().st_mode & 0o777 == 0o600
    assert "RuntimeError" in text and "boom in a key handler" in text and "on_key" in text


def test_a_cli_crash_is_one_line_and_a_log_too(tmp_path):
    script = "import sys, reader.core.outline as o\n" \
             "o.outline_text = lambda s: 1 / 0\n" \
             "from reader.cli import main\nmain()"
    out = subprocess.run([sys.executable, "-c", script, "--data-dir", str(tmp_path), "outline", SEED],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and out.stdout == ""
    (line,) = out.stderr.splitlines()
    (log,) = (tmp_path / "cache" / "log").glob("crash-*.log")
    assert str(log) in line and "ZeroDivisionError" in log.read_text()


@pytest.mark.parametrize("missing", ["stdin", "stdout", "stderr"])
def test_without_a_terminal_the_reader_says_so_and_exits_1(missing, tmp_path):
    argv = [*ntreader_command(), "--data-dir", str(tmp_path), SEED]
    master, slave = pty.openpty()
    streams = {name: slave for name in ("stdin", "stdout", "stderr")}
    streams[missing] = subprocess.DEVNULL if missing == "stdin" else subprocess.PIPE
    try:
        done = subprocess.run(argv, **streams, timeout=30)
    finally:
        os.close(slave)
    output = done.stdout or done.stderr or b""
    try:
        while select.select([master], [], [], 0)[0] and (chunk := os.read(master, 65536)):
            output += chunk
    except OSError:  # EIO: read to the end
        pass
    os.close(master)
    assert done.returncode == 1
    assert output.decode().strip() == f"ntreader: the reader needs a terminal, and {missing} is not one " \
        "(outline, search, keywords, note and export work without one)"


def test_data_dir_before_the_sub_command_runs_the_sub_command(tmp_path):
    out = subprocess.run([*ntreader_command(), "--data-dir", str(tmp_path), "keywords", "--top", "1", SEED],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("000_19dd5644fb0830a9")
    assert (tmp_path / "cache").is_dir()  # the data dir given before the command is the one used
    eq = subprocess.run([*ntreader_command(), f"--data-dir={tmp_path}", "outline", SEED],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert eq.returncode == 0 and eq.stdout.startswith("000_19dd5644fb0830a9")


# Keys that show every surface in turn: KWIC and collocates, notes, keywords, figures, trend,
# compare, watch-words; each followed by escape. Payloads are searched for, watched and noted.
TOUR = [b"/", WORD.encode(), b"\r", b"j", b"C", b"\x1b", b"\x1b", b"\x1b", b"N", b"j", b"\x1b", b"K", b"\x1b",
        b"F", b"\x1b", b"T", b"\x1b", b"c", b"\x1b", b"w", b"W", b"\x1b", b"j", b"b"]


def test_every_surface_draws_no_payload_and_the_reader_ends_cleanly(hostile_dir, tmp_path):
    data = tmp_path / "data"
    payload = "".join(PAYLOADS.values()) + "[/][@click=app.quit]"
    noted = subprocess.run([*ntreader_command(), "note", "add", "osc8:2", f"批注{payload}", "--tag", "t",
                            "-p", str(hostile_dir), "--data-dir", str(data)], capture_output=True, timeout=60)
    assert noted.returncode == 0, noted.stderr
    proc = PtyProcess([*ntreader_command(), str(hostile_dir), "--data-dir", str(data)], rows=30, cols=100)
    _wait_for(proc, "开头段落".encode())
    for key in TOUR:
        proc.send(key)
        proc.settle()
    proc.send(b"q")
    run = proc.finish(timeout=30)
    assert run.returncode == 0, run.output[-3000:]
    if m := _TUI_FORBIDDEN.search(run.output):
        raise AssertionError(f"payload {m[0]!r} reached the pty: {run.output[max(0, m.start() - 80):m.end() + 40]!r}")
    for shown in ["批注", "hits", "␛"]:  # the notes panel, the KWIC panel, payloads as placeholders
        assert shown.encode() in run.output, shown


def _reading_a_corpus(tmp_path) -> tuple[PtyProcess, list[str]]:
    """A first launch still reading a corpus, its parsing in worker processes; and their pids."""
    folder = tmp_path / "reports"
    folder.mkdir()
    para = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。" * 40
    for n in range(400):  # enough to take the build a while, and more than a megabyte: in workers
        (folder / f"r{n:03d}.txt").write_text(f"某市报告{n}\n\n" + "\n\n".join([para] * 8), "utf-8")
    proc = PtyProcess([*ntreader_command(), str(folder), "--data-dir", str(tmp_path / "data")], rows=24, cols=80)
    _wait_for(proc, b"reading reports")
    return proc, subprocess.run(["pgrep", "-P", str(proc.proc.pid)], capture_output=True, text=True).stdout.split()


def _gone(workers: list[str]) -> bool:
    import time

    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not [pid for pid in workers if os.path.exists(f"/proc/{pid}")]


def test_a_hang_up_leaves_as_q_does_and_no_worker_left(tmp_path):
    """The terminal goes (an SSH link drops) during a first launch: the reader ends with status
    129 (SIGHUP), its worker processes with it."""
    proc, workers = _reading_a_corpus(tmp_path)
    os.close(proc.master)  # the terminal hangs up
    assert proc.proc.wait(timeout=30) == 129
    assert _gone(workers)


def test_kill_leaves_as_q_does_terminal_restored_and_no_worker_left(tmp_path):
    """SIGTERM while the first launch still reads a corpus (its parsing in worker processes): the
    terminal is restored, the workers stop, the exit status is 143."""
    import signal

    proc, workers = _reading_a_corpus(tmp_path)
    os.kill(proc.proc.pid, signal.SIGTERM)
    run = proc.finish(timeout=30)
    assert run.returncode == 143
    assert b"\x1b[?1049l" in run.output  # out of the alternate screen
    assert _gone(workers)
