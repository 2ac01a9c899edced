"""``ntreader serve``: the reader in a web browser, through textual-serve.

textual-serve runs a command per browser tab, with TEXTUAL_DRIVER set to its web driver: here
``python -m reader read PATH…`` on the same data folder, so every tab is its own reader process
and all of them share the store (which takes several writers).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from reader.cli import cli, data_dir_option, fail, warn

MISSING = "serving in a browser needs textual-serve: pip install 'ntreader[web]'"
WILDCARDS = ("0.0.0.0", "::", "")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any but loopback lets anyone on the network read and annotate.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@data_dir_option
def serve(paths: tuple[str, ...], host: str, port: int, data_dir: str | None) -> None:
    """Serve the reader on PATHs to web browsers, one reader per tab (default: the bundled reports)."""
    try:
        from textual_serve.server import Server
    except ImportError:
        fail(MISSING)
    from reader.core.library import load_library
    from reader.paths import resolve

    loopback = _check_address(host, port)
    library = load_library(list(paths), cache_dir=resolve(data_dir).cache)  # warms the cache for every tab
    for error in library.errors + library.warnings:
        warn(error)
    if not library.sources:
        sys.exit(1)
    url = f"http://{_url_host(host)}:{port}"
    import logging
    import shlex

    command = shlex.join(reader_command(paths, data_dir))

    class Quiet(Server):
        def initialize_logging(self) -> None:  # errors and warnings, not a line per request
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: object) -> None:
            """No banner: ``serve`` has said where it listens."""

    click.echo(f"ntreader: serving {len(library.sources)} reports on {url}"
               f"{' (this machine only)' if loopback else ''}; Ctrl+C stops")
    if not loopback:
        warn(f"listening on {host}, not loopback: anyone on the network can read and annotate")
    try:
        Quiet(command, host=host, port=port, title="ntreader", public_url=url,
              templates_path=_offline_page(resolve(data_dir).cache)).serve()
    except OSError as e:
        fail(f"cannot listen on {host}:{port}: {e.strerror or e}")


def reader_command(paths: tuple[str, ...], data_dir: str | None) -> list[str]:
    """The command each tab runs: this Python's ``reader`` on the same paths and data folder,
    both made absolute."""
    command = [sys.executable, "-m", "reader", "read"]
    if data_dir:
        command += ["--data-dir", os.path.abspath(os.path.expanduser(data_dir))]
    return command + [os.path.abspath(path) for path in paths]


def _offline_page(cache: Path) -> Path:
    """A folder with textual-serve's page less its web font from Google: served, nothing is
    fetched from elsewhere (the terminal falls back to a local monospace font)."""
    import re
    from importlib.resources import files

    page = (files("textual_serve") / "templates" / "app_index.html").read_text(encoding="utf-8")
    page = re.sub(r"\s*<link\s+rel=\"stylesheet\"\s+href=\"https?://[^\"]*\"\s*/?>", "", page)
    folder = cache / "serve-page"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app_index.html").write_text(page, encoding="utf-8")
    return folder


def _check_address(host: str, port: int) -> bool:
    """Whether ``host`` is loopback only; one line and exit 1 if ``host:port`` cannot be listened on."""
    import ipaddress
    import socket

    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        fail(f"cannot listen on {host}: {e.strerror}")
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind(address)
        except OSError as e:
            fail(f"cannot listen on {host}:{port}: {e.strerror}")
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def _url_host(host: str) -> str:
    """``host`` as written in a URL: this machine's name for a wildcard, IPv6 in brackets."""
    if host in WILDCARDS:
        import socket

        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
