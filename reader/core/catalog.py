"""One file per corpus with what the tree and the CLI need, read at start instead of full parses.

An ``Entry`` per report holds its file facts (size, mtime, sha256), title, sections (title,
level, first paragraph, paragraph count), dates, quoted phrases and the layout of its searchable
blocks; the file also holds every report's searchable text, folded (UTF-8, searched as bytes)
and original (UTF-32, so a hit's context is cut without decoding the rest), so a search reads
no report and runs ``fold`` over nothing but the query. The catalog file is ``MAGIC``, the
text (memory-mapped, never read whole), a ``marshal`` part (plain data only, checked as it is
read), then that part's length in 8 bytes: the text is streamed to disk as reports are parsed,
so memory holds the entries only. A report whose size or mtime changed is parsed again (through
the parse cache), several at a time in worker processes when there are many; anything
unrecognised is rebuilt; a catalog that cannot be written lives in a temporary file. Full parses
come from ``Catalog.source`` when a report is opened.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import mmap
import os
import sys
import threading
from array import array
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import IO, NamedTuple

from reader.core import parse_cache
from reader.core.errors import UserError
from reader.core.fold import fold
from reader.core.library import Library, Outline, corpus_files, load_source
from reader.core.model import BODY, Paragraph, Section, Source, SourceMeta
from reader.core.parse_cache import ParseCache
from reader.core.sanitize import one_line
from reader.core.searchable import searchable

MAGIC = b"ntreader-catalog-2\n"

#: Called as ``progress(done, total)`` while reports are parsed.
Progress = Callable[[int, int], None]


class Entry(NamedTuple):
    """One report as the catalog knows it. ``text`` is (offset, length) in bytes of its original
    searchable text and of the folded one in the catalog's text; ``blocks`` is three ``array("I")``
    of one item per title or paragraph: where it starts in that text, its section, its paragraph
    number (0 for a title)."""

    id: str
    path: str
    size: int
    mtime_ns: int
    sha256: str
    title: str
    sections: tuple[tuple[str, int, int, int, bool], ...]  # title, level, first paragraph, count, synthetic
    paragraphs: int
    dates: tuple[str, ...]
    phrases: tuple[str, ...]
    blocks: bytes
    text: tuple[int, int, int, int]
    date: str  # the report's own date, ISO 8601, or ""

    def block_arrays(self) -> tuple[array, array, array]:
        whole = array("I")
        whole.frombytes(self.blocks)
        n = len(whole) // 3
        return whole[:n], whole[n : 2 * n], whole[2 * n :]


def _entry(source: Source, stat: os.stat_result, at: int) -> tuple[Entry, bytes, bytes]:
    from reader.core.segment import quoted_phrases

    text, blocks = searchable(source)
    original, folded = text.encode("utf-32-le", "surrogatepass"), fold(text).encode("utf-8", "surrogatepass")
    sections, first = [], 1
    for s in source.sections:
        sections.append((s.title, s.level, first, len(s.paragraphs), s.synthetic))
        first += len(s.paragraphs)
    entry = Entry(source.id, source.path, stat.st_size, stat.st_mtime_ns, source.sha256, source.title,
                  tuple(sections), len(source.paragraphs), tuple(source.meta.dates),
                  tuple(sorted(quoted_phrases([source]))), blocks.tobytes(),
                  (at, len(original), at + len(original), len(folded)), source.date or "")
    return entry, original, folded


def _types(values: Iterable[object]) -> set[type]:
    return set(map(type, values))


def _valid(rows: tuple) -> bool:
    """Whether every one of ``rows`` has the shape of an ``Entry``: checked a field at a time
    across all rows, so 10,000 entries take a few milliseconds."""
    if not rows:
        return True
    if _types(rows) != {tuple} or set(map(len, rows)) != {len(Entry._fields)}:
        return False
    sid, path, size, mtime, sha, title, sections, paras, dates, phrases, blocks, text, date = zip(*rows, strict=True)
    if not (_types(chain(sid, path, sha, title, date)) == {str} and _types(chain(size, mtime, paras)) == {int}
            and _types(chain(sections, dates, phrases, text)) == {tuple} and _types(blocks) == {bytes}
            and not any(n % 12 for n in map(len, blocks)) and set(map(len, text)) == {4}
            and _types(chain.from_iterable(text)) == {int}
            and _types(chain.from_iterable(chain(dates, phrases))) <= {str}
            and _types(chain.from_iterable(sections)) <= {tuple}):
        return False
    every = list(chain.from_iterable(sections))
    return (set(map(len, every)) <= {5} and _types(map(itemgetter(0), every)) <= {str}
            and _types(chain.from_iterable(map(itemgetter(1, 2, 3), every))) <= {int}
            and _types(map(itemgetter(4), every)) <= {bool})


class Catalog:
    """The reports of a corpus, in order, their searchable text, and the paths that failed."""

    def __init__(self, entries: list[Entry], text: bytes | bytearray | mmap.mmap, errors: list[str],
                 cache: ParseCache | None, file: Path | None = None) -> None:
        self.entries = entries
        self.text = text
        self.errors = errors
        self._cache = cache
        #: The file holding this catalog (None if it lives in a temporary file), for other processes.
        self.file = file

    def original(self, entry: Entry, start: int, end: int) -> str:
        """Characters ``start`` to ``end`` of the original searchable text of ``entry``."""
        at, n = entry.text[:2]
        return self.text[at + 4 * start : at + min(4 * end, n)].decode("utf-32-le", "replace")

    def folded(self, entry: Entry) -> str:
        at, n = entry.text[2:]
        return self.text[at : at + n].decode("utf-8", "replace")

    def holds(self, entry: Entry, terms: list[bytes]) -> bool:
        """Whether the folded text of ``entry`` holds every one of ``terms`` (folded, UTF-8)."""
        at, n = entry.text[2:]
        return all(self.text.find(t, at, at + n) >= 0 for t in terms)

    def text_source(self, entry: Entry) -> Source:
        """``entry`` as a ``Source`` built from the catalog alone, for counting words: its
        sections and paragraphs with their searchable text (a hidden paragraph is empty; every
        kind is body, no run-in title is marked, meta holds the dates only)."""
        starts, sections, paras = entry.block_arrays()
        at, n = entry.text[:2]
        text = self.text[at : at + n].decode("utf-32-le", "replace")
        ends = [*(s - 1 for s in starts[1:]), len(text)]
        grouped: list[list[Paragraph]] = [[] for _ in entry.sections]
        for start, end, section, para in zip(starts, ends, sections, paras, strict=True):
            if para:
                grouped[section].append(Paragraph(para, BODY, text[start:end]))
        return Source(entry.id, entry.path, entry.title, entry.sha256,
                      tuple(Section(title, level, tuple(ps), synthetic=synthetic)
                            for (title, level, _, _, synthetic), ps in zip(entry.sections, grouped, strict=True)),
                      SourceMeta(dates=entry.dates))

    def source(self, entry: Entry) -> Source:
        """The full parse of ``entry`` (from the parse cache when it is there)."""
        return load_source(entry.path, entry.id, self._cache)


@functools.cache
def _version() -> bytes:
    """The parser's code and the code that lays out and folds the searchable text."""
    h = hashlib.sha256(parse_cache.code_version())
    for name in ("catalog.py", "searchable.py", "fold.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.digest()


def _read(file: Path) -> tuple[dict[tuple[str, str], Entry], bytes | mmap.mmap]:
    """The entries of a catalog file by (id, path), and its text; empty if it is not one."""
    try:
        with open(file, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < len(MAGIC) + 8 or f.read(len(MAGIC)) != MAGIC:
                return {}, b""
            f.seek(size - 8)
            n = int.from_bytes(f.read(8), "little")
            if n > size - len(MAGIC) - 8:
                return {}, b""
            f.seek(size - 8 - n)
            plain = parse_cache.load(MAGIC + f.read(n), MAGIC)
            text: bytes | mmap.mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return {}, b""
    if not (type(plain) is tuple and len(plain) == 2 and plain[0] == _version()
            and type(plain[1]) is tuple and _valid(plain[1])):
        return {}, b""
    entries = list(map(Entry._make, plain[1]))
    return dict(zip(map(itemgetter(0, 1), entries), entries, strict=True)), text


def _parsed(job: tuple[str, str, str | None]) -> tuple[tuple, bytes, bytes] | str:
    """A report parsed to plain data (its entry at text offset 0, its original and folded
    text), or the line saying why it cannot be; run in a worker process."""
    path, sid, folder = job
    try:
        source = load_source(path, sid, ParseCache(Path(folder), writable=False) if folder else None)
        entry, original, folded = _entry(source, os.stat(path), 0)
    except (UserError, OSError) as e:
        return str(e)
    return tuple(entry), original, folded


_TRACKER_LOCK = threading.Lock()


def spawn_ready() -> None:
    """Call before spawning processes: it starts multiprocessing's resource tracker (which every
    spawned process is given) writing nowhere. Left to itself the tracker is given
    ``sys.stderr.fileno()``, which a Textual app's stand-in lacks (spawning then fails), and the
    terminal belongs to the app."""
    from multiprocessing import resource_tracker

    with _TRACKER_LOCK, open(os.devnull, "w") as nowhere:
        stderr = sys.stderr
        try:
            sys.stderr = nowhere
            resource_tracker.ensure_running()
        finally:
            sys.stderr = stderr


#: Reports to parse before the work goes to worker processes, and reports per job sent to one.
PARALLEL_FROM, CHUNK = 64, 16


def _parse_all(jobs: list[tuple[str, str, str | None]]) -> Generator[tuple[tuple, bytes, bytes] | str, None, None]:
    """``_parsed`` of every job, in order: in this process for a few, else in worker processes
    (forked, or spawned if this process has threads), one per CPU it may use; in this process
    again if the workers cannot start or die. Closing the iterator cancels what is not begun."""
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    done = 0
    if len(jobs) >= PARALLEL_FROM and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        if context.get_start_method() == "spawn":
            spawn_ready()
        pool = ProcessPoolExecutor(workers, mp_context=context)
        try:
            for got in pool.map(_parsed, jobs, chunksize=CHUNK):
                yield got
                done += 1
        except (BrokenProcessPool, OSError):
            pass
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    yield from map(_parsed, jobs[done:])


def catalog_file(cache_dir: Path, paths: list[str]) -> Path:
    """Where the catalog of the corpus named by ``paths`` lives."""
    key = "\0".join(str(Path(p).resolve()) for p in paths)
    return cache_dir / "catalog" / f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.cat"


def open_catalog(paths: list[str], cache_dir: Path | None, strict: bool = False,
                 progress: Progress | None = None) -> Catalog:
    """The catalog of the reports in ``paths`` (as ``load_library`` finds them): read from
    ``cache_dir`` where files are unchanged, parsed where not, and written back if anything changed."""
    files, errors = corpus_files(paths, strict)
    file = catalog_file(cache_dir, paths) if cache_dir else None
    known, old_text = _read(file) if file else ({}, b"")
    cache = ParseCache(cache_dir / "parsed") if cache_dir else None
    stats: list[os.stat_result | None] = []
    for path, _ in files:
        try:
            stats.append(path.stat())
        except OSError:
            stats.append(None)  # reported by load_source below
    olds = [known.get((sid, str(path))) for path, sid in files]
    same = [o is not None and st is not None and (o.size, o.mtime_ns) == (st.st_size, st.st_mtime_ns)
            for o, st in zip(olds, stats, strict=True)]
    if all(same) and len(known) == len(files):
        return Catalog([o for o in olds if o], old_text, errors, cache, file)
    folder = str(cache.folder) if cache else None  # read, not added to: an fsync per report costs more than a parse
    jobs = [(str(path), sid, folder) for (path, sid), keep in zip(files, same, strict=True) if not keep]
    entries: list[Entry] = []
    at = len(MAGIC)
    with _output(file) as out, contextlib.closing(_parse_all(jobs)) as fresh:
        out.write(MAGIC)
        for k, (old, keep) in enumerate(zip(olds, same, strict=True)):
            if old and keep:
                original = old_text[old.text[0] : old.text[0] + old.text[1]]
                folded = old_text[old.text[2] : old.text[2] + old.text[3]]
                entry = old._replace(text=(at, len(original), at + len(original), len(folded)))
            else:
                got = next(fresh)
                if isinstance(got, str):
                    if strict:
                        raise UserError(got)
                    errors.append(got)
                    continue
                raw, original, folded = got
                entry = Entry._make(raw)
                entry = entry._replace(text=(at, len(original), at + len(original), len(folded)))
            entries.append(entry)
            out.write(original)
            out.write(folded)
            at += len(original) + len(folded)
            if progress and (k % 50 == 0 or k == len(files) - 1):
                progress(k + 1, len(files))
        plain = parse_cache.dump((_version(), tuple(tuple(e) for e in entries)), MAGIC)[len(MAGIC):]
        out.write(plain)
        out.write(len(plain).to_bytes(8, "little"))
        out.flush()
        text = mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ)
        written = os.fstat(out.fileno())
    placed = False
    with contextlib.suppress(OSError):
        placed = file is not None and os.path.samestat(file.stat(), written)
    return Catalog(entries, text, errors, cache, file if placed else None)


def read_catalog(file: Path) -> Catalog:
    """The catalog in ``file`` as it is (no report is read; empty if the file is not one)."""
    known, text = _read(file)
    return Catalog(list(known.values()), text, [], None, file)


@contextlib.contextmanager
def _output(file: Path | None) -> Iterator[IO[bytes]]:
    """A new file to write the catalog into, put in place of ``file`` if all went well (else
    removed, ``file`` left as it was); without ``file``, or if none can be made next to it, an
    anonymous temporary file."""
    import tempfile

    try:
        if file is None:
            raise OSError
        file.parent.mkdir(parents=True, exist_ok=True)
        out = tempfile.NamedTemporaryFile(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp", delete=False)
    except OSError:
        with tempfile.TemporaryFile() as anonymous:
            yield anonymous
        return
    try:
        with out:
            yield out
            os.fsync(out.fileno())
        os.replace(out.name, file)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            os.unlink(out.name)


def open_library(paths: list[str], cache_dir: Path | None, progress: Callable[[int, int], None] | None = None,
                 keep: int = 64) -> Library:
    """The library of ``paths`` from the corpus catalog in ``cache_dir`` (built where reports
    changed, calling ``progress(done, total)``): outlines now, each source parsed when asked for."""
    catalog = open_catalog(paths, cache_dir, progress=progress)
    entries = {e.id: e for e in catalog.entries}
    outlines = [Outline(e.id, e.path, e.title, e.date or None, tuple((t, level, n) for t, level, _, n, _ in e.sections),
                        e.paragraphs) for e in catalog.entries]
    library = Library(errors=[one_line(e) for e in catalog.errors], outlines=outlines,
                      loader=lambda o: catalog.source(entries[o.id]), keep=keep)
    library.catalog = catalog
    return library
