"""Corpus search: query parsing, an n-gram index over folded text, KWIC lines.

Matching is on each source's paragraphs after ``fold`` (NFKC, width, Latin case), never on
wrapped screen lines. The index maps every character and character bigram to the sources holding
it, so any substring is found: a query term's n-grams pick candidate sources, then ``str.find``
on the folded text verifies and locates every occurrence. jieba tokens (cached on disk per
source sha256) give the word to the left or right of a hit, for sorting, and the words keyword
extraction counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

from reader.core.errors import UserError
from reader.core.fold import find_all, fold
from reader.core.model import HIDDEN, Source

if TYPE_CHECKING:
    from reader.core.segment import Segmenter

#: Characters of context kept on each side of a hit (enough for a wide terminal).
CONTEXT = 60
SORT_KEYS = ("position", "left", "right")

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


class _Block(NamedTuple):
    """A searchable unit: the title of ``section`` (``para`` 0) or paragraph ``para``."""

    section: int
    para: int
    text: str


def _blocks(source: Source) -> list[_Block]:
    """Titles and paragraphs in reading order; hidden paragraphs and synthetic titles (not in the
    text) are empty."""
    out = []
    for i, sec in enumerate(source.sections):
        out.append(_Block(i, 0, "" if sec.synthetic else sec.title))
        out.extend(_Block(i, p.n, "" if p.kind in HIDDEN else p.text) for p in sec.paragraphs)
    return out


def joined_text(source: Source) -> str:
    """The folded text the index searches: titles and paragraphs joined by newlines."""
    return fold("\n".join(b.text for b in _blocks(source)))


class _Doc:
    """A source as the index sees it: its blocks, their folded text joined by newlines (with the
    offset where each block starts) and the jieba token ends over that text."""

    __slots__ = ("source", "text", "ends", "blocks", "starts", "_block_of")

    def __init__(self, source: Source, text: str, ends: array) -> None:
        self.source = source
        self.text = text
        self.ends = ends
        self.blocks = _blocks(source)
        self.starts = list(accumulate([0] + [len(b.text) + 1 for b in self.blocks[:-1]]))
        self._block_of = {(b.para, b.section if b.para == 0 else 0): k for k, b in enumerate(self.blocks)}

    def block_at(self, pos: int) -> int:
        """Index of the block holding text offset ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def block_of(self, hit: Hit) -> int:
        return self._block_of[(0, hit.heading) if hit.heading is not None else (hit.para, 0)]

    def end(self, k: int) -> int:
        return self.starts[k] + len(self.blocks[k].text)

    def para_after(self, k: int) -> int:
        """The paragraph a heading block introduces: the next one, else the last one."""
        nxt = (b.para for b in self.blocks[k:] if b.para)
        return next(nxt, len(self.source.paragraphs))


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
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(self._digest(text) + ends.tobytes())
                os.replace(tmp, self.folder / f"{sha256}.ends")
            except OSError:
                os.unlink(tmp)
                raise


class Index:
    """Every source's folded text, a character/bigram → sources map, and jieba token ends."""

    def __init__(self, docs: Sequence[_Doc], segmented: Sequence[str] = ()) -> None:
        self._docs = list(docs)
        self._order = {d.source.id: i for i, d in enumerate(self._docs)}
        #: Ids of the sources this build had to segment (the others came from the cache).
        self.segmented = tuple(segmented)
        self._grams: dict[str, array] = {}
        for i, d in enumerate(self._docs):
            self._add_grams(i, d.text)

    def _add_grams(self, i: int, text: str) -> None:
        grams = self._grams
        for g in set(text).union(map(str.__add__, text, text[1:])):
            sources = grams.get(g)
            if sources is None:
                grams[g] = array("I", (i,))
            else:
                sources.append(i)

    @classmethod
    def build(cls, sources: Iterable[Source], segmenter: Segmenter, cache_dir: Path | None = None) -> Index:
        """Index ``sources``; token ends come from ``cache_dir`` when a source's sha256 and text
        match, otherwise from ``segmenter`` (which first learns the corpus's quoted phrases)."""
        from reader.core.segment import quoted_phrases

        sources = list(sources)
        texts = [joined_text(s) for s in sources]
        cache = _TokenCache(cache_dir / "index" / segmenter.fingerprint) if cache_dir else None
        ends = [cache.load(s.sha256, t) if cache else None for s, t in zip(sources, texts)]
        missing = [i for i, e in enumerate(ends) if e is None]
        if missing:
            segmenter.add_words(quoted_phrases(sources))
        for i in missing:
            ends[i] = array("I", [t.end for t in segmenter.tokens(texts[i])])
            if cache:
                cache.save(sources[i].sha256, texts[i], ends[i])
        docs = [_Doc(s, t, e) for s, t, e in zip(sources, texts, ends)]
        return cls(docs, segmented=[sources[i].id for i in missing])

    @property
    def sources(self) -> list[Source]:
        return [d.source for d in self._docs]

    def _doc(self, source_id: str) -> _Doc:
        return self._docs[self._order[source_id]]

    def _candidates(self, terms: Iterable[str]) -> list[int]:
        """Indexes of the sources holding every character bigram (or character) of every term."""
        postings = sorted((self._grams.get(g, ()) for t in terms for g in _grams_of(t)), key=len)
        found = set(postings[0])
        for p in postings[1:]:
            if not found:
                break
            found.intersection_update(p)
        return sorted(found)

    def search(self, query: Query | str) -> list[Hit]:
        """Every occurrence of each included term in the titles and paragraphs that match
        ``query``, in reading order."""
        q = parse_query(query) if isinstance(query, str) else query
        hits: list[Hit] = []
        for i in self._candidates(q.include):
            hits.extend(self._doc_hits(self._docs[i], q))
        return hits

    def _doc_hits(self, doc: _Doc, q: Query) -> list[Hit]:
        found: dict[int, list[tuple[int, int]]] = {}  # block -> (start, end) in doc.text
        blocks: set[int] | None = None
        for term in q.include:
            in_term: set[int] = set()
            for pos in find_all(doc.text, term):
                k = doc.block_at(pos)
                found.setdefault(k, []).append((pos, pos + len(term)))
                in_term.add(k)
            blocks = in_term if blocks is None else blocks & in_term
            if not blocks:
                return []
        keep = sorted(k for k in blocks if not any(doc.text.find(t, doc.starts[k], doc.end(k)) >= 0 for t in q.exclude))
        return [self._hit(doc, k, s, e) for k in keep for s, e in sorted(found[k])]

    @staticmethod
    def _hit(doc: _Doc, k: int, start: int, end: int) -> Hit:
        block = doc.blocks[k]
        s, e = start - doc.starts[k], end - doc.starts[k]
        text = doc.source.paragraphs[block.para - 1].text if block.para else block.text
        para, heading = (block.para, None) if block.para else (doc.para_after(k), block.section)
        section = doc.source.sections[block.section].title
        left, right = text[max(0, s - CONTEXT) : s], text[e : e + CONTEXT]
        return Hit(doc.source.id, para, s, e, section, left, text[s:e], right, heading)

    def dispersion(self, term: str, bins: int = 40) -> dict[str, list[int]]:
        """Per source holding ``term`` (folded), its occurrences in each of ``bins`` equal
        stretches of the source's text (as ``keywords.dispersion``), in corpus order."""
        from reader.core.keywords import spread

        term = fold(term).strip()
        if not term:
            return {}
        strips = ((self._docs[i].source.id, spread(self._docs[i].text, term, bins)) for i in self._candidates([term]))
        return {sid: counts for sid, counts in strips if any(counts)}

    def word_before(self, hit: Hit) -> str:
        """The (folded) word just left of ``hit`` in its title or paragraph, skipping
        punctuation; or ''."""
        doc = self._doc(hit.source_id)
        floor = doc.starts[doc.block_of(hit)]
        end = floor + hit.start
        k = bisect_left(doc.ends, end)
        while end > floor:
            start = max(doc.ends[k - 1] if k else 0, floor)
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
        k = bisect_right(doc.ends, start)
        while start < ceiling:
            end = min(doc.ends[k], ceiling)
            if _WORD.search(doc.text, start, end):
                return doc.text[start:end]
            start, k = end, k + 1
        return ""

    def sort(self, hits: Iterable[Hit], by: str = "position") -> list[Hit]:
        """``hits`` in reading order (``position``) or by the word to their ``left``/``right``."""

        def position(h: Hit) -> tuple[int, int, int]:
            return self._order[h.source_id], self._doc(h.source_id).block_of(h), h.start

        if by == "position":
            return sorted(hits, key=position)
        word = {"left": self.word_before, "right": self.word_after}[by]
        return sorted(hits, key=lambda h: (word(h), position(h)))

    def words(self, source_id: str) -> list[list[str]]:
        """The (folded) tokens of each paragraph of a source (titles left out), spaces and
        punctuation included."""
        doc = self._doc(source_id)
        bounds = [0, *doc.ends]
        first = [bisect_left(bounds, s) for s in doc.starts]
        last = [k - 1 for k in first[1:]] + [len(doc.ends)]  # drop the joining newline token
        return [
            [doc.text[bounds[i] : bounds[i + 1]] for i in range(a, b)]
            for block, a, b in zip(doc.blocks, first, last)
            if block.para
        ]


def _grams_of(term: str) -> set[str]:
    return {term} if len(term) == 1 else {term[i : i + 2] for i in range(len(term) - 1)}


def _fit(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` cut to exactly ``width`` cells, keeping its end (padded left) or its start."""
    text = text.translate(_CONTROL)
    return set_cell_size(text[::-1], width)[::-1] if keep_end else set_cell_size(text, width)


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
