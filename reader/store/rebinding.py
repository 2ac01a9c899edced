"""Re-anchoring records to the sources loaded: which records changed, and how.

A record follows its source by id, else (an old id) by :func:`reader.core.ids.legacy_source`, else,
when its file is gone or unknown, by sha256 (the file was moved or renamed). A record whose source
is not loaded is detached when its ``source_path`` no longer exists, or, for an old record without
one, when the sources are the ``complete`` library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from reader.core.anchors import DETACHED, ORPHANED, reanchor
from reader.core.ids import legacy_source
from reader.core.model import Source
from reader.store.schema import path_of


def detached(record: Mapping) -> bool:
    """Whether the file ``record`` was made on is known to be gone."""
    path = record.get("source_path")
    return path is not None and not os.path.exists(path)


def rebinding(docs: Mapping[str, Mapping], sources: list[Source], complete: bool) -> dict[str, dict]:
    """The changes (by key of ``docs``) that re-anchor the records ``docs`` to ``sources``."""
    by_id = {s.id: s for s in sources}
    by_sha: dict[str, Source] = {}
    for s in sources:
        by_sha.setdefault(s.sha256, s)
    changes: dict[str, dict] = {}
    for key, d in docs.items():
        source = by_id.get(d["source_id"]) or legacy_source(d, sources)
        if source is None and ("source_path" not in d or detached(d)):  # a file moved, not a copy
            source = by_sha.get(d["source_sha256"])
        if source is None:
            gone = detached(d) if "source_path" in d else complete
            if gone and d["anchor_status"] != DETACHED:
                changes[key] = {"anchor_status": DETACHED}
            continue
        where = path_of(source).get("source_path", d.get("source_path"))
        unchanged = (source.id, source.sha256, where) == (d["source_id"], d["source_sha256"], d.get("source_path"))
        if unchanged and d["anchor_status"] not in (ORPHANED, DETACHED):
            continue
        anchor, status = reanchor(d["anchor"], d["source_sha256"], source)
        new = {"source_id": source.id, "anchor": anchor, "anchor_status": status, **path_of(source)}
        if status != ORPHANED:  # an orphan keeps its old text's sha256, to be tried again
            new |= {"source_sha256": source.sha256, "section_path": source.section_path(anchor["para"])}
        if any(d.get(k) != v for k, v in new.items()):
            changes[key] = new
    return changes
