"""Writing files so that a crash never leaves a half-written one, and nothing is destroyed.

:func:`atomic_write` is the one way ntreader replaces a file (the store, exports, caches): a temp
file in the same folder, fsync, ``os.replace``, fsync of the folder. What it writes over is
respected: a symlink is followed (its target is replaced, the link stays), a device, FIFO or other
non-regular file is written to directly (never replaced by a regular file), an existing file keeps
its permissions, and a new one gets the usual ones (0666 less the umask). Only ``os.open``,
``os.write``, ``os.fsync``, ``os.replace`` touch the disk, so that crash tests can cut in between.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from reader.core.errors import UserError


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (``os.write`` may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; Windows cannot open a folder)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (see the module docstring). On any failure the old file is
    untouched and no temp file is left; OSError is raised as is."""
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(path, data)
        return
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")  # secrets.token_hex, without importing it
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        try:
            if st is not None:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _write_in_place(path: Path, data: bytes) -> None:
    """Write to a device or FIFO as ``cat > path`` would (a FIFO with no reader: ENXIO, no hang)."""
    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.set_blocking(fd, True)
        write_all(fd, data)
    finally:
        os.close(fd)


def describe(error: OSError) -> str:
    """A short reason for a failed write: read-only folder, disk full, or the system's words."""
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read-only folder"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    if error.errno == errno.ENXIO:
        return "nothing is reading from it"
    return error.strerror or str(error)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; UserError with a one-line reason on failure."""
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as e:
        raise UserError(f"cannot write {path}: {describe(e)}") from None
