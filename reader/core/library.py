"""Finding and loading sources: files, folders, the bundled seeds. Formats and encodings are in
:mod:`reader.core.formats`, ids in :mod:`reader.core.ids`."""

from __future__ import annotations

import os
import stat
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, overload

from reader.core.errors import UserError
from reader.core.formats import SUFFIXES, to_text
from reader.core.ids import name_of
from reader.core.ids import source_id as stable_id
from reader.core.model import Source
from reader.core.parse_cache import ParseCache
from reader.core.sanitize import one_line

if TYPE_CHECKING:
    from reader.core.catalog import Catalog


def load_source(
    path: str | Path, source_id: str | None = None, cache: ParseCache | None = None, warnings: list[str] | None = None
) -> Source:
    """Read, convert and parse one file (or take it from ``cache``); UserError if it is missing,
    not a regular file, or not a readable report. Lines about repaired bytes go to ``warnings``."""
    p = Path(path)
    data = _read(p)
    source_id = source_id or stable_id(p, bundled_seeds_dir())
    if cache and (source := cache.get(data, source_id, str(path))):
        return source
    from reader.core.parse import parse_text  # imported on a miss only: its patterns take a while

    decoded = to_text(data, p)
    if warnings is not None:
        warnings.extend(decoded.warnings)
    source = parse_text(decoded.text, source_id=source_id, path=str(path))
    if cache:
        cache.put(data, source)
    return source


#: Source ids named at most in an error (a corpus can hold 10,000).
SAY_AT_MOST = 5
MAX_BYTES = 256 << 20  # no report is this large: a bigger file is refused, not read into memory


def _read(p: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device or socket is refused before it is opened (a FIFO
    would block forever), a file over ``MAX_BYTES`` before it is read."""
    too_large = UserError(f"{p}: too large for a report (over {MAX_BYTES >> 20} MB)")
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"{p}: is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{p}: not a regular file (a pipe, device or socket)")
        if st.st_size > MAX_BYTES:
            raise too_large
        with open(p, "rb", opener=lambda f, flags: os.open(f, flags | os.O_NONBLOCK)) as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:  # it grew meanwhile
            raise too_large
        return data
    except FileNotFoundError:
        raise UserError(f"{p}: no such file") from None
    except OSError as e:
        raise UserError(f"{p}: cannot read ({e.strerror or e})") from None
    except RuntimeError:  # a symlink loop on some Pythons
        raise UserError(f"{p}: cannot read (symbolic link loop)") from None


def bundled_seeds_dir() -> Path:
    """The bundled reports: ``reader/seeds`` in an installed wheel, else the checkout's ``seeds/``."""
    installed = Path(__file__).resolve().parent.parent / "seeds"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "seeds"


class Outline(NamedTuple):
    """What the tree shows of a source without parsing it: its sections are (title, level,
    paragraph count), in order; ``expandable`` whether it has sections to show under it (None:
    worked out from its sections)."""

    id: str
    path: str
    title: str
    date: str | None
    sections: Sequence[tuple[str, int, int]]
    paragraphs: int
    expandable: bool | None = None

    def has_sections(self) -> bool:
        """Whether the source has sections to show under it."""
        return self.expandable if self.expandable is not None else expandable(self.title, self.sections)


def expandable(title: str, sections: Sequence[tuple]) -> bool:
    """Whether a source titled ``title`` has ``sections`` to show under it: the first one, if
    titled as the source, is the source itself."""
    return len(sections) > 1 or bool(sections and sections[0][0] != title)


def outline_of(source: Source) -> Outline:
    """The outline of a parsed source."""
    return Outline(source.id, source.path, source.title, source.date,
                   tuple((s.title, s.level, len(s.paragraphs)) for s in source.sections), len(source.paragraphs))


class Library:
    """The sources to read, in order, as outlines (cheap, all in memory) and as full parses
    (loaded by ``loader`` when asked for, the ``keep`` most recent kept); one line per path that
    could not be loaded, and one per file that loaded with repaired bytes (both terminal-safe).
    Built from parsed ``sources`` it holds them all."""

    #: The corpus catalog the outlines come from (set by ``catalog.open_library``), else None.
    catalog: Catalog | None = None

    def __init__(self, sources: Iterable[Source] = (), errors: list[str] | None = None,
                 warnings: list[str] | None = None, *, outlines: Iterable[Outline] = (),
                 loader: Callable[[Outline], Source] | None = None, keep: int = 64) -> None:
        parsed = list(sources)
        self.outlines = [*map(outline_of, parsed), *outlines]
        self.errors = errors if errors is not None else []
        self.warnings = warnings if warnings is not None else []
        self._by_id = {o.id: o for o in self.outlines}
        self._pinned = {s.id: s for s in parsed}
        self._recent: OrderedDict[str, Source] = OrderedDict()
        self._loader = loader
        self._keep = keep
        self._lock = threading.Lock()  # workers load sources too
        self.sources: Sequence[Source] = _Sources(self)

    def outline(self, source_id: str) -> Outline:
        """The outline of the source with this id, or the only one whose id's readable part is
        ``source_id`` (``政府工作报告`` for ``政府工作报告~3fa2c1``); UserError if there is none."""
        if (found := self._by_id.get(source_id)) is not None:
            return found
        named = [o for o in self.outlines if name_of(o.id) == source_id]
        if len(named) == 1:
            return named[0]
        among = named or self.outlines
        known = ", ".join(o.id for o in among[:SAY_AT_MOST]) or "none"
        if len(among) > SAY_AT_MOST:
            known += f", … ({len(among):,} in all)"
        raise UserError(
            f"no source {source_id!r} (known: {known})"
            if not named
            else f"{source_id!r} is more than one source: {known}"
        )

    def add(self, source: Source) -> bool:
        """Add a parsed ``source`` (kept parsed) after the others; False if its id is there already."""
        if source.id in self._by_id:
            return False
        outline = outline_of(source)
        self.outlines.append(outline)
        self._by_id[source.id] = outline
        self._pinned[source.id] = source
        return True

    def get(self, source_id: str) -> Source:
        """The full parse of the source ``outline(source_id)`` names."""
        return self.load(self.outline(source_id))

    def load(self, outline: Outline) -> Source:
        """The full parse of ``outline``'s source: parsed once, kept while among the recent ones."""
        if (pinned := self._pinned.get(outline.id)) is not None:
            return pinned
        with self._lock:
            if (source := self._recent.get(outline.id)) is not None:
                self._recent.move_to_end(outline.id)
                return source
        if self._loader is None:
            raise UserError(f"{outline.id}: not loaded")
        source = self._loader(outline)
        with self._lock:
            source = self._recent.setdefault(outline.id, source)
            self._recent.move_to_end(outline.id)
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        return source


class _Sources(Sequence[Source]):
    """A library's sources as a sequence, each parsed when it is reached."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __len__(self) -> int:
        return len(self._library.outlines)

    @overload
    def __getitem__(self, i: int) -> Source: ...
    @overload
    def __getitem__(self, i: slice) -> list[Source]: ...
    def __getitem__(self, i: int | slice) -> Source | list[Source]:
        if isinstance(i, slice):
            return [self._library.load(o) for o in self._library.outlines[i]]
        return self._library.load(self._library.outlines[i])

    def __iter__(self) -> Iterator[Source]:
        return map(self._library.load, self._library.outlines)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def report_files(path: Path) -> list[str]:
    """The report files (.txt, .md, .html, .pdf, .docx …) in a folder and its subfolders (not through links to folders),
    sorted; hidden ones skipped."""
    folder = str(path)
    return [os.path.join(folder, *parts) for parts in sorted(_walk(path, ()))]


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    with os.scandir(folder) as entries:
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                yield from _walk(folder / e.name, (*parts, e.name))
            elif os.path.splitext(e.name)[1].lower() in SUFFIXES:
                yield (*parts, e.name)  # load_source says what is wrong with one that is no file


def _expand(path_str: str) -> list[str]:
    p = Path(path_str)
    if p.is_dir():
        files = report_files(p)
        if not files:
            raise UserError(f"{path_str}: no reports in this folder ({', '.join(SUFFIXES)})")
        return files
    if not p.exists() and not p.is_symlink():
        raise UserError(f"{path_str}: no such file or folder")
    return [str(p)]


def corpus_files(paths: list[str], strict: bool = False) -> tuple[list[tuple[Path, str]], list[str]]:
    """The report files of files and folders (default: the bundled seeds), each once, with its
    stable id; and one error line per bad path (or UserError if strict)."""
    found, _, errors = corpus_stats(paths, strict)
    return [(Path(f), sid) for f, sid in found], errors


def corpus_stats(paths: list[str], strict: bool = False, known: Mapping[str, str] | None = None
                 ) -> tuple[list[tuple[str, str]], list[os.stat_result | None], list[str]]:
    """``corpus_files``, with each file's ``stat`` (None if it has none). ``known`` gives the id a
    path had when the same ``paths`` were listed before: a file that is no symbolic link keeps
    it (its folder resolves as it did), so its id is not worked out again."""
    known = known or {}
    found: list[tuple[str, str]] = []
    stats: list[os.stat_result | None] = []
    errors: list[str] = []
    seen: set[tuple[int, int]] = set()
    seeds = bundled_seeds_dir()
    for path_str in paths or [str(bundled_seeds_dir())]:
        try:
            files = _expand(path_str)
        except UserError as e:
            if strict:
                raise
            errors.append(one_line(str(e)))
            continue
        for f in files:
            st: os.stat_result | None
            sid = None
            try:
                st = os.lstat(f)
                if stat.S_ISLNK(st.st_mode):
                    st = os.stat(f)
                else:
                    sid = known.get(f)
                same = (st.st_dev, st.st_ino)
            except OSError:
                st, same = None, (-1, len(found))  # load_source says what is wrong with it
            if same not in seen:
                seen.add(same)
                found.append((f, sid or stable_id(Path(f), seeds)))
                stats.append(st)
    return found, stats, errors


def load_library(paths: list[str], strict: bool = False, cache_dir: Path | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Library:  # fmt: skip
    """Load files and folders (default: the bundled seeds). A path or file that cannot be loaded
    is one error line and the others load; with ``strict``, the first one raises instead. With
    ``cache_dir``, parsed sources are kept there and reused while unchanged. ``progress(done,
    total)`` is called before each file."""
    cache = ParseCache(cache_dir / "parsed") if cache_dir else None
    files, errors = corpus_files(paths, strict)
    sources: list[Source] = []
    warnings: list[str] = []
    for k, (f, source_id) in enumerate(files):
        if progress:
            progress(k, len(files))
        try:
            sources.append(load_source(f, source_id, cache, warnings))
        except UserError as e:
            if strict:
                raise
            errors.append(one_line(str(e)))
    return Library(sources, errors, [one_line(w) for w in warnings])
