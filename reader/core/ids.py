"""Source ids: the same for a file whatever else is opened, and usable in an address.

A bundled report's id is its file name's stem, as it always was. Any other file's id is its stem,
cleaned for addresses (no ``:``, no newline or other control or space character but the plain
space), then ``~`` and six hex digits of a hash of its absolute path: ``政府工作报告~3fa2c1``. Two
files of the same name in different folders never share an id, and opening one folder alone never
gives its file another's id. Earlier versions numbered same-named files in load order (``stem``,
``stem-2``); :func:`legacy_source` finds the file an old record really belongs to.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from reader.core.model import Source

_UNSAFE = re.compile(r"[:\s\x00-\x1f\x7f-\x9f\u2028\u2029]")
_OLD_NUMBER = re.compile(r"-\d+$")
SEPARATOR = "~"


def clean(stem: str) -> str:
    """``stem`` made usable in an address: ``:``, controls and spaces other than `` `` become ``_``."""
    return _UNSAFE.sub(lambda m: " " if m[0] == " " else "_", stem).strip() or "report"


def source_id(path: Path, seeds: Path) -> str:
    """The id of the file at ``path``; the bundled seeds (files in ``seeds``) keep their stems."""
    real = os.path.realpath(path)
    if os.path.dirname(real) == os.path.realpath(seeds):
        return clean(path.stem)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:6]
    return f"{clean(path.stem)}{SEPARATOR}{digest}"


def name_of(sid: str) -> str:
    """The readable part of an id: ``政府工作报告~3fa2c1`` -> ``政府工作报告``."""
    return sid.rsplit(SEPARATOR, 1)[0]


def legacy_source(record: Mapping, sources: Sequence[Source]) -> Source | None:
    """The loaded source an annotation record with an old, load-order id belongs to, or None.

    Candidates are the sources of the same file name; the one with the record's text (sha256)
    wins, else the only one whose text holds the record's quote. None when no candidate or more
    than one fits: the record then stays where it is, never moved to another report.
    """
    old = record["source_id"]
    names = {clean(old), clean(_OLD_NUMBER.sub("", old))}
    candidates = [s for s in sources if s.id != old and name_of(s.id) in names]
    for s in candidates:
        if s.sha256 == record.get("source_sha256"):
            return s
    quote = ((record.get("anchor") or {}).get("quote") or {}).get("exact") or ""
    holding = [s for s in candidates if quote and any(quote in p.text for p in s.paragraphs)]
    return holding[0] if len(holding) == 1 else None
