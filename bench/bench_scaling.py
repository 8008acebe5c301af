"""Does the cleaner take time linear in its input? `clean` on 1, 10 and 100 MB of each kind.

Inputs, each handed to `reader.cleaning.clean` as one text (one call, as for one file):

* the three kinds of `bench/make_collection.py` (web pages, index pages, newspaper pages),
  freshly generated pages appended one after another (a prefix cut at a page boundary
  for the smaller sizes);
* pathological ones: one huge line of prose without a newline, thousands of tiny lines
  (one or two words each), and only punctuation (lines of it, and one line of it).

For each input and size it prints the seconds and MB/s; linear time shows as MB/s that
stays roughly the same from 1 to 100 MB (the last column: time per MB at this size over
time per MB at 1 MB, about 1 when linear, 10 or more when quadratic).

The pathological inputs run at --odd-sizes (default 1 and 10 MB): tiny lines clean at
well under 1 MB/s, so 100 MB of them would take many minutes.

Usage: python bench/bench_scaling.py [--sizes 1,10,100] [--odd-sizes 1,10] [--only NAME] [--seed S]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_collection import Writer, index_page, newspaper_page, web_page, word_list  # noqa: E402

from reader.cleaning import clean  # noqa: E402
from reader.cleaning.pipeline import clear_memos  # noqa: E402

MB = 1024 * 1024


def pages(make: Callable[[Writer], str], size: int, seed: int) -> str:
    """Generated pages of one kind, appended until `size` characters."""
    writer = Writer(word_list(), random.Random(seed))
    parts, total = [], 0
    while total < size:
        page = make(writer)
        parts.append(page)
        total += len(page) + 2
    return "\n\n".join(parts)


def prose(size: int, seed: int, sep: str = " ") -> str:
    writer = Writer(word_list(), random.Random(seed))
    parts, total = [], 0
    while total < size:
        sentence = writer.sentence()
        parts.append(sentence)
        total += len(sentence) + 1
    return sep.join(parts)


def tiny_lines(size: int, seed: int) -> str:
    rng = random.Random(seed)
    words = word_list()
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 2)))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def punctuation(size: int, seed: int, line: int | None) -> str:
    rng = random.Random(seed)
    marks = ".,;:!?-–—…'\"()[]*#/\\|_~•"
    text = "".join(rng.choice(marks) for _ in range(min(size, MB)))
    text = (text * (size // len(text) + 1))[:size]
    if line is None:
        return text
    return "\n".join(text[i : i + line] for i in range(0, len(text), line))


def prefix_at_boundary(text: str, size: int) -> str:
    """The first `size` characters or so, cut where a page or line ends."""
    if len(text) <= size:
        return text
    cut = text.find("\n\n", size)
    return text[: cut if cut > 0 else size]


INPUTS: dict[str, Callable[[int, int], str]] = {
    "web pages": lambda size, seed: pages(web_page, size, seed),
    "index pages": lambda size, seed: pages(index_page, size, seed),
    "newspaper pages": lambda size, seed: pages(newspaper_page, size, seed),
    "one huge line": lambda size, seed: prose(size, seed),
    "tiny lines": tiny_lines,
    "punctuation lines": lambda size, seed: punctuation(size, seed, 60),
    "punctuation, one line": lambda size, seed: punctuation(size, seed, None),
}


def timed(text: str) -> tuple[float, int]:
    clear_memos()
    gc.collect()
    start = time.perf_counter()
    articles = clean(text)
    return time.perf_counter() - start, len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="sizes in MB, comma-separated")
    parser.add_argument("--odd-sizes", default="1,10", help="sizes in MB for the pathological inputs")
    parser.add_argument("--only", action="append", help="only these inputs (repeatable)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    kind_sizes = sorted(int(s) for s in args.sizes.split(","))
    odd_sizes = sorted(int(s) for s in args.odd_sizes.split(","))
    names = args.only or list(INPUTS)
    print(f"{'input':24} {'MB':>5} {'seconds':>8} {'MB/s':>6} {'articles':>8} {'vs 1st':>6}")
    for name in names:
        sizes = kind_sizes if name.endswith(" pages") else odd_sizes
        full = INPUTS[name](sizes[-1] * MB, args.seed)
        first_rate = None
        for size in sizes:
            text = prefix_at_boundary(full, size * MB)
            megabytes = len(text.encode("utf-8")) / MB
            seconds, count = timed(text)
            per_mb = seconds / megabytes
            first_rate = first_rate or per_mb
            print(
                f"{name:24} {megabytes:5.0f} {seconds:8.2f} {megabytes / seconds:6.1f} "
                f"{count:8d} {per_mb / first_rate:6.2f}",
                flush=True,
            )
        del full
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
