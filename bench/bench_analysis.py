"""Analysis commands measured as a user runs them: whole ``ntreader`` processes, warm caches,
beside a yardstick run in the same rounds (a Python process that reads, decodes and counts the
corpus), so machine noise hits all of them.

    python bench/bench_analysis.py                        # 1,000 reports, 7 warm runs each
    python bench/bench_analysis.py --reports 200 --runs 5
    python bench/bench_analysis.py --only compare --only figures --only help   # some of them

- ``compare A B``: two reports of 100,000 characters, B an edited A (a tenth of the paragraphs
  reworded, a tenth moved, a tenth dropped, a tenth new), and two unrelated ones (every paragraph
  goes through the fuzzy matcher);
- ``trend 营商环境``, ``figures``, ``keywords`` (TF-IDF and TextRank) over the corpus from
  ``bench/corpus.py`` (kept under /tmp between runs, as ``bench_search.py`` keeps it);
- ``--help``: what every command pays before it starts (interpreter, imports).

Each command runs once with an empty data dir of its own ("first"), then ``--runs`` times warm: the median
and p95 of the wall time, the median CPU time (user + system, what it costs on a shared machine),
and the median against the yardstick's.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_search import READ_COUNT, corpus, p95, run  # noqa: E402
from rich.cells import set_cell_size  # noqa: E402

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


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its workers) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = run(argv)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


YARDSTICK = "python read+decode+count"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7, help="warm runs of each command")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="only the commands whose name holds TEXT (repeatable)")
    options = parser.parse_args()
    rng = random.Random(0)
    folder = corpus(options.reports)
    mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
    with tempfile.TemporaryDirectory(prefix="ntreader-bench-analysis-") as tmp:
        root = Path(tmp)
        a = long_report(rng, "2022年政府工作报告")
        other = long_report(rng, "2023年政府工作报告")
        files = {"a": a, "b": edit(a, rng, other[1:]), "c": other}
        for name, paras in files.items():
            (root / f"{name}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        chars = {k: sum(map(len, v)) for k, v in files.items()}
        ntreader = [sys.executable, "-m", "reader"]
        commands = {  # name: (argv, target seconds or 0)
            f"compare, edited pair ({chars['a']:,} / {chars['b']:,} chars)":
                ([*ntreader, "compare", str(root / "a.txt"), str(root / "b.txt")], 1.0),
            f"compare, unrelated pair ({chars['a']:,} / {chars['c']:,} chars)":
                ([*ntreader, "compare", str(root / "a.txt"), str(root / "c.txt")], 1.0),
            "trend 营商环境": ([*ntreader, "trend", "营商环境", str(folder)], 0.5),
            "figures": ([*ntreader, "figures", str(folder)], 5.0),
            "keywords (TF-IDF)": ([*ntreader, "keywords", str(folder)], 2.0),
            "keywords --method textrank": ([*ntreader, "keywords", "--method", "textrank", str(folder)], 10.0),
            "--help": ([*ntreader, "--help"], 0.0),  # no target: the floor of every command
        }
        if options.only:
            commands = {k: v for k, v in commands.items() if any(text in k for text in options.only)}
        data = {name: ["--data-dir", str(root / f"data{k}")] for k, name in enumerate(commands)}
        print(f"{options.reports:,} reports, {mb:.1f} MB in {folder}; {options.runs} warm runs; "
              f"load average {os.getloadavg()[0]:.1f}")
        first = {name: timed([*argv, *data[name]])[0] for name, (argv, _) in commands.items()}
        yard = [sys.executable, "-c", READ_COUNT, "营商环境", str(folder)]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in [*commands, YARDSTICK]}
        for _ in range(options.runs):
            for name, (argv, _) in commands.items():
                times[name].append(timed([*argv, *data[name]]))
            times[YARDSTICK].append(timed(yard))
    base = statistics.median(wall for wall, _ in times[YARDSTICK])
    print(f"{'':52s} {'first':>7s} {'median':>7s} {'p95':>7s} {'CPU':>7s}  vs yardstick  target")
    for name, values in times.items():
        walls = [wall for wall, _ in values]
        med, cpu = statistics.median(walls), statistics.median(c for _, c in values)
        target = f"<= {commands[name][1]:g} s" if name in commands and commands[name][1] else ""
        shown_first = f"{first[name]:7.2f}" if name in first else " " * 7
        print(f"{set_cell_size(name, 52)} {shown_first} {med:7.2f} {p95(walls):7.2f} {cpu:7.2f}  {med / base:8.1f}x     {target}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
