"""Annotations as Markdown (to read, in Obsidian or on GitHub) and as JSON (to back up and restore).

Plain strings in, plain strings out; :func:`export` is the one flow the CLI and the TUI call (select,
render, write safely). Deleted records are never exported. The order is stable (sources in library
order, then paragraph, offset, creation) so that exports diff cleanly.

The Markdown keeps its shape whatever a note says: a note is a blockquote of its own (so an unclosed
fence or a ``---`` ends with it), its heading and setext lines are escaped, raw HTML is escaped.
The front matter is YAML whose strings are JSON-quoted, with every character YAML cannot hold raw
(C1 controls, line separators) escaped. Inline tags are valid Obsidian tags; the originals are in
the front matter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from reader.core.address import format_address
from reader.core.anchors import BOOKMARK, COLORS, DETACHED, FUZZY, HIGHLIGHT, NOTE, ORPHANED
from reader.core.errors import UserError
from reader.core.files import write_text
from reader.core.model import Source

JSON_FORMAT = "ntreader-annotations"
JSON_VERSION = 1
SECTION_SEP = " › "
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^])")
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_BLOCK_START = re.compile(r"^( {0,3})(#|=+\s*$|-+\s*$)")  # an ATX heading or a setext underline
_TAG_BAD = re.compile(r"[^\w/-]+")
_SURROGATE = re.compile("[\ud800-\udfff]")  # not text: cannot be written as UTF-8


def _live(records: Iterable[dict]) -> list[dict]:
    return [r for r in records if r["deleted"] is None]


def _position(record: dict) -> tuple:
    a = record["anchor"]
    return a["para"], -1 if a["start"] is None else a["start"], a["end"] or 0, record["created"], record["id"]


def _escape(text: str) -> str:
    """Plain text made inert in Markdown (no emphasis, links, tags or headings)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string, with what YAML cannot hold raw escaped)."""
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))


def obsidian_tag(tag: str) -> str:
    """``tag`` as an Obsidian tag: spaces and punctuation become ``-``; all digits get a ``y``."""
    tag = _TAG_BAD.sub("-", tag).strip("-") or "tag"
    return "y" + tag if tag.replace("/", "").isdigit() else tag


def _note_block(note: str) -> str:
    """A note as a callout (a blockquote) of its own: headings and setext lines escaped, HTML escaped."""
    lines = [_BLOCK_START.sub(r"\1\\\2", line).replace("<", "&lt;") for line in note.split("\n")]
    return "\n".join(["> [!note]"] + [f"> {line}".rstrip() for line in lines])


def address_of(record: dict) -> str:
    """The record's address, ``SOURCE:N`` or ``SOURCE:N:START-END``."""
    a = record["anchor"]
    return format_address(record["source_id"], a["para"], a["start"], a["end"])


# ---------------------------------------------------------------------------------------------
# Markdown


def to_markdown(records: Iterable[dict], sources: Iterable[Source], exported_at: str) -> str:
    """A Markdown document: front matter, ``#`` per source, ``##`` per section path, bookmarks
    listed first in each source, and orphaned annotations in their own part at the end."""
    records, sources = _live(records), list(sources)
    titles = {s.id: s.title for s in sources}
    order = {sid: i for i, sid in enumerate(titles)}
    by_source: dict[str, list[dict]] = {}
    for r in sorted(records, key=lambda r: (order.get(r["source_id"], len(order)), r["source_id"], _position(r))):
        by_source.setdefault(r["source_id"], []).append(r)

    by_id = {s.id: s for s in sources}
    parts = [_front_matter(records, [by_id.get(sid) or sid for sid in by_source], exported_at)]
    for sid, group in by_source.items():
        placed = [r for r in group if r["anchor_status"] != ORPHANED]
        if placed:
            parts.append(_source_part(sid, titles.get(sid, sid), placed))
    orphans = [r for group in by_source.values() for r in group if r["anchor_status"] == ORPHANED]
    if orphans:
        parts.append(_orphans_part(orphans, titles))
    return _SURROGATE.sub("\ufffd", "\n\n".join(parts) + "\n")


def _front_matter(records: list[dict], sources: list[Source | str], exported_at: str) -> str:
    """Title, time, each source (id, title, date, outlet, authors when known), counts and tags."""
    names = [s if isinstance(s, str) else s.title for s in sources]
    title = f"Notes on {names[0]}" if len(names) == 1 else "ntreader notes"
    kinds = [r["kind"] for r in records]
    lines = [
        "---",
        f"title: {_yaml(title)}",
        f"exported: {_yaml(exported_at)}",
        "sources:" if sources else "sources: []",
    ]
    for source in sources:
        lines += _source_yaml(source)
    tags = sorted({t for r in records for t in r["tags"]})
    lines.append("tags:" if tags else "tags: []")
    lines += [f"  - {_yaml(t)}" for t in tags]
    lines += [
        f"annotations: {len(records)}",
        f"notes: {kinds.count(NOTE)}",
        f"highlights: {kinds.count(HIGHLIGHT)}",
        f"bookmarks: {kinds.count(BOOKMARK)}",
        f"orphaned: {sum(r['anchor_status'] == ORPHANED for r in records)}",
        f"detached: {sum(r['anchor_status'] == DETACHED for r in records)}",
        "---",
    ]
    return "\n".join(lines)


def _source_yaml(source: Source | str) -> list[str]:
    if isinstance(source, str):  # a source not loaded: its id is all we know
        return [f"  - id: {_yaml(source)}"]
    lines = [f"  - id: {_yaml(source.id)}", f"    title: {_yaml(source.title)}"]
    meta = source.meta
    if meta.dates:
        lines.append(f"    date: {_yaml(meta.dates[0])}")
    if meta.outlet:
        lines.append(f"    outlet: {_yaml(meta.outlet)}")
    if meta.authors:
        lines.append(f"    authors: [{', '.join(map(_yaml, meta.authors))}]")
    return lines


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
    """The passage as a blockquote ending with its block id, a line with the address, section
    and colour, then the note (a blockquote of its own) and the tags."""
    quote = "\n".join(f"> {_escape(line)}".rstrip() for line in record["anchor"]["quote"]["exact"].split("\n"))
    quote += f" ^ann-{record['id']}"
    bits = _place(record)
    if record["anchor_status"] == FUZZY:
        bits.append("found again approximately")
    if record["anchor_status"] == DETACHED:
        bits.append("source file not found")
    if record["color"]:
        bits.append(f"{record['color']} ({COLORS.get(record['color'], record['color'])})")
    if record["kind"] == BOOKMARK and record["label"]:
        bits.append(f"**{_escape(record['label'])}**")
    parts = [quote, " · ".join(bits)]
    if record["note"].strip():
        parts.append(_note_block(record["note"].strip()))
    if record["tags"]:
        parts.append(" ".join("#" + obsidian_tag(t) for t in record["tags"]))
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
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)  # inside strings only: JSON escapes


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


def export(
    records: Iterable[dict],
    sources: Iterable[Source],
    fmt: str | None = None,
    path: Path | None = None,
    *,
    source_ids: Iterable[str] = (),
    tags: Iterable[str] = (),
    exported_at: str | None = None,
) -> tuple[int, str]:
    """The one export flow: select the records (of ``source_ids``, with any of ``tags``), render
    them as ``fmt`` ("md" or "json"; default: from ``path``'s suffix, else md) and, if ``path`` is
    given, write them there safely. Returns (records exported, text). UserError (one line) for an
    unknown source id or a failed write."""
    records, sources, source_ids = list(records), list(sources), list(source_ids)
    known = {s.id for s in sources} | {r["source_id"] for r in records}
    if unknown := [s for s in source_ids if s not in known]:
        raise UserError(f"no source {unknown[0]!r} (known: {', '.join(sorted(known)) or 'none'})")
    chosen = _live(select(records, source_ids, tags))
    fmt = fmt or ("json" if path and path.suffix.lower() == ".json" else "md")
    when = exported_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = to_json(chosen, when) if fmt == "json" else to_markdown(chosen, sources, when)
    if path is not None:
        write_text(path, text)
    return len(chosen), text
