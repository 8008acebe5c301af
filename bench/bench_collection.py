"""Benchmark the cleaner and `reader list --json` on a generated collection.

Prints:
* the cleaner's throughput in MB/s on one core: median of N runs over a ~5 MB sample of
  the files (already read and decoded, so only `clean` is timed);
* `reader list --json` wall time as a subprocess, median of N: the first run with an
  empty cache (a fresh XDG_CACHE_HOME) and the second with the cache it left.

`--compare TREE` (repeatable) measures other source trees of reader too (a git worktree,
say), each run of each tree in turn, so that all of them see the same machine: on a
shared machine the same code can measure 40% apart from one minute to the next, and only
figures from one interleaved run compare.

Every measurement runs in a process of its own, with the tree first on PYTHONPATH, and
with its bytecode cached, as on any installed reader: in a private PYTHONPYCACHEPREFIX
that one untimed run of each tree fills first, also where PYTHONDONTWRITEBYTECODE is set
(as on the development machines, where compiling reader's modules at every start took
25-30 ms of each run).

Usage: python bench/bench_collection.py [COLLECTION] [--runs N] [--compare TREE ...]
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
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
THIS_TREE = HERE.parent.resolve()
DEFAULT = HERE / "out" / "collection"
SAMPLE_BYTES = 5 * 1024 * 1024


@dataclass
class Tree:
    path: Path
    cleaner: list[float] = field(default_factory=list)  # MB/s, one figure per run
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    output_size: int = 0
    bytecode: str = ""  # PYTHONPYCACHEPREFIX of its runs: private to this run of the bench


def cleaner_run(root: Path, tree: Path) -> float:
    """One timed pass of `clean` over a fixed ~5 MB sample (in this process): MB/s."""
    import reader
    from reader.cleaning import clean
    from reader.cleaning.pipeline import clear_memos
    from reader.collection import find_files, read_text

    if not Path(reader.__file__).resolve().is_relative_to(tree):
        sys.exit(f"bench_collection: reader came from {reader.__file__}, not from {tree}")
    paths = sorted(find_files(root))
    random.Random(1).shuffle(paths)
    texts, size = [], 0
    for path in paths:
        if size >= SAMPLE_BYTES:
            break
        text = read_text(path)
        texts.append(text)
        size += len(text.encode("utf-8"))
    clear_memos()  # every run starts as cold as the first
    start = time.process_time()
    for text in texts:
        clean(text)
    return size / 1e6 / (time.process_time() - start)


def tree_env(tree: Tree, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree.path), "PYTHONPYCACHEPREFIX": tree.bytecode, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_bytecode(tree: Tree) -> None:
    """One untimed start of the list command (on the bundled collection), so that the
    measured runs find the tree's bytecode cached."""
    with tempfile.TemporaryDirectory() as cache:
        subprocess.run(
            [sys.executable, "-m", "reader", "--articles", str(tree.path / "articles"), "list", "--json"],
            env=tree_env(tree, XDG_CACHE_HOME=cache),
            cwd=tree.path,
            capture_output=True,
            check=True,
        )


def measure_once(tree: Tree, root: Path) -> None:
    """One cleaner run and one cold + warm `reader list --json` of `tree`."""
    child = [sys.executable, str(Path(__file__).resolve()), str(root), "--cleaner-child", str(tree.path)]
    done = subprocess.run(child, env=tree_env(tree), cwd=tree.path, capture_output=True, text=True, check=True)
    tree.cleaner.append(float(done.stdout))
    with tempfile.TemporaryDirectory() as cache:
        for bucket in (tree.cold, tree.warm):
            start = time.perf_counter()
            listed = subprocess.run(
                [sys.executable, "-m", "reader", "--articles", str(root), "list", "--json"],
                env=tree_env(tree, XDG_CACHE_HOME=cache),
                cwd=tree.path,
                capture_output=True,
                check=True,
            )
            bucket.append(time.perf_counter() - start)
            tree.output_size = len(listed.stdout)


def report(trees: list[Tree], runs: int) -> None:
    first = trees[0]
    for tree in trees:
        name = "this tree" if tree.path == first.path else str(tree.path)
        speed, cold, warm = (statistics.median(x) for x in (tree.cleaner, tree.cold, tree.warm))
        print(f"\n{name} ({tree.path}), medians of {runs}:")
        print(f"  cleaner: {speed:.1f} MB/s on one core (runs: {', '.join(f'{x:.1f}' for x in tree.cleaner)})")
        print(f"  reader list --json, first run (cold cache): {cold:.2f} s ({tree.output_size / 1e6:.1f} MB of JSON)")
        print(
            f"  reader list --json, second run (warm cache): {warm:.2f} s; warm is {cold / warm:.1f}x faster than cold"
        )
        if tree is not first:
            print(
                f"  this tree / this one: cleaner {statistics.median(first.cleaner) / speed:.2f}x the speed,"
                f" cold list {statistics.median(first.cold) / cold:.2f}x the time"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--compare",
        type=Path,
        action="append",
        default=[],
        metavar="TREE",
        help="another source tree of reader to measure, runs alternating (repeatable)",
    )
    parser.add_argument("--cleaner-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    root: Path = args.collection.resolve()
    if args.cleaner_child:
        print(f"{cleaner_run(root, args.cleaner_child.resolve()):.3f}")
        return
    for tree in args.compare:
        if not (tree / "reader" / "__init__.py").is_file():
            parser.error(f"--compare {tree}: no reader/ package there")
    if not root.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_collection.py"), str(root)], check=True)
    from reader.collection import find_files

    files = find_files(root)
    print(f"collection: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB ({root})")
    trees = [Tree(THIS_TREE)] + [Tree(t.resolve()) for t in args.compare]
    with tempfile.TemporaryDirectory(prefix="reader-bench-bytecode-") as bytecode:
        for tree in trees:
            tree.bytecode = bytecode
            warm_bytecode(tree)
        for _ in range(args.runs):
            for tree in trees:
                measure_once(tree, root)
    report(trees, args.runs)


if __name__ == "__main__":
    main()
