"""The monkey test, longer: several seeds, more actions each, on fresh temporary folders.

    python bench/bench_monkey.py [--seeds 1234 1 2] [--actions 3000]

Runs the driver of `tests/app/monkey.py` (random keys, bursts of keys and mouse clicks,
drags and scrolls from the app's bindings, on the bundled articles plus odd files; the
store's files checked after every action, the store opened and compared with the app
every 100; quit and clean-store checks at the end). Prints actions/s per seed, the
claims seen, and for a failure the exception and the last actions before it. Exit
status 1 when any seed failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.isolation import isolate_user_dirs  # noqa: E402 (after the path is set)
from tests.app import monkey  # noqa: E402 (after the path is set)


def run_seed(seed: int, actions: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="reader-monkey-") as name:
        folder = Path(name)
        isolate_user_dirs(folder)
        previous = os.getcwd()
        os.chdir(folder)  # relative export paths land here
        started = time.perf_counter()
        try:
            result = asyncio.run(monkey.run_monkey(folder, seed, actions))
        except BaseException as error:  # noqa: BLE001 - reported, then the next seed runs
            log = monkey.last_result.log if monkey.last_result else []
            print(
                f"seed {seed}: FAILED after {len(log)} actions, {time.perf_counter() - started:.1f} s: "
                f"{type(error).__name__}: {error}"
            )
            traceback.print_exception(error, limit=-6)
            print("  last actions:\n    " + "\n    ".join(log[-30:]))
            return False
        finally:
            os.chdir(previous)
    print(
        f"seed {seed}: {result.actions} actions in {result.seconds:.1f} s = {result.rate:.1f} actions/s, "
        f"{result.checks} store checks, {result.claims} claims at the end (at most {result.most_claims}); "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(result.kinds.items()))
    )
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1234, 1, 2])
    parser.add_argument("--actions", type=int, default=3000)
    args = parser.parse_args()
    import pyperclip

    pyperclip.copy = monkey.no_system_clipboard  # never the user's clipboard
    failed = [seed for seed in args.seeds if not run_seed(seed, args.actions)]
    print(f"{len(args.seeds) - len(failed)}/{len(args.seeds)} seeds passed" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
