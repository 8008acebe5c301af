"""The cleaner's speed on one core for every text shape a page is saved in.

    python bench/bench_shapes.py [COLLECTION] [--runs N] [--mb MB]

Takes a sample of the generated collection (bench/make_collection.py; made if missing) and
cleans it as it is (a text dump), as copy and paste (no blank lines), hard-wrapped at 72
columns, and as a scraper's markdown (every short line a link, every paragraph with a link
in it). Prints MB/s per shape, median of N runs, each run with the cleaner's memos cleared.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.cleaning import clean
from reader.cleaning.pipeline import clear_memos
from reader.collection import find_files, read_text

HERE = Path(__file__).parent
DEFAULT = HERE / "out" / "collection"


def as_single(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def as_wrapped(text: str, width: int = 72) -> str:
    return "\n".join("\n".join(textwrap.wrap(line, width)) if line.strip() else "" for line in text.split("\n"))


def as_markdown(text: str) -> str:
    lines = []
    for number, line in enumerate(text.split("\n")):
        words = line.split()
        if 0 < len(words) <= 6:
            line = f"[{line.strip()}](/section/{number})"
        elif len(words) > 6:
            words[2] = f"[{words[2]}](https://example.com/{number})"
            line = " ".join(words)
        lines.append(line)
    return "\n".join(lines)


SHAPES = {"dump": lambda text: text, "single": as_single, "wrapped": as_wrapped, "markdown": as_markdown}


def sample(root: Path, megabytes: float) -> list[str]:
    paths = sorted(find_files(root))
    random.Random(1).shuffle(paths)
    texts, size = [], 0
    for path in paths:
        if size >= megabytes * 1e6:
            break
        text = read_text(path)
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def speed(texts: list[str]) -> float:
    clear_memos()
    size = sum(len(t.encode("utf-8")) for t in texts)
    start = time.process_time()
    for text in texts:
        clean(text)
    return size / 1e6 / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mb", type=float, default=3.0, help="megabytes of the collection to sample")
    args = parser.parse_args()
    if not args.collection.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_collection.py"), str(args.collection)], check=True)
    base = sample(args.collection, args.mb)
    print(f"{len(base)} files of the generated collection, one core, medians of {args.runs}:")
    for name, shape in SHAPES.items():
        texts = [shape(text) for text in base]
        runs = [speed(texts) for _ in range(args.runs)]
        print(f"  {name:<9} {statistics.median(runs):5.1f} MB/s  (runs: {', '.join(f'{r:.1f}' for r in runs)})")


if __name__ == "__main__":
    main()
