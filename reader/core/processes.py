"""Work spread over worker processes: a function over many jobs, in order, in as many processes
as there are CPUs to use, or in this process when that is cheaper or the workers cannot run."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Generator, Sequence
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")

_TRACKER_LOCK = threading.Lock()


def spawn_ready() -> None:
    """Call before spawning processes: it starts multiprocessing's resource tracker (which every
    spawned process is given) writing nowhere. Left to itself the tracker is given
    ``sys.stderr.fileno()``, which a Textual app's stand-in lacks (spawning then fails), and the
    terminal belongs to the app."""
    from multiprocessing import resource_tracker

    with _TRACKER_LOCK, open(os.devnull, "w") as nowhere:
        stderr = sys.stderr
        try:
            sys.stderr = nowhere
            resource_tracker.ensure_running()
        finally:
            sys.stderr = stderr


def mapped(fn: Callable[[J], R], jobs: Sequence[J], parallel_from: int, chunk: int) -> Generator[R, None, None]:
    """``fn`` of every job, in order: in this process for fewer than ``parallel_from`` jobs, else in
    worker processes (forked, or spawned if this process has threads; ``chunk`` jobs sent at a
    time), one per CPU it may use and no more than there are jobs; in this process again if the
    workers cannot start or die.
    Closing the iterator cancels what is not begun. ``fn`` must be a module-level function."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers, done = min(cpus, 8, len(jobs)), 0
    if len(jobs) >= parallel_from and cpus > 1:
        chunk = max(1, min(chunk, len(jobs) // workers))  # every worker gets some
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        if context.get_start_method() == "spawn":
            spawn_ready()
        pool = ProcessPoolExecutor(workers, mp_context=context)
        try:
            for got in pool.map(fn, jobs, chunksize=chunk):
                yield got
                done += 1
        except (BrokenProcessPool, OSError):
            pass
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    yield from map(fn, jobs[done:])
