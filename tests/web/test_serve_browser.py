"""``ntreader serve`` for real: the server in a subprocess on a free loopback port, headless
Chromium (Debian's ``chromium``) driven by playwright, the screen read from xterm.js's buffer.

Skips, saying why, when chromium, playwright or textual-serve is missing; ``.ci/run`` installs
them, so CI runs it. Every wait is bounded; the server's process group and the browser are
ended whatever happens.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# textual.js keeps its xterm.js Terminal private: catch it as it is assigned to ``this.terminal``.
CATCH_TERMINAL = """Object.defineProperty(Object.prototype, 'terminal', {configurable: true, set(value) {
  Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
  window.__xterm = value; }});"""
SCREEN = """() => { const t = window.__xterm; if (!t) return ''; const b = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) { const line = b.getLine(b.viewportY + y); rows.push(line ? line.translateToString(true) : ''); }
  return rows.join('\\n'); }"""
SHOWS = f"(text) => ({SCREEN})().includes(text)"
MATCHES = f"(pattern) => new RegExp(pattern).test(({SCREEN})())"


def _requirements() -> str | None:
    """Why the browser test cannot run here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"no {CHROMIUM} (Debian's chromium package; .ci/run installs it)"
    for module, package in (("playwright.sync_api", "playwright"), ("textual_serve", "textual-serve")):
        try:
            __import__(module)
        except ImportError:
            return f"{package} is not installed (pip install -e '.[test]')"
    return None


pytestmark = pytest.mark.skipif(bool(_requirements()), reason=_requirements() or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path, library):
    """The URL of ``ntreader serve`` (the bundled reports, a fresh data folder), once it answers."""
    port = _free_port()
    log = (tmp_path / "server.log").open("w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "reader", "serve", "--port", str(port),
                                "--data-dir", str(tmp_path / "data")],
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"the server did not answer on {url}: {log.read()[-2000:]}")
                time.sleep(0.1)  # polling a port, not waiting for the app
        log.seek(0)
        assert f"serving {len(library.sources)} reports on {url} (this machine only)" in log.read()
        yield url
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):  # the server and every tab's reader
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=10)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        log.close()


def test_a_browser_tab_reads_and_searches_chinese(server: str, library, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from reader.widgets.search_bar import PLACEHOLDER

    title = library.sources[0].title
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1200, "height": 800}, timeout=30_000)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                       else route.abort())  # offline: the page's web font is not fetched
            page.add_init_script(CATCH_TERMINAL)
            page.goto(server)
            page.wait_for_function(SHOWS, arg=title)
            page.focus(".xterm-helper-textarea")
            page.keyboard.type("/")
            page.wait_for_function(SHOWS, arg=PLACEHOLDER.split("  ")[0])  # the search box is open
            page.keyboard.insert_text("营商环境")
            page.wait_for_function(SHOWS, arg="营商环境")
            page.keyboard.press("Enter")
            page.wait_for_function(MATCHES, arg=r"“营商环境” +\d+ hits in \d+ sources")
            page.screenshot(path=str(tmp_path / "served.png"))
        finally:
            browser.close()
