"""Writing files so that a crash never leaves a half-written one: temp file, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reader.core.errors import UserError


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a temp file in the same folder, fsync, os.replace, fsync
    of the folder. On any failure the old file is untouched and no temp file is left."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; UserError with a one-line reason on failure."""
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror or e}") from None
