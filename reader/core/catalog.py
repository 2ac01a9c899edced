"""One file per corpus with what the tree and the CLI need, read at start instead of full parses.

An ``Entry`` per report holds its file facts (size, mtime, sha256), title, sections (title,
level, first paragraph, paragraph count), dates, quoted phrases and the layout of its searchable
blocks; the file also holds every report's searchable text, folded (UTF-8, searched as bytes)
and original (UTF-32, so a hit's context is cut without decoding the rest), so a search reads
no report and runs ``fold`` over nothing but the query. The catalog file is
``MAGIC``, the length of a ``marshal`` part (plain data only, checked as it is read), that part,
then the text, which is memory-mapped. A report whose size or mtime changed is parsed again
(through the parse cache); anything unrecognised is rebuilt; a catalog that cannot be written
is skipped. Full parses come from ``Catalog.source`` when a report is opened.
"""

from __future__ import annotations

import functools
import hashlib
import mmap
import os
from array import array
from collections.abc import Callable, Iterable
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple, cast

from reader.core import parse_cache
from reader.core.errors import UserError
from reader.core.files import atomic_write
from reader.core.fold import fold
from reader.core.library import Library, Outline, corpus_files, load_source
from reader.core.model import Source
from reader.core.parse_cache import ParseCache
from reader.core.sanitize import one_line
from reader.core.searchable import searchable

MAGIC = b"ntreader-catalog-1\n"

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


def _valid(entry: object) -> bool:
    """Whether ``entry`` has the shape of an ``Entry`` (C-level checks: 10,000 take milliseconds)."""
    if type(entry) is not tuple or len(entry) != len(Entry._fields):
        return False
    sid, path, size, mtime, sha, title, sections, paras, dates, phrases, blocks, text, date = entry
    if not (_types((sid, path, sha, title, date)) == {str} and _types((size, mtime, paras)) == {int}
            and _types((sections, dates, phrases, text)) == {tuple} and type(blocks) is bytes
            and len(blocks) % 12 == 0 and len(text) == 4 and _types(text) == {int}
            and _types(chain(dates, phrases)) <= {str} and _types(sections) <= {tuple}):
        return False
    return (set(map(len, sections)) <= {5} and _types(map(itemgetter(0), sections)) <= {str}
            and _types(chain.from_iterable(map(itemgetter(1, 2, 3), sections))) <= {int}
            and _types(map(itemgetter(4), sections)) <= {bool})


class Catalog:
    """The reports of a corpus, in order, their searchable text, and the paths that failed."""

    def __init__(self, entries: list[Entry], text: bytes | bytearray | mmap.mmap, errors: list[str],
                 cache: ParseCache | None) -> None:
        self.entries = entries
        self.text = text
        self.errors = errors
        self._cache = cache

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
            head = f.read(len(MAGIC) + 8)
            if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
                return {}, b""
            n = int.from_bytes(head[len(MAGIC):], "little")
            plain = parse_cache.load(MAGIC + f.read(n), MAGIC)
            base = len(MAGIC) + 8 + n
            size = os.fstat(f.fileno()).st_size
            text: bytes | mmap.mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size > base else b""
    except (OSError, ValueError):
        return {}, b""
    if not (type(plain) is tuple and len(plain) == 2 and plain[0] == _version()
            and type(plain[1]) is tuple and all(map(_valid, plain[1]))):
        return {}, b""
    entries = {}
    for raw in plain[1]:
        e = Entry(*raw)
        entries[(e.id, e.path)] = e._replace(text=(e.text[0] + base, e.text[1], e.text[2] + base, e.text[3]))
    return entries, text


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
    # reads the parse cache, adds nothing to it: one fsync per report costs more than its parse
    reading = ParseCache(cache.folder, writable=False) if cache else None
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
        return Catalog([o for o in olds if o], old_text, errors, cache)
    entries: list[Entry] = []
    text = bytearray()
    for k, ((path, sid), stat, old, keep) in enumerate(zip(files, stats, olds, same, strict=True)):
        if old and keep:
            original = old_text[old.text[0] : old.text[0] + old.text[1]]
            folded = old_text[old.text[2] : old.text[2] + old.text[3]]
            entry = old._replace(text=(len(text), len(original), len(text) + len(original), len(folded)))
        else:
            try:
                source = load_source(path, sid, reading)
                entry, original, folded = _entry(source, stat or path.stat(), len(text))
            except (UserError, OSError) as e:
                if strict:
                    raise UserError(str(e)) from None
                errors.append(str(e))
                continue
        entries.append(entry)
        text += original
        text += folded
        if progress and (k % 50 == 0 or k == len(files) - 1):
            progress(k + 1, len(files))
    plain = parse_cache.dump((_version(), tuple(tuple(e) for e in entries)), MAGIC)[len(MAGIC):]
    head = MAGIC + len(plain).to_bytes(8, "little") + plain
    text[:0] = head
    if file:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(file, cast(bytes, text))  # any buffer is written as is
        except OSError:
            pass
    base = len(head)
    entries = [e._replace(text=(e.text[0] + base, e.text[1], e.text[2] + base, e.text[3])) for e in entries]
    return Catalog(entries, text, errors, cache)


def open_library(paths: list[str], cache_dir: Path | None, progress: Callable[[int, int], None] | None = None,
                 keep: int = 64) -> Library:
    """The library of ``paths`` from the corpus catalog in ``cache_dir`` (built where reports
    changed, calling ``progress(done, total)``): outlines now, each source parsed when asked for."""
    catalog = open_catalog(paths, cache_dir, progress=progress)
    entries = {e.id: e for e in catalog.entries}
    outlines = [Outline(e.id, e.path, e.title, e.date or None, tuple((t, level, n) for t, level, _, n, _ in e.sections),
                        e.paragraphs) for e in catalog.entries]
    return Library(errors=[one_line(e) for e in catalog.errors], outlines=outlines,
                   loader=lambda o: catalog.source(entries[o.id]), keep=keep)
