"""Benchmark the cleaner and `reader list --json` on a generated collection.

Prints:
* the cleaner's throughput in MB/s on one core: median of 5 runs over a ~5 MB sample of
  the files (already read and decoded, so only `clean` is timed);
* `reader list --json` wall time as a subprocess, median of 5: the first run with an
  empty cache (a fresh XDG_CACHE_HOME) and the second with the cache it left.

Usage: python bench/bench_collection.py [COLLECTION] [--runs N]
(default COLLECTION: bench/out/collection; made by bench/make_collection.py if missing).
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

from reader.cleaning import clean
from reader.cleaning.pipeline import clear_memos
from reader.collection import find_files, read_text

HERE = Path(__file__).parent
DEFAULT = HERE / "out" / "collection"
SAMPLE_BYTES = 5 * 1024 * 1024


def cleaner_throughput(root: Path, runs: int) -> tuple[float, float]:
    """(MB/s, sample MB) of `clean` over a random sample of files, median of `runs`."""
    paths = find_files(root)
    random.Random(1).shuffle(paths)
    texts, size = [], 0
    for path in paths:
        if size >= SAMPLE_BYTES:
            break
        text = read_text(path)
        texts.append(text)
        size += len(text.encode("utf-8"))
    times = []
    for _ in range(runs):
        clear_memos()  # every run starts as cold as the first
        start = time.perf_counter()
        for text in texts:
            clean(text)
        times.append(time.perf_counter() - start)
    return size / 1e6 / statistics.median(times), size / 1e6


def list_times(root: Path, runs: int) -> tuple[list[float], list[float], int]:
    """Wall times of `reader list --json`: cold (fresh cache) and warm (second run)."""
    cold, warm = [], []
    output_size = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "XDG_CACHE_HOME": cache}
            for bucket in (cold, warm):
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "reader", "--articles", str(root), "list", "--json"],
                    env=env,
                    capture_output=True,
                    check=True,
                )
                bucket.append(time.perf_counter() - start)
                output_size = len(done.stdout)
    return cold, warm, output_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root: Path = args.collection
    if not root.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_collection.py"), str(root)], check=True)
    paths = find_files(root)
    total = sum(p.stat().st_size for p in paths)
    print(f"collection: {len(paths)} files, {total / 1e6:.1f} MB ({root})")

    speed, sample = cleaner_throughput(root, args.runs)
    print(f"cleaner: {speed:.1f} MB/s on one core (median of {args.runs} runs over {sample:.1f} MB)")

    cold, warm, output = list_times(root, args.runs)
    cold_median, warm_median = statistics.median(cold), statistics.median(warm)
    print(f"reader list --json, first run (cold cache): {cold_median:.2f} s (median of {args.runs}; {output / 1e6:.1f} MB of JSON)")
    print(f"reader list --json, second run (warm cache): {warm_median:.2f} s (median of {args.runs})")
    print(f"warm is {cold_median / warm_median:.1f}x faster than cold")


if __name__ == "__main__":
    main()
