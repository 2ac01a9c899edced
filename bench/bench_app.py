"""Reader speed on a real pseudo-terminal: first paint vs a bare Textual app, 1 MB and 10 MB reports.

    python bench/bench_app.py [--runs 7]
    python bench/bench_app.py --corpus /tmp/corpus [--runs 3] [--first-launch]   # a folder of reports (bench/corpus.py)

First paint is timed from exec to the first frame that shows the report's title, alternating the two apps so machine noise hits both;
both keep compiled modules, as installed apps do (``launch_env``). A cursor key is timed,
after draining what the app was still writing, from writing it to the pty to the last byte of
the frame it causes (waiting up to 5 s for the first byte); keys that draw nothing within 5 s
are counted apart, never as instant. Median and p95 are printed. With ``--corpus``: the first
launch (no catalog: first paint of the preview of its first report, when the whole reader takes
its place, ``j`` in the preview meanwhile), first paint on relaunch against a bare Textual app
showing its first report, peak memory (VmHWM), and ``j``, page-down, ``b``, ``/`` latencies at that corpus
size, both as soon as the reader shows (while its start-up work, e.g. keyword counts, runs in
the background) and once it is quiet; page-down in a bare Textual app is the yardstick.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

from reader.core.anchors import make_anchor
from reader.core.catalog import open_library
from reader.paths import resolve

ROOT = Path(__file__).resolve().parents[1]
SLASHES = 20  # times / is timed at each stage (each followed by escape)
MARKER = "凝聚奋进力量".encode()  # in the title of the first report: both apps show it on their first frame

BARE_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static
class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]
    def on_mount(self):
        self.animation_level = "none"  # page-down at once, as the reader's (not a 0.6 s glide)
    def compose(self):
        with VerticalScroll():  # focused: the arrow keys and page-down scroll it
            yield Static(Path(sys.argv[1]).read_text("utf-8"))
        yield Footer()
Bare().run()
"""


def spawn(argv: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)) -> tuple[int, int]:
    """Start ``argv`` on a new pseudo-terminal of ``size``; (pid, fd)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    return pid, fd


def read_until(fd: int, marker: bytes, timeout: float = 30.0) -> float:
    """Read until ``marker`` shows; seconds it took."""
    start = time.perf_counter()
    seen = b""
    while time.perf_counter() - start < timeout:
        if select.select([fd], [], [], 0.05)[0]:
            seen += os.read(fd, 1 << 16)
            if marker in seen:
                return time.perf_counter() - start
    raise RuntimeError(f"{marker!r} never appeared")


def drain(fd: int, quiet: float = 0.1, limit: float = 30.0, seen: bytearray | None = None) -> None:
    """Read whatever the app is still writing (kept in ``seen``), until it has been quiet for
    ``quiet`` seconds (or for ``limit`` seconds at most: an app that never stops drawing must not
    hang the bench)."""
    start = time.perf_counter()
    while select.select([fd], [], [], quiet)[0] and time.perf_counter() - start < limit:
        got = os.read(fd, 1 << 16)
        if seen is not None:
            seen += got


def frame_after(fd: int, key: bytes, first_byte: float = 5.0, quiet: float = 0.03,
                seen: bytearray | None = None) -> float | None:
    """Drain, send ``key``, and return the seconds from the key to the last byte of the frame it
    caused (the frame ends when output pauses for ``quiet``); None if no byte came within
    ``first_byte`` seconds (the key drew nothing). What is read is kept in ``seen``."""
    drain(fd, seen=seen)
    os.write(fd, key)
    start = time.perf_counter()
    if not select.select([fd], [], [], first_byte)[0]:
        return None
    last = start
    while select.select([fd], [], [], quiet)[0]:
        got = os.read(fd, 1 << 16)
        if seen is not None:
            seen += got
        last = time.perf_counter()
    return last - start


def key_latencies(fd: int, key: bytes, count: int) -> tuple[list[float], int]:
    """Milliseconds from each of ``count`` presses of ``key`` to the end of its frame, sorted; and
    how many presses drew no frame."""
    times = [frame_after(fd, key) for _ in range(count)]
    return sorted(t * 1000 for t in times if t is not None), sum(t is None for t in times)


def busy_children(pid: int) -> int:
    """How many worker processes ``pid`` has spawned that are still running (its background work)."""
    count = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            parent = (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
            count += parent == str(pid) and b"spawn_main" in (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
    return count


def summary(name: str, per_key: list[float], silent: int) -> str:
    return (f"{name}: median {statistics.median(per_key) if per_key else float('nan'):.1f} ms, "
            f"p95 {p95(per_key):.1f} ms; {silent} drew no frame")


def bare_keys(path: Path, keys: int, env: dict[str, str], marker: bytes = MARKER) -> str:
    """The yardstick: page-down latencies in a bare Textual app scrolling the text of ``path`` (a
    report of ordinary size)."""
    pid, fd = spawn([sys.executable, "-c", BARE_APP, str(path)], env)
    try:
        read_until(fd, marker, timeout=120)
        drain(fd, quiet=0.5)
        times = [frame_after(fd, b"\x1b[6~" if k % 2 == 0 else b"\x1b[5~") for k in range(keys)]  # down, up, …
        return summary("bare Textual page-down/up", sorted(t * 1000 for t in times if t is not None),
                       sum(t is None for t in times))
    finally:
        stop(pid, fd)


def p95(values: list[float]) -> float:
    return values[max(0, round(0.95 * len(values)) - 1)] if values else float("nan")


def stop(pid: int, fd: int) -> None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)


def first_paint(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from exec until MARKER appears on the pseudo-terminal."""
    pid, fd = spawn(argv, env)
    try:
        return read_until(fd, MARKER)
    finally:
        stop(pid, fd)


def launch_env() -> dict[str, str]:
    """The environment both apps start in: a 120x40 terminal, and Python keeping compiled modules
    (outside the checkout) as an installed reader does, like Textual in site-packages."""
    kept = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return kept | {"PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "ntreader-bench-pycache"),
                   "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}


def bench_first_paint(runs: int) -> None:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    env = launch_env()
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


def bench_pane(path: Path, keys: int, data: str) -> tuple[float, float, float, int, int]:
    """(first paint with ``path`` open, median and p95 ms from a cursor key to the end of its frame,
    keys that drew nothing, background processes still running after the keys) in a real pty. The
    keys are pressed as soon as the reader shows, while its start-up work (keyword counts) runs."""
    env = {**os.environ, "TERM": "xterm-256color"}
    pid, fd = spawn([sys.executable, "-m", "reader", "--data-dir", data, str(path)], env)
    try:
        opened = read_until(fd, MARKER, timeout=120)
        drain(fd, quiet=0.5)
        per_key, silent = key_latencies(fd, b"j", keys)
        busy = busy_children(pid)
    finally:
        stop(pid, fd)
    return opened, statistics.median(per_key) if per_key else float("nan"), p95(per_key), silent, busy


def add_annotations(data: str, path: Path, count: int) -> None:
    """``count`` highlights and notes spread over the report at ``path``, written in one import."""
    from reader.core.library import load_library
    from reader.paths import resolve
    from reader.store import Store

    source = load_library([str(path)]).sources[0]
    with Store.open(resolve(data)) as store:
        first = store.add("note", source, 1, note="seed", tags=["bench"])
        n = len(source.paragraphs)
        copies = []
        for i in range(1, count):
            para = i % n + 1
            copies.append(first | {"id": f"{first['id']}{i:06d}", "anchor": make_anchor(source, para)})
        store.import_records(copies)


def peak_mb(pid: int) -> float:
    """The peak resident memory of ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_first_launch(folder: Path, runs: int, keys: int, env: dict[str, str], marker: bytes, n: int) -> None:
    """The first launch (no catalog yet), each run in a new data folder: first paint (the preview
    of the first report) and when the whole reader takes its place (it says all reports are read),
    medians of ``runs``; then ``j`` in the preview, counting only the keys pressed before that."""
    ready = b"reports read" if n > 1 else b"report is read"
    paints, readies = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            pid, fd = spawn([sys.executable, "-m", "reader", "--data-dir", data, str(folder)], env)
            try:
                paints.append(read_until(fd, marker, timeout=600))
                readies.append(paints[-1] + read_until(fd, ready, timeout=600))
            finally:
                stop(pid, fd)
    print(f"{n:,} reports, first launch, median of {runs}: first paint (preview) {statistics.median(paints):.2f} s; "
          f"reader ready {statistics.median(readies):.2f} s")
    with tempfile.TemporaryDirectory() as data:
        pid, fd = spawn([sys.executable, "-m", "reader", "--data-dir", data, str(folder)], env)
        try:
            read_until(fd, marker, timeout=600)
            seen, per_key, silent = bytearray(), [], 0
            for _ in range(keys):
                took = frame_after(fd, b"j", seen=seen)
                if ready in seen:
                    break
                per_key += [took * 1000] if took is not None else []
                silent += took is None
            print("  " + summary("j in the preview while the reports are read", sorted(per_key), silent)
                  + f" ({len(per_key) + silent} keys)")
        finally:
            stop(pid, fd)


def bench_corpus(folder: Path, runs: int, keys: int, first_launch_only: bool = False) -> None:
    """First paint (first launch, relaunch) and key latencies on a corpus, against a bare app."""
    first = min(folder.rglob("*.txt"))
    marker = next(line for line in first.read_text("utf-8").splitlines() if line.strip())[:4].encode()
    env = launch_env()
    bare = [sys.executable, "-c", BARE_APP, str(first)]
    n = sum(1 for _ in folder.rglob("*.txt"))
    bench_first_launch(folder, runs, keys, env, marker, n)
    if first_launch_only:
        return
    with tempfile.TemporaryDirectory() as data:
        reader = [sys.executable, "-m", "reader", "--data-dir", data, str(folder)]
        open_library([str(folder)], resolve(data).cache)  # the catalog, as the reader builds it
        times: dict[str, list[float]] = {"ntreader": [], "bare": []}
        for _ in range(runs):
            pid, fd = spawn(reader, env)
            try:
                times["ntreader"].append(read_until(fd, marker, timeout=120))
            finally:
                stop(pid, fd)
            pid, fd = spawn(bare, env)
            try:
                times["bare"].append(read_until(fd, marker))
            finally:
                stop(pid, fd)
        med = {k: statistics.median(v) for k, v in times.items()}
        high = {k: p95(sorted(v)) for k, v in times.items()}
        print(f"{n:,} reports: relaunch median of {runs} {med['ntreader']:.3f} s "
              f"(p95 {high['ntreader']:.3f} s), bare Textual {med['bare']:.3f} s (p95 {high['bare']:.3f} s), "
              f"ratio {med['ntreader'] / med['bare']:.2f}x")
        for when, quiet in (("as soon as it shows, while start-up work runs", 0.5), ("once it is quiet", 3.0)):
            pid, fd = spawn(reader, env)
            try:
                read_until(fd, marker, timeout=120)
                drain(fd, quiet=quiet)
                print(f"  keys {when} (background processes at work: {busy_children(pid)}):")
                for name, key in (("j", b"j"), ("page-down", b"\x1b[6~"), ("b", b"b")):
                    print("    " + summary(name, *key_latencies(fd, key, keys)))
                per_key, silent = [], 0
                for _ in range(SLASHES):  # the search box opened, then closed
                    took, nothing = key_latencies(fd, b"/", 1)
                    per_key, silent = per_key + took, silent + nothing
                    frame_after(fd, b"\x1b")
                print("    " + summary("/", sorted(per_key), silent))
                print(f"    background processes still at work after the keys: {busy_children(pid)}; "
                      f"peak memory {peak_mb(pid):.0f} MB")
            finally:
                stop(pid, fd)
        print("  " + bare_keys(first, keys, env, marker))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="a folder of reports: first paint, memory and keys on it")
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--first-launch", action="store_true", help="with --corpus: only its first launch")
    args = parser.parse_args()
    if args.corpus:
        bench_corpus(args.corpus, args.runs, args.keys, args.first_launch)
        return
    bench_first_paint(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (1, 10):
            path = big_report(mb, Path(tmp) / f"report_{mb}mb.txt")
            with tempfile.TemporaryDirectory() as data:
                opened, med, high, silent, busy = bench_pane(path, 60, data)
            print(f"{mb} MB report, first time: first paint {opened:.2f} s; j to end of frame median {med:.1f} ms,"
                  f" p95 {high:.1f} ms; {silent} of 60 keys drew no frame; background processes still at work"
                  f" after the keys: {busy}")
        seed = sorted((ROOT / "seeds").glob("*.txt"))[0]  # a bare app with 10 MB in one Static is no yardstick
        print("  " + bare_keys(seed, 60, {**os.environ, "TERM": "xterm-256color"}))
        path = big_report(1, Path(tmp) / "report_1mb.txt")
        with tempfile.TemporaryDirectory() as data:
            add_annotations(data, path, 10_000)
            opened, med, high, silent, _ = bench_pane(path, 60, data)
        print(f"1 MB report with 10,000 annotations: first paint {opened:.2f} s; "
              f"j to end of frame median {med:.1f} ms, p95 {high:.1f} ms; {silent} of 60 keys drew no frame")


if __name__ == "__main__":
    main()
