"""Command line: the TUI by default, plus headless sub-commands.

The group, its shared options and the reader commands live here; the other commands live in
sibling modules (``corpus``: outline, search, keywords; ``notes``: notes, bookmarks,
export, import), each registered by importing it at the bottom of this module.

Heavy imports (textual, jieba, tinydb) happen inside the commands that need them, so that
``ntreader outline`` stays fast and the TUI's first paint is not slowed by unused modules.
User errors print one line on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import sys

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


# The sub-command modules register themselves on ``cli``.
from reader.cli import analysis, corpus, notes  # noqa: E402, F401
