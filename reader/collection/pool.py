"""Cleaning many files in a pool of worker processes, their results spooled back.

The pool's modules (concurrent.futures.process, multiprocessing) are imported when a pool
is started: a start from the cache never needs them, and they cost the app's start-up
about 20 ms.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from reader.collection.result import FileResult, Job, clean_file

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

#: Below this many files to clean, a process pool costs more than it saves.
POOL_THRESHOLD = 200
POOL_CHUNK = 100  # files a worker cleans per trip (fewer trips, less waiting on the parent)

# What crosses from a worker to the parent for one file: FileResult's fields as a plain
# tuple, the heads as their JSON only: pickling the dataclasses with their dicts of heads
# cost both ends several times as much CPU.
_Wire = tuple[str, int, int, str | None, bool, bytes | None, bytes | None]


def _to_wire(result: FileResult) -> _Wire:
    return (
        result.file,
        result.size,
        result.mtime_ns,
        result.problem,
        result.problem_lasts,
        result.heads_json,
        result.texts_packed,
    )


def _from_wire(wire: _Wire) -> FileResult:
    file, size, mtime_ns, problem, problem_lasts, heads_json, texts_packed = wire
    heads = orjson.loads(heads_json) if heads_json else []
    return FileResult(
        file,
        size,
        mtime_ns,
        problem=problem,
        problem_lasts=problem_lasts,
        heads=heads,
        texts_packed=texts_packed,
        heads_json=heads_json,
    )


def _clean_chunk(root: str, jobs: list[tuple[str, int, int, bool]], spool: str | None = None) -> list[_Wire] | str:
    """`clean_file` over several files, so that each trip to a worker carries enough work.
    The jobs come as plain tuples of `Job`'s fields: pickling the dataclasses cost the
    parent more than the rest of sending them.

    With `spool` (a private folder), the results go into a file there and only its name
    goes back (`_unspool` reads it): a chunk's texts are a few hundred KB, and pushed
    through the pool's pipe, 64 KB at a time, each worker spent 6-8% of its time waiting
    for the busy parent to read them. When the file can't be written, the results go back
    themselves."""
    folder = Path(root)
    wires = [_to_wire(clean_file(folder, Job(*job))) for job in jobs]
    if spool is None:
        return wires
    import pickle
    import tempfile

    try:
        fd, path = tempfile.mkstemp(dir=spool)
        with os.fdopen(fd, "wb") as file:
            pickle.dump(wires, file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # a full disk, say
        return wires
    return path


def _unspool(result: list[_Wire] | str) -> list[_Wire]:
    """A chunk's results from `_clean_chunk`, read from its file (then removed) when spooled."""
    if not isinstance(result, str):
        return result
    import pickle

    with open(result, "rb") as file:
        wires = pickle.load(file)
    os.unlink(result)
    return wires


def clean_in_pool(root: Path, jobs: list[Job], workers: int) -> Iterator[list[FileResult]]:
    """`clean_file` over `jobs` in `workers` processes, `POOL_CHUNK` files a trip; the
    results in batches as chunks finish (in no set order)."""
    import tempfile
    from concurrent.futures import ProcessPoolExecutor, as_completed

    rows = [(job.file, job.size, job.mtime_ns, job.keep_extension) for job in jobs]
    chunks = [rows[i : i + POOL_CHUNK] for i in range(0, len(rows), POOL_CHUNK)]
    # (The pool shuts down, its workers done, before the spool folder goes.)
    with (
        tempfile.TemporaryDirectory(prefix="reader-") as spool,
        ProcessPoolExecutor(workers, mp_context=_pool_context()) as pool,
    ):
        futures = [pool.submit(_clean_chunk, str(root), chunk, spool) for chunk in chunks]
        try:
            for future in as_completed(futures):
                yield [_from_wire(wire) for wire in _unspool(future.result())]
        finally:
            for future in futures:
                future.cancel()


def worker_count(jobs: int) -> int:
    """Processes worth starting for this many files."""
    if jobs < POOL_THRESHOLD:
        return 1
    # (sched_getaffinity knows the cores this process may use, but only on Linux)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))


def _pool_context() -> BaseContext:
    """fork when this process has no other threads (fast); spawn when it has (safe)."""
    import multiprocessing

    method = "fork" if threading.active_count() == 1 else "spawn"
    return multiprocessing.get_context(method)


__all__ = ["POOL_CHUNK", "POOL_THRESHOLD", "clean_in_pool", "worker_count"]
