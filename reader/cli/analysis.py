"""Analysis commands: compare, figures, trend, collocates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli import cli, data_dir_option, echo_json
from reader.core.sanitize import one_line

if TYPE_CHECKING:
    from reader.core.model import Source


def _load(paths: tuple[str, ...], data_dir: str | None):
    from reader.core.library import load_library
    from reader.paths import resolve

    return load_library(list(paths), strict=True, cache_dir=resolve(data_dir).cache)


def _index(sources, data_dir: str | None):
    from reader.core.search import Index
    from reader.core.segment import Segmenter
    from reader.paths import resolve

    where = resolve(data_dir)
    return Index.build(sources, Segmenter(cache_dir=where.cache, user_dict=where.user_dict), cache_dir=where.cache)


def _pick(specs: tuple[str, str], paths: tuple[str, ...], data_dir: str | None):
    """Two reports, each a file path or a source id among PATHs (found in the corpus catalog,
    only the two parsed)."""
    from reader.core.catalog import open_library
    from reader.core.errors import UserError
    from reader.core.library import load_source
    from reader.core.parse_cache import ParseCache
    from reader.paths import resolve

    library = None
    picked: list[Source] = []
    for spec in specs:
        if Path(spec).is_file():
            stem = Path(spec).stem
            sid = stem if all(s.id != stem for s in picked) else f"{stem}-2"
            picked.append(load_source(spec, sid, ParseCache(resolve(data_dir).cache / "parsed")))
        else:
            if library is None:
                library = open_library(list(paths), resolve(data_dir).cache)
                if library.errors:
                    raise UserError(library.errors[0])
            picked.append(library.get(spec))
    return picked


_MARK = {"same": " ", "moved": "↕", "changed": "~", "added": "+", "removed": "-"}


@cli.command("compare")
@click.argument("a")
@click.argument("b")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--top", default=30, show_default=True, type=click.IntRange(min=1), help="New and dropped phrases.")
@click.option("--all", "show_all", is_flag=True, help="List the unchanged paragraphs too.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@data_dir_option
def compare_(a: str, b: str, paths: tuple[str, ...], top: int, show_all: bool, as_json: bool,
             data_dir: str | None) -> None:
    """Read report A against report B (files, or source ids among PATHs): paragraphs paired and
    marked same, moved, changed, added or removed; new and dropped wording; changed figures."""
    from reader.core.compare import compare

    first, second = _pick((a, b), paths, data_dir)
    result = compare(first, second, _index([first, second], data_dir).words, top=top)
    if as_json:
        echo_json(result.as_json())
        return
    counts = result.summary()
    click.echo(one_line(f"{first.id} → {second.id}: {counts['same']} same, {counts['moved']} moved, "
                        f"{counts['changed']} changed, {counts['added']} new, {counts['removed']} dropped"))
    section = None
    for pair in result.pairs:
        if pair.status == "same" and not show_all:
            continue
        if pair.section != section:
            section = pair.section
            click.echo(f"\n## {one_line(section)}")
        where = " ".join(x for x in (result.address(pair, "a"), result.address(pair, "b")) if x)
        click.echo(f"{_MARK[pair.status]} {pair.status:<7} {pair.similarity:.2f}  {one_line(where)}")
        if pair.edits:
            click.echo("    " + "".join(_edit(e.op, e.text) for e in pair.edits))
        elif pair.status in ("added", "removed"):
            source, n = (second, pair.b) if pair.b else (first, pair.a)
            click.echo("    " + one_line(source.paragraph(n).text)[:200])
    for label, terms in (("New wording", result.added), ("Dropped wording", result.dropped)):
        if terms:
            click.echo(f"\n{label}:")
        for t in terms:
            click.echo(f"  {one_line(t.term)}  ×{t.count}  {one_line(' '.join(t.places[:5]))}")
    if result.figures:
        click.echo("\nFigures:")
        for f in result.figures:
            click.echo(f"  {one_line(f.line())}")


def _edit(op: str, text: str) -> str:
    text = one_line(text)
    return {"insert": f"[+{text}+]", "delete": f"[-{text}-]"}.get(op, text)


@cli.command("figures")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one record per figure as JSON.")
@data_dir_option
def figures_(paths: tuple[str, ...], as_json: bool, data_dir: str | None) -> None:
    """List every target and figure in PATHs: indicator, verb, value, qualifier, kind."""
    from reader.core.figures import figures
    from reader.core.kwic import cells, fit

    found = [f for s in _load(paths, data_dir).sources for f in figures(s)]
    if as_json:
        echo_json([f.as_json() for f in found])
        return
    addr_w = max((cells(f.address) for f in found), default=0)
    ind_w = min(24, max((cells(f.indicator) for f in found), default=0))
    lines = (
        f"{fit(one_line(f.address), addr_w)}  {f.kind:<6}  {fit(one_line(f.indicator), ind_w)}  "
        f"{one_line(f.verb + f.label())}"
        for f in found
    )
    if found:
        click.echo("\n".join(lines))


BAR = 40


@cli.command("trend")
@click.argument("args", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@data_dir_option
def trend_(args: tuple[str, ...], as_json: bool, data_dir: str | None) -> None:
    """Count TERMs in each report of PATHs, in date order: TERM… [PATH…] (an argument naming an
    existing file or folder is a PATH, the others are terms). JSON: one list of rows for one
    term, an object of such lists by term for several."""
    from reader.core.catalog import open_catalog
    from reader.core.kwic import cells, fit
    from reader.core.trend import Text, by_date, count, report_date
    from reader.paths import resolve

    terms = [x for x in args if not Path(x).exists()]
    paths = [x for x in args if Path(x).exists()]
    if not terms:
        raise click.UsageError("give at least one term")
    catalog = open_catalog(paths, resolve(data_dir).cache, strict=True)
    dated = by_date(catalog.entries, lambda e: report_date(e.date, e.dates, e.title))
    series = count(terms, (Text(e.id, e.title, d, catalog.folded(e)) for e, d in dated))
    if as_json:
        rows = {t: [p.as_json() for p in points] for t, points in series.items()}
        echo_json(rows[terms[0]] if len(terms) == 1 else rows)
        return
    for term, points in series.items():
        click.echo(f"{one_line(term)}")
        labels = [one_line(f"{p.date or '—'} {p.title}") for p in points]
        label_w = min(40, max((cells(x) for x in labels), default=0))
        peak = max((p.per_10k for p in points), default=0) or 1
        for p, label in zip(points, labels, strict=True):
            bar = "█" * round(p.per_10k / peak * BAR)
            click.echo(f"  {fit(label, label_w)} {p.count:6d} {p.per_10k:8.2f}  {bar}".rstrip())


@cli.command("collocates")
@click.argument("term")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print collocates and n-grams as JSON.")
@data_dir_option
def collocates_(term: str, paths: tuple[str, ...], top: int, as_json: bool, data_dir: str | None) -> None:
    """Words most associated with TERM in PATHs (±5 words, log-likelihood, MI, counts), and the
    most frequent 2–4-word n-grams holding it."""
    from dataclasses import asdict

    from reader.core.collocates import collocates
    from reader.core.kwic import cells, fit

    sources = _load(paths, data_dir).sources
    found, grams = collocates(term, sources, _index(sources, data_dir).words, top=top)
    if as_json:
        echo_json({"collocates": [asdict(c) for c in found], "ngrams": [asdict(g) for g in grams]})
        return
    word_w = max((cells(c.word) for c in found), default=0)
    click.echo("collocate  count  freq  log-likelihood  MI")
    for c in found:
        click.echo(f"  {fit(one_line(c.word), word_w)} {c.count:5d} {c.freq:6d} {c.ll:10.2f} {c.mi:6.2f}")
    click.echo("n-grams:")
    for g in grams:
        click.echo(f"  {one_line(g.ngram)}  {g.count}")
