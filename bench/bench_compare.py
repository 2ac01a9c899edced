"""Analysis commands measured as a user runs them (whole ``ntreader`` processes, warm caches).

    python bench/bench_compare.py                # 1,000 reports; two 100,000-character reports
    python bench/bench_compare.py --reports 200  # a smaller corpus

- ``compare A B``: two reports of 100,000 characters, B an edited A (a tenth of the paragraphs
  reworded, a tenth moved, a tenth dropped, a tenth new), and two unrelated ones (every paragraph
  goes through the fuzzy matcher);
- ``figures``, ``trend 营商环境 作风`` and ``keywords`` (TF-IDF) over the corpus from
  ``bench/corpus.py``.

Each command runs once to fill the caches (printed as "first"), then three times (median printed).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import make_corpus  # noqa: E402

REPORT_CHARS = 100_000


def long_report(rng: random.Random, title: str) -> list[str]:
    """Paragraphs of seed sentences with some characters swapped, ~REPORT_CHARS in all."""
    seeds = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    sentences = re.findall(r"[^。！？\n]{8,}[。！？]", seeds)
    alphabet = [c for c in seeds if "\u4e00" <= c <= "\u9fff"]
    paras, size = [title], 0
    while size < REPORT_CHARS:
        if rng.random() < 0.08:
            paras.append(f"{rng.choice('一二三四五六七八九')}、{rng.choice(sentences)[:12]}")
        chars = list("".join(rng.sample(sentences, rng.randint(1, 4))))
        for _ in range(len(chars) // 15):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        paras.append("".join(chars))
        size += len(paras[-1])
    return paras


def edit(paras: list[str], rng: random.Random, fresh: list[str]) -> list[str]:
    out = list(paras)
    n = len(out) // 10
    for i in rng.sample(range(1, len(out)), n):
        s = list(out[i])
        for _ in range(3):
            s[rng.randrange(len(s))] = "新"
        out[i] = "".join(s)
    for _ in range(n):
        out.insert(rng.randrange(1, len(out)), out.pop(rng.randrange(1, len(out))))
    for _ in range(n):
        out.pop(rng.randrange(1, len(out)))
    for p in fresh[:n]:
        out.insert(rng.randrange(1, len(out)), p)
    return out


def timed(args: list[str], data_dir: Path, runs: int = 3) -> tuple[float, float, float]:
    """Seconds for the first run, the median of ``runs`` more (wall), and their median CPU time
    (user + system: what the command costs on a machine shared with other work)."""
    cmd = [sys.executable, "-m", "reader", *args, "--data-dir", str(data_dir)]

    def once() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    first = once()[0]
    warm = [once() for _ in range(runs)]
    return first, statistics.median(w for w, _ in warm), statistics.median(c for _, c in warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    options = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory(prefix="ntreader-bench-compare-") as tmp:
        root = Path(tmp)
        data = root / "data"
        a = long_report(rng, "2022年政府工作报告")
        other = long_report(rng, "2023年政府工作报告")
        files = {"a": a, "b": edit(a, rng, other[1:]), "c": other}
        for name, paras in files.items():
            (root / f"{name}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        chars = {k: sum(map(len, v)) for k, v in files.items()}
        for label, x, y in (("edited", "a", "b"), ("unrelated", "a", "c")):
            first, warm, cpu = timed(["compare", str(root / f"{x}.txt"), str(root / f"{y}.txt")], data)
            print(f"compare, {label} pair ({chars[x]:,} / {chars[y]:,} chars): "
                  f"first {first:.2f} s, warm {warm:.2f} s (CPU {cpu:.2f} s)")
        corpus = root / "corpus"
        make_corpus(options.reports, corpus)
        size = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        for args in (["figures", str(corpus)], ["trend", "营商环境", "作风", str(corpus)], ["keywords", str(corpus)]):
            first, warm, cpu = timed(args, data)
            print(f"{args[0]}, {options.reports:,} reports ({size:.0f} MB): "
                  f"first {first:.2f} s, warm {warm:.2f} s (CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
