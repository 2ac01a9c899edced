"""A report whose every short line looks like a heading (54,201 sections in 5.5 MB): relaunch first
paint against a bare Textual app, and key latencies on it, in a real pseudo-terminal.

    python bench/bench_tree.py [--folder /tmp/patho] [--runs 5] [--keys 40]

The report is made by ``bench_parse.heading_lines`` in ``FOLDER/p.txt`` unless it is there. The
catalog is built by a first launch; then the reader and the bare app (showing the report's first
20 KB: a report of ordinary size) are launched in turn, timed from exec to the frame showing the
title. Keys (``j``, page-down, ``]``, ``[``, ``G``, ``g``) are timed from the key to the end of the
frame it causes (``bench_app.key_latencies``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench_app import BARE_APP, drain, key_latencies, launch_env, p95, read_until, spawn, stop, summary
from bench_parse import heading_lines

MARKER = "某市政府".encode()  # the first four characters of the report's title
KEYS = (("j", b"j"), ("page-down", b"\x1b[6~"), ("]", b"]"), ("[", b"["), ("G then g", b"G"))


def report(folder: Path) -> Path:
    path = folder / "p.txt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(heading_lines(10_000_000), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "patho")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    path = report(args.folder)
    env = launch_env()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text(path.read_text("utf-8")[:20_000], "utf-8")
        reader = [sys.executable, "-m", "reader", "--data-dir", str(Path(tmp) / "data"), str(args.folder)]
        bare = [sys.executable, "-c", BARE_APP, str(small)]
        pid, fd = spawn(reader, env)
        try:
            cold = read_until(fd, MARKER, timeout=600)
        finally:
            stop(pid, fd)
        times: dict[str, list[float]] = {"ntreader": [], "bare": []}
        for _ in range(args.runs):
            for name, argv in (("ntreader", reader), ("bare", bare)):
                pid, fd = spawn(argv, env)
                try:
                    times[name].append(read_until(fd, MARKER, timeout=120))
                finally:
                    stop(pid, fd)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{path} ({path.stat().st_size / 1e6:.1f} MB): first time {cold:.2f} s; relaunch median of "
              f"{args.runs} {med['ntreader']:.3f} s (p95 {p95(sorted(times['ntreader'])):.3f} s), bare Textual "
              f"{med['bare']:.3f} s, ratio {med['ntreader'] / med['bare']:.2f}x")
        pid, fd = spawn(reader, env)
        try:
            read_until(fd, MARKER, timeout=120)
            drain(fd, quiet=3.0)
            for name, key in KEYS:
                if key == b"G":  # to the end and back: the tree follows into the last section
                    per_key: list[float] = []
                    silent = 0
                    for _ in range(max(1, args.keys // 4)):
                        for k in (b"G", b"g"):
                            got, none = key_latencies(fd, k, 1)
                            per_key += got
                            silent += none
                    per_key.sort()
                else:
                    per_key, silent = key_latencies(fd, key, args.keys)
                print("  " + summary(name, per_key, silent))
        finally:
            stop(pid, fd)


if __name__ == "__main__":
    main()
