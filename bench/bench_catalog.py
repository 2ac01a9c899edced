"""Corpus catalog: first build and warm load of the catalog the CLI (and the tree) start from.

    python bench/bench_catalog.py --sizes 1000 10000

Each figure is a separate process (``open_catalog`` on a corpus from ``bench/corpus.py`` under
/tmp): seconds, CPU seconds and peak RSS (its own and its largest worker's), first with an empty
cache dir, then warm (3 runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_search import ENV, corpus  # noqa: E402

CHILD = """
import resource, sys, time
from pathlib import Path
t, c = time.perf_counter(), time.process_time()
from reader.core.catalog import open_catalog
catalog = open_catalog([sys.argv[1]], Path(sys.argv[2]))
print(len(catalog.entries), time.perf_counter() - t, time.process_time() - c,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def load(folder: Path, cache: Path) -> tuple[int, float, float, float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(cache)], capture_output=True, text=True,
                         check=True, env=ENV, cwd=ROOT).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3]), float(out[4])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    for n in args.sizes:
        folder = corpus(n)
        with tempfile.TemporaryDirectory(prefix="ntreader-bench-cache-") as cache:
            count, wall, cpu, rss, workers = load(folder, Path(cache))
            print(f"{n} reports: first build {wall:.2f} s ({cpu:.2f} s CPU in the main process), peak RSS {rss:.0f} MB "
                  f"(largest worker {workers:.0f} MB); {count} entries")
            warm = [load(folder, Path(cache)) for _ in range(3)]
            print(f"  warm load: median {statistics.median(w[1] for w in warm):.3f} s "
                  f"({statistics.median(w[2] for w in warm):.3f} s CPU), peak RSS {max(w[3] for w in warm):.0f} MB")


if __name__ == "__main__":
    main()
