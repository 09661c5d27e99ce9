"""Read a large repository on every core: files are parsed in worker processes.

Parsing YAML is three quarters of loading; the models are built in this process from the
plain data the workers send back, because a pydantic model crosses a process boundary ten
times slower than the data it was built from. Results are identical to a serial run, in the
same order: the same ``parse_file`` and ``build_model`` run on the same files.

A pool costs its start and the transfer of the data (a quarter more work in all), so small
runs (a pre-commit hook, one province) read serially: only repositories of more than
``POOL_BYTES`` of YAML use one (see the crossover in docs/reference.md), and only when a
core is idle (see ``_other_work``): on a busy machine the workers
get no second core and the pool is pure cost. ``OCOPCTL_JOBS=1`` turns the pool off; ``OCOPCTL_JOBS=n``
asks for n workers. The pool needs ``fork`` (Linux), so that workers share the limits and
language already set in this process without importing anything again; elsewhere reading is serial.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ocopctl.diagnostics import Diagnostic, Loc
from ocopctl.loader import LoadedFile, ParsedFile, PositionIndex, build_model, parse_file, positions

# Total size of the files above which a pool pays for itself on two idle cores, with a margin
# (the crossover is 1.5-2 MiB: benchmarks/bench_parallel.py, the speed section of docs/reference.md).
POOL_BYTES = 3 * 1024 * 1024
# Files sent to a worker at a time: few enough round trips, and work left to share at the end.
CHUNK_FILES = 8


def workers_wanted(paths: Sequence[Path], threshold: int = POOL_BYTES) -> int:
    """How many worker processes to read ``paths`` with; 0 or 1 means serially, here."""
    asked = os.environ.get("OCOPCTL_JOBS", "").strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if asked:  # OCOPCTL_JOBS=n: n workers, but never more than four a core nor one a file
        try:
            return max(0, min(int(asked), 4 * cores, len(paths)))
        except ValueError:
            return 0  # not a number: serially, as OCOPCTL_JOBS=0
    if cores < 2 or len(paths) < 2 or "fork" not in multiprocessing.get_all_start_methods() \
            or sys.platform != "linux" or multiprocessing.current_process().daemon:  # a daemon has no children
        return 0
    if _other_work() > cores - 1:
        return 0  # no core is idle: a pool only adds its own cost (measured on a shared machine)
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # load_file says why
        if total > threshold:
            return cores
    return 0


def _other_work() -> float:
    """How many cores other processes keep busy: the lower of the 1-minute load average (which
    still counts a run that just ended, perhaps this command's previous one) and the threads
    running right now besides this one (one moment: noisy alone)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            fields = f.read().split()
        return min(float(fields[0]), int(fields[3].split("/")[0]) - 1)
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def load_files(paths: Sequence[Path], progress: Callable[[int, int], None] | None = None,
               workers: int | None = None, total: int | None = None, keep_data: bool = True) -> list[LoadedFile]:
    """``load_file`` of each path, in order, on ``workers`` processes (by default as
    ``workers_wanted`` decides). ``progress(done, total)`` after each file. Without
    ``keep_data`` each file's plain data is let go once its model is built."""
    n = workers_wanted(paths) if workers is None else workers
    total = len(paths) if total is None else total
    loaded: list[LoadedFile] = []

    def add(parsed: ParsedFile) -> None:
        one = build_model(parsed)
        if not keep_data:
            one.data = None
        loaded.append(one)
        if progress is not None:
            progress(len(loaded), total)

    if n > 1 and "fork" in multiprocessing.get_all_start_methods():
        pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_quiet_worker)
        try:
            chunk = max(1, min(CHUNK_FILES, len(paths) // (4 * n)))  # a few large files: one each
            for parsed in pool.map(parse_file, paths, chunksize=chunk):
                add(parsed)
        except BrokenProcessPool:
            pass  # a worker died (killed, out of memory): the rest are read here
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for path in paths[len(loaded):]:
        add(parse_file(path))
    return loaded


def locate_all(found: Sequence[tuple[LoadedFile, list[Diagnostic]]], workers: int | None = None) -> None:
    """``LoadedFile.locate`` of each file's findings; the passes over many files on ``workers``
    processes (by default as ``workers_wanted`` decides for those files)."""
    found = [(f, [d for d in diags if d.line is None]) for f, diags in found]
    found = [(f, diags) for f, diags in found if diags]
    n = workers_wanted([f.path for f, _ in found]) if workers is None else workers
    indexes: list[PositionIndex] = []
    if n > 1 and "fork" in multiprocessing.get_all_start_methods():
        # The repository is loaded by now: frozen, its objects are not written by a worker's
        # garbage collector, so their pages stay shared with this process instead of copied.
        gc.freeze()
        pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_quiet_worker)
        try:
            # Only the field paths cross over: a diagnostic's message is no business of the pass.
            wanted = [(f.path, [d.loc for d in diags]) for f, diags in found]
            indexes.extend(pool.map(_positions_of, wanted))
        except BrokenProcessPool:
            indexes.clear()  # located here instead
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()
    for i, (f, diags) in enumerate(found):
        f.locate(*diags, index=indexes[i] if i < len(indexes) else None)


def _positions_of(job: tuple[Path, list[Loc]]) -> PositionIndex:
    return positions(*job)


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: a worker does not print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
