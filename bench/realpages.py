"""Run the cleaner on the real saved web pages in ../shared/realpages-dev and score it.

    python bench/realpages.py [OUTPUT_DIR]

Writes the text of every article the cleaner found in `<id>.txt`, joined with blank lines, to
OUTPUT_DIR/<id>.txt (default bench/out/realpages), then prints what the pages' own score.py says
about it and how long the cleaner took. The pages are third-party copies, so they are read from
the shared folder at run time and never kept in the repository; without it the script says so and
exits 0.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from reader.cleaning import clean

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "realpages-dev"
DEFAULT_OUTPUT = REPO / "bench" / "out" / "realpages"


def page_files(pages: Path) -> list[Path]:
    """The raw page dumps, without the people-made `.truth.txt` bodies beside them."""
    return sorted(p for p in pages.glob("*.txt") if not p.name.endswith(".truth.txt"))


def run_cleaner(pages: Path, output: Path) -> tuple[float, int]:
    """Clean every page into `output`; return the seconds spent in `clean` and the bytes read."""
    output.mkdir(parents=True, exist_ok=True)
    seconds = 0.0
    size = 0
    for page in page_files(pages):
        raw = page.read_bytes()
        size += len(raw)
        text = raw.decode("utf-8")
        start = time.perf_counter()
        articles = clean(text)
        seconds += time.perf_counter() - start
        (output / page.name).write_text("\n\n".join(a.text for a in articles), "utf-8")
    return seconds, size


def score(pages: Path, output: Path) -> str:
    """The output of the pages' own scorer on `output`."""
    result = subprocess.run(
        [sys.executable, str(pages / "score.py"), str(output)],
        capture_output=True, text=True, check=True,
    )
    return result.stdout


def main(argv: list[str]) -> int:
    if not PAGES.is_dir():
        print(f"no real pages at {PAGES}: nothing to measure")
        return 0
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    seconds, size = run_cleaner(PAGES, output)
    print(score(PAGES, output), end="")
    rate = size / seconds / 1e6 if seconds else float("inf")
    print(f"cleaner: {seconds:.3f} s for {size / 1e6:.2f} MB ({rate:.1f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
