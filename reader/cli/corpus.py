"""Corpus commands: outline, search, keywords."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from itertools import chain
from typing import TYPE_CHECKING

import click

from reader.cli import TEXT, cli, data_dir_option, echo_json, warn
from reader.core.sanitize import one_line, visible

if TYPE_CHECKING:
    from reader.core.catalog import Catalog
    from reader.core.search import Hit


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON.")
@data_dir_option
def outline(paths: tuple[str, ...], as_json: bool, data_dir: str | None) -> None:
    """Print the parsed structure of PATHs: an indented tree, or JSON. A file that cannot be read
    is one line on stderr and exit status 1; the others are printed."""

    from reader.core.library import load_library
    from reader.core.outline import outline_json, outline_text

    library = load_library(list(paths))
    for line in library.errors + library.warnings:
        warn(line)
    if library.sources:
        if as_json:
            echo_json(outline_json(library.sources))
        else:
            click.echo(visible(outline_text(library.sources)))
    if library.errors:
        sys.exit(1)


def _progress():
    """A one-line ``reading reports N/M`` counter on stderr, shown only on a terminal and after 0.5 s;
    redrawn with a carriage return and blanked with spaces, so it sends no escape sequence."""
    import time

    if not sys.stderr.isatty():
        return None
    start, shown, width = time.monotonic(), [False], [0]

    def show(done: int, total: int) -> None:
        if time.monotonic() - start > 0.5:
            shown[0] = True
            line = f"ntreader: reading reports {done:,}/{total:,}"
            width[0] = max(width[0], len(line))
            click.echo(f"\r{line}", err=True, nl=False)
        if done == total and shown[0]:
            click.echo("\r" + " " * width[0] + "\r", err=True, nl=False)

    return show


def _corpus_index(paths: tuple[str, ...], data_dir: str | None, *, tokens: bool = True):
    """The catalog of PATHs in the data dir's cache, and an index over it with the data dir's
    token cache and user dictionary (a segmenter only if ``tokens`` may be needed). A file that
    cannot be read is one line on stderr, as with ``outline``, and the others are read; the
    command ends with ``_exit_if_any_failed``."""
    from reader.core.catalog import open_catalog
    from reader.core.search import Index
    from reader.paths import resolve

    where = resolve(data_dir)
    segmenter = None
    if tokens:
        from reader.core.segment import Segmenter

        segmenter = Segmenter(cache_dir=where.cache, user_dict=where.user_dict)
    catalog = open_catalog(list(paths), where.cache, progress=_progress())
    for line in catalog.errors:
        warn(line)
    return catalog, Index.from_catalog(catalog, segmenter, cache_dir=where.cache)


def _exit_if_any_failed(catalog: Catalog) -> None:
    """Exit status 1 when a file could not be read (its line is on stderr)."""
    if catalog.errors:
        sys.exit(1)


@cli.command()
@click.argument("query", type=TEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--sort", "sort_by", type=click.Choice(["position", "left", "right"]), default="position",
              show_default=True, help="Order of hits: reading order, or the word to their left/right.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@data_dir_option
def search(query: str, paths: tuple[str, ...], sort_by: str, as_json: bool, data_dir: str | None) -> None:
    """Find QUERY in PATHs, one KWIC line per occurrence.

    Terms separated by spaces must all occur in one paragraph; "a phrase" matches as a whole;
    -term excludes paragraphs holding it. Matching ignores full/half width and Latin case.
    """
    import gc

    from reader.core.search import parse_query

    gc.disable()  # a hit is a dozen objects and no cycle: collecting would only cost time (~5 %)
    parsed = parse_query(query)
    catalog, index = _corpus_index(paths, data_dir, tokens=sort_by != "position")
    hits = index.sort(index.search(parsed), sort_by)
    if as_json:
        fields = ("source_id", "section", "left", "match", "right")
        keys = ("source", *fields[1:])
        rows = [{"address": h.address, **{k: getattr(h, f) for k, f in zip(keys, fields, strict=True)},
                 "heading": h.heading is not None} for h in hits]
        echo_json(rows)
    elif hits:
        sys.stdout.write(_kwic_table(hits))
        sys.stdout.flush()
    _exit_if_any_failed(catalog)


def _kwic_table(hits: Iterable[Hit]) -> str:
    """One line per hit: address, KWIC line, section, aligned, as the terminal is wide. Fields are
    made visible before they are measured and cut (checked in one pass: ``one_line`` changes only
    unprintable characters), so no escape sequence is cut open; each source id, section and match
    is measured once."""
    from operator import attrgetter

    from reader.core.kwic import cells, fit, kwic_lines

    shown = list(hits)
    whole = "".join(chain.from_iterable(map(attrgetter("source_id", "section", "left", "match", "right"), shown)))
    if not whole.isprintable() and one_line(whole) != whole:
        shown = [h._replace(section=one_line(h.section), left=one_line(h.left), match=one_line(h.match),
                            right=one_line(h.right), source_id=one_line(h.source_id)) for h in shown]
    addresses = [h.address for h in shown]
    ids = {s: cells(s) - len(s) for s in {h.source_id for h in shown}}  # extra cells of wide characters
    widths = [len(a) + ids[h.source_id] for a, h in zip(addresses, shown, strict=True)]
    address_w = max(widths)
    sections = {s: cells(s) for s in {h.section for h in shown}}
    section_w = min(24, max(sections.values()))
    cut = {s: fit(s, section_w) for s in sections}
    match_w = max(cells(m) for m in {h.match for h in shown})
    kwic_w = max(match_w + 12, _columns() - address_w - section_w - 4)
    return "".join(f"{a}{' ' * (address_w - w)}  {line}  {cut[h.section]}".rstrip() + "\n"
                   for a, w, line, h in zip(addresses, widths, kwic_lines(shown, kwic_w, match_w), shown, strict=True))


def _columns() -> int:
    """``shutil.get_terminal_size((120, 24)).columns``, without importing shutil (3 ms of a search)."""
    with contextlib.suppress(ValueError):
        if (columns := int(os.environ.get("COLUMNS", "0"))) > 0:
            return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 120  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 120


def _count_store(catalog, paths: tuple[str, ...], data_dir: str | None):
    """The keyword counts of the corpus in the data dir's cache, by digest of each folded text."""
    import hashlib

    from reader.core.catalog import catalog_file
    from reader.core.keyword_store import CountStore
    from reader.core.segment import Segmenter
    from reader.paths import resolve

    where = resolve(data_dir)
    fingerprint = Segmenter(cache_dir=where.cache, user_dict=where.user_dict).fingerprint
    digests = {e.id: hashlib.blake2b(catalog.text[e.text[2] : e.text[2] + e.text[3]], digest_size=16).digest()
               for e in catalog.entries}
    folder = where.cache / "keywords" / f"{fingerprint}-{CountStore.rules()}"
    return CountStore(folder / f"{catalog_file(where.cache, list(paths)).stem}.counts", digests)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1), help="Keywords per source.")
@click.option("--method", type=click.Choice(["tfidf", "textrank", "keyness"]), default="tfidf", show_default=True,
              help="TF-IDF against the corpus, TextRank, or keyness (log-likelihood) against the other sources.")
@click.option("--json", "as_json", is_flag=True, help="Print the keywords as JSON.")
@data_dir_option
def keywords(paths: tuple[str, ...], top: int, method: str, as_json: bool, data_dir: str | None) -> None:
    """Print the top keywords of each source in PATHs, with scores and counts."""
    from reader.core import keywords as kw
    from reader.core.kwic import cells, fit

    catalog, index = _corpus_index(paths, data_dir)
    store = _count_store(catalog, paths, data_dir)
    corpus = kw.Corpus(list(map(catalog.text_source, catalog.entries)), index.words, store)
    ranks: dict[str, Callable[..., list[kw.Keyword]]] = {"tfidf": kw.tfidf, "textrank": kw.textrank,
                                                         "keyness": kw.keyness}
    results = [(s, ranks[method](s, corpus, top=top)) for s in corpus.sources]
    store.save()  # with the TextRank scores
    if as_json:
        rows = [{"source": s.id, "title": s.title, "keywords": [k._asdict() for k in found]} for s, found in results]
        echo_json(rows)
    else:
        for source, found in results:
            click.echo(f"{one_line(source.id)}  {one_line(source.title)}")
            words = [one_line(k.word) for k in found]
            word_w = max(map(cells, words), default=0)
            for k, word in zip(found, words, strict=True):
                click.echo(f"  {fit(word, word_w)}  {k.count:5d}  {k.score:.4f}")
    _exit_if_any_failed(catalog)
