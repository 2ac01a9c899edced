"""``ntreader serve`` without a browser: what it says, what each tab runs, and its refusals."""

from __future__ import annotations

import re
import shlex
import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The servers ``serve`` started, each stopped at once (its ``serve`` returns)."""
    server = pytest.importorskip("textual_serve.server", reason="textual-serve is not installed")
    started: list[object] = []
    monkeypatch.setattr(server.Server, "serve", lambda self, debug=False: started.append(self))
    return started


def test_serves_on_loopback_and_each_tab_runs_the_reader_on_the_same_paths_and_data(served, tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", "seeds", "--port", str(port), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"ntreader: serving 5 reports on http://127.0.0.1:{port} (this machine only); Ctrl+C stops\n"
    (server,) = served
    assert (server.host, server.port, server.title) == ("127.0.0.1", port, "ntreader")
    assert shlex.split(server.command) == [sys.executable, "-m", "reader", "read", "--data-dir", str(tmp_path), str(SEEDS)]


def test_data_dir_before_the_command_reaches_every_tab(served, tmp_path):
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "serve", "--port", str(_free_port())])
    assert result.exit_code == 0, result.output
    assert shlex.split(served[0].command)[-2:] == ["--data-dir", str(tmp_path)]


def test_a_non_loopback_address_warns_that_the_network_can_read_and_annotate(served, tmp_path):
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", str(port), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    first, warning = result.output.splitlines()
    assert first == f"ntreader: serving 5 reports on http://{socket.gethostname()}:{port}; Ctrl+C stops"
    assert warning == "ntreader: listening on 0.0.0.0, not loopback: anyone on the network can read and annotate"


def test_a_busy_port_is_one_line_and_exit_1(served, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"ntreader: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    assert served == []


def test_without_textual_serve_it_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import fails
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == "ntreader: serving in a browser needs textual-serve: pip install 'ntreader[web]'\n"


def test_the_served_page_fetches_nothing_from_other_hosts(served, tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(SEEDS), "--port", str(_free_port()), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (server,) = served
    page = (server.templates_path / "app_index.html").read_text(encoding="utf-8")
    assert "textual.js" in page and "googleapis" not in page
    assert not re.search(r'(href|src)="https?://(?!{{)', page), page
