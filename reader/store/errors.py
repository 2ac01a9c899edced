"""What every part of the store shares, and nothing heavy: the errors, the lock and the JSON form.

:func:`locked` takes the store's inter-process lock as ``filelock.FileLock`` does on Unix (an
``flock`` on ``ntreader.json.lock``, a file left in place), without loading filelock, which
costs a one-shot command a third of its time; elsewhere, or where ``flock`` is missing, it is
filelock's own.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from reader.core.errors import UserError
from reader.core.sanitize import json_safe

LOCK_TIMEOUT = 10.0  # seconds to wait for another ntreader's write, unless told otherwise
POLL = 0.002  # seconds between two tries of a held lock

_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def dumps(value: object) -> str:
    """``value`` as one line of JSON, non-ASCII text kept, lone surrogates (a file name that is not
    UTF-8) and terminal controls escaped: the line is UTF-8 and loads back the same."""
    return json_safe(_dumps(value))


class StoreError(UserError):
    """The store could not be read or written (read-only or full folder, lock held, newer schema)."""


class StoreBusy(StoreError):
    """Another ntreader held the store's lock longer than this one would wait: try again later."""


def busy(folder: Path) -> StoreBusy:
    return StoreBusy(f"cannot save to {folder}: another ntreader is saving (lock held); try again")


@contextmanager
def locked(lock_file: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock at ``lock_file`` (StoreBusy after ``timeout`` seconds; OSError if it cannot
    be opened)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Unix
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if _flock(fcntl, fd, timeout, lock_file):
                yield
                return
        finally:
            os.close(fd)  # releases the lock
    from filelock import FileLock, Timeout

    try:
        with FileLock(lock_file, timeout=timeout, poll_interval=POLL):
            yield
    except Timeout:
        raise busy(lock_file.parent) from None


def _flock(fcntl, fd: int, timeout: float, lock_file: Path) -> bool:
    """Lock ``fd``; False if this file system has no flock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as e:
            if e.errno == errno.ENOSYS:
                return False
            if e.errno not in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK):
                raise
        if time.monotonic() >= deadline:
            raise busy(lock_file.parent)
        time.sleep(POLL)
