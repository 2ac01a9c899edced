"""Store latency: add and update at 100 to 50,000 annotations (wall median and p95, CPU median),
saved at once (the CLI) and in the background (the app: what the key waits for, then how long
until the write is on disk); opening the store and listing one source's annotations; TinyDB's
own JSONStorage for comparison; the whole ``ntreader note add`` command at 50,000 notes beside
``python -c pass``, interleaved; an fsync of this disk, the floor under any durable write.

    python bench/bench_store.py [--samples 200] [--sizes 10000 50000] [--command-only]

Targets: a write ≤ 5 ms median at 10,000 annotations, ≤ 20 ms at 50,000; ``note add`` at 50,000
notes ≤ 0.3 s as a whole command. The load average is printed: on a shared machine the wall
times grow with it, the CPU times do not.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

from reader.core.library import load_library
from reader.store import Store

SIZES = (100, 1_000, 10_000, 50_000)


def ms(timing: tuple[list[float], list[float]]) -> str:
    """Wall-clock median and p95, and the median CPU time (steadier when the machine is busy)."""
    wall, cpu = sorted(timing[0]), timing[1]
    p95 = wall[min(len(wall) - 1, int(len(wall) * 0.95))]
    return (
        f"median {statistics.median(wall) * 1e3:7.2f} ms  p95 {p95 * 1e3:7.2f} ms"
        f"  (cpu {statistics.median(cpu) * 1e3:6.2f} ms)"
    )


def timed(fn, n: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for i in range(n):
        t, c = time.perf_counter(), time.thread_time()
        fn(i)
        wall.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
    return wall, cpu


def fill(store: Store, sources, n: int, rng: random.Random) -> list[str]:
    """``n`` notes made through the API (one batch import: fast), then a compaction."""
    records = []
    for i in range(n):
        if i % 500 == 0:  # a small scratch store: adding to it stays fast
            scratch = Store(store.path.with_name(f"scratch{i}.json"), rng=rng)
        s = rng.choice(sources)
        para = rng.randint(1, len(s.paragraphs))
        records.append(scratch.add("note", s, para, note=f"第{i}条笔记：" + "要点" * 20, tags=["经济", f"t{i % 50}"]))
        if len(records) == 500:
            store.import_records(records)
            records = []
    store.import_records(records)
    store._storage.compact()
    return [r["id"] for r in store.annotations()]


def bench_store(folder: Path, sources, n: int, samples: int) -> None:
    rng = random.Random(n)
    store = Store(folder / "ntreader.json", rng=rng)
    ids = fill(store, sources, n, rng)
    src = sources[0]

    def add(i):
        store.add("note", src, 1 + i % len(src.paragraphs), note="新笔记" * 10, tags=["bench"])

    def update(i):
        store.update(rng.choice(ids), note=f"改过 {i}")

    adds, updates = timed(add, samples), timed(update, samples)
    opens = timed(lambda i: Store(folder / "ntreader.json"), 5)
    lists = timed(lambda i: store.annotations(source_id=src.id), 5)
    size = sum(p.stat().st_size for p in folder.glob("ntreader.json*")) / 1e6
    print(f"{n:>6} annotations ({size:5.1f} MB)  add     {ms(adds)}")
    print(f"{'':>26}  update  {ms(updates)}")
    bench_background(Store(folder / "ntreader.json", rng=rng), src, ids, samples)
    print(f"{'':>26}  open    {ms(opens)}   list one source {ms(lists)}")


def bench_background(store: Store, src, ids: list[str], samples: int) -> None:
    """The app's way: the call returns once the write is planned and shown; the writer thread
    saves it. Each write is waited for before the next, so each is measured alone."""
    writer = store.save_in_background(print)
    calls: tuple[list[float], list[float]] = ([], [])
    landed: list[float] = []
    for i in range(samples):
        t, c = time.perf_counter(), time.thread_time()
        if i % 2:
            store.update(ids[i % len(ids)], note=f"改过 {i}")
        else:
            store.add("note", src, 1 + i % len(src.paragraphs), note="新笔记" * 10, tags=["bench"])
        calls[0].append(time.perf_counter() - t)
        calls[1].append(time.thread_time() - c)
        assert store.last_planned is not None and store.last_planned.done.wait(60)
        landed.append(time.perf_counter() - t)
    writer.stop()
    on_disk = sorted(landed)
    print(f"{'':>26}  app: key {ms(calls)}   on disk median {statistics.median(on_disk) * 1e3:7.2f} ms"
          f"  p95 {on_disk[min(len(on_disk) - 1, int(len(on_disk) * 0.95))] * 1e3:7.2f} ms")


def bench_fsync(folder: Path, samples: int) -> None:
    """The floor under any durable write on this disk: append one line and fsync."""
    fd = os.open(folder / "probe", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    line = ("笔记" * 200 + "\n").encode()
    print(f"disk: append 1.2 kB + fsync       {ms(timed(lambda i: (os.write(fd, line), os.fsync(fd)), samples))}")
    os.close(fd)


def bench_tinydb_json(folder: Path, sources, n: int, samples: int) -> None:
    """TinyDB's default storage, for comparison, with the same records."""
    scratch = Store(folder / "scratch.json")
    doc = scratch.add("note", sources[0], 3, note="第1条笔记：" + "要点" * 20, tags=["经济"])
    db = TinyDB(folder / "plain.json", encoding="utf-8", ensure_ascii=False)
    table = db.table("annotations")
    table.insert_multiple([doc] * n)
    adds = timed(lambda i: table.insert(doc), samples)
    print(f"{n:>6} annotations, TinyDB JSONStorage insert {ms(adds)}")


def bench_command(folder: Path, sources, n: int, runs: int) -> None:
    """``ntreader note add`` as a user runs it (a whole process), and ``python -c pass``, in turns."""
    store = Store(folder / "ntreader.json", rng=random.Random(n))
    base = Store(folder / "scratch.json").add("note", sources[0], 3, note="", tags=["经济"])
    store.import_records([{**base, "id": f"{i:017x}", "note": f"第{i}条笔记：" + "要点" * 20, "tags": ["经济", f"t{i % 50}"]}
                          for i in range(n)])  # one batch: fast
    store._storage.compact()
    size = sum(p.stat().st_size for p in folder.glob("ntreader.json*")) / 1e6
    add = [sys.executable, "-m", "reader", "note", "add", f"{sources[0].id}:3", "新笔记", "--data-dir", str(folder)]
    bare = [sys.executable, "-c", "pass"]
    subprocess.run(add, check=True, capture_output=True)  # warm: the parse cache, the page cache
    times: dict[str, tuple[list[float], list[float]]] = {"add": ([], []), "bare": ([], [])}
    for _ in range(runs):
        for name, cmd in (("add", add), ("bare", bare)):
            t, before = time.perf_counter(), os.times()
            subprocess.run(cmd, check=True, capture_output=True)
            after = os.times()
            times[name][0].append(time.perf_counter() - t)
            times[name][1].append(after.children_user + after.children_system - before.children_user
                                  - before.children_system)
    print(f"{n:>6} annotations ({size:5.1f} MB)  ntreader note add  {ms(times['add'])}")
    print(f"{'':>26}  python -c pass     {ms(times['bare'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    parser.add_argument("--command-only", action="store_true", help="Only the whole note add command.")
    args = parser.parse_args()
    sources = load_library([]).sources
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"python {sys.version.split()[0]}, {args.samples} samples per measure, {os.cpu_count()} CPUs, load {load}")
    with tempfile.TemporaryDirectory() as d:
        bench_command(Path(d), sources, 50_000, min(args.samples, 30))
    if args.command_only:
        return
    with tempfile.TemporaryDirectory() as d:
        bench_fsync(Path(d), args.samples)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as d:
            bench_store(Path(d), sources, n, args.samples)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as d:
            bench_tinydb_json(Path(d), sources, n, min(args.samples, 50))


if __name__ == "__main__":
    main()
