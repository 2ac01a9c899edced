"""Source ids: the same for a file whatever else is opened, and usable in an address.

A bundled report's id is its file name's stem, as it always was. Any other file's id is its stem,
cleaned for addresses (no ``:``, no newline or other control or space character but the plain
space), then ``~`` and six hex digits of a hash of its absolute path: ``政府工作报告~3fa2c1``. Two
files of the same name in different folders never share an id, and opening one folder alone never
gives its file another's id. Earlier versions numbered same-named files in load order (``stem``,
``stem-2``); :func:`legacy_files` are the loaded files an old record may belong to,
:func:`legacy_source` the one it really does, :func:`legacy_ids` the file an old reading position
was saved for.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from reader.core.model import Source

_UNSAFE = re.compile(r"[:\s\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_OLD_NUMBER = re.compile(r"-\d+$")
_CURRENT = re.compile(r"~[0-9a-f]{6}$")
SEPARATOR = "~"


def clean(stem: str) -> str:
    """``stem`` made usable in an address: ``:``, controls, spaces other than `` `` and the bytes of
    a name that is not UTF-8 become ``_``."""
    return _UNSAFE.sub(lambda m: " " if m[0] == " " else "_", stem).strip() or "report"


@functools.lru_cache(maxsize=64)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _real(path: Path) -> str:
    """``os.path.realpath(path)``; for a file that is no symlink, its folder's (resolved once per
    folder) joined with its name, so a folder of 10,000 reports is not resolved 10,000 times."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(_real_folder(folder), name)


def source_id(path: Path, seeds: Path) -> str:
    """The id of the file at ``path``; the bundled seeds (files in ``seeds``) keep their stems."""
    real = _real(path)
    if os.path.dirname(real) == _real_folder(str(seeds)):
        return clean(path.stem)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:6]
    return f"{clean(path.stem)}{SEPARATOR}{digest}"


def name_of(sid: str) -> str:
    """The readable part of an id: ``政府工作报告~3fa2c1`` -> ``政府工作报告``."""
    return sid.rsplit(SEPARATOR, 1)[0]


def _old_names(sid: str) -> set[str]:
    """The file names an old load-order id stands for: ``stem`` for ``stem`` and ``stem-2``."""
    return {clean(sid), clean(_OLD_NUMBER.sub("", sid))}


def legacy_files(old: Iterable[str], ids: Iterable[str]) -> set[str]:
    """The loaded ``ids`` that an old load-order id of ``old`` may belong to: every file of its
    name, numbered or not, for :func:`legacy_source` to choose among by the text."""
    names = set().union(*(_old_names(sid) for sid in old if not _CURRENT.search(sid)))
    return {sid for sid in ids if _CURRENT.search(sid) and name_of(sid) in names}


def legacy_source(record: Mapping, sources: Sequence[Source]) -> Source | None:
    """The loaded source an annotation record with an old, load-order id belongs to, or None.

    Only a source of the same file name with the very text the record was made on (same sha256)
    qualifies: a load-order id says nothing about which of two same-named files it meant, and two
    reports share many sentences, so a quote proves nothing. A record of a text edited since stays
    as it is, never moved to another report.
    """
    old = record["source_id"]
    if _CURRENT.search(old):
        return None  # a current id
    names = _old_names(old)
    sha = record.get("source_sha256")
    return next((s for s in sources if s.sha256 == sha and name_of(s.id) in names), None)


def legacy_ids(old: Iterable[str], ids: Iterable[str]) -> dict[str, str]:
    """The current id each old load-order id of ``old`` stands for, among the loaded ``ids``.

    A reading position keeps no text to tell two same-named files apart, so an old id is mapped only
    when exactly one loaded file has its name (``stem`` to ``stem~3fa2c1``); a numbered id
    (``stem-2``, the second of several) only to a file really named so. Current ids map to nothing.
    """
    ids = set(ids)
    by_name: dict[str, list[str]] = {}
    for sid in ids:
        if _CURRENT.search(sid):
            by_name.setdefault(name_of(sid), []).append(sid)
    moves = {}
    for sid in old:
        found = by_name.get(clean(sid), [])
        if sid not in ids and not _CURRENT.search(sid) and len(found) == 1:
            moves[sid] = found[0]
    return moves
