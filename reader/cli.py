"""Command line: the TUI by default, plus headless sub-commands (DESIGN.md §4).

Heavy imports (textual, jieba, tinydb) happen inside the commands that need them, so that
``ntreader outline`` stays fast and the TUI's first paint is not slowed by unused modules.
User errors print one line on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC

import click

from reader import __version__
from reader.core.errors import UserError

DATA_DIR_HELP = "Folder for notes, settings and caches (default: the platform's data dir; env NTREADER_DATA_DIR)."


class DefaultGroup(click.Group):
    """A group that runs ``read`` when the first argument is not a sub-command name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["read", *args]
        return super().parse_args(ctx, args)


def data_dir_option(f):
    return click.option("--data-dir", type=click.Path(file_okay=False), default=None, help=DATA_DIR_HELP)(f)


def fail(message: str) -> None:
    """Print a one-line error and exit 1."""
    click.echo(f"ntreader: {message}", err=True)
    sys.exit(1)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ntreader")
def cli() -> None:
    """ntreader: read Chinese official reports closely, in the terminal.

    With no command, opens the reader on PATHs (files or folders; default: the bundled reports).
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@data_dir_option
def read(paths: tuple[str, ...], data_dir: str | None) -> None:
    """Open the reader on PATHs (default: the bundled reports)."""
    run_tui(paths, data_dir)


def run_tui(paths: tuple[str, ...], data_dir: str | None, address: str | None = None) -> None:
    """Load the library (reporting bad paths, opening the good ones) and run the app."""
    from reader.core.library import load_library
    from reader.paths import resolve

    library = load_library(list(paths), cache_dir=resolve(data_dir).cache)
    for error in library.errors:
        click.echo(f"ntreader: {error}", err=True)
    if not library.sources:
        sys.exit(1)
    start = None
    if address:
        from reader.core.address import parse_address

        where = parse_address(address)
        source = library.get(where.source_id)
        if not 1 <= where.para <= len(source.paragraphs):
            raise UserError(f"{source.id} has no paragraph {where.para} (it has {len(source.paragraphs)})")
        start = (source.id, where.para)
    from reader.app import make_app

    make_app(library, data_dir=data_dir, start=start).run()


@cli.command("open")
@click.argument("address")
@click.argument("paths", nargs=-1, type=click.Path())
@data_dir_option
def open_(address: str, paths: tuple[str, ...], data_dir: str | None) -> None:
    """Open the reader at ADDRESS (SOURCE_ID:N or SOURCE_ID:N:START-END)."""
    run_tui(paths, data_dir, address)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON (DESIGN.md §4).")
@data_dir_option
def outline(paths: tuple[str, ...], as_json: bool, data_dir: str | None) -> None:
    """Print the parsed structure of PATHs: an indented tree, or JSON."""
    from reader.core.library import load_library
    from reader.core.outline import outline_json, outline_text

    library = load_library(list(paths), strict=True)
    if as_json:
        click.echo(json.dumps(outline_json(library.sources), ensure_ascii=False, indent=1))
    else:
        click.echo(outline_text(library.sources))


def _corpus_index(paths: tuple[str, ...], data_dir: str | None):
    """Load PATHs and index them, with the token cache and user dictionary of the data dir."""
    from reader.core.library import load_library
    from reader.core.search import Index
    from reader.core.segment import Segmenter
    from reader.paths import resolve

    where = resolve(data_dir)
    library = load_library(list(paths), strict=True)
    segmenter = Segmenter(cache_dir=where.cache, user_dict=where.user_dict)
    return Index.build(library.sources, segmenter, cache_dir=where.cache)


@cli.command()
@click.argument("query")
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
    import shutil

    from rich.cells import cell_len, set_cell_size

    from reader.core.search import kwic_line, parse_query

    parsed = parse_query(query)
    index = _corpus_index(paths, data_dir)
    hits = index.sort(index.search(parsed), sort_by)
    if as_json:
        fields = ("source_id", "section", "left", "match", "right")
        rows = [{"address": h.address, **dict(zip(("source", *fields[1:]), (getattr(h, f) for f in fields), strict=False)),
                 "heading": h.heading is not None} for h in hits]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not hits:
        return
    address_w = max(cell_len(h.address) for h in hits)
    section_w = min(24, max(cell_len(h.section) for h in hits))
    match_w = max(cell_len(h.match) for h in hits)
    kwic_w = max(match_w + 12, shutil.get_terminal_size((120, 24)).columns - address_w - section_w - 4)
    for h in hits:
        line = kwic_line(h, kwic_w, match_w)
        click.echo(f"{set_cell_size(h.address, address_w)}  {line}  {set_cell_size(h.section, section_w)}".rstrip())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1), help="Keywords per source.")
@click.option("--method", type=click.Choice(["tfidf", "textrank", "keyness"]), default="tfidf", show_default=True,
              help="TF-IDF against the corpus, TextRank, or keyness (log-likelihood) against the other sources.")
@click.option("--json", "as_json", is_flag=True, help="Print the keywords as JSON.")
@data_dir_option
def keywords(paths: tuple[str, ...], top: int, method: str, as_json: bool, data_dir: str | None) -> None:
    """Print the top keywords of each source in PATHs, with scores and counts."""
    from rich.cells import cell_len, set_cell_size

    from reader.core import keywords as kw

    index = _corpus_index(paths, data_dir)
    corpus = kw.Corpus.from_index(index)
    rank = {"tfidf": kw.tfidf, "textrank": kw.textrank, "keyness": kw.keyness}[method]
    results = [(s, rank(s, corpus, top=top)) for s in index.sources]
    if as_json:
        rows = [{"source": s.id, "title": s.title, "keywords": [k._asdict() for k in found]} for s, found in results]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for source, found in results:
        click.echo(f"{source.id}  {source.title}")
        word_w = max((cell_len(k.word) for k in found), default=0)
        for k in found:
            click.echo(f"  {set_cell_size(k.word, word_w)}  {k.count:5d}  {k.score:.4f}")


# -- annotations: notes, bookmarks, export and import (the store is reader.store)


def path_option(f):
    return click.option("-p", "--path", "paths", multiple=True, type=click.Path(),
                        help="A file or folder holding the source (repeatable; default: the bundled reports).")(f)


def _open_store(data_dir: str | None):
    """The data dir's store; its warnings (a corrupt file moved aside…) go to stderr."""
    from reader.paths import resolve
    from reader.store import Store

    store = Store.open(resolve(data_dir))
    for warning in store.warnings:
        click.echo(f"ntreader: {warning}", err=True)
    return store


def _locate(address: str, paths: tuple[str, ...]):
    """The source and parsed address of ADDRESS; UserError if it is malformed or names no source."""
    from reader.core.address import parse_address
    from reader.core.library import load_library

    where = parse_address(address)
    return load_library(list(paths), strict=bool(paths)).get(where.source_id), where


def _print_records(records: list[dict], as_json: bool) -> None:
    from reader.core.export import address_of

    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    for r in records:
        text = (r["note"] or r["label"] or r["anchor"]["quote"]["exact"]).strip().splitlines()
        bits = [r["id"], address_of(r), text[0][:60] if text else ""]
        bits += [f"#{t}" for t in r["tags"]]
        if r["anchor_status"] != "exact":
            bits.append(f"[{r['anchor_status']}]")
        click.echo("  ".join(bits))


@cli.group()
def note() -> None:
    """Add and list notes."""


@note.command("add")
@click.argument("address")
@click.argument("text")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@path_option
@data_dir_option
def note_add(address: str, text: str, tags: tuple[str, ...], paths: tuple[str, ...], data_dir: str | None) -> None:
    """Add a note with TEXT (Markdown) at ADDRESS (SOURCE_ID:N or SOURCE_ID:N:START-END)."""
    from reader.core.export import address_of

    source, where = _locate(address, paths)
    with _open_store(data_dir) as store:
        record = store.add("note", source, where.para, where.start, where.end, note=text, tags=tags)
    click.echo(f"{record['id']}  {address_of(record)}")


@note.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON.")
@data_dir_option
def note_list(as_json: bool, data_dir: str | None) -> None:
    """List notes: id, address, first line, tags."""
    with _open_store(data_dir) as store:
        _print_records(store.annotations(kind="note"), as_json)


@cli.group()
def bookmark() -> None:
    """Add and list bookmarks."""


@bookmark.command("add")
@click.argument("address")
@click.option("--label", default=None, help="A short label.")
@path_option
@data_dir_option
def bookmark_add(address: str, label: str | None, paths: tuple[str, ...], data_dir: str | None) -> None:
    """Bookmark the paragraph at ADDRESS (SOURCE_ID:N); one bookmark per paragraph."""
    from reader.core.export import address_of

    source, where = _locate(address, paths)
    with _open_store(data_dir) as store:
        record = store.add("bookmark", source, where.para, label=label)
    click.echo(f"{record['id']}  {address_of(record)}")


@bookmark.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON.")
@data_dir_option
def bookmark_list(as_json: bool, data_dir: str | None) -> None:
    """List bookmarks: id, address, label or passage."""
    with _open_store(data_dir) as store:
        _print_records(store.annotations(kind="bookmark"), as_json)


@cli.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default=None,
              help="Markdown or JSON (default: from the file's suffix, else md).")
@click.option("--source", "source_ids", multiple=True, help="Only this source (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only annotations with this tag (repeatable: any of them).")
@path_option
@data_dir_option
def export_(output: str | None, fmt: str | None, source_ids: tuple[str, ...], tags: tuple[str, ...],
            paths: tuple[str, ...], data_dir: str | None) -> None:
    """Export annotations as Markdown (to read) or JSON (to back up; see `ntreader import`)."""
    from datetime import datetime
    from pathlib import Path

    from reader.core.export import select, to_json, to_markdown
    from reader.core.files import write_text
    from reader.core.library import load_library
    from reader.store import StoreError

    library = load_library(list(paths), strict=bool(paths))
    with _open_store(data_dir) as store:
        try:
            store.rebind(library.sources)  # anchors follow texts that changed or moved
        except StoreError as e:
            click.echo(f"ntreader: {e} (exporting the anchors as saved)", err=True)
        records = store.annotations()
    known = {s.id for s in library.sources} | {r["source_id"] for r in records}
    if unknown := [s for s in source_ids if s not in known]:
        raise UserError(f"no source {unknown[0]!r} (known: {', '.join(sorted(known)) or 'none'})")
    records = select(records, source_ids, tags)
    fmt = fmt or ("json" if output and output.endswith(".json") else "md")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = to_json(records, now) if fmt == "json" else to_markdown(records, library.sources, now)
    if not output:
        click.echo(text, nl=False)
        return
    write_text(Path(output), text)
    click.echo(f"exported {len(records)} annotations to {output}")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@data_dir_option
def import_(file: str, data_dir: str | None) -> None:
    """Restore annotations from a JSON export. Importing the same file twice changes nothing."""
    from pathlib import Path

    from reader.core.export import from_json

    try:
        text = Path(file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"cannot read {file}: {getattr(e, 'strerror', None) or e}") from None
    with _open_store(data_dir) as store:
        added, updated, unchanged = store.import_records(from_json(text))
    click.echo(f"imported {file}: {added} added, {updated} updated, {unchanged} unchanged")


def main() -> None:
    """Entry point: run the CLI, turning UserError into a one-line message and exit 1."""
    try:
        cli.main(standalone_mode=False)
    except UserError as e:
        fail(str(e))
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
