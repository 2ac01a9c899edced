"""Anchors: where an annotation sits in a source, and how to find that place again when the text
changes (docs/ARCHITECTURE.md, "Invariants").

An anchor is a plain dict, stored as is: ``{"para", "start", "end", "quote": {"exact", "prefix",
"suffix"}}``. ``start``/``end`` are offsets into paragraph ``para`` (a slice, as in
:mod:`reader.core.address`), or both None for the whole paragraph. ``exact`` is the quoted text;
``prefix``/``suffix`` are up to 24 characters of the source's text around it, paragraphs joined with
a newline, so that repeats of the same words (or of a whole paragraph) can be told apart.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from reader.core.errors import UserError
from reader.core.model import Source

BOOKMARK, HIGHLIGHT, NOTE = "bookmark", "highlight", "note"
KINDS = (BOOKMARK, HIGHLIGHT, NOTE)

EXACT, MOVED, FUZZY, ORPHANED = "exact", "moved", "fuzzy", "orphaned"
DETACHED = "detached"  # its source file is gone from the library: the anchor is kept as it was
STATUSES = (EXACT, MOVED, FUZZY, ORPHANED, DETACHED)

#: Highlight colours in cycling order, with the label an export shows for each.
COLORS = {"yellow": "important", "green": "evidence", "blue": "definition", "red": "question", "purple": "idea"}

CONTEXT = 24  # characters of prefix and suffix kept with a quote
FUZZY_RATIO = 0.75  # the least similarity for a changed quote to be found again
FUZZY_MIN_CHARS = 6  # shorter quotes are only found exactly: too many near-misses otherwise
MIN_RUN = 4  # a fuzzy match keeps at least 1/MIN_RUN of the quote in one unbroken run


def make_anchor(source: Source, para: int, start: int | None = None, end: int | None = None) -> dict:
    """The anchor of paragraph ``para`` of ``source``, or of the span ``[start, end)`` inside it.

    UserError if there is no such paragraph or the span does not fit in it.
    """
    if not 1 <= para <= len(source.paragraphs):
        raise UserError(f"{source.id} has no paragraph {para} (it has {len(source.paragraphs)})")
    text = source.paragraph(para).text
    if start is None and end is None:
        s, e = 0, len(text)
    elif start is not None and end is not None and 0 <= start < end <= len(text):
        s, e = start, end
    else:
        raise UserError(f"{source.id}:{para} has no span {start}-{end} (its text has {len(text)} characters)")
    quote = {"exact": text[s:e], "prefix": _before(source, para, s), "suffix": _after(source, para, e)}
    return {"para": para, "start": start, "end": end, "quote": quote}


def reanchor(anchor: dict, old_sha256: str, source: Source) -> tuple[dict, str]:
    """Find ``anchor`` (made on a text whose sha256 was ``old_sha256``) again in ``source``.

    Returns the new anchor and its status: ``exact`` (same text, or the quote found where it was),
    ``moved`` (the quote found elsewhere), ``fuzzy`` (a slightly different passage found) or
    ``orphaned`` (not found: the anchor is returned unchanged, to be kept and shown).
    """
    if source.sha256 == old_sha256:
        return anchor, EXACT
    found = _find_exact(anchor, source)
    status = MOVED
    if found is None:
        found, status = _find_fuzzy(anchor, source), FUZZY
    if found is None:
        return anchor, ORPHANED
    para, start, end = found
    if status == MOVED and (para, start) == (anchor["para"], anchor["start"]):
        status = EXACT
    return make_anchor(source, para, start, end), status


def _is_whole(anchor: dict) -> bool:
    return anchor["start"] is None


def _before(source: Source, para: int, start: int) -> str:
    """Up to CONTEXT characters of the source's text before ``start`` in paragraph ``para``."""
    text = source.paragraph(para).text[:start]
    while len(text) < CONTEXT and para > 1:
        para -= 1
        text = source.paragraph(para).text + "\n" + text
    return text[-CONTEXT:]


def _after(source: Source, para: int, end: int) -> str:
    """Up to CONTEXT characters of the source's text after ``end`` in paragraph ``para``."""
    text = source.paragraph(para).text[end:]
    while len(text) < CONTEXT and para < len(source.paragraphs):
        para += 1
        text = text + "\n" + source.paragraph(para).text
    return text[:CONTEXT]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context_score(anchor: dict, source: Source, para: int, start: int, end: int) -> int:
    """How many characters of the anchor's prefix and suffix agree with the text around a candidate."""
    quote = anchor["quote"]
    before = _before(source, para, start)
    return _common_prefix(quote["prefix"][::-1], before[::-1]) + _common_prefix(
        quote["suffix"], _after(source, para, end)
    )


def _rank(anchor: dict, source: Source, candidates, score=lambda c: 0):
    """The best of ``(para, start, end)`` candidates: by ``score``, then context, then nearness."""
    old_para, old_start = anchor["para"], anchor["start"] or 0

    def key(c):
        para, start, end = c
        s, e = (0, len(source.paragraph(para).text)) if start is None else (start, end)
        return (-score(c), -_context_score(anchor, source, para, s, e), abs(para - old_para), abs(s - old_start))

    return min(candidates, key=key, default=None)


def _find_exact(anchor: dict, source: Source) -> tuple[int, int | None, int | None] | None:
    exact = anchor["quote"]["exact"]
    if _is_whole(anchor):
        candidates = [(p.n, None, None) for p in source.paragraphs if p.text == exact]
    else:
        candidates = [(p.n, i, i + len(exact)) for p in source.paragraphs for i in _occurrences(p.text, exact)]
    return _rank(anchor, source, candidates)


def _occurrences(text: str, sub: str):
    i = text.find(sub)
    while i != -1:
        yield i
        i = text.find(sub, i + 1)


def _find_fuzzy(anchor: dict, source: Source) -> tuple[int, int | None, int | None] | None:
    if len(anchor["quote"]["exact"]) < FUZZY_MIN_CHARS:
        return None
    ratios = {c: ratio for c, ratio in _fuzzy_candidates(anchor, source) if ratio >= FUZZY_RATIO}
    return _rank(anchor, source, ratios, score=ratios.__getitem__)


def _fuzzy_candidates(anchor: dict, source: Source):
    """``((para, start, end), similarity)`` for the passage of each paragraph most like the quote."""
    exact = anchor["quote"]["exact"]
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(exact)
    for p in source.paragraphs:
        if _is_whole(anchor):
            matcher.set_seq1(p.text)
            if matcher.real_quick_ratio() >= FUZZY_RATIO <= matcher.quick_ratio():
                yield (p.n, None, None), matcher.ratio()
        elif _shares_a_run(p.text, exact):
            start, end = _best_window(matcher, p.text, exact)
            yield (p.n, start, end), _similarity(p.text[start:end], exact)


def _shares_a_run(text: str, exact: str) -> bool:
    """Whether ``text`` may share a run of ``len(exact) / MIN_RUN`` characters with ``exact``: any
    such run holds one of these chunks (a quick test before the slow one)."""
    k = max(1, len(exact) // (2 * MIN_RUN))
    return any(exact[i : i + k] in text for i in range(0, len(exact) - k + 1, k))


def _best_window(matcher: SequenceMatcher, text: str, exact: str) -> tuple[int, int]:
    """The span of ``text`` most like ``exact``: around their longest common run, widened to the
    runs that match the rest of ``exact`` in order."""
    matcher.set_seq1(text)
    i, j, size = matcher.find_longest_match(0, len(text), 0, len(exact))
    if size * MIN_RUN < len(exact):
        return 0, 0
    slack = max(4, len(exact) // 4)
    lo = max(0, i - j - slack)
    hi = min(len(text), i - j + len(exact) + slack)
    blocks = [b for b in SequenceMatcher(None, text[lo:hi], exact, autojunk=False).get_matching_blocks() if b.size]
    first, last = blocks[0], blocks[-1]
    start = max(0, lo + first.a - first.b)
    end = min(len(text), lo + last.a + last.size + len(exact) - last.b - last.size)
    return start, end


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a else 0.0
