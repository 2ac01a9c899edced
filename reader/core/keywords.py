"""Keywords: watch-word spans, auto keywords (TF-IDF, TextRank, keyness), dispersion.

Watch-words match on folded text (``fold``), like search. Auto keywords are computed from the
jieba tokens of a ``Corpus`` (usually ``Corpus.from_index(index)``), never single characters,
numbers or function words (``data/stopwords.txt``), nor words that start or end with a particle
(的, 地, 得) unless jieba knows them (目的, 地区). A word found nearly always after the same surname
is a name cut by jieba and is shown whole (拥军 → 胡拥军). Words generic in government reports
(``data/reference.txt``, built by ``bench/build_reference.py``) are ranked down.
"""

from __future__ import annotations

import heapq
import importlib.util
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.fold import find_all, fold
from reader.core.model import HIDDEN, Source
from reader.core.searchable import joined_text, spread

if TYPE_CHECKING:
    from reader.core.search import Index

#: Sources after which corpus IDF counts as much as jieba's bundled IDF.
IDF_PRIOR = 20
_LETTER = re.compile(r"[a-z\u3400-\u4dbf\u4e00-\u9fff]")
_NUMERIC = frozenset("0123456789.,%:+-/零〇一二三四五六七八九十百千万亿两第年月日号时分秒个余多几半度")
_PARTICLES = frozenset("的地得")
#: Common surnames: a one-character token of these before a word that nearly always follows it
#: makes a name (胡 + 拥军).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常葛"
)
#: How much a word generic in government reports is ranked down: scores are divided by
#: ``1 + GENERIC × share`` (share: of background paragraphs holding the word).
GENERIC = 12
#: A word is part of a name when at least this share of its occurrences follow one surname.
NAME_SHARE = 0.8


class Keyword(NamedTuple):
    word: str
    score: float
    count: int  # type: ignore[assignment]  # shadows tuple.count on purpose: the JSON key


# -- watch-words -----------------------------------------------------------------------------


def watch_spans(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of every occurrence of the watch ``words`` in ``text``, matched
    after folding; overlaps are resolved longest first; sorted by ``start``."""
    folded = fold(text)
    found = [
        (pos, pos + len(key), word)
        for word in dict.fromkeys(words)
        if (key := fold(word).strip())
        for pos in find_all(folded, key)
    ]
    found.sort(key=lambda s: (s[0] - s[1], s[0]))
    taken: list[tuple[int, int, str]] = []
    for span in found:
        i = bisect_left(taken, span[0], key=itemgetter(0))
        if (i == 0 or taken[i - 1][1] <= span[0]) and (i == len(taken) or span[1] <= taken[i][0]):
            taken.insert(i, span)
    return taken


def section_counts(source: Source, words: Iterable[str]) -> list[Counter[str]]:
    """Per section of ``source``, how often each watch-word occurs (as ``watch_spans`` counts)."""
    words = list(words)
    return [
        Counter(w for p in sec.paragraphs if p.kind not in HIDDEN for _, _, w in watch_spans(p.text, words))
        for sec in source.sections
    ]


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """One character per count: a space for 0, else ``▁``…``█`` scaled to the largest count."""
    peak = max(counts, default=0)
    return "".join(SPARKS[(c * len(SPARKS) - 1) // peak] if c else " " for c in counts)


def rebin(counts: Sequence[int], bins: int) -> list[int]:
    """``counts`` summed into at most ``bins`` consecutive groups of (nearly) equal size."""
    if len(counts) <= bins:
        return list(counts)
    out = [0] * bins
    for i, c in enumerate(counts):
        out[i * bins // len(counts)] += c
    return out


def dispersions(source: Source, words: Iterable[str], bins: int = 40) -> dict[str, list[int]]:
    """Per word, its occurrences in each of ``bins`` equal stretches of ``source``: sparklines."""
    text = joined_text(source)
    return {word: spread(text, fold(word).strip(), bins) for word in words}


def dispersion(source: Source, word: str, bins: int = 40) -> list[int]:
    """Occurrences of ``word`` in each of ``bins`` equal stretches of ``source``: a sparkline."""
    return dispersions(source, [word], bins)[word]


# -- auto keywords -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    data = resources.files("reader.core").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(fold(w) for line in data.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def reference() -> dict[str, float]:
    """How generic each word is in government-report prose (0..1), from ``data/reference.txt``."""
    data = resources.files("reader.core").joinpath("data/reference.txt").read_text(encoding="utf-8")
    rows = (line.split() for line in data.splitlines() if line and not line.startswith("#"))
    return {word: float(share) for word, share in rows}


@cache
def is_candidate(word: str) -> bool:
    """Can ``word`` (folded) be a keyword: 2+ characters, a letter or ideograph, not a number or
    a date, not a stop word, not starting or ending with a particle unless it is a known word."""
    if len(word) < 2 or not _LETTER.search(word) or word in stopwords():
        return False
    if (word[0] in _PARTICLES or word[-1] in _PARTICLES) and word not in jieba_idf()[0]:
        return False
    rest = [c for c in word if c not in _NUMERIC]
    if not rest:
        return False
    return len(rest) >= 2 or not any(c.isdigit() for c in word)


@lru_cache(maxsize=1)
def jieba_idf() -> tuple[dict[str, float], float, float]:
    """jieba's bundled IDF table (read without importing jieba), its median and its maximum."""
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is a dependency"
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2], values[-1]


class Corpus:
    """Word counts of a set of sources: what keyword scores are measured against.

    ``words(source_id)`` gives the folded tokens of each paragraph (``Index.words``). ``counted``
    is (document frequency, totals) when they were counted elsewhere (in another process):
    ``sources`` is then kept as given, not read.
    """

    def __init__(self, sources: Sequence[Source], words: Callable[[str], list[list[str]]],
                 counted: tuple[Counter[str], Counter[str]] | None = None) -> None:
        self.sources = sources if counted else list(sources)
        self._words = words
        self._counts: dict[str, Counter[str]] = {}
        self.df: Counter[str] = Counter()
        if counted:
            self.df, self.__dict__["totals"] = counted
        for s in () if counted else self.sources:
            self.df.update(self.counts(s).keys())

    @cached_property
    def totals(self) -> Counter[str]:
        """How often each candidate occurs in the whole corpus."""
        totals: Counter[str] = Counter()
        for s in self.sources:
            totals.update(self.counts(s))
        return totals

    @cached_property
    def size(self) -> int:
        """How many candidate occurrences the corpus holds."""
        return sum(self.totals.values())

    @classmethod
    def from_index(cls, index: Index) -> Corpus:
        return cls(index.sources, index.words)

    def candidates(self, source: Source, section: int | None = None) -> list[list[str]]:
        """The keyword candidates of each paragraph of ``source`` (or of one of its sections)."""
        paras = self._words(source.id)
        if section is not None:
            numbers = [p.n for p in source.sections[section].paragraphs]
            paras = [paras[n - 1] for n in numbers]
        return [[w for w in para if is_candidate(w)] for para in paras]

    def counts(self, source: Source, section: int | None = None) -> Counter[str]:
        """How often each candidate occurs in ``source`` (or one of its sections); a whole
        source is counted once."""
        if section is None and source.id in self._counts:
            return self._counts[source.id]
        paras = self._words(source.id)
        if section is not None:
            paras = [paras[p.n - 1] for p in source.sections[section].paragraphs]
        counts = Counter(chain.from_iterable(paras))
        for w in [w for w in counts if not is_candidate(w)]:
            del counts[w]
        if section is None:
            self._counts[source.id] = counts
        return counts

    @cached_property
    def weights(self) -> dict[str, float]:
        """Per word of the corpus: its IDF times its ``generic_factor`` (what TF-IDF weighs by)."""
        return {w: self.idf(w) * generic_factor(w) for w in self.df}

    def idf(self, word: str) -> float:
        """IDF from this corpus blended with jieba's (which dominates while the corpus is small),
        each scaled to at most 1."""
        n = len(self.sources)
        corpus = (1 + math.log((n + 1) / (self.df[word] + 1))) / (1 + math.log((n + 1) / 2))
        table, median, top = jieba_idf()
        weight = n / (n + IDF_PRIOR)
        return weight * corpus + (1 - weight) * table.get(word, median) / top


def generic_factor(word: str) -> float:
    """What a score is multiplied by: below 1 for words generic in government reports."""
    return 1 / (1 + GENERIC * reference().get(word, 0.0))


def _top(scores: dict[str, float], counts: Counter[str], top: int, source: Source) -> list[Keyword]:
    """The ``top`` words by score (generic words already ranked down), names shown whole."""
    best = sorted(heapq.nlargest(top + 5, scores.items(), key=itemgetter(1)), key=lambda kv: (-kv[1], kv[0]))
    text = "\n".join(p.text for p in source.paragraphs if p.kind not in HIDDEN)
    out: dict[str, Keyword] = {}
    for w, s in best:
        word, count = _whole(text, w, counts[w])
        if word not in out and len(out) < top:
            out[word] = Keyword(word, round(s, 6), count)
    return list(out.values())


def _whole(text: str, word: str, count: int) -> tuple[str, int]:
    """``word`` with the surname it nearly always follows in ``text`` (a name jieba cut), and
    how often that name occurs; else ``word`` and ``count``."""
    if len(word) > 2:
        return word, count
    before = Counter(text[pos - 1] for pos in find_all(text, word) if pos)
    if before:
        surname, n = before.most_common(1)[0]
        if surname in SURNAMES and n >= 2 and n >= NAME_SHARE * sum(before.values()):
            return surname + word, n
    return word, count


def tfidf(source: Source, corpus: Corpus, section: int | None = None, top: int = 20) -> list[Keyword]:
    """The ``top`` words of ``source`` (or of one of its sections) by TF-IDF."""
    counts = corpus.counts(source, section)
    total = sum(counts.values()) or 1
    weights = corpus.weights
    scores = {w: c / total * (weights.get(w) or corpus.idf(w) * generic_factor(w)) for w, c in counts.items()}
    return _top(scores, counts, top, source)


def textrank(
    source: Source, corpus: Corpus, section: int | None = None, top: int = 20, window: int = 5
) -> list[Keyword]:
    """The ``top`` words by TextRank: PageRank over co-occurrence within ``window`` candidates."""
    paras = corpus.candidates(source, section)
    graph: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for para in paras:
        for i, w in enumerate(para):
            for v in para[i + 1 : i + window]:
                if v != w:
                    graph[w][v] += 1
                    graph[v][w] += 1
    out = {w: sum(nbrs.values()) for w, nbrs in graph.items()}
    rank = dict.fromkeys(graph, 1.0)
    for _ in range(20):
        rank = {w: 0.15 + 0.85 * sum(rank[v] * c / out[v] for v, c in nbrs.items()) for w, nbrs in graph.items()}
    peak = max(rank.values(), default=1.0)
    counts = Counter(w for para in paras for w in para)
    return _top({w: r / peak * generic_factor(w) for w, r in rank.items()}, counts, top, source)


def keyness(source: Source, corpus: Corpus, top: int = 20) -> list[Keyword]:
    """Words ``source`` uses more than the rest of ``corpus``, by log-likelihood (G²)."""
    counts = corpus.counts(source)
    c = sum(counts.values())
    d = corpus.size - c
    if not c or not d:
        return []
    scores = {}
    for w, a in counts.items():
        b = corpus.totals[w] - a
        if a / c > b / d:
            e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
            scores[w] = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0.0)) * generic_factor(w)
    return _top(scores, counts, top, source)
