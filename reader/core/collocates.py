"""Collocates of a term: the words found near it more often than chance, as AntConc counts them,
and the frequent 2–4-word n-grams that contain it.

The node is every run of tokens whose text is the (folded) term; its window is ``SPAN`` words to
each side within the paragraph (punctuation and spaces are not words). Scores: log-likelihood (G²)
and mutual information (log₂ observed / expected), with the raw counts beside them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.core.fold import fold
from reader.core.keywords import is_candidate
from reader.core.model import Source

SPAN = 5
_WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Collocate:
    """``count`` times within the window of the term; ``freq`` times in the corpus."""

    word: str
    count: int
    freq: int
    ll: float
    mi: float


@dataclass(frozen=True, slots=True)
class Ngram:
    ngram: str
    count: int


def _nodes(words: list[str], term: str) -> list[tuple[int, int]]:
    """``(first, last + 1)`` word indices of each occurrence of ``term`` as whole tokens."""
    out = []
    for i, w in enumerate(words):
        if not term.startswith(w):
            continue
        text, j = w, i + 1
        while len(text) < len(term) and j < len(words):
            text += words[j]
            j += 1
        if text == term:
            out.append((i, j))
    return out


def _g2(o11: float, o12: float, o21: float, o22: float) -> float:
    n = o11 + o12 + o21 + o22
    total = 0.0
    for o, row, col in ((o11, o11 + o12, o11 + o21), (o12, o11 + o12, o12 + o22),
                        (o21, o21 + o22, o11 + o21), (o22, o21 + o22, o12 + o22)):
        if o > 0:
            total += o * math.log(o * n / (row * col))
    return 2 * total


def collocates(
    term: str, sources: Iterable[Source], words: Callable[[str], list[list[str]]], top: int = 20, min_count: int = 2
) -> tuple[list[Collocate], list[Ngram]]:
    """The ``top`` collocates of ``term`` by log-likelihood (seen at least ``min_count`` times),
    and the ``top`` most frequent 2–4-word n-grams holding it."""
    key = fold(term).strip()
    freq: Counter[str] = Counter()
    near: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    window_words = 0
    for source in sources:
        for para in words(source.id):
            seq = [w for w in para if _WORD.search(w)]
            freq.update(seq)
            if key not in "".join(seq):
                continue
            nodes = _nodes(seq, key)
            inside = {k for i, j in nodes for k in range(i, j)}
            window = {k for i, j in nodes for k in range(max(0, i - SPAN), min(len(seq), j + SPAN))} - inside
            window_words += len(window)
            near.update(seq[k] for k in window if is_candidate(seq[k]))
            for i, j in nodes:
                grams.update(_around(seq, i, j))
    size = sum(freq.values())
    found = []
    for w, o11 in near.items():
        if o11 < min_count or w == key:
            continue
        expected = window_words * freq[w] / max(1, size)
        o12, o21 = window_words - o11, freq[w] - o11
        o22 = max(0, size - window_words - o21)
        found.append(Collocate(w, o11, freq[w], round(_g2(o11, o12, o21, o22), 3), round(math.log2(o11 / expected), 3)))
    found.sort(key=lambda c: (-c.ll, -c.count, c.word))
    ngrams = [Ngram(g, c) for g, c in sorted(grams.items(), key=lambda gc: (-gc[1], -len(gc[0]), gc[0])) if c > 1]
    return found[:top], ngrams[:top]


def _around(seq: list[str], i: int, j: int) -> Iterable[str]:
    """The 2–4-word n-grams of ``seq`` that hold the node ``seq[i:j]`` whole."""
    width = j - i
    for n in range(max(2, width + 1), 5):
        for start in range(max(0, j - n), min(i, len(seq) - n) + 1):
            yield "".join(seq[start : start + n])


def near(tokens: list[str], start: int, end: int, item: str) -> bool:
    """Whether ``item`` (a collocate or an n-gram, folded) goes with the term at ``[start, end)``
    of a paragraph cut into ``tokens``: an n-gram found over that span, or a word among the
    ``SPAN`` words on either side."""
    text = "".join(tokens)
    at = text.find(item)
    while at >= 0:
        if at < end and at + len(item) > start:
            return True
        at = text.find(item, at + 1)
    before: list[str] = []
    after: list[str] = []
    pos = 0
    for w in tokens:
        if _WORD.search(w):
            if pos + len(w) <= start:
                before.append(w)
            elif pos >= end:
                after.append(w)
        pos += len(w)
    return item in before[-SPAN:] or item in after[:SPAN]
