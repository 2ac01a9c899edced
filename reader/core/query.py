"""Search queries: ``词 "a phrase" -排除``, folded as the text they are matched against."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.errors import UserError
from reader.core.fold import fold

_TERM = re.compile(r'(-?)(?:"([^"]*)"|([^\s"]+))')


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
