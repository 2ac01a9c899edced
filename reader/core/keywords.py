"""Keywords: watch-word spans, auto keywords (TF-IDF, TextRank, keyness), dispersion.

Watch-words match on folded text (``fold``), like search. Auto keywords are computed from the
jieba tokens of a ``Corpus`` (usually ``Corpus.from_index(index)``), never single characters,
numbers or function words (``data/stopwords.txt``), nor words that start or end with a particle
(的, 地, 得) unless jieba knows them (目的, 地区). A word found nearly always after the same surname
is a name cut by jieba and is shown whole (拥军 → 胡拥军). Words generic in government reports
(``data/reference.txt``, built by ``bench/build_reference.py``) are ranked down. A ``CountStore``
(:mod:`reader.core.keyword_store`) keeps each source's candidate counts and TextRank scores on
disk, so a corpus is counted and ranked once.
"""

from __future__ import annotations

import importlib.util
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import chain
from operator import itemgetter, mul, truediv
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.fold import find_all, fold
from reader.core.keyword_store import CountStore
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
#: Words apart (fewer than) that TextRank links.
WINDOW = 5
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
    table: dict[str, float] = {}
    with open(Path(spec.origin).parent / "analyse" / "idf.txt", encoding="utf-8") as f:
        # in slices of lines: read in a worker thread, each slice lets the UI thread run after it
        while lines := f.readlines(1 << 17):
            fields = iter("".join(lines).split())
            table.update(zip(fields, map(float, fields), strict=False))  # word value word value …
    values = sorted(table.values())
    return table, values[len(values) // 2], values[-1]


class Corpus:
    """Word counts of a set of sources: what keyword scores are measured against.

    ``words(source_id)`` gives the folded tokens of each paragraph (``Index.words``); whole
    sources are counted and ranked once, through ``store`` if given (saved once all are
    counted; ``store.save()`` again after ranking). ``counted`` is (document frequency, totals)
    when they were counted elsewhere (in another process): ``sources`` is then kept as given.
    """

    def __init__(self, sources: Sequence[Source], words: Callable[[str], list[list[str]]],
                 store: CountStore | None = None,
                 counted: tuple[Counter[str], Counter[str]] | None = None) -> None:
        self.sources = sources if counted else list(sources)
        self._words = words
        self._store = store
        self._counts: dict[str, Counter[str]] = {}
        self.df: Counter[str] = Counter()
        if counted:
            self.df, self.__dict__["totals"] = counted
        for s in () if counted else self.sources:
            self.df.update(self.counts(s).keys())
        if store is not None:
            store.save()

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
        if section is None:
            if source.id in self._counts:
                return self._counts[source.id]
            if self._store is not None and (known := self._store.counts(source.id)) is not None:
                self._counts[source.id] = known
                return known
        paras = self._words(source.id)
        if section is not None:
            paras = [paras[p.n - 1] for p in source.sections[section].paragraphs]
        every = Counter(chain.from_iterable(paras))
        counts = Counter({w: n for w, n in every.items() if is_candidate(w)})
        if section is None:
            self._counts[source.id] = counts
            if self._store is not None:
                self._store.put_counts(source.id, counts)
        return counts

    def ranks(self, source: Source, section: int | None = None, window: int = WINDOW) -> dict[str, float]:
        """TextRank: PageRank over the co-occurrence of candidates within ``window`` words, in
        ``source`` (or one of its sections)."""
        store = self._store if section is None and window == WINDOW else None
        if store is not None and (known := store.ranks(source.id)) is not None:
            return known
        ranks = pagerank(self.candidates(source, section), window)
        if store is not None:
            store.put_ranks(source.id, ranks)
        return ranks

    @cached_property
    def weights(self) -> dict[str, float]:
        """Per word: its IDF times its ``generic_factor`` (what TF-IDF weighs by); kept for the
        words of the corpus, worked out for others."""
        return _Weights({w: self.idf(w) * generic_factor(w) for w in self.df}, self)

    def idf(self, word: str) -> float:
        """IDF from this corpus blended with jieba's (which dominates while the corpus is small),
        each scaled to at most 1."""
        n = len(self.sources)
        corpus = (1 + math.log((n + 1) / (self.df[word] + 1))) / (1 + math.log((n + 1) / 2))
        table, median, top = jieba_idf()
        weight = n / (n + IDF_PRIOR)
        return weight * corpus + (1 - weight) * table.get(word, median) / top


class _Weights(dict[str, float]):
    def __init__(self, known: dict[str, float], corpus: Corpus) -> None:
        super().__init__(known)
        self._corpus = corpus

    def __missing__(self, word: str) -> float:
        return self._corpus.idf(word) * generic_factor(word)


def generic_factor(word: str) -> float:
    """What a score is multiplied by: below 1 for words generic in government reports."""
    return 1 / (1 + GENERIC * reference().get(word, 0.0))


def _top(scores: Iterable[tuple[str, float]], counts: Counter[str], top: int, source: Source,
         scale: float = 1.0) -> list[Keyword]:
    """The ``top`` words by score (generic words already ranked down), names shown whole; the
    scores shown are multiplied by ``scale``."""
    pairs = list(scores)
    values = sorted(map(itemgetter(1), pairs))  # in C: the cut-off without a key function per word
    cut = values[-top - 5] if len(values) > top + 5 else -math.inf
    best = sorted((kv for kv in pairs if kv[1] >= cut), key=lambda kv: (-kv[1], kv[0]))
    text = "\n".join(p.text for p in source.paragraphs if p.kind not in HIDDEN)
    out: dict[str, Keyword] = {}
    for w, s in best:
        word, count = _whole(text, w, counts[w])
        out.setdefault(word, Keyword(word, round(s * scale, 6), count))
        if len(out) == top:
            break
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
    scores = zip(counts, map(mul, counts.values(), map(corpus.weights.__getitem__, counts)), strict=True)
    return _top(scores, counts, top, source, 1 / total)


def textrank(
    source: Source, corpus: Corpus, section: int | None = None, top: int = 20, window: int = WINDOW
) -> list[Keyword]:
    """The ``top`` words by TextRank: PageRank over co-occurrence within ``window`` candidates."""
    rank = corpus.ranks(source, section, window)
    peak = max(rank.values(), default=1.0)
    return _top(((w, r / peak * generic_factor(w)) for w, r in rank.items()), corpus.counts(source, section), top,
                source)


def pagerank(paras: list[list[str]], window: int) -> dict[str, float]:
    """Per word of ``paras``: its PageRank in the graph linking words less than ``window`` apart
    in a paragraph, weighted by how often they are."""
    pairs: Counter[tuple[str, str]] = Counter()
    for para in paras:
        for k in range(1, window):
            pairs.update(zip(para, para[k:], strict=False))
    graph: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for (w, v), c in pairs.items():
        if w != v:
            graph[w][v] += c
            graph[v][w] += c
    words = list(graph)
    at = {w: i for i, w in enumerate(words)}
    nbrs = [list(map(at.__getitem__, graph[w])) for w in words]
    weights = [list(graph[w].values()) for w in words]
    out = list(map(sum, weights))
    ranks = [1.0] * len(words)
    for _ in range(20):  # the inner sums run in C
        norm = list(map(truediv, ranks, out))
        ranks = [0.15 + 0.85 * sum(map(mul, map(norm.__getitem__, ns), ws))
                 for ns, ws in zip(nbrs, weights, strict=True)]
    return dict(zip(words, ranks, strict=True))


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
    return _top(scores.items(), counts, top, source)
