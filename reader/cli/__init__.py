"""Command line: the TUI by default, plus headless sub-commands.

The group, its shared options and the reader commands live here; the other commands live in
sibling modules (``corpus``: outline, search, keywords; ``notes``: notes, bookmarks,
export, import), each registered by importing it at the bottom of this module.

Heavy imports (textual, jieba, tinydb) happen inside the commands that need them, so that
``ntreader outline`` stays fast and the TUI's first paint is not slowed by unused modules.
User errors print one line on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from reader import __version__
from reader.core.errors import UserError
from reader.core.sanitize import json_safe, one_line

_DATA_DIR = "ntreader.data_dir"
DATA_DIR_HELP = "Folder for notes, settings and caches (default: the platform's data dir; env NTREADER_DATA_DIR)."


class DefaultGroup(click.Group):
    """A group that runs ``read`` when the first argument after the group's options is not a
    sub-command name. ``--data-dir`` may come before the sub-command or after it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        k = 0
        while k < len(args) and (args[k].startswith("--data-dir=") or args[k] == "--data-dir" and k + 1 < len(args)):
            k += 1 if "=" in args[k] else 2
        rest = args[k:]
        if not rest or (rest[0] not in self.list_commands(ctx) and rest[0] not in ("--help", "-h", "--version",
                                                                                   "--data-dir")):
            args = [*args[:k], "read", *rest]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands.keys() | LAZY.keys())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A sub-command, its module imported (it registers itself) when it is first asked for:
        a command pays only for its own imports."""
        if cmd_name not in self.commands and cmd_name in LAZY:
            importlib.import_module(f"reader.cli.{LAZY[cmd_name]}")
        return super().get_command(ctx, cmd_name)


#: Sub-commands defined in other modules of this package, by the module that defines them.
LAZY = {"outline": "corpus", "search": "corpus", "keywords": "corpus", "compare": "analysis",
        "figures": "analysis", "trend": "analysis", "collocates": "analysis", "note": "notes",
        "bookmark": "notes", "export": "notes", "import": "notes", "serve": "serve"}


def _data_dir(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A sub-command's ``--data-dir``, else the one given before it; kept for the crash log.
    UserError if it (or $NTREADER_DATA_DIR) names something that is not a folder."""
    from reader.paths import ENV_VAR

    value = value if value is not None else ctx.find_root().params.get("data_dir")
    root = value or os.environ.get(ENV_VAR)
    if root and os.path.exists(root) and not os.path.isdir(root):
        raise UserError(f"{root}: not a folder (given as the data folder by {'--data-dir' if value else ENV_VAR})")
    ctx.meta[_DATA_DIR] = value
    return value


def data_dir_option(f):
    return click.option("--data-dir", type=click.Path(), default=None, help=DATA_DIR_HELP, callback=_data_dir)(f)


class Utf8Text(click.ParamType):
    """Text from the command line (a note, a tag, a query) that must be valid UTF-8: bytes the shell
    could not decode are refused in one line rather than stored or searched half-decoded."""

    name = "text"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            what = param.get_error_hint(ctx) if param and ctx else "text"
            raise UserError(f"{what} is not valid UTF-8: {shown} (check the terminal's encoding)") from None
        return value


TEXT = Utf8Text()


def warn(message: str) -> None:
    """Print ``ntreader: message`` on stderr, on one line with its control characters made visible."""
    click.echo(f"ntreader: {one_line(message)}", err=True)


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit 1."""
    warn(message)
    sys.exit(1)


def echo_json(data: object) -> None:
    """Print ``data`` as indented UTF-8 JSON, with terminal controls escaped."""
    import json

    click.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=1)))


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ntreader")
@click.option("--data-dir", type=click.Path(), default=None, help=DATA_DIR_HELP)
def cli(data_dir: str | None) -> None:
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
    """Load the library (reporting bad paths, opening the good ones) and run the app. A crash
    exits 1 once the terminal is restored, with one line naming the log holding the traceback."""
    import io

    from rich.console import Console

    from reader.core.catalog import open_library
    from reader.paths import resolve

    if not os.environ.get("TEXTUAL_DRIVER"):  # a served app (textual-serve) has no terminal of its own
        for name in ("stdin", "stdout", "stderr"):
            if not getattr(sys, name).isatty():
                raise UserError(f"the reader needs a terminal, and {name} is not one "
                                "(outline, search, keywords, note and export work without one)")
    start = None
    if address:
        from reader.core.address import parse_address

        where = parse_address(address)
        start = (where.source_id, where.para) if where.start is None or where.end is None else \
            (where.source_id, where.para, where.start, where.end)
    from reader.app import checked_start, make_app

    cache = resolve(data_dir).cache
    # Every report unchanged since the last run: straight to the reader; else a progress bar while they are parsed.
    library = open_library(list(paths), cache, parse=False)
    if library is not None:
        start = checked_start(library, start)
    from reader.core.preview import first_report

    # a long build runs in worker processes: the reader's own process stays free to draw and take keys
    app = make_app(library or (lambda progress: open_library(list(paths), cache, progress, keep_free=True)),
                   data_dir=data_dir, start=start,
                   preview=None if library else lambda: first_report(list(paths), start and start[0]))
    errors = io.StringIO()  # Textual prints an unhandled exception here, after leaving the screen
    app.error_console = Console(file=errors, width=120, color_system=None, markup=False, highlight=False)
    terminated: list[int] = []
    import signal  # here: a search need not import it
    import threading

    def terminate(signum: int, _frame: object) -> None:
        """``kill``, or the terminal hung up (an SSH link dropped): leave as ``q`` does (the
        terminal restored if it is still there, the notes store closed, the worker processes
        stopped)."""
        terminated.append(signum)
        app.exit()
        # Textual's driver may wait for good to write to a terminal that is gone (a reader hung up
        # then ignored kill too): end regardless once the store has closed (milliseconds; what it
        # held is on disk anyway, as after kill -9) and the workers have stopped
        watchdog = threading.Timer(5.0, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, terminate)
    app.run()
    if terminated:
        raise SystemExit(128 + terminated[0])
    for error in app.library.errors + app.library.warnings:
        warn(error)
    if app.failure:
        raise UserError(app.failure)
    if app.return_code:
        crashed(data_dir, errors.getvalue() or f"the reader exited with status {app.return_code}\n", "the reader")


def crashed(data_dir: str | None, details: str, what: str) -> NoReturn:
    """Keep ``details`` (a traceback) in a new log in the data dir's cache/log folder (else the
    temporary folder), say where in one line, and exit 1."""
    import tempfile
    from datetime import datetime

    from reader.paths import resolve

    name = f"crash-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for folder in (resolve(data_dir).cache / "log", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                      encoding="utf-8", errors="backslashreplace") as log:  # it may quote notes: the user's only
                log.write(details)
        except OSError:
            continue
        fail(f"{what} stopped on an internal error; the traceback is in {folder / name}")
    fail(f"{what} stopped on an internal error, and no log could be written: {details.strip().splitlines()[-1]}")


@cli.command("open")
@click.argument("address")
@click.argument("paths", nargs=-1, type=click.Path())
@data_dir_option
def open_(address: str, paths: tuple[str, ...], data_dir: str | None) -> None:
    """Open the reader at ADDRESS (SOURCE_ID:N or SOURCE_ID:N:START-END)."""
    run_tui(paths, data_dir, address)


def main() -> None:
    """Entry point: run the CLI. A UserError is one line and exit 1, a usage error exit 2; any
    other exception is a crash, logged (``crashed``)."""
    ctx: click.Context | None = None
    try:
        ctx = cli.make_context("ntreader", sys.argv[1:])
        with ctx:
            cli.invoke(ctx)
    except UserError as e:
        fail(str(e))
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        sys.exit(0)
    except Exception:
        import traceback

        crashed(ctx.meta.get(_DATA_DIR) if ctx else None, traceback.format_exc(), "ntreader")

