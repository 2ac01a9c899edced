"""One file per corpus with what the tree and the CLI need, read at start instead of full parses.

An ``Entry`` per report holds its file facts (size, mtime, sha256), title, sections (title, level,
first paragraph, paragraph count), dates and the layout of its searchable blocks, and apart from
them its quoted phrases; the file also holds every report's searchable text, folded (UTF-8, searched
as bytes) and original (UTF-32, so a hit's context is cut without decoding the rest), so a search
reads no report and runs ``fold`` over nothing but the query. The catalog file is ``MAGIC``; per
report its two texts, its details (sha256, sections, dates, blocks: a ``marshal`` part) and its
quoted phrases (another, read only when words are learnt); then the head, a ``marshal`` part of
columns (ids, paths, titles, dates, an array of numbers), and the head's length in 8 bytes. Start-up
reads the head alone (plain data, checked a column at a time) and maps the rest (``Entries`` reads
an entry's details when it is asked for, the tree a source's sections when it is expanded).
Everything is streamed to disk as reports are parsed, so memory holds the head only. A report whose
size or mtime changed is parsed again (through the parse cache), several at a time in worker
processes when there are many; anything unrecognised is rebuilt; a catalog that cannot be written
lives in a temporary file. Full parses come from ``Catalog.source`` when a report is opened.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import marshal
import mmap
import operator
import os
import time
from array import array
from codecs import utf_32_le_decode
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Literal, NamedTuple, NoReturn, TypeGuard, overload

from reader.core import parse_cache
from reader.core.errors import UserError
from reader.core.fold import fold
from reader.core.library import Library, Outline, corpus_stats, expandable, load_source
from reader.core.model import BODY, Paragraph, Section, Source, SourceMeta
from reader.core.parse_cache import ParseCache
from reader.core.processes import mapped
from reader.core.sanitize import one_line
from reader.core.searchable import searchable, utf8_starts

MAGIC = b"ntreader-catalog-3\n"

#: Called as ``progress(done, total)`` while reports are parsed.
Progress = Callable[[int, int], None]


class Entry(NamedTuple):
    """One report as the catalog knows it. ``text`` is (offset, length) in bytes of its original
    searchable text and of the folded one in the catalog's text; ``blocks`` is four ``array("I")``
    of one item per title or paragraph: where it starts in that text, its section, its paragraph
    number (0 for a title), where it starts in the folded text's UTF-8 bytes."""

    id: str
    path: str
    size: int
    mtime_ns: int
    sha256: str
    title: str
    sections: tuple[tuple[str, int, int, int, bool], ...]  # title, level, first paragraph, count, synthetic
    paragraphs: int
    dates: tuple[str, ...]
    blocks: bytes
    text: tuple[int, int, int, int]
    date: str  # the report's own date, ISO 8601, or ""

    def block_arrays(self) -> tuple[array, array, array]:
        whole = array("I")
        whole.frombytes(self.blocks)
        n = len(whole) // 4
        return whole[:n], whole[n : 2 * n], whole[2 * n : 3 * n]


def _entry(source: Source, stat: os.stat_result, at: int) -> tuple[Entry, bytes, bytes, tuple[str, ...]]:
    from reader.core.segment import quoted_phrases

    text, blocks = searchable(source)
    folded_text = fold(text)
    original, folded = text.encode("utf-32-le", "surrogatepass"), folded_text.encode("utf-8", "surrogatepass")
    blocks += utf8_starts(folded_text, blocks[: len(blocks) // 3])
    sections, first = [], 1
    for s in source.sections:
        sections.append((s.title, s.level, first, len(s.paragraphs), s.synthetic))
        first += len(s.paragraphs)
    entry = Entry(source.id, source.path, stat.st_size, stat.st_mtime_ns, source.sha256, source.title,
                  tuple(sections), len(source.paragraphs), tuple(source.meta.dates), blocks.tobytes(),
                  (at, len(original), at + len(original), len(folded)), source.date or "")
    return entry, original, folded, tuple(sorted(quoted_phrases([source])))


def _types(values: Iterable[object]) -> set[type]:
    return set(map(type, values))


def _strings(value: object) -> TypeGuard[tuple[str, ...]]:
    return type(value) is tuple and _types(value) <= {str}


#: The types of a section's (title, level, first paragraph, count, synthetic).
_SECTION: tuple[set[type], ...] = ({str}, {int}, {int}, {int}, {bool})


def _valid_details(sha: object, sections: object, dates: object, blocks: object) -> bool:
    """Whether an entry's details, read back from the catalog file, have the shape they were
    written with (the head's columns are checked once, when the file is read); checked a column
    at a time, as the head is."""
    if not (type(sha) is str and type(blocks) is bytes and not len(blocks) % 16 and _strings(dates)
            and type(sections) is tuple and _types(sections) <= {tuple} and set(map(len, sections)) <= {5}):
        return False
    columns = zip(*sections, strict=True)  # none if there is no section
    return all(_types(column) <= kinds for column, kinds in zip(columns, _SECTION, strict=False))


#: The numbers of an entry kept in the head, in this order (an ``array("q")`` of them all).
NUMBERS = ("size", "mtime_ns", "paragraphs", "sections", "expandable", "t0", "t1", "t2", "t3", "at", "length",
           "phrases")
#: The fields of an entry read only when the entry is asked for.
DETAILS = ("sha256", "sections", "dates", "blocks")


class Entries(Sequence[Entry]):
    """The entries of a catalog, each read from the catalog file when it is asked for: the head
    (ids, paths, titles, dates and numbers, in columns) is in memory, the rest stays on disk."""

    def __init__(self, head: tuple, text: bytes | bytearray | mmap.mmap, file: Path | None = None) -> None:
        self.ids, self.paths, self.titles, self.dates, numbers, failed = head
        #: The files that could not be read, as (path, size, mtime_ns, why): unchanged, not tried again.
        self.failed: tuple[tuple[str, int, int, str], ...] = failed
        self._numbers = array("q")
        self._numbers.frombytes(numbers)
        self._text = text
        self._file = file

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str) -> array:
        """Number ``name`` (one of ``NUMBERS``) of every entry."""
        return self._numbers[NUMBERS.index(name) :: len(NUMBERS)]

    @overload
    def __getitem__(self, i: int) -> Entry: ...
    @overload
    def __getitem__(self, i: slice) -> list[Entry]: ...
    def __getitem__(self, i: int | slice) -> Entry | list[Entry]:
        if isinstance(i, slice):
            return [self[k] for k in range(len(self))[i]]
        i = range(len(self))[i]
        size, mtime, paras, _, _, t0, t1, t2, t3, at, n, _ = self._numbers[i * len(NUMBERS) : (i + 1) * len(NUMBERS)]
        details = self._load(at, n)
        if type(details) is tuple and len(details) == len(DETAILS):
            sha, sections, dates, blocks = details
            if _valid_details(sha, sections, dates, blocks):
                return Entry(self.ids[i], self.paths[i], size, mtime, sha, self.titles[i], sections, paras, dates,
                             blocks, (t0, t1, t2, t3), self.dates[i])
        self._damaged()

    def phrases(self, i: int) -> tuple[str, ...]:
        """The quoted phrases of entry ``i`` (kept apart from its details: only learning words needs them)."""
        at, n, p = self._numbers[i * len(NUMBERS) + len(NUMBERS) - 3 : (i + 1) * len(NUMBERS)]
        phrases = self._load(at + n, p)
        if not _strings(phrases):
            self._damaged()
        return phrases

    def _load(self, at: int, n: int) -> object:
        try:
            return marshal.loads(self._text[at : at + n])
        except (EOFError, TypeError, ValueError):
            return None

    def _damaged(self) -> NoReturn:
        if self._file is not None:  # rebuilt at the next start
            with contextlib.suppress(OSError):
                self._file.unlink()
        raise UserError(f"the corpus catalog {self._file or ''} is damaged; it is rebuilt at the next start")


def _valid_head(head: object) -> bool:
    """Whether ``head`` has the shape ``_head`` gives (checked a column at a time)."""
    if not (type(head) is tuple and len(head) == 6 and _types(head[:4]) == {tuple} and type(head[4]) is bytes
            and type(head[5]) is tuple and _types(head[5]) <= {tuple} and set(map(len, head[5])) <= {4}):
        return False
    n = len(head[0])
    failed = list(zip(*head[5], strict=True))  # none if nothing failed
    return (set(map(len, head[:4])) == {n} and len(head[4]) == 8 * n * len(NUMBERS)
            and _types(chain.from_iterable(head[:4])) <= {str}
            and all(_types(column) <= {kind} for column, kind in zip(failed, (str, int, int, str), strict=False)))


class Catalog:
    """The reports of a corpus, in order, their searchable text, and the paths that failed."""

    def __init__(self, entries: Entries, text: bytes | bytearray | mmap.mmap, errors: list[str],
                 cache: ParseCache | None, file: Path | None = None) -> None:
        self.entries = entries
        self.text = text
        self.errors = errors
        self._cache = cache
        #: The file holding this catalog (None if it lives in a temporary file), for other processes.
        self.file = file

    @functools.cached_property
    def folded_spans(self) -> list[tuple[int, int]]:
        """Where each entry's folded text lies in ``text`` (start, end), from the head's columns:
        reading every entry for it would map the whole catalog file in."""
        entries = self.entries
        return [(at, at + n) for at, n in zip(entries.column("t2"), entries.column("t3"), strict=True)]

    def holding(self, terms: Iterable[bytes]) -> list[int]:
        """The indexes of the entries whose folded text holds every one of ``terms`` (folded UTF-8)."""
        found: Iterable[int] = range(len(self.entries))
        spans, find = self.folded_spans, self.text.find
        for term in terms:
            found = [i for i in found if find(term, *spans[i]) >= 0]
        return list(found)

    def original(self, entry: Entry, start: int, end: int) -> str:
        """Characters ``start`` to ``end`` of the original searchable text of ``entry``."""
        at, n = entry.text[:2]
        return utf_32_le_decode(self.text[at + 4 * start : at + min(4 * end, n)], "replace", True)[0]  # no codec lookup

    def folded(self, entry: Entry) -> str:
        """The folded searchable text of ``entry``, character for character (as it was encoded)."""
        at, n = entry.text[2:]
        return self.text[at : at + n].decode("utf-8", "surrogatepass")

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


def _read(file: Path) -> Entries | None:
    """The entries of a catalog file (its head read, the rest mapped); None if it is not one."""
    try:
        with open(file, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < len(MAGIC) + 8 or f.read(len(MAGIC)) != MAGIC:
                return None
            f.seek(size - 8)
            n = int.from_bytes(f.read(8), "little")
            if n > size - len(MAGIC) - 8:
                return None
            f.seek(size - 8 - n)
            plain = parse_cache.load(MAGIC + f.read(n), MAGIC)
            text = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    if not (type(plain) is tuple and len(plain) == 2 and plain[0] == _version() and _valid_head(plain[1])):
        return None
    return Entries(plain[1], text, file)


def _parsed(job: tuple[str, str, str | None]) -> tuple[tuple, bytes, bytes, tuple[str, ...]] | str:
    """A report parsed to plain data (its entry at text offset 0, its original and folded
    text, its quoted phrases), or the line saying why it cannot be; run in a worker process."""
    path, sid, folder = job
    try:
        # a large report's parse is kept for when it is opened (its parse costs more than an fsync)
        cache = ParseCache(Path(folder), writable=os.path.getsize(path) >= KEEP_PARSE_FROM) if folder else None
        source = load_source(path, sid, cache)
        entry, original, folded, phrases = _entry(source, os.stat(path), 0)
    except UserError as e:
        return str(e)
    except OSError as e:  # gone or unreadable between listing and parsing
        return f"{path}: cannot read ({e.strerror or e})"
    return tuple(entry), original, folded, phrases


#: Reports of this many bytes or more have their parse kept in the parse cache when catalogued.
KEEP_PARSE_FROM = 1 << 20
#: Reports to parse before the work goes to worker processes, and reports per job sent to one.
PARALLEL_FROM, CHUNK = 64, 16
#: Bytes to parse (a tenth of a second's work) from which a caller keeping its process free (an app
#: drawing a screen) has even one report parsed in a worker process.
KEEP_FREE_FROM = 1 << 20


def catalog_file(cache_dir: Path, paths: list[str]) -> Path:
    """Where the catalog of the corpus named by ``paths`` lives."""
    key = "\0".join(str(Path(p).resolve()) for p in paths)
    return cache_dir / "catalog" / f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.cat"


@overload
def open_catalog(paths: list[str], cache_dir: Path | None, strict: bool = ..., progress: Progress | None = ...,
                 parse: Literal[True] = ..., keep_free: bool = ...) -> Catalog: ...
@overload
def open_catalog(paths: list[str], cache_dir: Path | None, strict: bool = ..., progress: Progress | None = ...,
                 parse: bool = ..., keep_free: bool = ...) -> Catalog | None: ...
def open_catalog(paths: list[str], cache_dir: Path | None, strict: bool = False,
                 progress: Progress | None = None, parse: bool = True, keep_free: bool = False) -> Catalog | None:
    """The catalog of the reports in ``paths`` (as ``load_library`` finds them): read from
    ``cache_dir`` where files are unchanged, parsed where not, and written back if anything changed;
    without ``parse``, None if any report would have to be parsed. With ``keep_free``, parsing of
    more than ``KEEP_FREE_FROM`` bytes is left to worker processes however few the reports."""
    file = catalog_file(cache_dir, paths) if cache_dir else None
    old = _read(file) if file else None
    files, stats, errors = corpus_stats(paths, strict, dict(zip(old.paths, old.ids, strict=True)) if old else None)
    cache = ParseCache(cache_dir / "parsed") if cache_dir else None
    where = dict(zip(zip(old.ids, old.paths, strict=True), range(len(old)), strict=True)) if old else {}
    olds = [where.get((sid, path)) for path, sid in files]
    sizes, mtimes = (old.column("size"), old.column("mtime_ns")) if old else ([], [])
    same = [k is not None and st is not None and (sizes[k], mtimes[k]) == (st.st_size, st.st_mtime_ns)
            for k, st in zip(olds, stats, strict=True)]
    failed = {path: (size, mtime, why) for path, size, mtime, why in old.failed} if old else {}
    known = [o is None and st is not None and failed.get(path, ())[:2] == (st.st_size, st.st_mtime_ns)
             for (path, _), o, st in zip(files, olds, stats, strict=True)]  # failed before, unchanged since
    skip = list(map(operator.or_, same, known))
    if old is not None and all(skip) and [o for o in olds if o is not None] == list(range(len(old))):
        said = [failed[path][2] for (path, _), bad in zip(files, known, strict=True) if bad]
        if strict and said:
            raise UserError(said[0])
        return Catalog(old, old._text, errors + said, cache, file)
    if not parse:
        return None
    folder = str(cache.folder) if cache else None  # read, not added to: an fsync per report costs more than a parse
    jobs = [(path, sid, folder) for (path, sid), keep in zip(files, skip, strict=True) if not keep]
    work = sum(st.st_size for st, keep in zip(stats, skip, strict=True) if st is not None and not keep)
    parallel_from = 1 if keep_free and work >= KEEP_FREE_FROM else PARALLEL_FROM
    head = _Head()
    with _output(file) as out, contextlib.closing(mapped(_parsed, jobs, parallel_from, CHUNK)) as fresh:
        out.write(MAGIC)
        for k, ((path, sid), o, keep, bad, st) in enumerate(zip(files, olds, same, known, stats, strict=True)):
            if bad:
                got: tuple | str | None = failed[path][2]
            else:
                got = _kept(old, o) if keep and old is not None and o is not None else next(fresh)
            if got is None:  # its details were damaged
                got = _parsed((path, sid, folder))
            if isinstance(got, str):
                if strict:
                    raise UserError(got)
                errors.append(got)
                if st is not None:
                    head.failed.append((path, st.st_size, st.st_mtime_ns, got))
                continue
            head.write(out, *got)
            if progress and (k % 50 == 0 or k == len(files) - 1):
                progress(k + 1, len(files))
        plain = parse_cache.dump((_version(), head.columns()), MAGIC)[len(MAGIC):]
        out.write(plain)
        out.write(len(plain).to_bytes(8, "little"))
        out.flush()
        text = mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ)
        written = os.fstat(out.fileno())
    placed = False
    with contextlib.suppress(OSError):
        placed = file is not None and os.path.samestat(file.stat(), written)
    return Catalog(Entries(head.columns(), text, file), text, errors, cache, file if placed else None)


def read_catalog(file: Path) -> Catalog:
    """The catalog in ``file`` as it is (no report is read; empty if the file is not one)."""
    entries = _read(file)
    if entries is None:
        return Catalog(Entries(((), (), (), (), b"", ()), b"", file), b"", [], None, file)
    return Catalog(entries, entries._text, [], None, file)


def _kept(old: Entries, k: int) -> tuple[tuple, bytes, bytes, tuple[str, ...]] | None:
    """Entry ``k`` of ``old`` as ``_parsed`` gives it; None if it cannot be read."""
    try:
        entry, phrases = old[k], old.phrases(k)
    except UserError:
        return None
    at, n, fat, fn = entry.text
    return tuple(entry), bytes(old._text[at : at + n]), bytes(old._text[fat : fat + fn]), phrases


class _Head:
    """The head of a catalog being written, an entry at a time: its text and details go to the
    file as they come, only the head's columns stay in memory."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.paths: list[str] = []
        self.titles: list[str] = []
        self.dates: list[str] = []
        self.numbers = array("q")
        self.failed: list[tuple[str, int, int, str]] = []
        self.at = len(MAGIC)

    def write(self, out: IO[bytes], raw: tuple, original: bytes, folded: bytes, phrases: tuple[str, ...]) -> None:
        """Write an entry (as plain data) with its original and folded text and its quoted phrases."""
        e = Entry._make(raw)
        details = marshal.dumps(tuple(getattr(e, name) for name in DETAILS))
        quoted = marshal.dumps(phrases)
        for part in (original, folded, details, quoted):
            out.write(part)
        at = self.at
        self.at += len(original) + len(folded) + len(details) + len(quoted)
        self.ids.append(e.id)
        self.paths.append(e.path)
        self.titles.append(e.title)
        self.dates.append(e.date)
        self.numbers.extend((e.size, e.mtime_ns, e.paragraphs, len(e.sections), expandable(e.title, e.sections),
                             at, len(original), at + len(original), len(folded), at + len(original) + len(folded),
                             len(details), len(quoted)))

    def columns(self) -> tuple:
        return (tuple(self.ids), tuple(self.paths), tuple(self.titles), tuple(self.dates), self.numbers.tobytes(),
                tuple(self.failed))


#: Seconds after which a temporary catalog file nobody writes to is left over from a killed build.
STALE_AFTER = 60


def _remove_stale(file: Path) -> None:
    """Remove the temporary files of builds of ``file`` that were killed (a build writes as it goes)."""
    for stale in file.parent.glob(f".{glob.escape(file.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_AFTER:
                stale.unlink()


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
        _remove_stale(file)
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


@overload
def open_library(paths: list[str], cache_dir: Path | None, progress: Progress | None = ..., keep: int = ...,
                 parse: Literal[True] = ..., keep_free: bool = ...) -> Library: ...
@overload
def open_library(paths: list[str], cache_dir: Path | None, progress: Progress | None = ..., keep: int = ...,
                 parse: bool = ..., keep_free: bool = ...) -> Library | None: ...
def open_library(paths: list[str], cache_dir: Path | None, progress: Progress | None = None, keep: int = 64,
                 parse: bool = True, keep_free: bool = False) -> Library | None:
    """The library of ``paths`` from the corpus catalog in ``cache_dir`` (built where reports
    changed, calling ``progress(done, total)``; without ``parse``, None if any report would have
    to be parsed; ``keep_free`` as ``open_catalog``): outlines now (their sections read when asked
    for), each source parsed when asked for."""
    catalog = open_catalog(paths, cache_dir, progress=progress, parse=parse, keep_free=keep_free)
    if catalog is None:
        return None
    entries = catalog.entries
    counts, expands, paras = entries.column("sections"), entries.column("expandable"), entries.column("paragraphs")
    columns = zip(entries.ids, entries.paths, entries.titles, entries.dates, counts, expands, paras, strict=True)
    outlines = [Outline(sid, path, title, date or None, _Sections(entries, i, n), p, bool(x))
                for i, (sid, path, title, date, n, x, p) in enumerate(columns)]
    order = dict(zip(entries.ids, range(len(entries)), strict=True))
    library = Library(errors=[one_line(e) for e in catalog.errors], outlines=outlines,
                      loader=lambda o: catalog.source(entries[order[o.id]]), keep=keep)
    library.catalog = catalog
    return library


class _Sections(Sequence[tuple[str, int, int]]):
    """The sections of an outline as (title, level, paragraph count), read from the catalog
    the first time one is asked for (none if the catalog turns out damaged)."""

    def __init__(self, entries: Entries, i: int, n: int) -> None:
        self._entries, self._i, self._n = entries, i, n
        self._read: tuple[tuple[str, int, int], ...] | None = None

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> tuple[str, int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[tuple[str, int, int], ...]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, int, int] | tuple[tuple[str, int, int], ...]:
        if self._read is None:
            try:
                self._read = tuple((t, level, n) for t, level, _, n, _ in self._entries[self._i].sections)
            except UserError:  # a damaged catalog (removed, rebuilt at the next start): none shown
                self._read = ()
            self._n = len(self._read)
        return self._read[i]
