"""Two reports read against each other: paired paragraphs, word-level edits, new and dropped
wording, changed figures.

Paragraphs are paired on folded text: identical ones first, then the closest remaining ones
(rapidfuzz ratio ≥ ``MATCH_AT``). A pair that keeps the order of the paragraphs around it is
``same`` (or ``changed``); an identical pair out of order is ``moved``; the unpaired are
``removed`` (only in A) and ``added`` (only in B). Tokens come from a ``words(source_id)``
callable giving the tokens of each paragraph (``Index.words``), so nothing is segmented twice.
"""

from __future__ import annotations

import difflib
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple

from reader.core.address import format_address
from reader.core.figures import Figure, by_indicator, figures
from reader.core.fold import fold
from reader.core.model import HIDDEN, META, Paragraph, Source

SAME, MOVED, CHANGED, ADDED, REMOVED = "same", "moved", "changed", "added", "removed"
STATUSES = (SAME, MOVED, CHANGED, ADDED, REMOVED)
#: Lowest similarity (0..1) at which two different paragraphs are the same paragraph edited.
MATCH_AT = 0.6
NGRAM = (2, 6)
#: Paragraphs of B scored against each unpaired paragraph of A: those sharing most trigrams.
CANDIDATES = 5
_WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
_EDGE = frozenset("的地得了着过和与及或等之其在对把被将为向从以于也都就而并是有")

Words = Callable[[str], list[list[str]]]


@dataclass(frozen=True, slots=True)
class Edit:
    """A run of tokens: ``op`` is ``equal``, ``insert`` (only in B) or ``delete`` (only in A)."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Paragraph ``a`` of report A and ``b`` of report B (numbers, None when absent)."""

    a: int | None
    b: int | None
    status: str
    similarity: float
    section: str
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    """Wording in one report and not the other: its count and its addresses there."""

    term: str
    count: int
    score: float
    places: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FigureChange:
    indicator: str
    a: Figure | None
    b: Figure | None

    def line(self) -> str:
        """``地区生产总值 8% → 6.5%左右``."""
        before = self.a.label() if self.a else "—"
        after = self.b.label() if self.b else "—"
        return f"{self.indicator} {before} → {after}"


@dataclass
class Comparison:
    a: Source
    b: Source
    pairs: list[Pair]
    added: list[Term] = field(default_factory=list)
    dropped: list[Term] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    def summary(self) -> Counter[str]:
        """How many pairs of each status."""
        return Counter(p.status for p in self.pairs)

    def address(self, pair: Pair, side: str) -> str | None:
        n = pair.a if side == "a" else pair.b
        return None if n is None else format_address((self.a if side == "a" else self.b).id, n)

    def as_json(self) -> dict:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "pairs": [
                {"a": self.address(p, "a"), "b": self.address(p, "b"), "status": p.status, "similarity": p.similarity}
                for p in self.pairs
            ],
            "terms": {
                "added": [{"term": t.term, "count": t.count} for t in self.added],
                "dropped": [{"term": t.term, "count": t.count} for t in self.dropped],
            },
            "figures": [
                {"indicator": f.indicator, "a": f.a and f.a.as_json(), "b": f.b and f.b.as_json()} for f in self.figures
            ],
        }


def _paragraphs(source: Source) -> list[Paragraph]:
    return [p for p in source.paragraphs if p.kind not in HIDDEN and p.kind != META and p.text.strip()]


def _key(text: str) -> str:
    return _SPACE.sub("", fold(text))


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of ``(i, j)`` pairs (sorted by ``i``) whose ``j`` also increase."""
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    keep = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(pairs[k])
        k = back[k]
    return keep


def _shingles(key: str) -> set[str]:
    """The character trigrams of a paragraph: two paragraphs worth comparing share some."""
    return {key[k : k + 3] for k in range(max(1, len(key) - 2))}


def _candidates(shared: Counter[int]) -> list[int]:
    """The ``CANDIDATES`` paragraphs sharing most trigrams (of those as good, the first ones)."""
    if len(shared) <= CANDIDATES:
        return list(shared)
    least = sorted(shared.values(), reverse=True)[CANDIDATES - 1]
    above = [j for j, count in shared.items() if count > least]
    return above + sorted(j for j, count in shared.items() if count == least)[: CANDIDATES - len(above)]


def _match(a_keys: list[str], b_keys: list[str]) -> tuple[list[tuple[int, int]], dict[tuple[int, int], float]]:
    """Identical paragraphs first (in order), then the most similar of the rest, greedily: each
    paragraph of A is scored against the ``CANDIDATES`` of B sharing most trigrams with it."""
    from rapidfuzz import fuzz

    free_b: defaultdict[str, deque[int]] = defaultdict(deque)
    for j, k in enumerate(b_keys):
        free_b[k].append(j)
    exact: list[tuple[int, int]] = []
    for i, k in enumerate(a_keys):
        if free_b.get(k):
            exact.append((i, free_b[k].popleft()))
    taken_a = {i for i, _ in exact}
    taken_b = {j for _, j in exact}
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for j, k in enumerate(b_keys):
        if j not in taken_b:
            for gram in _shingles(k):
                postings[gram].append(j)
    cutoff = MATCH_AT * 100
    scored = []
    for i, k in enumerate(a_keys):
        if i in taken_a:
            continue
        shared = Counter(chain.from_iterable(map(postings.__getitem__, _shingles(k) & postings.keys())))
        for j in _candidates(shared):
            if (score := fuzz.ratio(k, b_keys[j], score_cutoff=cutoff)) >= cutoff:
                scored.append((score, i, j))
    fuzzy: dict[tuple[int, int], float] = {}
    for score, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            fuzzy[(i, j)] = round(score / 100, 3)
    return sorted(exact + list(fuzzy)), fuzzy


def word_edits(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> tuple[Edit, ...]:
    """Word-level differences between two token lists, in reading order (deletions first)."""
    out: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, a_tokens, b_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Edit("equal", "".join(b_tokens[j1:j2])))
            continue
        if i2 > i1:
            out.append(Edit("delete", "".join(a_tokens[i1:i2])))
        if j2 > j1:
            out.append(Edit("insert", "".join(b_tokens[j1:j2])))
    return tuple(out)


def _slices(text: str, folded_tokens: list[str]) -> list[str]:
    """The original text of each (folded, same-length) token."""
    out, at = [], 0
    for w in folded_tokens:
        out.append(text[at : at + len(w)])
        at += len(w)
    return out


def pair_paragraphs(a: Source, b: Source, words: Words) -> list[Pair]:
    """Every paragraph of A and of B in one pair, in B's reading order (A's removed paragraphs
    after the pair of the paragraph they followed)."""
    pa, pb = _paragraphs(a), _paragraphs(b)
    matched, fuzzy = _match([_key(p.text) for p in pa], [_key(p.text) for p in pb])
    ordered = _in_order(matched)
    wa, wb = words(a.id), words(b.id)
    rows: list[tuple[tuple, Pair]] = []
    b_of: dict[int, int] = {}
    for i, j in matched:
        b_of[i] = j
        pair_a, pair_b = pa[i], pb[j]
        title = b.sections[b.section_index(pair_b.n)].title
        if (i, j) in fuzzy:
            edits = word_edits(_slices(pair_a.text, wa[pair_a.n - 1]), _slices(pair_b.text, wb[pair_b.n - 1]))
            pair = Pair(pair_a.n, pair_b.n, CHANGED, fuzzy[(i, j)], title, edits)
        else:
            pair = Pair(pair_a.n, pair_b.n, SAME if (i, j) in ordered else MOVED, 1.0, title)
        rows.append(((j, 0, 0), pair))
    paired_b = set(b_of.values())
    for j, p in enumerate(pb):
        if j not in paired_b:
            rows.append(((j, 0, 0), Pair(None, p.n, ADDED, 0.0, b.sections[b.section_index(p.n)].title)))
    last = -1
    for i, p in enumerate(pa):
        if i in b_of:
            last = b_of[i]
        else:
            rows.append(((last, 1, i), Pair(p.n, None, REMOVED, 0.0, a.sections[a.section_index(p.n)].title)))
    return [pair for _, pair in sorted(rows, key=lambda r: r[0])]


class _Grams(NamedTuple):
    """The n-grams of some paragraphs: their counts, the paragraphs' folded texts, the words."""

    counts: Counter[str]
    texts: dict[int, str]
    size: int


class _Kinds(dict[str, int]):
    """Token → 0 (not a word: punctuation, space), 1 (a particle, never at an n-gram's edge) or
    2 (a word), worked out once per distinct token."""

    def __missing__(self, token: str) -> int:
        kind = self[token] = 0 if not _WORD.search(token) else 1 if token in _EDGE else 2
        return kind


def _ngrams(source: Source, numbers: Sequence[int], words: Words) -> _Grams:
    """The 2–6-word n-grams (words only, not across punctuation, no particle at either end) of
    paragraphs ``numbers`` of ``source``."""
    grams: list[str] = []
    texts: dict[int, str] = {}
    size = 0
    tokens = words(source.id)
    kinds = _Kinds()
    lo, hi = NGRAM
    for n in numbers:
        text = texts[n] = "".join(tokens[n - 1])
        # each word's start and end, and the run of words it is in, on its left edge and its
        # right edge (-1, -2 for a particle): words k to m make an n-gram when lefts[k] == rights[m]
        starts: list[int] = []
        ends: list[int] = []
        lefts: list[int] = []
        rights: list[int] = []
        at = run = 0
        for w, kind in zip(tokens[n - 1], map(kinds.__getitem__, tokens[n - 1]), strict=True):
            if kind:
                starts.append(at)
                ends.append(at + len(w))
                lefts.append(run if kind == 2 else -1)
                rights.append(run if kind == 2 else -2)
            else:
                run += 1
            at += len(w)
        size += len(starts)
        for width in range(lo - 1, hi):
            edges = zip(starts, ends[width:], lefts, rights[width:], strict=False)
            grams += [text[a:b] for a, b, x, y in edges if x == y]
    return _Grams(Counter(grams), texts, size)


def _distinct(mine: _Grams, theirs: _Grams, other_text: str, source_id: str, top: int) -> list[Term]:
    """The ``top`` n-grams of ``mine`` that the other report never has, by log-likelihood; a
    phrase inside a longer one, or overlapping one found as often, is left out."""
    counts = mine.counts
    ranked = [g for g in counts if g not in theirs.counts]
    ranked.sort()
    ranked.sort(key=len, reverse=True)
    ranked.sort(key=counts.__getitem__, reverse=True)
    out: list[Term] = []
    total = mine.size + theirs.size
    for gram in ranked:
        if len(out) >= top:
            break
        a = counts[gram]
        if any(gram in t.term or _overlap(gram, t, a) for t in out) or gram in other_text:
            continue
        score = 2 * a * math.log(total / max(1, mine.size))
        places = tuple(format_address(source_id, n) for n, text in mine.texts.items() if gram in text)
        out.append(Term(gram, a, round(score, 3), places))
    return out


def _overlap(gram: str, term: Term, count: int) -> bool:
    """Is ``gram`` another cut of ``term``'s phrase: as often, and mostly the same characters."""
    return count == term.count and len(set(gram) & set(term.term)) > len(gram) / 2


def changed_figures(a: Source, b: Source) -> list[FigureChange]:
    """Figures matched by indicator whose value or qualifier differ, and targets in one report only."""
    fa, fb = by_indicator(figures(a)), by_indicator(figures(b))
    out = []
    for ind in [*fb, *(k for k in fa if k not in fb)]:
        x, y = fa.get(ind), fb.get(ind)
        if x and y:
            if (x.number, x.unit, x.qualifier) != (y.number, y.unit, y.qualifier):
                out.append(FigureChange(ind, x, y))
        elif (x or y).kind == "target":  # type: ignore[union-attr]
            out.append(FigureChange(ind, x, y))
    return out


def compare(a: Source, b: Source, words: Words, top: int = 30) -> Comparison:
    """Report ``a`` (the earlier) read against ``b``."""
    from reader.core.search import joined_text

    tokens = {a.id: words(a.id), b.id: words(b.id)}
    words = tokens.__getitem__
    pairs = pair_paragraphs(a, b, words)
    kept_a = [p.a for p in pairs if p.a is not None and p.status not in (SAME, MOVED)]
    kept_b = [p.b for p in pairs if p.b is not None and p.status not in (SAME, MOVED)]
    grams_a = _ngrams(a, sorted(kept_a), words)
    grams_b = _ngrams(b, sorted(kept_b), words)
    return Comparison(
        a,
        b,
        pairs,
        added=_distinct(grams_b, grams_a, joined_text(a), b.id, top),
        dropped=_distinct(grams_a, grams_b, joined_text(b), a.id, top),
        figures=changed_figures(a, b),
    )
