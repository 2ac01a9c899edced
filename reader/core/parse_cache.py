"""A disk cache of parsed sources, keyed by the file's bytes and the parser's own code.

Parsing is fast, but importing the parser (its many patterns) and parsing the bundled reports
costs more than a third of a bare Textual app's start-up; a warm cache skips both. A change to
the parser's code, or to the file, is a miss; a damaged or unreadable cache is a miss too.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from functools import cache
from pathlib import Path

from reader.core.files import atomic_write
from reader.core.model import Source

_CODE = ("model.py", "library.py", "parse_cache.py", "sanitize.py", "ids.py")
_PACKAGES = ("parse", "formats")  # every module in these decides what a parsed source looks like


@cache
def _code_version() -> bytes:
    """A digest of the code that decides what a parsed source looks like."""
    here = Path(__file__).parent
    files = [here / name for name in _CODE] + [f for p in _PACKAGES for f in sorted((here / p).glob("*.py"))]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).digest()


class ParseCache:
    """Parsed sources under ``folder``, one pickle per distinct file name and content."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, data: bytes, path: str) -> Path:
        """Keyed by the file's name too: its suffix chooses the format and its stem may be the title."""
        key = _code_version() + Path(path).name.encode("utf-8", "surrogateescape") + b"\0" + data
        return self.folder / f"{hashlib.sha256(key).hexdigest()}.pickle"

    def get(self, data: bytes, source_id: str, path: str) -> Source | None:
        """The source parsed from ``data`` before, renamed to ``source_id``/``path``; None if absent."""
        try:
            source = pickle.loads(self._file(data, path).read_bytes())
        except Exception:  # missing, unreadable, or written by other code: parse again
            return None
        return replace(source, id=source_id, path=path) if isinstance(source, Source) else None

    def put(self, data: bytes, source: Source) -> None:
        """Keep ``source`` for next time; a cache that cannot be written is simply skipped."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self._file(data, source.path), pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
