"""A collection of 100,000 tiny files: load time, cold and cached, and peak memory.

Makes the files once (in bench/out/many, which git ignores; 100 folders of 1,000), then
times `Collection.load` in a fresh process three ways: cold (an empty cache, so every file
is read and cleaned), cached (the cache the cold run left), and `reader list --json` on
the cache as a user runs it. Each figure comes from its own process, so the peak memory
(`ru_maxrss`) is that run's alone.

Usage: python bench/bench_many_files.py [--files 100000] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_OUT = Path(__file__).parent / "out" / "many"

LOAD = """
import json, resource, sys, time
from pathlib import Path
from reader.collection import Collection
start = time.perf_counter()
collection = Collection.load(Path(sys.argv[1]), Path(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "articles": len(collection.ids), "problems": len(collection.problems),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make(out: Path, count: int) -> None:
    """`count` tiny article files, unless they are there already."""
    marker = out / f".made-{count}"
    if marker.exists():
        return
    if out.exists():
        shutil.rmtree(out)
    for i in range(count):
        folder = out / f"{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / f"{i:06d}.txt").write_text(
            f"Tiny Article Number {i}\n\nA short body for article {i}, with one sentence of prose.\n", "utf-8"
        )
    marker.touch()


def load(root: Path, cache: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(root), str(cache)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def cli_list(root: Path, cache_home: Path) -> tuple[float, float]:
    """`reader list --json` wall time and peak memory, on the cache under `cache_home`."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "--articles",
            str(root),
            "--db",
            str(cache_home / "claims.json"),
            "--create-db",
            "list",
            "--json",
        ],
        stdout=subprocess.DEVNULL,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, (peak if peak > before else float("nan")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    start = time.perf_counter()
    make(args.out, args.files)
    print(f"{args.files} files in {args.out} (made or found in {time.perf_counter() - start:.0f} s)")
    with tempfile.TemporaryDirectory(prefix="reader-many-") as tmp:
        cache_home = Path(tmp)
        from reader.collection import default_cache_dir

        env_cache = cache_home / "reader"
        os.environ["XDG_CACHE_HOME"] = str(cache_home)
        cache = default_cache_dir(args.out)
        assert env_cache in cache.parents, cache
        cold = load(args.out, cache)
        cached = load(args.out, cache)
        list_seconds, list_peak = cli_list(args.out, cache_home)
    print(
        f"cold load:   {cold['seconds']:6.2f} s, peak {cold['peak_mb']:.0f} MB "
        f"({cold['articles']} articles, {cold['problems']} problems)"
    )
    print(f"cached load: {cached['seconds']:6.2f} s, peak {cached['peak_mb']:.0f} MB")
    print(f"reader list --json, cached: {list_seconds:.2f} s, peak {list_peak:.0f} MB")


if __name__ == "__main__":
    main()
