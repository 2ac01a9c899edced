"""Time to load (read, decode, parse) the bundled seeds and a 1,000-report synthetic corpus.

    python bench/bench_parse.py [N_REPORTS]

Prints the median of several runs and the throughput in MB/s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import make_corpus  # noqa: E402
from reader.core.library import bundled_seeds_dir, load_library  # noqa: E402


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, folder: Path, runs: int) -> None:
    files = sorted(folder.glob("*.txt"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    seconds = median_seconds(lambda: load_library([str(folder)], strict=True), runs)
    n_paragraphs = sum(len(s.paragraphs) for s in load_library([str(folder)]).sources)
    print(
        f"{name:<28} {len(files):>6} files {mb:>7.2f} MB {n_paragraphs:>8} ¶  "
        f"median {seconds * 1000:>8.1f} ms  {mb / seconds:>6.1f} MB/s  ({runs} runs)"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    report("bundled seeds", bundled_seeds_dir(), runs=21)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        make_corpus(n, Path(tmp))
        print(f"(corpus of {n} reports generated in {time.perf_counter() - start:.1f} s)")
        report(f"synthetic corpus ({n})", Path(tmp), runs=3)


if __name__ == "__main__":
    main()
