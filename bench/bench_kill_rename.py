"""`kill -9` a process renaming a tag on many claims, at random moments; check the rename
is all or nothing (issue 20).

Each round: a store of 100 claims over 20 articles (so 20 table files), all tagged `a`;
a process renames `a` to `b` and back, over and over; at a random moment it gets SIGKILL.
Then the store opens (a writer finishing an interrupted save from its journal) and every
claim must hold the same one of the two tags, and all 100 must be there.

Usage: python bench/bench_kill_rename.py [--rounds 100] [--seed S]
Exit status 1 when a round found a half-done rename or a lost claim.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.claims.model import make_claim  # noqa: E402
from reader.claims.store import ClaimStore  # noqa: E402

TEXT = "A claim about things that matter a great deal to everyone who reads it. " * 10

RENAMER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.claims.store import ClaimStore
    with ClaimStore.open(Path(sys.argv[1])) as store:
        old, new = ("a", "b") if "a" in store.tags() else ("b", "a")
        print("ready", flush=True)
        while True:
            store.rename_tag(old, new)
            old, new = new, old
    """
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = journals = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.json"
        with ClaimStore.open(path) as store:
            store.add_many(
                [make_claim(f"art/{i % 20}", "f.txt", "T", TEXT, i, i + 40, ("a", "keep")) for i in range(100)]
            )
        for _ in range(args.rounds):
            proc = subprocess.Popen(
                [sys.executable, "-c", RENAMER, str(path)], stdout=subprocess.PIPE, text=True, env=env
            )
            proc.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.3))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            journals += (path.with_name("claims.json.d") / "journal").exists()
            with ClaimStore.open(path) as store:
                claims = store.all()
            tags = {c.tags for c in claims}
            if len(claims) != 100 or tags not in ({("a", "keep")}, {("b", "keep")}):
                bad += 1
                print(f"half done or lost: {len(claims)} claims, tags {sorted(tags)}")
    took = time.perf_counter() - started
    print(
        f"{args.rounds} kills in {took:.0f} s: {bad} half-done or lossy; "
        f"{journals} left a journal that the next open finished"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
