"""Corpus search: the corpus index and its hits (queries are in ``query``, where terms occur in
``spans``, KWIC lines in ``kwic``).

Matching is on each source's titles and paragraphs after ``fold`` (NFKC, width, Latin case),
never on wrapped screen lines, so any substring is found. Built from parsed sources the index
searches each folded text with C-level ``str`` methods. Built from a corpus catalog it decodes
nothing to search: terms are found in the catalog's memory-mapped folded UTF-8, only the stretch
from a hit's block start to the hit is decoded to place it, and a hit's context is cut from the
original text there. jieba tokens (segmenting is the slow part: ~1.4 MB/s) are made only when a
left/right sort or keywords ask for a source's tokens, and cached on disk by sha256. A
character-bigram inverted index was tried and dropped: built in Python it took ~4 s per 20 MB at
every launch to save ~5 ms a query.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import accumulate, starmap
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.files import atomic_write
from reader.core.fold import fold
from reader.core.kwic import kwic_line, kwic_parts
from reader.core.model import Source
from reader.core.query import Query, QueryError, parse_query
from reader.core.searchable import joined_text, searchable, spread
from reader.core.spans import Spans, text_spans, utf8_spans

if TYPE_CHECKING:
    from reader.core.catalog import Catalog
    from reader.core.segment import Segmenter

__all__ = ["CONTEXT", "Hit", "Hits", "Index", "Query", "QueryError", "joined_text", "kwic_line", "kwic_parts",
           "parse_query"]

#: Characters of context kept on each side of a hit (enough for a wide terminal).
CONTEXT = 60

_WORD = re.compile(r"\w")


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


#: ``Hit(*fields)`` without the generated ``__new__`` (a Python call per hit).
_hit = partial(tuple.__new__, Hit)


class _Doc:
    """A source as the index sees it: its titles and paragraphs ("blocks") joined by newlines,
    folded (``text``, decoded on first use when it comes from a catalog) and as written
    (``original(start, end)`` cuts it, same offsets), where each block starts, and its jieba token
    ends (``None`` until a sort or keywords need them). ``find`` gives a query's spans in it."""

    __slots__ = ("id", "sha256", "length", "original", "titles", "starts", "sections", "paras", "ends", "_text",
                 "_find", "_pblock")

    def __init__(self, sid: str, sha256: str, text: str | Callable[[], str], length: int,
                 original: Callable[[int, int], str], titles: Sequence[str], blocks: array,
                 find: Callable[[Query], Spans] | None = None) -> None:
        self.id, self.sha256, self._text, self.length, self.original = sid, sha256, text, length, original
        self.titles, self._find = titles, find
        self.ends: array | None = None
        n = len(blocks) // 3
        self.starts, self.sections, self.paras = blocks[:n], blocks[n : 2 * n], blocks[2 * n :]
        self._pblock: array | None = None

    @classmethod
    def of(cls, source: Source) -> _Doc:
        original, blocks = searchable(source)
        return cls(source.id, source.sha256, fold(original), len(original), lambda a, b: original[a:b],
                   [s.title for s in source.sections], blocks)

    @property
    def text(self) -> str:
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    def find(self, q: Query) -> Spans:
        """``(start, end)`` of ``q``'s included terms in the blocks that hold every included term
        and no excluded one, in order."""
        if self._find is not None:
            return self._find(q)
        return text_spans(self.text, self.starts, q.include, q.exclude)

    def end(self, k: int) -> int:
        """Where block ``k`` ends in ``text``."""
        return self.starts[k + 1] - 1 if k + 1 < len(self.starts) else self.length

    def block_of(self, hit: Hit) -> int:
        """The block ``hit`` is in: its section's title, or its paragraph."""
        if hit.heading is not None:
            return bisect_left(self.sections, hit.heading)
        return self.pblock[hit.para - 1]

    @property
    def pblock(self) -> array:
        """The block of paragraph ``n`` at ``[n - 1]``."""
        if self._pblock is None:
            self._pblock = array("I", (k for k, p in enumerate(self.paras) if p))
        return self._pblock

    def hit(self, start: int, end: int) -> Hit:
        """The hit for ``text[start:end]`` (inside one block)."""
        k = bisect_right(self.starts, start) - 1
        para, title, base = self.paras[k], self.titles[self.sections[k]], self.starts[k]
        first = max(base, start - CONTEXT)
        stop = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else self.length  # self.end(k), inlined
        text = self.original(first, min(stop, end + CONTEXT))
        s, e = start - first, end - first
        left, match, right = text[:s], text[s:e], text[e:]
        s, e = start - base, end - base
        if para:
            return _hit((self.id, para, s, e, title, left, match, right, None))
        introduced = next((n for n in self.paras[k:] if n), len(self.pblock))  # by this title
        return _hit((self.id, introduced, s, e, title, left, match, right, self.sections[k]))


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


_Group = tuple[_Doc, Spans]  # a source, (start, end) of each hit in its text


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


def _holding(docs: Sequence[_Doc], q: Query) -> list[int]:
    """The indexes of the ``docs`` whose text holds every included term of ``q``."""
    return [i for i, d in enumerate(docs) if all(t in d.text for t in q.include)]


class Index:
    """Every source's folded text, searched with ``str.find``, and its jieba token ends, segmented
    (or read from the token cache) when a sort or keywords first need them."""

    def __init__(self, ids: Sequence[str], make: Callable[[int], _Doc], holders: Callable[[Query], Iterable[int]],
                 segmenter: Segmenter | None = None, cache_dir: Path | None = None,
                 phrases: Callable[[], Iterable[str]] = set, sources: Callable[[], list[Source]] = list) -> None:
        self._ids = list(ids)
        self._order = {sid: i for i, sid in enumerate(self._ids)}
        self._make, self._holders, self._phrases, self._sources = make, holders, phrases, sources
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
        index = cls([d.id for d in docs], docs.__getitem__,
                    partial(_holding, docs),
                    segmenter, cache_dir, lambda: quoted_phrases(sources), lambda: sources)
        for doc in docs:
            index._ends(doc)
        return index

    @classmethod
    def from_catalog(cls, catalog: Catalog, segmenter: Segmenter | None = None, cache_dir: Path | None = None,
                     extra: Sequence[Source] = ()) -> Index:
        """Index a corpus from its catalog, then ``extra`` sources after it: the catalog's text is
        searched where it lies, decoded only around the hits."""
        entries, added = catalog.entries, [_Doc.of(s) for s in extra]

        def make(i: int) -> _Doc:
            if i >= len(entries):
                return added[i - len(entries)]
            e = entries[i]
            blocks = array("I")
            blocks.frombytes(e.blocks)
            n, (at, size) = len(blocks) // 4, e.text[2:]
            starts, byte_starts = blocks[:n], blocks[3 * n :]

            def find(q: Query) -> Spans:
                return utf8_spans(catalog.text, at, size, byte_starts, starts, q.include, q.exclude)

            return _Doc(e.id, e.sha256, lambda: catalog.folded(e), e.text[1] // 4,
                        partial(catalog.original, e), [s[0] for s in e.sections], blocks[: 3 * n], find)

        def holders(q: Query) -> list[int]:
            found = catalog.holding(t.encode("utf-8", "surrogatepass") for t in q.include)
            return [*found, *(len(entries) + k for k in _holding(added, q))]

        def phrases() -> set[str]:
            from reader.core.segment import quoted_phrases

            return {p for i in range(len(entries)) for p in entries.phrases(i)} | quoted_phrases(extra)

        return cls([*entries.ids, *(d.id for d in added)], make, holders, segmenter, cache_dir, phrases,
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
        for i in self._holders(q):
            doc = self._at(i)
            spans = doc.find(q)
            if spans:
                groups.append((doc, spans))
        return Hits(groups)

    def dispersion(self, term: str, bins: int = 40) -> dict[str, list[int]]:
        """Per source holding ``term`` (folded), its occurrences in each of ``bins`` equal
        stretches of the source's text (as ``keywords.dispersion``), in corpus order."""
        term = fold(term).strip()
        if not term:
            return {}
        q = Query((term,))
        return {self._ids[i]: spread(self._at(i).text, term, bins) for i in self._holders(q)}

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
