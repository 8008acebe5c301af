"""Start to a usable first screen, in a real terminal (tmux), beside an empty Textual app.

    python bench/bench_startup.py [--articles DIR] [--runs 5]

Each run starts a fresh tmux session (120x40) running the program and polls the screen
every 10 ms until it shows what "usable" means: for the empty app its one Static, for
reader the sidebar's article count (sidebar filled) and the first words of the first
article's text (first article shown). Prints the median of the runs for both and their
ratio. The cache is warmed once before timing, as a user's second start would find it.
The tmux server is a private one (its own socket), so other tmux users can't disturb it.
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


SOCKET = f"reader-bench-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=False, capture_output=True, text=True
    ).stdout


def first_paint(command: str, ready, timeout: float = 30.0) -> float:
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
        raise TimeoutError(
            f"no usable screen within {timeout} s: {command}\nlast screen:\n{screen}"
        )
    finally:
        tmux("kill-session", "-t", session)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=Path, default=ROOT / "articles")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    python = shlex.quote(sys.executable)
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text(EMPTY_APP)
        # COLUMNS/LINES from a parent (pytest sets them) would pin the app to 80x24.
        env = f"-u COLUMNS -u LINES XDG_CACHE_HOME={shlex.quote(tmp)}/cache XDG_STATE_HOME={shlex.quote(tmp)}/state XDG_CONFIG_HOME={shlex.quote(tmp)}/config"
        db = shlex.quote(str(Path(tmp) / "claims.json"))
        reader = f"env {env} {python} -m reader --articles {shlex.quote(str(args.articles))} --db {db}"
        listing = subprocess.run(
            f"{reader} list --json",
            shell=True,
            check=True,
            capture_output=True,
            text=True,
        )
        first = json.loads(listing.stdout)[0]["id"]  # the run also warmed the cache
        shown = subprocess.run(
            f"{reader} show --json {shlex.quote(first)}",
            shell=True,
            check=True,
            capture_output=True,
            text=True,
        )
        words = " ".join(json.loads(shown.stdout)["text"].split()[:3])

        def usable(screen: str) -> bool:
            return bool(READY.search(screen)) and words in screen

        empty_times, reader_times = [], []
        # A session that outlives the measured ones keeps the private server up: a server
        # that exits with its last session races the next new-session, which then fails.
        tmux("new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 3600")
        try:
            for _ in range(args.runs):  # interleaved, so both see the same machine
                empty_times.append(
                    first_paint(
                        f"env {env} {python} {empty}",
                        lambda screen: "EMPTY-APP-READY" in screen,
                    )
                )
                reader_times.append(first_paint(reader, usable))
        finally:
            tmux("kill-server")
    e, r = statistics.median(empty_times), statistics.median(reader_times)
    print(f"collection: {args.articles}")
    print(
        f"empty Textual app: median {e:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in empty_times)})"
    )
    print(
        f"reader:            median {r:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in reader_times)})"
    )
    print(f"ratio: {r / e:.2f}x")


if __name__ == "__main__":
    main()
