"""Run a command on a real pseudo-terminal and collect every byte it sends there."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path


def ntreader_command() -> list[str]:
    """The installed ``ntreader`` script of this interpreter's environment (else ``python -m reader``)."""
    script = Path(sys.executable).parent / "ntreader"
    if script.exists():
        return [str(script)]
    found = shutil.which("ntreader")
    return [found] if found else [sys.executable, "-m", "reader"]


@dataclass
class Run:
    returncode: int | None  # None: killed after the timeout
    output: bytes  # what reached the terminal (stdout, and stderr unless it was captured)
    stderr: bytes  # captured stderr, when asked for


class PtyProcess:
    """A child on a pty of ``rows`` x ``cols``: ``read_until`` its output, ``send`` keys, ``finish``."""

    def __init__(self, argv: list[str], *, env: dict[str, str] | None = None, rows: int = 24, cols: int = 80,
                 capture_stderr: bool = False) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows), **(env or {})}
        # The pty is the child's controlling terminal, as a real one is: when the test lets go of it
        # (a failed test leaves a reader behind), the child gets SIGHUP and ends.
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave,
                                     stderr=subprocess.PIPE if capture_stderr else slave,
                                     env=full_env, start_new_session=True, close_fds=True,
                                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def _pump(self, timeout: float) -> bool:
        """Read what is there within ``timeout`` s; False once the terminal is closed."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every holder of the pty's other end has gone
            return False
        self.output += chunk
        return bool(chunk)

    def read_until(self, marker: bytes, timeout: float) -> bool:
        """Read until ``marker`` has been sent (True) or ``timeout`` s pass or the terminal closes."""
        deadline = time.monotonic() + timeout
        while marker not in self.output and time.monotonic() < deadline:
            if not self._pump(min(0.2, max(0.0, deadline - time.monotonic()))):
                break
        return marker in self.output

    def settle(self, first: float = 3.0, quiet: float = 0.25, limit: float = 20.0) -> None:
        """Read what a key just sent draws: wait for its first byte (up to ``first`` s: a key may
        draw nothing), then read until the terminal has been quiet for ``quiet`` s (``limit`` s at
        most). The next key then cannot arrive with this one (an escape followed at once by a
        letter would be read as alt+letter)."""
        start, seen = time.monotonic(), len(self.output)
        while len(self.output) == seen and time.monotonic() < start + first:
            if not self._pump(0.2):
                return
        while time.monotonic() < start + limit and select.select([self.master], [], [], quiet)[0]:
            if not self._pump(0):
                return

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float) -> Run:
        """Read to the end; kill the child if it is still running after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._pump(0.2):
            if self.proc.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                break
        try:
            returncode: int | None = self.proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
            returncode = None
        while self._pump(0):
            pass
        os.close(self.master)
        stderr = self.proc.stderr.read() if self.proc.stderr else b""
        return Run(returncode, bytes(self.output), stderr)


def run(argv: list[str], *, timeout: float = 60, **kwargs) -> Run:
    """Run ``argv`` to its end on a pty (killed after ``timeout`` s)."""
    return PtyProcess(argv, **kwargs).finish(timeout)
