"""How long one save takes with 1,000, 10,000 and 50,000 claims in the store.

    python bench/bench_store.py [--sizes 1000 10000 50000] [--saves 25]

Prints the median and 90th percentile of one `ClaimStore.add` (a full durable save:
temporary file, fsync, rename) at each size, beside TinyDB's own JSONStorage for scale.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

from reader.claims.model import make_claim
from reader.claims.store import ClaimStore

TEXT = ("The figures were published on Monday and showed a rise of 4.2 percent over the year. " * 6).strip()


def fill(store: ClaimStore, n: int, articles: int) -> None:
    for i in range(n):
        store.add(
            make_claim(f"file{i % articles}/article", f"file{i % articles}.txt", "T", TEXT, 4, 60, ("tag",), "note")
        )


def time_saves(store: ClaimStore, saves: int, articles: int) -> list[float]:
    times = []
    for i in range(saves):
        claim = make_claim(f"file{i % articles}/article", "f.txt", "T", TEXT, 10, 80, ("new",), "")
        start = time.perf_counter()
        store.add(claim)
        times.append(time.perf_counter() - start)
    return times


def tinydb_json(n: int, saves: int, folder: Path) -> list[float]:
    db = TinyDB(folder / "plain.json")
    record = make_claim("a/b", "a.txt", "T", TEXT, 4, 60).record()
    db.insert_multiple(dict(record, id=str(i)) for i in range(n))
    times = []
    for i in range(saves):
        start = time.perf_counter()
        db.insert(dict(record, id=f"new{i}"))
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--saves", type=int, default=25)
    parser.add_argument("--articles", type=int, default=2000, help="articles the claims are spread over")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    print(f"{'claims':>8}  {'reader median':>14}  {'p90':>8}  {'TinyDB JSONStorage median':>26}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            with ClaimStore.open(folder / "claims.json") as store:
                fill(store, n, args.articles)
            with ClaimStore.open(folder / "claims.json") as store:  # reopened: as a user would
                times = sorted(time_saves(store, args.saves, args.articles))
            baseline = "" if args.no_baseline else f"{statistics.median(tinydb_json(n, 5, folder)) * 1000:.1f} ms"
        p90 = times[int(len(times) * 0.9) - 1]
        print(f"{n:>8}  {statistics.median(times) * 1000:>11.2f} ms  {p90 * 1000:>5.2f} ms  {baseline:>26}")


if __name__ == "__main__":
    main()
