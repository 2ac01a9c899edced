"""Reader speed: first paint vs a bare Textual app, opening 1 MB, cursor keys at 10 MB.

    python bench/bench_app.py [--runs 7]

First paint is timed from exec to the first frame on a real pseudo-terminal (the footer's
"palette" hint, which both apps draw), alternating the two apps so machine noise hits both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = b"palette"

BARE_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import Footer, Static
class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Static(Path(sys.argv[1]).read_text("utf-8"))
        yield Footer()
Bare().run()
"""


def first_paint(argv: list[str], env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from exec until MARKER appears on the pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if MARKER in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"no first paint from {argv}")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def bench_first_paint(runs: int) -> None:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    with tempfile.TemporaryDirectory() as data:
        reader = [sys.executable, "-m", "reader", "--data-dir", data, str(seed)]
        bare = [sys.executable, "-c", BARE_APP, str(seed)]
        first_paint(reader, env), first_paint(bare, env)  # warm the OS file cache
        times: dict[str, list[float]] = {"ntreader": [], "bare": []}
        for _ in range(runs):
            times["ntreader"].append(first_paint(reader, env))
            times["bare"].append(first_paint(bare, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"first paint, median of {runs}: ntreader {med['ntreader']:.3f} s, bare Textual {med['bare']:.3f} s, "
          f"ratio {med['ntreader'] / med['bare']:.2f}x (target <= 1.2x)")


def big_report(megabytes: float, out: Path) -> Path:
    """A report of about ``megabytes`` MB, by repeating the seeds."""
    text = "\n\n".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    size = len(text.encode())
    out.write_text(text * max(1, round(megabytes * 1_000_000 / size)), "utf-8")
    return out


async def bench_pane(path: Path, keys: int) -> tuple[float, float, float]:
    """(seconds to parse+open, median and p95 ms per cursor key) in a headless 120x40 app."""
    from reader.app import make_app
    from reader.core.library import load_library

    start = time.perf_counter()
    app = make_app(load_library([str(path)]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        app.screen.pane.focus()
        per_key = []
        for _ in range(keys):
            t = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            per_key.append((time.perf_counter() - t) * 1000)
    per_key.sort()
    return opened, statistics.median(per_key), per_key[int(len(per_key) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bench_first_paint(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (1, 10):
            path = big_report(mb, Path(tmp) / f"report_{mb}mb.txt")
            opened, med, p95 = asyncio.run(bench_pane(path, 60))
            print(f"{mb} MB report: open {opened:.2f} s (incl. app start); cursor key median {med:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
