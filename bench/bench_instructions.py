"""Count the CPU instructions the cleaner spends on a fixed sample, under valgrind.

Wall-clock timings on a shared 2-core machine swing by up to 40% when other jobs run;
the number of instructions a run executes does not, so this is the bench for A/B
comparisons of cleaner changes.

It picks a fixed sample of the collection's files (the sorted file list shuffled with
`random.Random(3)`, taken until `--kb` KB of UTF-8 text) and runs a child Python under
cachegrind twice: once that only loads the sample, and once that loads and cleans it with
`reader.cleaning.clean`. The difference (start-up, imports and reading cancel out) is the
cleaner's cost, printed in millions of instructions per `--kb` KB (scaled from the
sample's exact size) and in instructions per byte.

* `--steps` also counts each step, in the order of `pipeline._clean`: parse, each of
  `DOCUMENT_STEPS`, split, each of `ARTICLE_STEPS`, render. A step's count is the
  difference of two runs, one that runs every file up to and including that step and one
  that stops before it, so a memo filled by a step is charged to the first step that
  fills it.
* `--compare TREE` (repeatable) measures the same sample with another source tree of
  reader first on PYTHONPATH (for example `git worktree add /tmp/base HEAD`), and prints
  it beside this one with the ratio this/other.

Every child runs with PYTHONHASHSEED=0 and a private bytecode folder that one run outside
valgrind fills first, so no counted run hashes differently or compiles anything and the
counts repeat. The valgrind runs go `--jobs` at a time: instruction counts don't depend
on what else the machine is doing. Don't edit the measured tree during a run.

Usage: python bench/bench_instructions.py [COLLECTION] [--kb 400] [--steps] [--match TEXT]
           [--compare TREE ...] [--jobs N]
(default COLLECTION: bench/out/collection; made by bench/make_collection.py if missing).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / Path(__file__).name
THIS_TREE = HERE.parent
DEFAULT = HERE / "out" / "collection"
SEED = 3
VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")
ALL = -1  # `--child ALL`: every stage, whatever their number in the tree


# --------------------------------------------------------------------------- the sample


def pick_sample(root: Path, kb: float, match: str = "") -> tuple[list[Path], int]:
    """The sample's files (those whose name holds `match`) and their total size in bytes
    of UTF-8 text.

    Sorted before the shuffle so the sample depends only on the files there are, not on
    the order `find_files` returns them in.
    """
    from reader.collection import LoadError, find_files, read_text

    paths = sorted(p for p in find_files(root) if match in p.name)
    random.Random(SEED).shuffle(paths)
    target = kb * 1024
    sample, size = [], 0
    for path in paths:
        if size >= target:
            break
        try:
            text = read_text(path)
        except LoadError:
            continue  # the child would fail on it too: leave it out of the sample
        sample.append(path)
        size += len(text.encode("utf-8"))
    return sample, size


# --------------------------------------------------------------------------- the child


def stage_names(pipeline: ModuleType) -> list[str]:
    """The cleaner's stages in the order `pipeline._clean` runs them."""

    def name(step: object) -> str:
        module = getattr(step, "__module__", "").rsplit(".", 1)[-1]
        return f"{module}.{getattr(step, '__name__', repr(step))}"

    return [
        "parse",
        *map(name, pipeline.DOCUMENT_STEPS),
        "split",
        *map(name, pipeline.ARTICLE_STEPS),
        "render",
    ]


def clean_prefix(text: str, stages: int) -> None:
    """The first `stages` stages of `pipeline._clean` on one text (render excluded: the
    full cleaner is `clean` itself), with the cycle collector paused as `clean` pauses it,
    so that the last prefix and `clean` differ only by render (and `clean`'s own few
    instructions around it)."""
    from reader.cleaning import blocks, pipeline, split

    if stages == 0:
        return
    gc.disable()
    try:
        doc = blocks.parse_blocks(text)
        for step in pipeline.DOCUMENT_STEPS[: stages - 1]:
            doc = step(doc)
        before_split = 1 + len(pipeline.DOCUMENT_STEPS)
        if stages <= before_split:
            return
        article_steps = pipeline.ARTICLE_STEPS[: stages - before_split - 1]
        for draft in split.split_articles(doc):
            for step in article_steps:
                draft = step(draft)
    finally:
        gc.enable()


def child(stages: int, tree: Path) -> None:
    """Load the files named on stdin and clean them up to `stages` stages (all of them:
    `clean`); print what was imported from where as JSON.

    Every stage imports the same modules, so that imports cancel out of the differences.
    """
    import reader
    from reader.cleaning import clean, pipeline
    from reader.collection import read_text

    # The venv's editable install would also find /work/main: make sure PYTHONPATH won.
    where = Path(reader.__file__).resolve()
    if not where.is_relative_to(tree.resolve()):
        sys.exit(f"bench child: imported reader from {where}, not from {tree}")
    names = stage_names(pipeline)
    if stages == ALL:
        stages = len(names)
    if not 0 <= stages <= len(names):
        sys.exit(f"bench child: {stages} stages asked, the cleaner has {len(names)}")
    texts = [read_text(Path(line)) for line in sys.stdin.read().splitlines() if line]
    articles = 0
    for text in texts:
        if stages == len(names):
            articles += len(clean(text))
        else:
            clean_prefix(text, stages)
    print(json.dumps({"reader": str(where), "stages": names, "articles": articles}))


# --------------------------------------------------------------------------- the parent


@dataclass
class Tree:
    """One source tree of reader and what its runs counted."""

    path: Path
    label: str
    stages: list[str]
    counts: dict[int, int]  # stages run -> instructions of the whole child
    stamps: dict[Path, tuple[int, int]]  # of its sources before the warm-up

    def total(self) -> int:
        """Instructions of `clean` on the sample: all stages minus loading only."""
        return self.counts[len(self.stages)] - self.counts[0]

    def step(self, index: int) -> int:
        """Instructions of stage `index` (0-based) on the sample."""
        return self.counts[index + 1] - self.counts[index]


def source_stamps(tree: Path) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of each of the tree's modules: a module edited after the bytecode
    warm-up is compiled again inside a counted run, which adds tens of millions."""
    stamps = {}
    for path in sorted((tree / "reader").rglob("*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps[path] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def changed_sources(before: dict[Path, tuple[int, int]], tree: Path) -> list[Path]:
    after = source_stamps(tree)
    paths = before.keys() | after.keys()
    return sorted(path for path in paths if before.get(path) != after.get(path))


def child_env(tree: Path, pycache: Path) -> dict[str, str]:
    env = {
        **os.environ,
        # Only this tree ahead of the venv: a PYTHONPATH from the caller could shadow it.
        "PYTHONPATH": str(tree),
        # Randomised string hashes change dict and set probing from run to run.
        "PYTHONHASHSEED": "0",
        # Bytecode of our own, compiled once before counting and never in the tree.
        "PYTHONPYCACHEPREFIX": str(pycache),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(tree: Path, stages: int, sample: list[Path], pycache: Path, counted: bool) -> tuple[dict, int | None]:
    """Run the child on `sample` (under valgrind when `counted`): its JSON report and
    the instructions valgrind counted."""
    command = [sys.executable, str(SCRIPT), "--child", str(stages), "--tree", str(tree)]
    if counted:
        command = VALGRIND + command
    done = subprocess.run(
        command,
        input="\n".join(map(str, sample)),
        capture_output=True,
        text=True,
        env=child_env(tree, pycache),
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"child failed ({' '.join(command)}):\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.splitlines()[-1])
    if not counted:
        return report, None
    match = I_REFS.search(done.stderr)
    if match is None:
        sys.exit(f"no instruction count in valgrind's output:\n{done.stderr[-3000:]}")
    return report, int(match.group(1).replace(",", ""))


def measure(trees: list[tuple[Path, str]], sample: list[Path], steps: bool, jobs: int) -> list[Tree]:
    """Count every tree's runs: loading only and `clean`, or every prefix with `steps`."""
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as folder:
        pycache = Path(folder)
        results = []
        for path, label in trees:
            stamps = source_stamps(path)
            # Uncounted and in full: fills the bytecode folder and reads the stage names.
            report, _ = run_child(path, ALL, sample, pycache, counted=False)
            results.append(Tree(path, label, report["stages"], {}, stamps))
        jobs_to_run = [
            (tree, stages)
            for tree in results
            for stages in (range(len(tree.stages) + 1) if steps else (0, len(tree.stages)))
        ]
        print(f"{len(jobs_to_run)} valgrind runs, {jobs} at a time ...", flush=True)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [
                (tree, stages, pool.submit(run_child, tree.path, stages, sample, pycache, True))
                for tree, stages in jobs_to_run
            ]
            for tree, stages, future in futures:
                _, count = future.result()
                assert count is not None
                tree.counts[stages] = count
    return results


# --------------------------------------------------------------------------- output


def millions(count: float) -> str:
    return f"{count / 1e6:.1f}"


def print_totals(trees: list[Tree], kb: float, size: int) -> None:
    scale = kb * 1024 / size
    this = trees[0]
    width = max(len(tree.label) for tree in trees) + 2
    per_kb = f"M instructions per {kb:g} KB"
    print(f"\n{'cleaner':<{width}} {per_kb:>26} {'per byte':>9} {'this/other':>11}")
    for tree in trees:
        ratio = "" if tree is this else f"{this.total() / tree.total():.3f}"
        print(f"{tree.label:<{width}} {millions(tree.total() * scale):>26} {tree.total() / size:>9.0f} {ratio:>11}")
    for tree in trees:
        print(
            f"  {tree.label}: loading only {millions(tree.counts[0])} M, loading and cleaning"
            f" {millions(tree.counts[len(tree.stages)])} M (whole child processes)"
        )


def print_steps(trees: list[Tree], kb: float, size: int) -> None:
    """Per stage, aligned by name across trees (a stage one tree lacks shows as -)."""
    scale = kb * 1024 / size
    this = trees[0]
    names = list(this.stages)
    for tree in trees[1:]:
        names += [name for name in tree.stages if name not in names]
    width = max(map(len, names)) + 2

    def value(tree: Tree, name: str) -> int | None:
        if name == "total":
            return tree.total()
        return tree.step(tree.stages.index(name)) if name in tree.stages else None

    print(f"\nper step, M instructions per {kb:g} KB:")
    header = f"{'step':<{width}}"
    for tree in trees:
        header += f" {tree.label[-24:]:>24} {'share':>6}"
        if tree is not this:
            header += f" {'this/other':>10}"
    print(header)
    for name in [*names, "total"]:
        line = f"{name:<{width}}"
        ours = value(this, name)
        for tree in trees:
            count = value(tree, name)
            if count is None:
                line += f" {'-':>24} {'':>6}"
            else:
                line += f" {millions(count * scale):>24} {count / tree.total():>6.1%}"
            if tree is not this:
                ratio = f"{ours / count:.2f}" if ours is not None and count else "-"
                line += f" {ratio:>10}"
        print(line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--kb", type=float, default=400, help="sample size in KB of text (400)")
    parser.add_argument("--steps", action="store_true", help="count each step as well")
    parser.add_argument(
        "--match", default="", metavar="TEXT", help="only files whose name holds TEXT (a kind of page, say)"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        action="append",
        default=[],
        metavar="TREE",
        help="another source tree of reader to measure beside this one (repeatable)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="valgrind runs at a time")
    # The child: run by the parent under valgrind, not by hand.
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child, args.tree)
        return

    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind not found (apt-get install valgrind)", file=sys.stderr)
        sys.exit(2)
    for tree in args.compare:
        if not (tree / "reader" / "__init__.py").is_file():
            parser.error(f"--compare {tree}: no reader/ package there")
    root: Path = args.collection
    if not root.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_collection.py"), str(root)], check=True)
    start = time.perf_counter()
    sample, size = pick_sample(root, args.kb, args.match)
    print(f"sample: {len(sample)} files, {size / 1024:.1f} KB of text (seed {SEED}, {root})")
    trees = [(THIS_TREE, f"this tree ({THIS_TREE})")]
    trees += [(tree.resolve(), str(tree)) for tree in args.compare]
    results = measure(trees, sample, args.steps, max(1, args.jobs))
    print_totals(results, args.kb, size)
    if args.steps:
        print_steps(results, args.kb, size)
    print(f"\n{time.perf_counter() - start:.0f} s")
    changed = [path for tree in results for path in changed_sources(tree.stamps, tree.path)]
    if changed:
        names = ", ".join(map(str, changed))
        print(f"WARNING: edited during the runs, so the counts are off: {names}; run again")
        sys.exit(1)


if __name__ == "__main__":
    main()
