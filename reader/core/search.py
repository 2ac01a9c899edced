"""Corpus search: query parsing, the corpus index, KWIC lines.

Matching is on each source's titles and paragraphs after ``fold`` (NFKC, width, Latin case),
never on wrapped screen lines, so any substring is found. The index searches each source's
folded text with ``str.find`` (C speed). Built from a corpus catalog it decodes only the sources
that hold every term, found as bytes in the catalog's memory-mapped text, and cuts a hit's
context from the original text there. jieba tokens (segmenting is the slow part: ~1.4 MB/s) are
made only when a left/right sort or keywords ask for a source's tokens, and cached on disk by
sha256. A character-bigram inverted index was tried and dropped: built in Python it took ~4 s
per 20 MB at every launch to save ~5 ms a query.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat, starmap
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, get_character_cell_size, set_cell_size

from reader.core.errors import UserError
from reader.core.files import atomic_write
from reader.core.fold import find_all, fold
from reader.core.model import Source
from reader.core.searchable import joined_text, searchable, spread

if TYPE_CHECKING:
    from reader.core.catalog import Catalog
    from reader.core.segment import Segmenter

__all__ = ["CONTEXT", "Hit", "Hits", "Index", "Query", "QueryError", "joined_text", "kwic_line", "kwic_parts",
           "parse_query"]

#: Characters of context kept on each side of a hit (enough for a wide terminal).
CONTEXT = 60

_TERM = re.compile(r'(-?)(?:"([^"]*)"|([^\s"]+))')
_WORD = re.compile(r"\w")
_CONTROL = {c: " " for c in (*range(32), 127)}


class QueryError(UserError):
    """A query that cannot be run: empty, or with an unbalanced quote."""


@dataclass(frozen=True)
class Query:
    """Folded terms: a paragraph matches if it holds every ``include`` term and no ``exclude`` one."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()


def parse_query(text: str) -> Query:
    """Parse ``词 "a phrase" -排除``: space-separated terms, quoted phrases, ``-`` to exclude."""
    q = fold(text).strip()
    if not q:
        raise QueryError("empty search query")
    include: list[str] = []
    exclude: list[str] = []
    pos = 0
    while pos < len(q):
        m = _TERM.match(q, pos)
        if m is None:
            raise QueryError(f'unbalanced quote (") in search query: {text.strip()}')
        negate, phrase, word = m.groups()
        term = word if phrase is None else " ".join(phrase.split())
        if not term:
            raise QueryError(f'empty quoted phrase ("") in search query: {text.strip()}')
        target = exclude if negate else include
        if term not in target:
            target.append(term)
        pos = m.end()
        while pos < len(q) and q[pos].isspace():
            pos += 1
    if not include:
        raise QueryError(f"nothing to find, only exclusions, in search query: {text.strip()}")
    return Query(tuple(include), tuple(exclude))


class Hit(NamedTuple):
    """One occurrence of a query term: ``[start, end)`` in paragraph ``para`` of ``source_id``, or,
    when ``heading`` is set, in the title of section ``heading`` (``para`` is then the paragraph
    that heading introduces, so ``address`` still opens there).

    ``left``/``right`` are up to ``CONTEXT`` characters of the same text around the ``match``.
    """

    source_id: str
    para: int
    start: int
    end: int
    section: str
    left: str
    match: str
    right: str
    heading: int | None = None

    @property
    def address(self) -> str:
        if self.heading is not None:
            return f"{self.source_id}:{self.para}"
        return f"{self.source_id}:{self.para}:{self.start}-{self.end}"


class _Doc:
    """A source as the index sees it: its titles and paragraphs ("blocks") joined by newlines,
    folded (``text``) and as written (``original(start, end)`` cuts it, same offsets), where each
    block starts, and its jieba token ends (``None`` until a sort or keywords need them)."""

    __slots__ = ("id", "sha256", "text", "original", "titles", "starts", "sections", "paras", "pblock", "ends")

    def __init__(self, sid: str, sha256: str, text: str, original: Callable[[int, int], str], titles: Sequence[str],
                 blocks: array, ends: array | None = None) -> None:
        self.id, self.sha256, self.text, self.original, self.titles = sid, sha256, text, original, titles
        n = len(blocks) // 3
        self.starts, self.sections, self.paras = blocks[:n], blocks[n : 2 * n], blocks[2 * n :]
        self.pblock = array("I", (k for k, p in enumerate(self.paras) if p))  # block of paragraph n at [n - 1]
        self.ends = ends

    @classmethod
    def of(cls, source: Source) -> _Doc:
        original, blocks = searchable(source)
        return cls(source.id, source.sha256, fold(original), lambda a, b: original[a:b],
                   [s.title for s in source.sections], blocks)

    def end(self, k: int) -> int:
        """Where block ``k`` ends in ``text``."""
        return self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.text)

    def block_of(self, hit: Hit) -> int:
        """The block ``hit`` is in: its section's title, or its paragraph."""
        if hit.heading is not None:
            return bisect_left(self.sections, hit.heading)
        return self.pblock[hit.para - 1]

    def hit(self, start: int, end: int) -> Hit:
        """The hit for ``text[start:end]`` (inside one block)."""
        k = bisect_right(self.starts, start) - 1
        para, title, base = self.paras[k], self.titles[self.sections[k]], self.starts[k]
        first = max(base, start - CONTEXT)
        text = self.original(first, min(self.end(k), end + CONTEXT))
        s, e = start - first, end - first
        left, match, right = text[:s], text[s:e], text[e:]
        s, e = start - base, end - base
        if para:
            return Hit(self.id, para, s, e, title, left, match, right)
        introduced = next((n for n in self.paras[k:] if n), len(self.pblock))  # by this title
        return Hit(self.id, introduced, s, e, title, left, match, right, self.sections[k])


class _TokenCache:
    """Token ends per source on disk: ``DIR/<sha256>.ends`` = digest of the text + array bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def _digest(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def load(self, sha256: str, text: str) -> array | None:
        try:
            data = (self.folder / f"{sha256}.ends").read_bytes()
        except OSError:
            return None
        ends = array("I")
        if data[:16] != self._digest(text) or (len(data) - 16) % ends.itemsize:
            return None
        ends.frombytes(data[16:])
        return ends if (ends[-1] if ends else 0) == len(text) else None

    def save(self, sha256: str, text: str, ends: array) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / f"{sha256}.ends", self._digest(text) + ends.tobytes())


_Group = tuple[_Doc, list[tuple[int, int]]]  # a source, (start, end) of each hit in its text


class Hits(Sequence[Hit]):
    """The hits of a search, in reading order. A ``Hit`` (with its context) is made only when it
    is read, so a search with 100,000 hits is quick and a KWIC panel pays for one screenful."""

    def __init__(self, groups: list[_Group]) -> None:
        self._groups = groups
        self._offsets = [0, *accumulate(len(spans) for _, spans in groups)]

    def __len__(self) -> int:
        return self._offsets[-1]

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("hit index out of range")
        g = bisect_right(self._offsets, i) - 1
        doc, spans = self._groups[g]
        return doc.hit(*spans[i - self._offsets[g]])

    def __iter__(self) -> Iterator[Hit]:
        for doc, spans in self._groups:
            yield from starmap(doc.hit, spans)

    def of_source(self, source_id: str) -> list[Hit]:
        """The hits in one source, in reading order."""
        return [doc.hit(*span) for doc, spans in self._groups if doc.id == source_id for span in spans]

    def per_source(self) -> Counter[str]:
        """How many hits each source has."""
        counts: Counter[str] = Counter()
        for doc, spans in self._groups:
            counts[doc.id] += len(spans)
        return counts


class Index:
    """Every source's folded text, searched with ``str.find``, and its jieba token ends, segmented
    (or read from the token cache) when a sort or keywords first need them."""

    def __init__(self, ids: Sequence[str], make: Callable[[int], _Doc], holds: Callable[[int, Query], bool],
                 segmenter: Segmenter | None = None, cache_dir: Path | None = None,
                 phrases: Callable[[], Iterable[str]] = set, sources: Callable[[], list[Source]] = list) -> None:
        self._ids = list(ids)
        self._order = {sid: i for i, sid in enumerate(self._ids)}
        self._make, self._holds, self._phrases, self._sources = make, holds, phrases, sources
        self._made: dict[int, _Doc] = {}
        self._segmenter = segmenter
        self._cache = _TokenCache(cache_dir / "index" / segmenter.fingerprint) if cache_dir and segmenter else None
        self._learned = False
        #: Ids of the sources this index had to segment (the others came from the cache).
        self.segmented: tuple[str, ...] = ()

    @classmethod
    def build(cls, sources: Iterable[Source], segmenter: Segmenter, cache_dir: Path | None = None) -> Index:
        """Index ``sources`` and their tokens now; token ends come from ``cache_dir`` when a
        source's sha256 and text match, otherwise from ``segmenter`` (which first learns the
        corpus's quoted phrases)."""
        from reader.core.segment import quoted_phrases

        sources = list(sources)
        docs = [_Doc.of(s) for s in sources]
        index = cls([d.id for d in docs], docs.__getitem__, lambda i, q: all(t in docs[i].text for t in q.include),
                    segmenter, cache_dir, lambda: quoted_phrases(sources), lambda: sources)
        for doc in docs:
            index._ends(doc)
        return index

    @classmethod
    def from_catalog(cls, catalog: Catalog, segmenter: Segmenter | None = None, cache_dir: Path | None = None,
                     extra: Sequence[Source] = ()) -> Index:
        """Index a corpus from its catalog, then ``extra`` sources after it: nothing from the
        catalog is decoded until a search finds a source."""
        from reader.core.segment import quoted_phrases

        entries, added = catalog.entries, [_Doc.of(s) for s in extra]

        def make(i: int) -> _Doc:
            if i >= len(entries):
                return added[i - len(entries)]
            e = entries[i]
            blocks = array("I")
            blocks.frombytes(e.blocks)
            return _Doc(e.id, e.sha256, catalog.folded(e), lambda a, b: catalog.original(e, a, b),
                        [s[0] for s in e.sections], blocks)

        def holds(i: int, q: Query) -> bool:
            if i >= len(entries):
                return all(t in added[i - len(entries)].text for t in q.include)
            return catalog.holds(entries[i], [t.encode("utf-8", "surrogatepass") for t in q.include])

        return cls([*(e.id for e in entries), *(d.id for d in added)], make, holds, segmenter, cache_dir,
                   lambda: {p for e in entries for p in e.phrases} | quoted_phrases(extra),
                   lambda: [*map(catalog.source, entries), *extra])

    @property
    def sources(self) -> list[Source]:
        """The full parses of the indexed sources, in order."""
        return self._sources()

    def _at(self, i: int) -> _Doc:
        doc = self._made.get(i)
        if doc is None:
            doc = self._made[i] = self._make(i)
        return doc

    def _doc(self, source_id: str) -> _Doc:
        return self._at(self._order[source_id])

    def _ends(self, doc: _Doc) -> array:
        """``doc``'s token ends: from the cache, else segmented (and cached)."""
        if doc.ends is None:
            ends = self._cache.load(doc.sha256, doc.text) if self._cache else None
            if ends is None:
                if self._segmenter is None:
                    raise ValueError("this index has no segmenter")
                if not self._learned:
                    self._segmenter.add_words(self._phrases())
                    self._learned = True
                ends = self._segmenter.ends(doc.text)
                self.segmented += (doc.id,)
                if self._cache:
                    self._cache.save(doc.sha256, doc.text, ends)
            doc.ends = ends
        return doc.ends

    def search(self, query: Query | str) -> Hits:
        """Every occurrence of each included term in the titles and paragraphs that match
        ``query``, in reading order."""
        q = parse_query(query) if isinstance(query, str) else query
        groups = []
        for i in range(len(self._ids)):
            if self._holds(i, q):
                doc = self._at(i)
                spans = self._spans(doc, q)
                if spans:
                    groups.append((doc, spans))
        return Hits(groups)

    @staticmethod
    def _spans(doc: _Doc, q: Query) -> list[tuple[int, int]]:
        """``(start, end)`` of ``q``'s included terms in one source, in the blocks that hold every
        included term and no excluded one (C-level steps only: many hits cost little)."""
        found = [(t, find_all(doc.text, t)) for t in q.include]
        if len(found) == 1 and not q.exclude:
            return _with_ends(*found[0])
        blocks = [list(map(bisect_right, repeat(doc.starts), starts)) for _, starts in found]
        keep = set.intersection(*map(set, blocks))
        for term in q.exclude:
            keep.difference_update(map(bisect_right, repeat(doc.starts), find_all(doc.text, term)))
        kept = [(t, list(compress(starts, map(keep.__contains__, b))))
                for (t, starts), b in zip(found, blocks, strict=False)]
        return sorted(chain.from_iterable(_with_ends(t, starts) for t, starts in kept))

    def dispersion(self, term: str, bins: int = 40) -> dict[str, list[int]]:
        """Per source holding ``term`` (folded), its occurrences in each of ``bins`` equal
        stretches of the source's text (as ``keywords.dispersion``), in corpus order."""
        term = fold(term).strip()
        if not term:
            return {}
        q = Query((term,))
        return {sid: spread(self._at(i).text, term, bins) for i, sid in enumerate(self._ids) if self._holds(i, q)}

    def word_before(self, hit: Hit) -> str:
        """The (folded) word just left of ``hit`` in its title or paragraph, skipping
        punctuation; or ''."""
        doc = self._doc(hit.source_id)
        floor = doc.starts[doc.block_of(hit)]
        end = floor + hit.start
        ends = self._ends(doc)
        k = bisect_left(ends, end)
        while end > floor:
            start = max(ends[k - 1] if k else 0, floor)
            if _WORD.search(doc.text, start, end):
                return doc.text[start:end]
            end, k = start, k - 1
        return ""

    def word_after(self, hit: Hit) -> str:
        """The (folded) word just right of ``hit`` in its title or paragraph, skipping
        punctuation; or ''."""
        doc = self._doc(hit.source_id)
        block = doc.block_of(hit)
        ceiling = doc.end(block)
        start = doc.starts[block] + hit.end
        ends = self._ends(doc)
        k = bisect_right(ends, start)
        while start < ceiling:
            end = min(ends[k], ceiling)
            if _WORD.search(doc.text, start, end):
                return doc.text[start:end]
            start, k = end, k + 1
        return ""

    def sort(self, hits: Iterable[Hit], by: str = "position") -> list[Hit]:
        """``hits`` in reading order (``position``) or by the word to their ``left``/``right``."""

        def position(h: Hit) -> tuple[int, int, int]:
            return self._order[h.source_id], self._doc(h.source_id).block_of(h), h.start

        if by == "position":
            return list(hits) if isinstance(hits, Hits) else sorted(hits, key=position)
        word = {"left": self.word_before, "right": self.word_after}[by]
        return sorted(hits, key=lambda h: (word(h), position(h)))

    def words(self, source_id: str) -> list[list[str]]:
        """The (folded) tokens of each paragraph of a source (titles left out), spaces and
        punctuation included."""
        doc = self._doc(source_id)
        ends = self._ends(doc)
        bounds = [0, *ends]
        first = [bisect_left(bounds, s) for s in doc.starts]
        last = [k - 1 for k in first[1:]] + [len(ends)]  # drop the joining newline token
        return [
            [doc.text[bounds[i] : bounds[i + 1]] for i in range(a, b)]
            for para, a, b in zip(doc.paras, first, last, strict=False)
            if para
        ]


def _with_ends(term: str, starts: list[int]) -> list[tuple[int, int]]:
    return list(zip(starts, map(len(term).__add__, starts), strict=False))


_CELLS: dict[str, int] = {}


def _cut(text: str, width: int) -> str:
    """``set_cell_size(text, width)``; characters of one or two cells (nearly all) are measured
    from a table, anything else (zero width, graphemes) goes to rich. Every character before the
    first zero-width one takes a cell at least, so only the first ``width`` need measuring."""
    full, text = text, text[:width]
    for c in set(text).difference(_CELLS):
        _CELLS[c] = get_character_cell_size(c)
    widths = list(map(_CELLS.__getitem__, text))
    if 0 in widths:
        return set_cell_size(full, width)
    ends = list(accumulate(widths))
    n = bisect_right(ends, width)
    return text[:n] + " " * (width - (ends[n - 1] if n else 0))


def _fit(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` cut to exactly ``width`` cells, keeping its end (padded left) or its start."""
    if not text.isprintable():
        text = text.translate(_CONTROL)
    return _cut(text[::-1], width)[::-1] if keep_end else _cut(text, width)


def kwic_parts(hit: Hit, width: int, match_width: int = 0) -> tuple[str, str, str]:
    """Left context, match, right context of a KWIC line of exactly ``width`` (≥ 2) cells, with
    one space either side of the match. ``match_width`` reserves at least that many cells for the
    match so lines with matches of different lengths still align."""
    mw = min(max(cell_len(hit.match), match_width), max(width - 2, 0))
    side = max(width - mw - 2, 0)
    left = _fit(hit.left, side // 2, keep_end=True)
    right = _fit(hit.right, side - side // 2)
    return left, _fit(hit.match, mw), right


def kwic_line(hit: Hit, width: int, match_width: int = 0) -> str:
    """A KWIC line: ``left match right`` aligned on the match, ``width`` display cells."""
    left, match, right = kwic_parts(hit, width, match_width)
    return f"{left} {match} {right}"
