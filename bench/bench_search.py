"""Search benchmark: index build, warm relaunch, query latency and memory, against ``grep -c``.

    python bench/bench_search.py                 # 1,000 and 10,000 synthetic reports
    python bench/bench_search.py --sizes 1000    # just one size

The corpus comes from ``bench/corpus.py`` (``make_corpus``) when it exists, else from a small
generator here: paragraphs of seed sentences, reshuffled, with some characters swapped so reports
are not copies of each other. Files are written under a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from reader.core.library import load_library  # noqa: E402
from reader.core.search import Index, parse_query  # noqa: E402
from reader.core.segment import Segmenter  # noqa: E402

QUERIES = [
    "发展", "作风", "营商环境", "巡视整改", "高质量发展", "十聚焦十查摆", "机关作风建设提升年", "通州:",
    "项目建设", "群众", "干部作风", "南通", "整改落实", "担当作为", "无此提法", "的", "2022年",
    "作风 建设", "作风 -机关", '"营商环境 提升年"', "企业 服务 -项目", "海门 整改",
]
SAMPLED = 18  # more queries: random substrings of the corpus, 2-6 characters


def make_reports(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """``n`` reports of ~20 KB built from the seeds' sentences."""
    rng = random.Random(seed)
    seeds = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    sentences = [s for s in re.findall(r"[^。！？\n]{8,}[。！？]", seeds)]
    alphabet = [c for c in seeds if "\u4e00" <= c <= "\u9fff"]
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        lines = [f"# 第{i}号报告：{rng.choice(sentences)[:16]}"]
        size = 0
        while size < 20_000:
            if rng.random() < 0.1:
                lines.append(f"## {rng.choice('一二三四五六七八九')}、{rng.choice(sentences)[:12]}")
            para = "".join(rng.sample(sentences, rng.randint(2, 6)))
            chars = list(para)
            for _ in range(len(chars) // 20):
                chars[rng.randrange(len(chars))] = rng.choice(alphabet)
            lines.append("".join(chars))
            size += len(lines[-1].encode())
        path = out_dir / f"r{i:05d}.txt"
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def corpus(n: int, out_dir: Path) -> list[Path]:
    try:
        from corpus import make_corpus
    except ImportError:
        return make_reports(n, out_dir)
    return make_corpus(n, out_dir, seed=0)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t


SOURCES: list = []  # the library, for the forked child that builds the cold index


def cold_build(cache: Path) -> tuple[float, int]:
    """Time a first build (jieba loaded, every source segmented, the cache written)."""
    index, dt = timed(lambda: Index.build(SOURCES, Segmenter(cache_dir=cache), cache_dir=cache))
    return dt, len(index.segmented)


def sampled_queries(sources, rng: random.Random) -> list[str]:
    paragraphs = [p.text for s in sources for p in s.paragraphs]
    out = []
    while len(out) < SAMPLED:
        text = rng.choice(paragraphs)
        i = rng.randrange(len(text))
        piece = text[i : i + rng.randint(2, 6)]
        if piece.strip() and '"' not in piece and not re.search(r"\s", piece):
            out.append(piece)
    return out


def screenful(index: Index, query) -> int:
    """What the KWIC panel pays: the search, counts per source, the first 50 hits."""
    hits = index.search(query)
    hits.per_source()
    hits[:50]
    return len(hits)


def best_of(fn, repeat: int = 3):
    """The result and the shortest of ``repeat`` wall-clock times (the machine is shared)."""
    runs = [timed(fn) for _ in range(repeat)]
    return runs[0][0], min(dt for _, dt in runs)


def latencies(index: Index, queries: list[str]) -> tuple[list[float], list[float], list[int]]:
    """Per query: ms for a screenful, ms for every hit made (as the CLI does), hit count."""
    times, full, counts = [], [], []
    for q in queries:
        query = parse_query(q)
        n, dt = best_of(lambda query=query: screenful(index, query))
        _, dt_all = best_of(lambda query=query: list(index.search(query)))
        times.append(dt * 1000)
        full.append(dt_all * 1000)
        counts.append(n)
    return times, full, counts


def grep_latencies(folder: Path, queries: list[str]) -> list[float]:
    times = []
    for q in queries:
        term = parse_query(q).include[0]
        _, dt = best_of(lambda term=term: subprocess.run(["grep", "-rcF", "--", term, str(folder)], capture_output=True))
        times.append(dt * 1000)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def bench(n: int, work: Path) -> None:
    folder = work / f"corpus{n}"
    cache = work / f"cache{n}"
    _, t_gen = timed(lambda: corpus(n, folder))
    mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 2**20
    print(f"\n== {n} reports, {mb:.1f} MB (generated in {t_gen:.1f} s); load average {os.getloadavg()[0]:.1f}")
    rss0 = rss_mb()
    library, t_load = timed(lambda: load_library([str(folder)], strict=True))
    print(f"parse (load_library):      {t_load:7.2f} s   {mb / t_load:6.2f} MB/s   RSS +{rss_mb() - rss0:.0f} MB")
    global SOURCES
    SOURCES = library.sources
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as child:  # keeps our RSS clean
        t_cold, segmented = child.submit(cold_build, cache).result()
    print(f"index, cold (jieba):       {t_cold:7.2f} s   {mb / t_cold:6.2f} MB/s   segmented {segmented}")
    rss1 = rss_mb()
    segmenter = Segmenter(cache_dir=cache)
    warm, t_warm = timed(lambda: Index.build(library.sources, segmenter, cache_dir=cache))
    print(f"index, warm cache:         {t_warm:7.2f} s   {mb / t_warm:6.2f} MB/s   segmented {len(warm.segmented)},"
          f" jieba loaded: {segmenter.loaded}")
    print(f"index memory (RSS):        +{rss_mb() - rss1:.0f} MB over the parsed library; this process's peak RSS"
          f" {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    queries = QUERIES + sampled_queries(library.sources, random.Random(n))
    times, full, counts = latencies(warm, queries)
    print(f"query, first screenful ({len(queries)} queries, best of 3): median {statistics.median(times):.1f} ms,"
          f" p95 {p95(times):.1f} ms, max {max(times):.1f} ms; hits median {statistics.median(counts):.0f},"
          f" max {max(counts)}")
    print(f"query, every hit made:     median {statistics.median(full):.1f} ms, p95 {p95(full):.1f} ms,"
          f" max {max(full):.1f} ms")
    slow = sorted(zip(times, counts, queries, strict=False), reverse=True)[:3]
    print("  slowest: " + "; ".join(f"{q!r} {t:.1f} ms/{c} hits" for t, c, q in slow))
    g = grep_latencies(folder, queries)
    print(f"grep -rcF, first term:     median {statistics.median(g):.1f} ms, p95 {p95(g):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ntreader-bench-"))
    try:
        for n in args.sizes:
            bench(n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
