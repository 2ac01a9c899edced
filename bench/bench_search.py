"""Search as a user types it: the whole ``ntreader search`` process against its yardsticks.

    python bench/bench_search.py                      # 1,000 and 10,000 reports
    python bench/bench_search.py --sizes 1000 --runs 5 --query 营商环境
    python bench/bench_search.py --sizes --line-mb 50    # one report of one 50 MB line

Each figure is a whole process, from exec to exit, interleaved in one run so machine noise hits
all of them: ``ntreader search QUERY CORPUS`` warm (its data dir already filled by a first run),
``grep -rcF QUERY CORPUS``, and a Python process that reads, decodes and counts the same files.
"First run" is ``ntreader search`` with an empty data dir (OS file cache warm). Corpora come from
``bench/corpus.py`` and are kept under /tmp (``/tmp/ntreader-bench-corpus-N``) between runs; the
one-line report joins the 1,000-report corpus's lines into one (``/tmp/ntreader-bench-line-N``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import make_corpus  # noqa: E402

READ_COUNT = """
import sys
from pathlib import Path
term = sys.argv[1]
print(sum(p.read_bytes().decode("utf-8").count(term) for p in sorted(Path(sys.argv[2]).rglob("*.txt"))))
"""


def corpus(n: int) -> Path:
    """The corpus of ``n`` reports under /tmp, generated once."""
    folder = Path(tempfile.gettempdir()) / f"ntreader-bench-corpus-{n}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        make_corpus(n, folder)
        done.touch()
    return folder


def single_line(mb: int) -> Path:
    """A folder holding one report of one line of ``mb`` MB, made from the 1,000-report corpus."""
    folder = Path(tempfile.gettempdir()) / f"ntreader-bench-line-{mb}"
    report = folder / "line.txt"
    if not report.exists():
        text = "".join(p.read_text(encoding="utf-8").replace("\n", "") for p in sorted(corpus(1000).glob("*.txt")))
        whole = (text * (mb * 10**6 // len(text.encode()) + 1)).encode()[: mb * 10**6].decode(errors="ignore")
        folder.mkdir(exist_ok=True)
        partial = folder / "line.tmp"
        partial.write_text(whole, encoding="utf-8")
        partial.rename(report)
    return folder


#: As installed: Python may keep compiled modules (here outside the checkout).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "ntreader-bench-pycache")}


#: Peak RSS (MB) of the last process ``run`` ran: the largest of it and its worker processes.
PEAK = [0.0]
#: CPU seconds (user + system) of the last process ``run`` ran and its worker processes: steadier
#: than wall time on a machine others load, so both are printed.
CPU = [0.0]


def run(argv: list[str]) -> tuple[float, bytes]:
    """Seconds for the whole process, and its stdout; exits non-zero are an error."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=ENV)
        _, status, usage = os.wait4(child.pid, 0)
        dt = time.perf_counter() - t
        child.returncode = os.waitstatus_to_exitcode(status)
        PEAK[0] = usage.ru_maxrss / 1024
        CPU[0] = usage.ru_utime + usage.ru_stime
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode not in (0, 1) or (child.returncode == 1 and stderr):
        raise RuntimeError(f"{argv[:4]} failed: {stderr.decode(errors='replace')[-500:]}")
    return dt, stdout


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def bench(folder: Path, query: str, runs: int, firsts: int) -> None:
    reports = list(folder.glob("*.txt"))
    mb = sum(p.stat().st_size for p in reports) / 1e6
    print(f"\n== {len(reports):,} reports, {mb:.1f} MB in {folder}; load average {os.getloadavg()[0]:.1f}")
    script = Path(sys.executable).with_name("ntreader")  # the command as typed, from the same environment
    ntreader = [*([str(script)] if script.exists() else [sys.executable, "-m", "reader"]),
                "search", query, str(folder), "--data-dir"]
    commands = {
        "grep -rcF": ["grep", "-rcF", "--", query, str(folder)],
        "python read+decode+count": [sys.executable, "-c", READ_COUNT, query, str(folder)],
    }
    first: list[float] = []
    peaks: list[float] = []
    yard_first: list[float] = []
    first_cpu: list[float] = []
    yard_first_cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ntreader-bench-data-") as data:
        for k in range(firsts):
            fresh = Path(data) / f"first{k}"
            dt, out = run([*ntreader, str(fresh)])
            first.append(dt)
            peaks.append(PEAK[0])
            first_cpu.append(CPU[0])
            yard_first.append(run(commands["python read+decode+count"])[0])
            yard_first_cpu.append(CPU[0])
        hits = out.count(b"\n")
        times: dict[str, list[float]] = {"ntreader search, warm": [], **{k: [] for k in commands}}
        cpu: dict[str, list[float]] = {k: [] for k in times}
        for _ in range(runs):
            for name, argv in [("ntreader search, warm", [*ntreader, str(Path(data) / "first0")]), *commands.items()]:
                times[name].append(run(argv)[0])
                cpu[name].append(CPU[0])
    base, base_cpu = statistics.median(times["python read+decode+count"]), statistics.median(cpu["python read+decode+count"])
    med = statistics.median
    print(f"ntreader search {query} ({hits} hit lines), first run: median {med(first):.2f} s of {firsts}, "
          f"{med(first) / med(yard_first):.1f}x python read+count (target <= 40x); CPU {med(first_cpu):.2f} s, "
          f"{med(first_cpu) / med(yard_first_cpu):.1f}x; peak RSS of one process {max(peaks):.0f} MB")
    for name, values in times.items():
        print(f"  {name:28s} median {med(values):7.3f} s  p95 {p95(values):7.3f} s  ({med(values) / base:.1f}x python "
              f"read+count); CPU {med(cpu[name]):6.3f} s ({med(cpu[name]) / base_cpu:.1f}x)")
    print("  target: warm <= 3x python read+count")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--line-mb", type=int, default=0, help="also a report of one line of this many MB")
    parser.add_argument("--query", default="营商环境")
    parser.add_argument("--runs", type=int, default=5, help="warm runs of each command")
    parser.add_argument("--firsts", type=int, default=1, help="first runs (each with an empty data dir)")
    args = parser.parse_args()
    folders = [corpus(n) for n in args.sizes] + ([single_line(args.line_mb)] if args.line_mb else [])
    for folder in folders:
        bench(folder, args.query, args.runs, args.firsts)


if __name__ == "__main__":
    main()
