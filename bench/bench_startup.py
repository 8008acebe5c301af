"""Start to a usable first screen, in a real terminal (tmux), beside an empty Textual app.

    python bench/bench_startup.py [--articles DIR] [--runs 5] [--compare TREE]... [--no-pyc]

Each run starts a fresh tmux session (120x40) running the program and polls the screen
every 10 ms until it shows what "usable" means: for the empty app its one Static, for
reader the sidebar's article count (sidebar filled) and the first words of the first
article's text (first article shown). Prints the median of the runs for each program and
its ratio to the empty app's. The tmux server is a private one (its own socket), so other
tmux users can't disturb it.

As a user's second start would find things: the article cache is warmed once before
timing, and each program runs once untimed first, so Python's bytecode cache holds every
module it imports. The bytecode goes to a folder of the run's own (PYTHONPYCACHEPREFIX),
also when the environment says PYTHONDONTWRITEBYTECODE (without a bytecode cache every
start compiles reader's modules from source again, which no installed copy does);
`--no-pyc` measures that way instead.

`--compare TREE` times another copy of reader as well (for example a `git worktree` of
the last commit), from its source tree, interleaved with this one run for run so all see
the same machine; each copy has its own user folders, article cache included.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMPTY_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Empty(App):
    def compose(self) -> ComposeResult:
        yield Static("EMPTY-APP-READY")

Empty().run()
"""
READY = re.compile(r"\d[\d,]* articles")
EMPTY = "empty Textual app"


SOCKET = f"reader-bench-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=False, capture_output=True, text=True).stdout


def first_paint(command: str, ready: Callable[[str], bool], timeout: float = 30.0) -> float:
    session = f"bench{os.getpid()}{time.monotonic_ns() % 100000}"
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    screen = ""
    try:
        while time.perf_counter() - start < timeout:
            screen = tmux("capture-pane", "-p", "-t", session)
            if ready(screen):
                return time.perf_counter() - start
            time.sleep(0.01)
        raise TimeoutError(f"no usable screen within {timeout} s: {command}\nlast screen:\n{screen}")
    finally:
        tmux("kill-session", "-t", session)


def environment(tmp: Path, name: str, tree: Path | None, pyc: bool) -> str:
    """`env` arguments for one program: user folders of its own under `tmp`."""
    # COLUMNS/LINES from a parent (pytest sets them) would pin the app to 80x24.
    # `env` takes its -u options before any assignment.
    parts = ["-u COLUMNS -u LINES"]
    if pyc:
        parts.append("-u PYTHONDONTWRITEBYTECODE")
    for var in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        parts.append(f"{var}={shlex.quote(str(tmp / name / var.lower()))}")
    if pyc:
        parts.append(f"PYTHONPYCACHEPREFIX={shlex.quote(str(tmp / 'pycache'))}")
    if tree is not None:
        parts.append(f"PYTHONPATH={shlex.quote(str(tree))}")
    return " ".join(parts)


def reader_command(tmp: Path, name: str, tree: Path | None, articles: Path, pyc: bool) -> str:
    """The command starting reader: from `tree`, else the one installed."""
    python = shlex.quote(sys.executable)
    db = shlex.quote(str(tmp / name / "claims.json"))
    folder = shlex.quote(str(articles))
    return f"env {environment(tmp, name, tree, pyc)} {python} -m reader --articles {folder} --db {db} --create-db"


def first_words(reader: str) -> str:
    """Warm the article cache (`list`), and the first article's first words (`show`)."""
    listing = subprocess.run(f"{reader} list --json", shell=True, check=True, capture_output=True, text=True)
    first = json.loads(listing.stdout)[0]["id"]
    shown = subprocess.run(
        f"{reader} show --json {shlex.quote(first)}",
        shell=True,
        check=True,
        capture_output=True,
        text=True,
    )
    return " ".join(json.loads(shown.stdout)["text"].split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=Path, default=ROOT / "articles")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--compare",
        type=Path,
        action="append",
        default=[],
        metavar="TREE",
        help="also time reader from this source tree (repeatable)",
    )
    parser.add_argument(
        "--no-pyc",
        action="store_true",
        help="no bytecode cache when the environment sets PYTHONDONTWRITEBYTECODE",
    )
    args = parser.parse_args()
    articles = args.articles.resolve()
    pyc = not args.no_pyc
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        empty = tmp / "empty.py"
        empty.write_text(EMPTY_APP)
        python = shlex.quote(sys.executable)
        programs: dict[str, tuple[str, Callable[[str], bool]]] = {
            EMPTY: (
                f"env {environment(tmp, 'empty', None, pyc)} {python} {empty}",
                lambda screen: "EMPTY-APP-READY" in screen,
            )
        }
        trees: dict[str, Path | None] = {"reader": None}
        for tree in args.compare:
            trees[f"reader from {tree}"] = tree.resolve()
        for index, (label, tree) in enumerate(trees.items()):
            command = reader_command(tmp, f"reader{index}", tree, articles, pyc)
            words = first_words(command)  # the run also warmed the cache

            def usable(screen: str, words: str = words) -> bool:
                return bool(READY.search(screen)) and words in screen

            programs[label] = (command, usable)

        times: dict[str, list[float]] = {label: [] for label in programs}
        # A session that outlives the measured ones keeps the private server up: a server
        # that exits with its last session races the next new-session, which then fails.
        tmux("new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 3600")
        try:
            for command, ready in programs.values():  # untimed: bytecode and OS caches
                first_paint(command, ready)
            for _ in range(args.runs):  # interleaved, so all see the same machine
                for label, (command, ready) in programs.items():
                    times[label].append(first_paint(command, ready))
        finally:
            tmux("kill-server")
    cached = pyc or not os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(f"collection: {args.articles}")
    print(f"bytecode cache: {'yes' if cached else 'no (PYTHONDONTWRITEBYTECODE)'}")
    empty_median = statistics.median(times[EMPTY])
    width = max(len(label) for label in times) + 1
    for label, runs in times.items():
        median = statistics.median(runs)
        ratio = "" if label == EMPTY else f"  ratio {median / empty_median:.2f}x"
        shown = ", ".join(f"{t:.2f}" for t in runs)
        print(f"{label + ':':<{width}} median {median:.2f} s  (runs: {shown}){ratio}")


if __name__ == "__main__":
    main()
