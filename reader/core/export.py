"""Annotations as Markdown (to read, in Obsidian or on GitHub) and as JSON (to back up and restore).

Plain strings in, plain strings out (DESIGN.md §6). Deleted records are never exported. The order
is stable (sources in library order, then paragraph, offset, creation) so that exports diff cleanly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from reader.core.address import format_address
from reader.core.anchors import BOOKMARK, COLORS, FUZZY, HIGHLIGHT, NOTE, ORPHANED
from reader.core.errors import UserError
from reader.core.model import Source

JSON_FORMAT = "ntreader-annotations"
JSON_VERSION = 1
SECTION_SEP = " › "
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^])")


def _live(records: Iterable[dict]) -> list[dict]:
    return [r for r in records if r["deleted"] is None]


def _position(record: dict) -> tuple:
    a = record["anchor"]
    return a["para"], -1 if a["start"] is None else a["start"], a["end"] or 0, record["created"], record["id"]


def _escape(text: str) -> str:
    """Plain text made inert in Markdown (no emphasis, links, tags or headings)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def address_of(record: dict) -> str:
    """The record's address, ``SOURCE:N`` or ``SOURCE:N:START-END``."""
    a = record["anchor"]
    return format_address(record["source_id"], a["para"], a["start"], a["end"])


# ---------------------------------------------------------------------------------------------
# Markdown


def to_markdown(records: Iterable[dict], sources: Iterable[Source], exported_at: str) -> str:
    """A Markdown document: front matter, ``#`` per source, ``##`` per section path, bookmarks
    listed first in each source, and orphaned annotations in their own part at the end."""
    records = _live(records)
    titles = {s.id: s.title for s in sources}
    order = {sid: i for i, sid in enumerate(titles)}
    by_source: dict[str, list[dict]] = {}
    for r in sorted(records, key=lambda r: (order.get(r["source_id"], len(order)), r["source_id"], _position(r))):
        by_source.setdefault(r["source_id"], []).append(r)

    parts = [_front_matter(records, [titles.get(sid, sid) for sid in by_source], exported_at)]
    for sid, group in by_source.items():
        placed = [r for r in group if r["anchor_status"] != ORPHANED]
        if placed:
            parts.append(_source_part(sid, titles.get(sid, sid), placed))
    orphans = [r for group in by_source.values() for r in group if r["anchor_status"] == ORPHANED]
    if orphans:
        parts.append(_orphans_part(orphans, titles))
    return "\n\n".join(parts) + "\n"


def _front_matter(records: list[dict], titles: list[str], exported_at: str) -> str:
    title = f"Notes on {titles[0]}" if len(titles) == 1 else "ntreader notes"
    kinds = [r["kind"] for r in records]
    lines = [
        "---",
        f"title: {_yaml(title)}",
        f"exported: {_yaml(exported_at)}",
        "sources:" if titles else "sources: []",
    ]
    lines += [f"  - {_yaml(t)}" for t in titles]
    lines += [
        f"annotations: {len(records)}",
        f"notes: {kinds.count(NOTE)}",
        f"highlights: {kinds.count(HIGHLIGHT)}",
        f"bookmarks: {kinds.count(BOOKMARK)}",
        f"orphaned: {sum(r['anchor_status'] == ORPHANED for r in records)}",
        "---",
    ]
    return "\n".join(lines)


def _source_part(source_id: str, title: str, records: list[dict]) -> str:
    parts = [f"# {_escape(title)}", f"Source `{source_id}`"]
    bookmarks = [r for r in records if r["kind"] == BOOKMARK]
    if bookmarks:
        parts.append("## Bookmarks")
        parts.append("\n".join(_bookmark_item(r) for r in bookmarks))
    heading = None
    for r in records:
        if r["kind"] == BOOKMARK:
            continue
        if r["section_path"] != heading:
            heading = r["section_path"]
            parts.append(f"## {_escape(SECTION_SEP.join(heading))}")
        parts.append(_annotation_block(r))
    return "\n\n".join(parts)


def _orphans_part(records: list[dict], titles: dict[str, str]) -> str:
    parts = [
        "# Orphaned annotations",
        "These passages are no longer in the current text of their source; they are kept as they were.",
    ]
    source_id = None
    for r in records:
        if r["source_id"] != source_id:
            source_id = r["source_id"]
            parts.append(f"## {_escape(titles.get(source_id, source_id))}")
        parts.append(_annotation_block(r))
    return "\n\n".join(parts)


def _place(record: dict) -> list[str]:
    return [f"`{address_of(record)}`", _escape(SECTION_SEP.join(record["section_path"]))]


def _bookmark_item(record: dict) -> str:
    passage = record["anchor"]["quote"]["exact"]
    passage = passage[:40] + "…" if len(passage) > 40 else passage
    bits = _place(record)
    if record["label"]:
        bits.append(f"**{_escape(record['label'])}**")
    bits.append(_escape(passage.replace("\n", " ")))
    return f"- {' · '.join(bits)} ^ann-{record['id']}"


def _annotation_block(record: dict) -> str:
    """The passage as a blockquote, a line with the address, section, colour and block id, then
    the note and the tags."""
    quote = "\n".join(f"> {_escape(line)}".rstrip() for line in record["anchor"]["quote"]["exact"].split("\n"))
    bits = _place(record)
    if record["anchor_status"] == FUZZY:
        bits.append("found again approximately")
    if record["color"]:
        bits.append(f"{record['color']} ({COLORS.get(record['color'], record['color'])})")
    if record["kind"] == BOOKMARK and record["label"]:
        bits.append(f"**{_escape(record['label'])}**")
    parts = [quote, f"{' · '.join(bits)} ^ann-{record['id']}"]
    if record["note"].strip():
        parts.append(record["note"].strip())
    if record["tags"]:
        parts.append(" ".join("#" + re.sub(r"\s+", "-", t) for t in record["tags"]))
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# JSON


def to_json(records: Iterable[dict], exported_at: str) -> str:
    """Every field of every record (by id), to be restored by :func:`from_json` and the store's
    ``import_records``; the same records give the same text."""
    doc = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported": exported_at,
        "annotations": sorted(_live(records), key=lambda r: r["id"]),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def from_json(text: str) -> list[dict]:
    """The records of a JSON export; UserError if ``text`` is not one."""
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise UserError(f"not a JSON export: {e}") from None
    except RecursionError:
        raise UserError("not a JSON export: nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("format") != JSON_FORMAT or not isinstance(doc.get("annotations"), list):
        raise UserError(f'not an ntreader JSON export (expected "format": "{JSON_FORMAT}")')
    version = doc.get("version", JSON_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UserError(f'not an ntreader JSON export: "version" is {str(json.dumps(version))[:20]}, not a number')
    if version > JSON_VERSION:
        raise UserError(f"this export was made by a newer ntreader (version {version})")
    return doc["annotations"]


def select(records: Iterable[dict], source_ids: Iterable[str] = (), tags: Iterable[str] = ()) -> list[dict]:
    """The records of any of ``source_ids`` (all when empty) with any of ``tags`` (any when empty)."""
    source_ids, tags = set(source_ids), set(tags)
    return [
        r for r in records if (not source_ids or r["source_id"] in source_ids) and (not tags or tags & set(r["tags"]))
    ]
