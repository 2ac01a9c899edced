"""Annotation commands: notes, bookmarks, export and import (the store is reader.store)."""

from __future__ import annotations

import os

import click

from reader.cli import TEXT, cli, data_dir_option, echo_json, warn
from reader.core.errors import UserError
from reader.core.sanitize import json_safe, one_line, visible


def path_option(f):
    return click.option("-p", "--path", "paths", multiple=True, type=click.Path(),
                        help="A file or folder holding the source (repeatable; default: the bundled reports).")(f)


def _open_store(data_dir: str | None):
    """The data dir's store; its warnings (a corrupt file moved aside…) go to stderr."""
    from reader.paths import resolve
    from reader.store import Store

    store = Store.open(resolve(data_dir))
    for warning in store.warnings:
        warn(warning)
    return store


def _locate(address: str, paths: tuple[str, ...], data_dir: str | None):
    """The source and parsed address of ADDRESS; UserError if it is malformed or names no source.
    Only the file it names is read (through the parse cache) when it names exactly one."""
    from reader.core.address import parse_address
    from reader.core.ids import name_of
    from reader.core.library import corpus_files, load_library, load_source
    from reader.core.parse_cache import ParseCache
    from reader.paths import resolve

    where = parse_address(address)
    files, _ = corpus_files(list(paths), strict=bool(paths))
    named = [(f, sid) for f, sid in files if sid == where.source_id] or [
        (f, sid) for f, sid in files if name_of(sid) == where.source_id]
    if len(named) == 1:
        cache = ParseCache(resolve(data_dir).cache / "parsed")
        return load_source(named[0][0], named[0][1], cache), where
    return load_library(list(paths), strict=bool(paths)).get(where.source_id), where  # says what is wrong


def _print_records(records: list[dict], as_json: bool) -> None:
    from reader.core.export import address_of

    if as_json:
        echo_json(records)
        return
    for r in records:
        text = (r["note"] or r["label"] or r["anchor"]["quote"]["exact"]).strip().splitlines()
        bits = [r["id"], address_of(r), text[0][:60] if text else ""]
        bits += [f"#{t}" for t in r["tags"]]
        if r["anchor_status"] != "exact":
            bits.append(f"[{r['anchor_status']}]")
        click.echo(one_line("  ".join(bits)))


@cli.group()
def note() -> None:
    """Add and list notes."""


@note.command("add")
@click.argument("address")
@click.argument("text", type=TEXT)
@click.option("--tag", "tags", multiple=True, type=TEXT, help="A tag (repeatable).")
@path_option
@data_dir_option
def note_add(address: str, text: str, tags: tuple[str, ...], paths: tuple[str, ...], data_dir: str | None) -> None:
    """Add a note with TEXT (Markdown) at ADDRESS (SOURCE_ID:N or SOURCE_ID:N:START-END)."""
    from reader.core.address import format_address

    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError("the note is not valid UTF-8 (check the terminal's encoding)") from None
    from reader.paths import resolve
    from reader.store.append import add_note

    source, where = _locate(address, paths, data_dir)
    record = add_note(resolve(data_dir).store_file, source, where.para, where.start, where.end, note=text, tags=tags)
    if record is None:  # no store yet, or one that must be opened to be written
        with _open_store(data_dir) as store:
            record = store.add("note", source, where.para, where.start, where.end, note=text, tags=tags)
    click.echo(one_line(f"{record['id']}  {format_address(source.id, where.para, where.start, where.end)}"))


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
@click.option("--label", default=None, type=TEXT, help="A short label.")
@path_option
@data_dir_option
def bookmark_add(address: str, label: str | None, paths: tuple[str, ...], data_dir: str | None) -> None:
    """Bookmark the paragraph at ADDRESS (SOURCE_ID:N); one bookmark per paragraph."""
    from reader.core.export import address_of

    source, where = _locate(address, paths, data_dir)
    with _open_store(data_dir) as store:
        record = store.add("bookmark", source, where.para, label=label)
    click.echo(one_line(f"{record['id']}  {address_of(record)}"))


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
    from pathlib import Path

    from reader.core.export import export
    from reader.core.library import bundled_seeds_dir, load_library
    from reader.store import StoreError

    with _open_store(data_dir) as store:
        if paths:
            library = load_library(list(paths), strict=True)
        else:  # the bundled reports and every file a record names that is still there
            named = {r["source_path"] for r in store.annotations(include_deleted=True) if r.get("source_path")}
            library = load_library([str(bundled_seeds_dir()), *sorted(p for p in named if os.path.isfile(p))])
        try:  # anchors follow texts that changed or moved; a record whose file is gone is detached
            store.rebind(library.sources, complete=not paths)
        except StoreError as e:
            warn(f"{e} (exporting the anchors as saved)")
        records = store.annotations()
    count, text = export(records, library.sources, fmt, Path(output) if output else None,
                         source_ids=source_ids, tags=tags)
    if not output:
        click.echo(json_safe(text) if fmt == "json" else visible(text), nl=False)
        return
    click.echo(one_line(f"exported {count} annotations to {output}"))


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
    click.echo(one_line(f"imported {file}: {added} added, {updated} updated, {unchanged} unchanged"))
