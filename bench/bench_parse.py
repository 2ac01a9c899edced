"""Time to load (read, decode, parse) the bundled seeds and a 1,000-report synthetic corpus.

    python bench/bench_parse.py [N_REPORTS]

Prints the median of several runs and the throughput in MB/s, then the parse time (wall and CPU)
of two pathological reports: 10 MB of short lines that look like headings, and one 50 MB line.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import make_corpus  # noqa: E402
from reader.core.library import bundled_seeds_dir, load_library  # noqa: E402
from reader.core.parse import parse_text  # noqa: E402

_WORDS = "推进 改革 发展 建设 加强 创新 完善 提升 深化 优化 营商 环境 乡村 振兴 城市 更新 民生 保障 生态 文明".split()


def heading_lines(size: int) -> str:
    """``size`` bytes of short lines (一、…, （二）…, 3.…, plain) that look like headings, a paragraph
    every third line."""
    rng = random.Random(1)
    lines, total, n = ["某市政府工作报告", ""], 0, 0
    while total < size:
        line = "".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 6)))
        line = [
            f"{'一二三四五六七八九十'[n % 10]}、",
            f"（{'一二三四五六七八九十'[n % 10]}）",
            f"{n % 9 + 1}.",
            "",
            "",
        ][n % 5] + line
        lines += [line, ""]
        if n % 3 == 0:
            lines += ["，".join("".join(rng.choice(_WORDS) for _ in range(4)) for _ in range(8)) + "。", ""]
        total += sum(len(x.encode()) + 1 for x in lines[-4:])
        n += 1
    return "\n".join(lines)


def pathological() -> None:
    for name, text in (
        ("10 MB of heading-like lines", heading_lines(10_000_000)),
        ("one 50 MB line", "推进改革发展建设，" * (50_000_000 // 27) + "营商环境。"),
    ):
        wall, cpu = time.perf_counter(), time.process_time()
        src = parse_text(text, source_id="x")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"{name:<28} {text.count(chr(10)) + 1:>7} lines {len(src.sections):>6} sections  parse {wall:.2f} s wall {cpu:.2f} s CPU"
        )


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
    pathological()


if __name__ == "__main__":
    main()
