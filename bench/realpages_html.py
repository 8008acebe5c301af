"""Score the cleaner on the HTML shape of the real pages: ../shared/realpages-dev/shapes/html.

    python bench/realpages_html.py [OUTPUT_DIR]

Each `<id>.html` is decoded as the collection decodes a file and cleaned (the HTML front
end, then the usual steps); the text of all its articles, joined with blank lines, goes to
OUTPUT_DIR/<id>.txt (default bench/out/realpages-html), which the pages' own score.py then
scores. Prints its table's last lines, the pages under recall 0.5 ("lost"), and the
cleaner's time per page (the first page's time includes importing trafilatura, shown apart).
The pages are read from the shared folder at run time, never kept in the repository;
without it the script says so and exits 0.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from reader.cleaning import clean
from reader.collection import decode

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "realpages-dev"
SHAPE = PAGES / "shapes" / "html"
DEFAULT_OUTPUT = REPO / "bench" / "out" / "realpages-html"


def main(argv: list[str]) -> int:
    if not SHAPE.is_dir():
        print(f"no HTML pages at {SHAPE}: nothing to measure")
        return 0
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    output.mkdir(parents=True, exist_ok=True)
    times = []
    size = 0
    for page in sorted(SHAPE.glob("*.html")):
        raw = page.read_bytes()
        size += len(raw)
        text = decode(raw)
        start = time.perf_counter()
        articles = clean(text)
        times.append(time.perf_counter() - start)
        (output / f"{page.stem}.txt").write_text("\n\n".join(a.text for a in articles), "utf-8")
    report = subprocess.run(
        [sys.executable, str(PAGES / "score.py"), str(output)], capture_output=True, text=True, check=True
    ).stdout
    rows = report.splitlines()
    lost = [row for row in rows[:-1] if float(row.rsplit("R=", 1)[1]) < 0.5]
    print("\n".join(rows[:5] + ["...", rows[-1]]))
    print(f"lost (recall < 0.5): {len(lost)}" + "".join(f"\n  {row}" for row in lost))
    rest = times[1:]
    print(
        f"cleaner: first page {times[0]:.2f} s (imports trafilatura), then {sum(rest) / len(rest):.3f} s a page"
        f" ({size / 1e6:.1f} MB in {len(times)} pages, {size / sum(times) / 1e6:.2f} MB/s overall)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
