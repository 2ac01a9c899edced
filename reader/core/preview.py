"""The report a reader reads while its corpus is catalogued: the first one (or the one a start
address names), a long one parsed from its beginning only, so it shows in a tenth of a second."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reader.core.errors import UserError
from reader.core.ids import name_of
from reader.core.ids import source_id as stable_id
from reader.core.library import MAX_BYTES, bundled_seeds_dir, corpus_files, load_source, report_files
from reader.core.model import Source

#: A report larger than this (in bytes) is previewed from its beginning: its first this many
#: characters, cut at a blank line (a parse of about a tenth of a second).
PREVIEW_SIZE = 256 << 10
PREVIEW_CHARS = 100_000


def first_report(paths: list[str], source_id: str | None = None) -> Source | None:
    """The report ``source_id`` names among ``paths`` (as ``corpus_files`` lists them), else the
    first of them; a long one parsed from its beginning only. None if it cannot be read (the
    build says why)."""
    try:
        found = _named(paths, source_id) if source_id else _first(paths)
        if found is None:
            return None
        path, sid = found
        st = os.stat(path)
        if st.st_size <= PREVIEW_SIZE:
            return load_source(path, sid)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        from reader.core.formats import to_text
        from reader.core.parse import parse_text

        text = to_text(Path(path).read_bytes(), Path(path)).text
        if len(text) > PREVIEW_CHARS:
            cut = text.rfind("\n\n", 0, PREVIEW_CHARS)
            if cut < PREVIEW_CHARS // 2:  # few blank lines: at the end of a line
                cut = text.rfind("\n", 0, PREVIEW_CHARS)
            text = text[: cut if cut > 0 else PREVIEW_CHARS]
        return parse_text(text, source_id=sid, path=path)
    except (UserError, OSError):
        return None


def _first(paths: list[str]) -> tuple[str, str] | None:
    """The first report file of ``paths`` in corpus order, with its id, listing one folder at most."""
    for path in paths or [str(bundled_seeds_dir())]:
        files = report_files(Path(path)) if os.path.isdir(path) else [path] if os.path.isfile(path) else []
        if files:
            return files[0], stable_id(Path(files[0]), bundled_seeds_dir())
    return None


def _named(paths: list[str], source_id: str) -> tuple[str, str] | None:
    """The report file whose id (or its readable part) is ``source_id``, if exactly one is."""
    files, _ = corpus_files(paths)
    named = [(str(f), sid) for f, sid in files if source_id in (sid, name_of(sid))]
    exact = [(f, sid) for f, sid in named if sid == source_id]
    return (exact or named)[0] if len(exact or named) == 1 else None
