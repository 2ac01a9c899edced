"""Keyword counts and TextRank scores of whole sources, kept on disk between runs.

One file per corpus: ``{digest of a source's folded text: (its candidate words joined by NUL,
their counts as array("I") bytes, their TextRank scores as array("d") bytes or b"")}``, read in
milliseconds with no object per word. Its file should be named by the segmenter's fingerprint
and ``rules()``, so new tokens or candidate rules read none of it; unreadable or malformed, it is
empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
from array import array
from collections import Counter
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from reader.core import parse_cache

MAGIC = b"ntreader-keyword-counts-2\n"
_SEP = "\0"


class CountStore:
    """Counts and scores by source id (through ``digests``, of each source's folded text);
    ``save`` writes them back, without the sources no longer there, if any was added."""

    def __init__(self, file: Path, digests: Mapping[str, bytes]) -> None:
        self.file, self._digests = file, digests
        self._known = self._read()
        self._added = False

    @staticmethod
    def rules() -> str:
        """A digest of what decides candidates and scores: the keyword code and its data."""
        core = resources.files("reader.core")
        h = hashlib.blake2b(digest_size=8)
        for part in ("keywords.py", "keyword_store.py", "data/stopwords.txt", "data/reference.txt"):
            h.update(core.joinpath(part).read_bytes())
        return h.hexdigest()

    def _read(self) -> dict[bytes, tuple[str, bytes, bytes]]:
        try:
            plain = parse_cache.load(self.file.read_bytes(), MAGIC)
        except (OSError, ValueError):
            return {}
        if type(plain) is not dict or {type(k) for k in plain} - {bytes} or {type(v) for v in plain.values()} - {tuple}:
            return {}
        rows = plain.values()
        if {tuple(map(type, row)) for row in rows} - {(str, bytes, bytes)}:
            return {}
        if any(len(counts) % 4 or len(ranks) % 8 or ranks and len(ranks) // 8 != len(counts) // 4
               for _, counts, ranks in rows):
            return {}
        return plain

    def _row(self, source_id: str) -> tuple[list[str], tuple[str, bytes, bytes]] | None:
        row = self._known.get(self._digests.get(source_id, b""))
        if row is None:
            return None
        words = row[0].split(_SEP) if row[1] else []
        return (words, row) if len(words) * 4 == len(row[1]) else None

    def counts(self, source_id: str) -> Counter[str] | None:
        found = self._row(source_id)
        return None if found is None else Counter(dict(zip(found[0], array("I", found[1][1]), strict=True)))

    def ranks(self, source_id: str) -> dict[str, float] | None:
        found = self._row(source_id)
        if found is None or not found[1][2]:
            return None
        return {w: r for w, r in zip(found[0], array("d", found[1][2]), strict=True) if not math.isnan(r)}

    def put_counts(self, source_id: str, counts: Mapping[str, int]) -> None:
        if (digest := self._digests.get(source_id)) is not None and not any(_SEP in w for w in counts):
            self._known[digest] = (_SEP.join(counts), array("I", counts.values()).tobytes(), b"")
            self._added = True

    def put_ranks(self, source_id: str, ranks: Mapping[str, float]) -> None:
        """Keep TextRank scores of a source whose counts are kept (its words are theirs)."""
        found = self._row(source_id)
        if found is not None and ranks.keys() <= set(found[0]):
            words, (joined, counts, _) = found
            scores = array("d", (ranks.get(w, math.nan) for w in words)).tobytes()
            self._known[self._digests[source_id]] = (joined, counts, scores)
            self._added = True

    def save(self) -> None:
        if not self._added:
            return
        from reader.core.files import atomic_write

        wanted = set(self._digests.values())
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, parse_cache.dump({d: r for d, r in self._known.items() if d in wanted}, MAGIC))
        self._added = False
