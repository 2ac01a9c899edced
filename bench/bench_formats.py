"""Conversion speed per format: the five seeds twenty times over as one report in GBK, UTF-16 and UTF-8
with one stray byte; the HTML, PDF and Word fixtures.

    python bench/bench_formats.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from reader.core.formats import to_text

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))) * 20
    cases = {
        "seeds.txt (UTF-8)": text.encode("utf-8"),
        "seeds.txt (UTF-8, one stray byte)": text.encode("utf-8") + b"\xff",
        "seeds.txt (GBK)": text.encode("gb18030"),
        "seeds.txt (UTF-16 LE, no BOM)": text.encode("utf-16-le"),
    }
    fixtures = ROOT / "tests" / "fixtures" / "formats"
    for name in ("govcn.html", "peoplecn.html", "university.htm", "report.pdf", "report.docx"):
        cases[name] = (fixtures / name).read_bytes()
    for name, data in cases.items():
        path = Path(name.split(" ")[0])
        to_text(data, path)  # imports and caches warmed
        ms = timed(lambda data=data, path=path: to_text(data, path), runs)
        print(f"{name:38s} {len(data) / 1e3:8.1f} kB  {ms:8.1f} ms")


if __name__ == "__main__":
    main()
