"""Corpus-wide work that would hold the interpreter lock for seconds (jieba over every report,
watch-words counted in every section), run in a spawned process so the reader's keys stay fast.

``in_process`` runs a function of this module in a new process (spawned, never forked: the
caller has threads) and waits for its result without holding the lock, polling a shared
counter for progress and a ``cancelled`` callback to stop it early. The functions read the
corpus catalog from its file, so nothing large crosses between processes except their result.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.errors import UserError

if TYPE_CHECKING:
    from reader.core.catalog import Catalog
    from reader.core.model import Source

Progress = Callable[[int], None]  # how many items are done
Counts = tuple[Counter[str], Counter[str]]  # document frequency and total count of each keyword candidate
SourceCounts = list[tuple[str, list[int]]]  # source id, watch-word occurrences in each of its sections

CHUNK = 200  # reports whose tokens are held at once while counting words
NICE = 15  # how much lower a background process's CPU priority is


class Cancelled(Exception):
    """The caller stopped waiting: the process was ended."""


def in_process(fn: Callable[..., Any], *args: Any, progress: Progress | None = None,
               cancelled: Callable[[], bool] = lambda: False, poll: float = 0.1) -> Any:
    """``fn(*args, progress=...)`` run in a new spawned process; its result (or its error, as a
    ``UserError`` of one line). Blocks the calling thread, not the interpreter."""
    import multiprocessing

    from reader.core.processes import spawn_ready

    context = multiprocessing.get_context("spawn")
    spawn_ready()
    done = context.Value("q", 0, lock=False)
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(fn, args, send, done), daemon=True, name="ntreader-background")
    process.start()
    send.close()
    answered = False
    try:
        while not receive.poll(poll):
            if cancelled():
                raise Cancelled
            if progress is not None:
                progress(done.value)
            if not process.is_alive() and not receive.poll():
                raise UserError(f"background work stopped (exit code {process.exitcode})")
        try:
            ok, value = receive.recv()
        except EOFError:
            raise UserError("background work stopped before its result") from None
        answered = True
    finally:
        receive.close()
        if not answered:
            process.terminate()
        process.join(5)
    if not ok:
        raise UserError(value)
    return value


def _child(fn: Callable[..., Any], args: tuple, send: Any, done: Any) -> None:
    """The spawned process: run ``fn``, send back ``(True, result)`` or ``(False, one line)``."""
    def progress(n: int) -> None:
        done.value = n

    with contextlib.suppress(OSError):
        os.nice(NICE)  # the reader's own process comes first for the CPU
    nowhere = os.open(os.devnull, os.O_WRONLY)  # the terminal belongs to the app (jieba logs to stderr)
    os.dup2(nowhere, 1)
    os.dup2(nowhere, 2)
    try:
        reply: tuple[bool, Any] = (True, fn(*args, progress=progress))
    except Exception as e:  # the reader shows it in one line
        text = str(e) if isinstance(e, UserError) else f"{type(e).__name__}: {e}"
        reply = (False, (text.splitlines() or [type(e).__name__])[0])
    send.send(reply)
    send.close()


def _catalog(file: str, ids: Sequence[str]) -> Catalog:
    """The catalog in ``file``, which must still hold the reports ``ids`` in that order."""
    from reader.core.catalog import read_catalog

    catalog = read_catalog(Path(file))
    if list(catalog.entries.ids) != list(ids):
        raise UserError("the corpus catalog changed while the reader was open; open the reader again")
    return catalog


def word_counts(file: str, ids: Sequence[str], data_dir: str | None, *, progress: Progress) -> Counts:
    """What keywords are measured against, for the catalog in ``file``: each candidate's
    document frequency and total. Every report's jieba tokens go to the token cache, so the
    reader finds them there."""
    from reader.core import keywords as kw
    from reader.core.search import Index
    from reader.core.segment import default_segmenter
    from reader.paths import resolve

    catalog = _catalog(file, ids)
    paths = resolve(data_dir)
    segmenter = default_segmenter(paths).load()
    df: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    entries = catalog.entries
    for start in range(0, len(entries), CHUNK):
        index = Index.from_catalog(catalog, segmenter, paths.cache)  # a fresh one lets the chunk's tokens go
        corpus = kw.Corpus([catalog.text_source(e) for e in entries[start : start + CHUNK]], index.words)
        df.update(corpus.df)
        totals.update(corpus.totals)
        progress(min(start + CHUNK, len(entries)))
    return df, totals


def watch_counts(sources: Iterable[Source], words: Sequence[str], progress: Progress | None = None) -> SourceCounts:
    """Per source of ``sources`` holding a watch-word, how many occurrences each of its
    sections holds (as ``keywords.watch_spans`` counts them)."""
    from reader.core import keywords as kw

    out = []
    for k, source in enumerate(sources, 1):
        counts = [sum(c.values()) for c in kw.section_counts(source, words)]
        if any(counts):
            out.append((source.id, counts))
        if progress is not None:
            progress(k)
    return out


def catalog_watch_counts(file: str, ids: Sequence[str], words: Sequence[str], *, progress: Progress) -> SourceCounts:
    """``watch_counts`` of the reports in the catalog in ``file``, reading only those whose folded
    text holds a watch-word."""
    from reader.core.fold import fold

    catalog = _catalog(file, ids)
    keys = [key.encode("utf-8", "surrogatepass") for w in words if (key := fold(w).strip())]
    held = set().union(*(catalog.holding([key]) for key in keys))

    def holding() -> Iterator[Source]:
        entries = catalog.entries
        for k in range(len(entries)):
            if k in held:  # only these entries are read from the catalog file
                yield catalog.text_source(entries[k])
            progress(k + 1)

    return watch_counts(holding(), words)
