"""Run the cleaner on the real saved web pages in ../shared/realpages-dev, in every shape, and score it.

    python bench/realpages.py [--shape NAME ...] [OUTPUT_DIR]

The same 55 pages come as a browser's text dump (`<id>.txt`), and in `shapes/` as copy and
paste (`single`), hard-wrapped at 72 columns (`wrapped`), a scraper's markdown (`markdown`) and
the page's own HTML (`html`). For each shape, the text of every article the cleaner found in a
page, joined with blank lines, goes to OUTPUT_DIR/<shape>/<id>.txt (default bench/out/realpages);
then the pages' own score.py scores it. Prints a table: precision, recall, F1, lost pages (under
half of the body kept) and the cleaner's speed per shape. The pages are third-party copies, read
from the shared folder at run time and never kept in the repository; without it the script says
so and exits 0.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

from reader.cleaning import clean
from reader.collection import read_text

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "realpages-dev"
DEFAULT_OUTPUT = REPO / "bench" / "out" / "realpages"
SHAPES = {
    "dump": ".",
    "single": "shapes/single",
    "wrapped": "shapes/wrapped",
    "markdown": "shapes/markdown",
    "html": "shapes/html",
}
LOST_RECALL = 0.5
_ROW = re.compile(r"^(\w+)\s+P=(\S+)\s+R=(\S+)$")
_MEANS = re.compile(r"P=(\S+) R=(\S+) F1=(\S+)")


def page_files(folder: Path) -> list[Path]:
    """The page files of one shape, without the people-made `.truth.txt` bodies beside them."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html") and not p.name.endswith(".truth.txt"))


def run_cleaner(folder: Path, output: Path) -> tuple[float, int]:
    """Clean every page of a shape into `output`; the seconds spent in `clean`, the bytes read."""
    output.mkdir(parents=True, exist_ok=True)
    seconds, size = 0.0, 0
    for page in page_files(folder):
        text = read_text(page)
        size += page.stat().st_size
        start = time.perf_counter()
        articles = clean(text)
        seconds += time.perf_counter() - start
        (output / f"{page.stem}.txt").write_text("\n\n".join(a.text for a in articles), "utf-8")
    return seconds, size


def score(output: Path) -> tuple[str, int, str]:
    """The means line of the pages' own scorer, the pages lost, and its whole output."""
    result = subprocess.run(
        [sys.executable, str(PAGES / "score.py"), str(output)], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    lost = sum(1 for line in lines if (row := _ROW.match(line)) and float(row.group(3)) < LOST_RECALL)
    return lines[-1], lost, result.stdout


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--shape", action="append", choices=list(SHAPES), help="only this shape (repeatable)")
    parser.add_argument("--pages", action="store_true", help="also print each page's row, worst first")
    args = parser.parse_args(argv)
    if not PAGES.is_dir():
        print(f"no real pages at {PAGES}: nothing to measure")
        return 0
    print(f"{'shape':<10} {'P':>6} {'R':>6} {'F1':>6} {'lost':>5} {'MB/s':>6}")
    for shape in args.shape or list(SHAPES):
        folder = PAGES / SHAPES[shape]
        if not folder.is_dir():
            print(f"{shape:<10} (no pages at {folder})")
            continue
        output = args.output / shape
        seconds, size = run_cleaner(folder, output)
        means, lost, full = score(output)
        found = _MEANS.search(means)
        p, r, f1 = found.groups() if found else ("?", "?", "?")
        rate = size / seconds / 1e6 if seconds else float("inf")
        print(f"{shape:<10} {p:>6} {r:>6} {f1:>6} {lost:>5} {rate:>6.1f}")
        if args.pages:
            print(full)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
