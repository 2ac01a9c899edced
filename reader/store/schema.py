"""The record schema: what every document of the store looks like, checked on import and on read.

An annotation record is a plain dict with exactly :data:`RECORD_KEYS`, and ``source_path`` (the
absolute path of its file when it was made: older records lack it, so it stays optional). The other tables hold small
documents keyed by their natural key (a source id, a watch-word, a query, a setting's name).
:func:`record_problem` and :func:`document_problem` say in a few words what is wrong (naming the
field), or return None; nothing that passes them can crash a reader of the store.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from reader.core.anchors import COLORS, EXACT, KINDS, STATUSES
from reader.core.errors import UserError
from reader.core.model import Source

SCHEMA = 1
#: Schema migrations: ``MIGRATIONS[v]`` turns the whole database (``{table: {id: doc}}``) of schema
#: ``v`` into schema ``v + 1``, in place. Run at open, under the lock, then saved as a new snapshot.
MIGRATIONS: dict[int, Callable[[dict[str, dict[str, dict]]], None]] = {}

RECORD_KEYS = ("id", "kind", "source_id", "source_sha256", "section_path", "anchor", "anchor_status", "note", "tags",
               "color", "label", "created", "updated", "deleted")  # fmt: skip
OPTIONAL_KEYS = ("source_path",)
EDITABLE = frozenset({"kind", "note", "tags", "color", "label"})
QUOTE_KEYS = ("exact", "prefix", "suffix")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_KEY = re.compile(r"[^\x00-\x20\x7f-\x9f:]{1,200}")  # ids and source ids: no spaces, controls or colons


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def _anchor_problem(anchor: object) -> str | None:
    if not isinstance(anchor, dict) or set(anchor) != {"para", "start", "end", "quote"}:
        return "anchor: not {para, start, end, quote}"
    para, start, end, quote = anchor["para"], anchor["start"], anchor["end"], anchor["quote"]
    if not _int(para) or para < 1:
        return "anchor.para: not a paragraph number"
    if not (start is None and end is None) and not (_int(start) and _int(end) and 0 <= start < end):
        return "anchor.start/end: not a span (two numbers, start < end, or both null)"
    if not isinstance(quote, dict) or set(quote) != set(QUOTE_KEYS):
        return "anchor.quote: not {exact, prefix, suffix}"
    for key in QUOTE_KEYS:
        if not isinstance(quote[key], str):
            return f"anchor.quote.{key}: not text"
    return None


_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (lambda v: isinstance(v, str) and bool(_KEY.fullmatch(v)), "not an id"),
    "kind": (lambda v: v in KINDS, f"not one of {', '.join(KINDS)}"),
    "source_id": (lambda v: isinstance(v, str) and bool(_KEY.fullmatch(v)), "not a source id"),
    "source_sha256": (lambda v: isinstance(v, str), "not text"),
    "source_path": (lambda v: isinstance(v, str) and _absolute(v), "not an absolute path"),
    "section_path": (lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v), "not a list of text"),
    "anchor_status": (lambda v: v in STATUSES, f"not one of {', '.join(STATUSES)}"),
    "note": (lambda v: isinstance(v, str), "not text"),
    "tags": (lambda v: isinstance(v, list) and all(isinstance(t, str) and t.strip() for t in v), "not a list of tags"),
    "color": (lambda v: v is None or v in COLORS, f"not one of {', '.join(COLORS)} or null"),
    "label": (_str_or_none, "not text or null"),
    "created": (lambda v: isinstance(v, str) and bool(_TIME.fullmatch(v)), "not a time (YYYY-MM-DDTHH:MM:SSZ)"),
    "updated": (lambda v: isinstance(v, str) and bool(_TIME.fullmatch(v)), "not a time (YYYY-MM-DDTHH:MM:SSZ)"),
    "deleted": (lambda v: v is None or (isinstance(v, str) and bool(_TIME.fullmatch(v))), "not a time or null"),
}


_KEYSET = frozenset(RECORD_KEYS)
_WITH_PATH = _KEYSET | {"source_path"}


def _absolute(path: str) -> bool:
    return os.path.isabs(path) and "\x00" not in path and len(path) < 4096


def _record_ok(r: dict) -> bool:
    """The common case in one expression (every stored record is checked at open)."""
    a: Any = r.get("anchor")
    q: Any = a.get("quote") if type(a) is dict else None
    return (
        (r.keys() == _KEYSET or (r.keys() == _WITH_PATH and type(r["source_path"]) is str
                                 and _absolute(r["source_path"])))
        and type(r["id"]) is str and _KEY.fullmatch(r["id"]) is not None
        and type(r["source_id"]) is str and _KEY.fullmatch(r["source_id"]) is not None
        and r["kind"] in KINDS and r["anchor_status"] in STATUSES
        and type(r["note"]) is str and type(r["source_sha256"]) is str
        and (r["color"] is None or r["color"] in COLORS) and (r["label"] is None or type(r["label"]) is str)
        and type(r["tags"]) is list and all(type(t) is str and t.strip() for t in r["tags"])
        and type(r["section_path"]) is list and all(type(t) is str for t in r["section_path"])
        and type(r["created"]) is str and _TIME.fullmatch(r["created"]) is not None
        and type(r["updated"]) is str and _TIME.fullmatch(r["updated"]) is not None
        and (r["deleted"] is None or (type(r["deleted"]) is str and _TIME.fullmatch(r["deleted"]) is not None))
        and type(q) is dict and q.keys() == _QUOTE_KEYSET
        and type(q["exact"]) is str and type(q["prefix"]) is str and type(q["suffix"]) is str
        and a.keys() == _ANCHOR_KEYSET and type(a["para"]) is int and a["para"] >= 1
        and ((a["start"] is None and a["end"] is None)
             or (type(a["start"]) is int and type(a["end"]) is int and 0 <= a["start"] < a["end"]))
    )  # fmt: skip


_QUOTE_KEYSET = frozenset(QUOTE_KEYS)
_ANCHOR_KEYSET = frozenset({"para", "start", "end", "quote"})


def record_problem(record: object) -> str | None:
    """What is wrong with an annotation record (``field: reason``), or None."""
    if isinstance(record, dict) and _record_ok(record):
        return None
    if not isinstance(record, dict):
        return "not an object"
    if missing := [k for k in RECORD_KEYS if k not in record]:
        return f"{missing[0]}: missing"
    if extra := sorted(set(record) - set(RECORD_KEYS) - set(OPTIONAL_KEYS), key=str):
        return f"{str(extra[0])[:40]}: unknown field"
    for key, (ok, reason) in _FIELDS.items():
        if key in record and not ok(record[key]):
            return f"{key}: {reason}"
    return _anchor_problem(record["anchor"])


_DOCS: dict[str, Callable[[dict], bool]] = {
    "positions": lambda d: _int(d.get("para")) and d["para"] >= 1 and isinstance(d.get("at"), int | float),
    "watchwords": lambda d: _str_or_none(d.get("color")) and isinstance(d.get("added"), str),
    "searches": lambda d: isinstance(d.get("at"), str),
    "settings": lambda d: "value" in d,
    "_meta": lambda d: _int(d.get("version")),
}


def document_problem(table: str, key: str, doc: object) -> str | None:
    """What is wrong with document ``key`` of ``table`` as read from disk (a one-line reason), or None."""
    if table == "annotations":
        why = record_problem(doc)
        if not why and isinstance(doc, dict) and doc["id"] != key:
            why = "id: not the record's key"
        return f"annotation {key[:40]!r}: {why}" if why else None
    ok = _DOCS.get(table)
    if ok is not None and not (isinstance(doc, dict) and ok(doc)):
        return f"{table} {key[:40]!r}: malformed"
    return None


def check_records(records: object) -> list[dict]:
    """Records from outside (an import), each a copy with keys in our order; UserError naming the
    first bad record (by position and id) and its field, if any is malformed."""
    if not isinstance(records, list):
        raise UserError("annotations: not a list")
    out = []
    for n, record in enumerate(records, 1):
        if why := record_problem(record):
            rid = record.get("id") if isinstance(record, dict) else None
            name = f" ({rid[:40]!r})" if isinstance(rid, str) else ""
            raise UserError(f"record {n}{name} is malformed: {why}; nothing was imported")
        assert isinstance(record, dict)
        out.append(copy_record({key: record[key] for key in (*RECORD_KEYS, *OPTIONAL_KEYS) if key in record}))
    return out


def copy_record(doc: dict) -> dict:
    """A plain, independent copy of a record (TinyDB's documents share nested values with its cache)."""
    anchor = doc["anchor"]
    return {
        **doc,
        "anchor": {**anchor, "quote": dict(anchor["quote"])},
        "section_path": list(doc["section_path"]),
        "tags": list(doc["tags"]),
    }


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without ``#`` and surrounding spaces, empty ones and repeats dropped, order kept."""
    out: list[str] = []
    for tag in tags:
        tag = tag.strip().lstrip("#").strip()
        if tag and tag not in out:
            out.append(tag)
    return out


def check_color(color: str | None) -> str | None:
    if color is not None and color not in COLORS:
        raise UserError(f"unknown colour {color!r} (use one of: {', '.join(COLORS)})")
    return color


def timestamp(seconds: float) -> str:
    """A record's time: ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id(us: int, rng: random.Random) -> str:
    """An annotation id: microseconds since 1970, then 16 random bits (sortable, unique)."""
    return f"{us:013x}{rng.getrandbits(16):04x}"


def path_of(source: Source) -> dict[str, str]:
    """``{"source_path": …}``: where ``source``'s file is (absolute), if it came from one."""
    return {"source_path": os.path.abspath(source.path)} if source.path else {}


def new_record(rid: str, now: str, kind: str, source: Source, anchor: dict, *, note: str = "",
               tags: Iterable[str] = (), color: str | None = None, label: str | None = None) -> dict:
    """A new annotation record of ``kind`` at ``anchor`` (see :func:`reader.core.anchors.make_anchor`)."""
    return {
        "id": rid,
        "kind": kind,
        "source_id": source.id,
        "source_sha256": source.sha256,
        **path_of(source),
        "section_path": source.section_path(anchor["para"]),
        "anchor": anchor,
        "anchor_status": EXACT,
        "note": note,
        "tags": clean_tags(tags),
        "color": check_color(color),
        "label": label,
        "created": now,
        "updated": now,
        "deleted": None,
    }
