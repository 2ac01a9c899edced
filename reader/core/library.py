"""Finding and loading sources: files, folders, the bundled seeds; encodings; unique ids."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import UserError
from reader.core.model import Source
from reader.core.parse_cache import ParseCache

REPORT_SUFFIXES = (".txt", ".md")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_ODD = re.compile(r"[\x80-\x9f\ue000-\uf8ff\U00030000-\U0010ffff]")  # C1 controls, private use, unassigned planes


def decode(data: bytes, name: str) -> str:
    """Decode a report: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK; else UserError naming it."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if b"\x00" in data:
        raise UserError(f"{name}: not a text file (binary)")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    if _control_share(data.decode("latin-1")) > 0.05:
        raise UserError(f"{name}: not a text file (binary)")
    raise UserError(f"{name}: cannot decode as UTF-8, UTF-16 or GB18030")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UserError(f"{name}: cannot decode as {encoding.upper().removesuffix('-SIG')}") from None
    if not _plausible(text):
        raise UserError(f"{name}: not a text file (binary)")
    return text


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(1, len(text))


def _plausible(text: str) -> bool:
    """Text, not binary or a wrong guess: few control characters, few private-use or rare code points."""
    return _control_share(text) <= 0.01 and len(_ODD.findall(text)) <= 0.01 * max(1, len(text))


def load_source(path: str | Path, source_id: str | None = None, cache: ParseCache | None = None) -> Source:
    """Read, decode and parse one file (or take it from ``cache``); UserError if it is missing or
    not a readable text."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read ({e.strerror or e})") from None
    source_id = source_id or p.stem
    if cache and (source := cache.get(data, source_id, str(path))):
        return source
    from reader.core.parse import parse_text  # imported on a miss only: its patterns take a while

    source = parse_text(decode(data, str(path)), source_id=source_id, path=str(path))
    if cache:
        cache.put(data, source)
    return source


def bundled_seeds_dir() -> Path:
    """The bundled reports: ``reader/seeds`` in an installed wheel, else the checkout's ``seeds/``."""
    installed = Path(__file__).resolve().parent.parent / "seeds"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class Library:
    """The sources to read, in order, and one line per path that could not be loaded."""

    sources: list[Source] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def get(self, source_id: str) -> Source:
        """The source with this id; UserError if there is none."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise UserError(f"no source {source_id!r} (known: {', '.join(s.id for s in self.sources) or 'none'})")


def report_files(path: Path) -> list[Path]:
    """The report files (.txt, .md) in a folder and its subfolders (not through links to folders),
    sorted; hidden ones skipped."""
    return [path.joinpath(*parts) for parts in sorted(_walk(path, ()))]


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    with os.scandir(folder) as entries:
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                yield from _walk(folder / e.name, (*parts, e.name))
            elif os.path.splitext(e.name)[1].lower() in REPORT_SUFFIXES and e.is_file():
                yield (*parts, e.name)


def _expand(path_str: str) -> list[Path]:
    p = Path(path_str)
    if p.is_dir():
        files = report_files(p)
        if not files:
            raise UserError(f"{path_str}: no .txt or .md reports in this folder")
        return files
    if not p.exists():
        raise UserError(f"{path_str}: no such file or folder")
    return [p]


def _unique_id(stem: str, taken: set[str]) -> str:
    sid, k = stem, 1
    while sid in taken:
        k += 1
        sid = f"{stem}-{k}"
    taken.add(sid)
    return sid


def corpus_files(paths: list[str], strict: bool = False) -> tuple[list[tuple[Path, str]], list[str]]:
    """The report files of files and folders (default: the bundled seeds), each once, with its
    unique id; and one error line per bad path (or UserError if strict)."""
    found: list[tuple[Path, str]] = []
    errors: list[str] = []
    taken: set[str] = set()
    seen: set[tuple[int, int]] = set()
    for path_str in paths or [str(bundled_seeds_dir())]:
        try:
            files = _expand(path_str)
        except UserError as e:
            if strict:
                raise
            errors.append(str(e))
            continue
        for f in files:
            try:
                st = f.stat()
                same = (st.st_dev, st.st_ino)
            except OSError:
                same = (-1, len(found))  # load_source says what is wrong with it
            if same not in seen:
                seen.add(same)
                found.append((f, _unique_id(f.stem, taken)))
    return found, errors


def load_library(paths: list[str], strict: bool = False, cache_dir: Path | None = None) -> Library:
    """Load files and folders (default: the bundled seeds). A bad path is an error line, or raises
    if strict. With ``cache_dir``, parsed sources are kept there and reused while unchanged."""
    cache = ParseCache(cache_dir / "parsed") if cache_dir else None
    files, errors = corpus_files(paths, strict)
    library = Library(errors=errors)
    for f, source_id in files:
        try:
            library.sources.append(load_source(f, source_id, cache))
        except UserError as e:
            if strict:
                raise
            library.errors.append(str(e))
    return library
