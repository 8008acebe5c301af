"""The store at scale, through the command line as a user runs it (issue 20).

    python bench/bench_store_scale.py [--sizes 2000 10000] [--big 50000] [--runs 5] [--files 1000]

On a copy of the bundled collection (or one of `--files` made by make_collection.py), for each size:
claims on random sentences of its articles (distinct spans, tags `all` and one of `t0`..`t9`),
exported as W3C JSON; then the wall time of `reader import` of that file into an empty store (and
that every claim came back), and of `reader tag rename all renamed` over every claim of the store.
With `--big N`: a store of N claims, and the median time of `--runs` runs of `list` (for
scale), `claims --json`, a markdown export, a JSON export (each with the board's groups and
without, `--no-board`), `annotate` (each run marks new
words, with `--new`, so each saves) and `tags`, beside issue 20's aims. Each time is one
run of `python -m reader`, start-up included. `--sizes` with no sizes: only the big store.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.claims.model import make_claim  # noqa: E402
from reader.claims.store import ClaimStore  # noqa: E402
from reader.collection import Collection  # noqa: E402
from reader.sentences import sentence_spans  # noqa: E402


def reader(articles: Path, db: Path, *args: str, output: Path | None = None) -> tuple[float, str]:
    """The wall time of one run and its output; with `output`, the output goes to that file
    (as `reader claims --json > file`), not through this process, which would add the time
    it takes to decode it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "reader", "--articles", str(articles), "--db", str(db), *args]
    with open(output or os.devnull, "wb") as sink:
        start = time.perf_counter()
        done = subprocess.run(
            command, stdout=sink if output else subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=3600
        )
        took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"reader {' '.join(args)} failed: {done.stderr.decode(errors='replace').strip()}")
    return took, (done.stdout or b"").decode("utf-8")


def fill(db: Path, collection: Collection, n: int, seed: int = 20) -> int:
    rng = random.Random(seed)
    spans = [(a, s, e) for a in collection.articles for s, e in sentence_spans(a.text) if e - s > 10]
    claims = []
    for i in range(n):
        article, start, end = spans[i % len(spans)]
        shift = (i // len(spans)) % max(
            1, (end - start) // 2
        )  # distinct spans when there are more claims than sentences
        claims.append(
            make_claim(
                article.id,
                article.file,
                article.title,
                article.text,
                start + shift,
                end,
                ("all", f"t{rng.randrange(10)}"),
                f"note {i}",
            )
        )
    with ClaimStore.open(db) as store:
        store.add_many(claims)
    return len(claims)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--big", type=int, default=0, help="also time reading commands on a store of this many claims")
    parser.add_argument(
        "--runs", type=int, default=5, help="runs of each command on the big store (the median is shown)"
    )
    parser.add_argument(
        "--files",
        type=int,
        default=0,
        help="a collection of this many files made by make_collection.py (default: the bundled one)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles"
        if args.files:
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "make_collection.py"), str(articles), "--files", str(args.files)],
                check=True,
                capture_output=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        else:
            shutil.copytree(ROOT / "articles", articles, ignore=shutil.ignore_patterns(".*"))
        collection = Collection.load(articles)
        reader(articles, Path(tmp) / "warm.json", "list")  # the collection's cache, as after first use
        if args.sizes:
            print(f"{'claims':>8}  {'import s':>9}  {'came back':>9}  {'tag rename s':>12}  {'renamed':>8}")
        for n in args.sizes:
            source, empty = Path(tmp) / f"source{n}.json", Path(tmp) / f"empty{n}.json"
            fill(source, collection, n)
            dump = Path(tmp) / f"dump{n}.json"
            reader(articles, source, "export", "--format", "json", "-o", str(dump))
            took_import, out = reader(articles, empty, "import", str(dump))
            with ClaimStore.open(empty, read_only=True) as store:
                back = len(store.all())
                tagged = store.tags()["all"]
            took_rename, out = reader(articles, empty, "tag", "rename", "all", "renamed")
            with ClaimStore.open(empty, read_only=True) as store:
                renamed = store.tags()["renamed"]
            assert back == n and renamed == tagged, (back, renamed, tagged)
            print(f"{n:>8,}  {took_import:>9.2f}  {back:>9,}  {took_rename:>12.2f}  {renamed:>8,}")
        if args.big:
            db = Path(tmp) / "big.json"
            fill(db, collection, args.big)
            print(f"\n{args.big:,} claims, median of {args.runs} runs (min-max):")
            article = json.loads(reader(articles, db, "list", "--json")[1])[0]["id"]
            quote = collection.get(article).text[:20]
            for label, command, aim in (
                ("list (for scale)", ["list"], ""),
                ("claims --json", ["claims", "--json"], "< 1 s"),
                ("export (markdown)", ["export", "-o", str(Path(tmp) / "out.md"), "--force"], "< 1 s"),
                (
                    "export --format json",
                    ["export", "--format", "json", "-o", str(Path(tmp) / "out.json"), "--force"],
                    "< 1 s",
                ),
                ("export md --no-board", ["export", "--no-board", "-o", str(Path(tmp) / "out.md"), "--force"], "< 1 s"),
                (
                    "export json --no-board",
                    ["export", "--no-board", "--format", "json", "-o", str(Path(tmp) / "out.json"), "--force"],
                    "< 1 s",
                ),
                ("annotate", ["annotate", article, "--quote", quote, "--new"], "< 0.3 s"),
                ("tags", ["tags"], ""),
            ):
                times = [reader(articles, db, *command, output=Path(tmp) / "stdout")[0] for _ in range(args.runs)]
                shown = f"{statistics.median(times):6.2f} s ({min(times):.2f}-{max(times):.2f})"
                print(f"  {label:<22} {shown:<24} {'aim ' + aim if aim else ''}")


if __name__ == "__main__":
    main()
