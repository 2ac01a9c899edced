"""A disk cache of parsed sources, keyed by the file's bytes, its name and the parser's own code.

Parsing is fast, but importing the parser (its many patterns) and parsing the bundled reports
costs more than a third of a bare Textual app's start-up; a warm cache skips both. A change to
the parser's code (any module of the parser package), to the file, or to its id or path (the
title may come from the file name) is a miss; a damaged, foreign or unreadable entry is a miss.

Entries are ``marshal`` data (tuples, strings, numbers only) behind a version header, checked
field by field as they are rebuilt: loading a cache file never runs code, unlike a pickle.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from reader.core.files import atomic_write
from reader.core.model import Paragraph, Section, Source, SourceMeta

MAGIC = b"ntreader-parse-1\n"
_CORE = Path(__file__).parent
_ALSO = ("model.py", "library.py", "parse_cache.py", "sanitize.py", "ids.py")  # what else shapes a source


def code_files(core: Path = _CORE) -> list[Path]:
    """The code that decides what a parsed source looks like: every module of the ``parse/`` and
    ``formats/`` packages, the model, the loader, ids, sanitising and this cache."""
    packages = [f for name in ("parse", "formats") for f in sorted((core / name).rglob("*.py"))]
    return packages + [core / name for name in _ALSO]


@cache
def code_version() -> bytes:
    """A digest of ``code_files()``, names and contents."""
    h = hashlib.sha256()
    for path in code_files():
        body = path.read_bytes()
        h.update(f"{path.relative_to(_CORE)}\0{len(body)}\0".encode() + body)
    return h.digest()


_META = tuple(f.name for f in fields(SourceMeta))


def to_plain(source: Source) -> tuple:
    """``source`` as nested tuples of str, int, bool and None."""
    sections = tuple(
        (s.title, s.level, s.run_in, s.synthetic, tuple((p.n, p.kind, p.text) for p in s.paragraphs))
        for s in source.sections
    )
    meta = tuple(getattr(source.meta, name) for name in _META)
    return (source.id, source.path, source.title, source.sha256, sections, meta)


def _strings(value: object) -> bool:
    return type(value) is tuple and all(type(v) is str for v in value)


def _check(ok: bool) -> None:
    if not ok:
        raise ValueError("not a parsed source")


def from_plain(data: object) -> Source:
    """The source ``to_plain`` described; ValueError on anything else."""
    if not (isinstance(data, tuple) and len(data) == 6):
        raise ValueError("not a parsed source")
    sid, path, title, sha, sections, meta = data
    _check(all(type(v) is str for v in (sid, path, title, sha)) and type(sections) is tuple)
    _check(type(meta) is tuple and len(meta) == len(_META))
    built = []
    for s in sections:
        _check(type(s) is tuple and len(s) == 5 and type(s[0]) is str and type(s[1]) is int and type(s[4]) is tuple)
        paras = []
        for p in s[4]:
            _check(type(p) is tuple and len(p) == 3 and type(p[0]) is int and type(p[1]) is str and type(p[2]) is str)
            paras.append(Paragraph(*p))
        built.append(Section(s[0], s[1], tuple(paras), run_in=s[2] is True, synthetic=s[3] is True))
    values = dict(zip(_META, meta, strict=True))
    for value in values.values():
        _check(value is None or type(value) is str or _strings(value)
               or (type(value) is tuple and all(type(v) is tuple and _strings(v) for v in value)))
    return Source(id=sid, path=path, title=title, sha256=sha, sections=tuple(built), meta=SourceMeta(**values))


def dump(payload: Any, magic: bytes = MAGIC) -> bytes:
    """``payload`` (plain data) behind the version header ``magic``."""
    return magic + marshal.dumps(payload)


def load(blob: bytes, magic: bytes = MAGIC) -> object:
    """What ``dump`` wrote; ValueError for anything without the header or not plain data."""
    if not blob.startswith(magic):
        raise ValueError("not an ntreader cache file")
    try:
        return marshal.loads(memoryview(blob)[len(magic):])
    except (EOFError, TypeError, ValueError) as e:
        raise ValueError("damaged cache file") from e


class ParseCache:
    """Parsed sources under ``folder``, one file per (content, id, path); ``writable=False``
    reads entries but adds none (a corpus catalog keeps what it needs itself)."""

    def __init__(self, folder: Path, writable: bool = True) -> None:
        self.folder = folder
        self.writable = writable

    def _file(self, data: bytes, source_id: str, path: str) -> Path:
        h = hashlib.sha256(code_version())
        h.update(f"{len(source_id)}:{source_id}\0{len(path)}:{path}\0".encode("utf-8", "surrogatepass"))
        h.update(data)
        return self.folder / f"{h.hexdigest()}.parse"

    def get(self, data: bytes, source_id: str, path: str) -> Source | None:
        """The source parsed from ``data`` as ``source_id``/``path`` before; None if absent."""
        try:
            source = from_plain(load(self._file(data, source_id, path).read_bytes()))
        except (OSError, ValueError):  # missing, unreadable, damaged or foreign: parse again
            return None
        return source if (source.id, source.path) == (source_id, path) else None

    def put(self, data: bytes, source: Source) -> None:
        """Keep ``source`` for next time; a cache that cannot be written is simply skipped."""
        if not self.writable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self._file(data, source.id, source.path), dump(to_plain(source)))
        except OSError:
            pass
