"""`kill -9` a process saving claims, at random moments, many times; check nothing is lost.

Each round starts a writer that opens the store and adds claims in a loop (now and then
updating or removing one), printing each claim's id only after `store.add` returned, that
is, after the claim is saved. At a random moment the writer gets SIGKILL. Then the store
must open, every file in it must be valid JSON, and every claim reported saved (and not
reported removed) must be in it.

Usage: python bench/bench_kill.py [--rounds 100] [--seed S] [--store PATH]
(the store defaults to a fresh temporary folder). Exit status 1 when anything was lost.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from reader.claims.store import ClaimStore

WRITER = textwrap.dedent(
    """
    import random, sys
    from dataclasses import replace
    from pathlib import Path
    from reader.claims.store import ClaimStore
    from reader.claims.model import make_claim
    text = "A claim about things that matter a great deal to everyone. " * 40
    rng = random.Random(int(sys.argv[2]))
    store = ClaimStore.open(Path(sys.argv[1]))
    mine = []
    i = 0
    while True:
        roll = rng.random()
        if mine and roll < 0.1:
            victim = mine.pop(rng.randrange(len(mine)))
            print("removing", victim.id, flush=True)  # from here on it may be gone
            store.remove(victim.id)
            print("removed", victim.id, flush=True)
        elif mine and roll < 0.2:
            c = store.update(replace(rng.choice(mine), note="edited"))
        else:
            note = "n" * rng.randrange(300)
            c = make_claim(f"art/{rng.randrange(50)}", "f.txt", "T", text, 2, 40, (f"t{i % 5}",), note)
            store.add(c)
            mine.append(c)
            print("saved", c.id, flush=True)
        i += 1
    """
)


def check(path: Path) -> list[str]:
    """Every file of the store parses as JSON; returns the claim ids it holds."""
    for file in [path, *sorted(path.with_name(path.name + ".d").glob("*.json"))]:
        json.loads(file.read_text("utf-8"))
    with ClaimStore.open(path, read_only=True) as store:
        return [c.id for c in store.all()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = None if args.store else tempfile.TemporaryDirectory(prefix="reader-kill-")
    path = args.store or Path(folder.name) / "claims.json"  # type: ignore[union-attr]
    reported: set[str] = set()
    removed: set[str] = set()
    lost: set[str] = set()
    uncertain: set[str] = set()  # killed between "removing" and "removed": may be either
    returned: set[str] = set()
    broken_rounds = 0
    empty_rounds = 0
    start = time.perf_counter()
    for round_ in range(args.rounds):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(round_)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(rng.uniform(0.15, 1.0))  # the interpreter takes about 0.15 s to start
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        saved_now = 0
        for line in out.splitlines():
            kind, _, claim_id = line.partition(" ")
            if len(claim_id) != 36:
                continue  # the last line may be cut short by the kill
            if kind == "saved":
                reported.add(claim_id)
                saved_now += 1
            elif kind in ("removing", "removed"):
                removed.add(claim_id)  # "removing" without "removed": either way is right
                if kind == "removing":
                    uncertain.add(claim_id)
                else:
                    uncertain.discard(claim_id)
        empty_rounds += saved_now == 0
        try:
            stored = set(check(path))
        except Exception as error:  # noqa: BLE001 - a broken store is what we look for
            broken_rounds += 1
            print(f"round {round_}: the store does not open: {error}", file=sys.stderr)
            continue
        missing = (reported - removed) - stored - lost
        if missing:
            lost |= missing
            print(f"round {round_}: {len(missing)} claims reported saved are missing", file=sys.stderr)
        back = stored & (removed - uncertain) - returned
        if back:
            returned |= back
            print(f"round {round_}: {len(back)} claims reported removed came back", file=sys.stderr)
    elapsed = time.perf_counter() - start
    kept = len(reported - removed)
    print(f"rounds: {args.rounds} ({empty_rounds} killed before their first save), {elapsed:.0f} s")
    print(f"claims reported saved: {len(reported)}; reported removed: {len(removed)}; should be stored: {kept}")
    print(f"store opened after every kill: {'yes' if broken_rounds == 0 else f'no, {broken_rounds} times'}")
    print(f"every claim reported saved survived: {'yes' if not lost else f'no, {len(lost)} lost'}")
    print(f"no claim reported removed came back: {'yes' if not returned else f'no, {len(returned)} did'}")
    if folder is not None:
        folder.cleanup()
    return 1 if lost or returned or broken_rounds else 0


if __name__ == "__main__":
    sys.exit(main())
