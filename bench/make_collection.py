"""Generate a large raw collection for benchmarks: 10,000 files, about 50 MB.

The three kinds of file in `articles/`, with content varied by a seeded random generator
over the words of the bundled articles, so the same arguments always give the same files:

* web pages: site furniture, one article, a "Read more URL" line, then promoted teasers;
* index pages: a heading, then teasers (title, a paragraph cut short with "...");
* newspaper pages: markdown headings, section labels, "By NAME" / "Edited by NAME",
  photo captions and words hyphenated across line breaks, several articles a page.

Usage: python bench/make_collection.py [OUT] [--files N] [--seed S]
(default OUT: bench/out/collection, which git ignores).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from importlib.resources import files
from pathlib import Path

DEFAULT_OUT = Path(__file__).parent / "out" / "collection"


def word_list() -> list[str]:
    """Words of the bundled articles, with repeats, so frequent words stay frequent."""
    bundled = files("reader") / "bundled"
    text = " ".join(p.read_text("utf-8") for p in bundled.iterdir() if p.name.endswith(".txt"))
    return re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", text)


class Writer:
    """Random prose, titles and names from a word list."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words = words
        self.rng = rng

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        parts = [self.phrase(4, 14)]
        while self.rng.random() < 0.4:
            parts.append(self.phrase(3, 10))
        text = ", ".join(parts)
        if self.rng.random() < 0.15:
            text = f"“{text[0].upper()}{text[1:]},” {self.rng.choice(['said', 'wrote', 'noted'])} {self.name()}"
        if self.rng.random() < 0.1:
            text += f" {self.rng.randint(2, 99)}.{self.rng.randint(1, 99)} percent"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        return " ".join(w[:1].upper() + w[1:] for w in self.phrase(4, 11).split())

    def name(self) -> str:
        first = self.rng.choice(["Li", "Anna", "Wei", "Maria", "John", "Chen", "Ana", "Peter", "Xu", "Sara"])
        last = self.rng.choice(["Wang", "Smith", "Garcia", "Zhang", "Brown", "Liu", "Silva", "Jones", "Kim", "Haddad"])
        return f"{first} {last}"

    def slug(self, title: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def web_page(w: Writer) -> str:
    """A scraped page: furniture, the article, its "Read more" link, teasers."""
    rng = w.rng
    lines = [w.title().split()[0] + " " + rng.choice(["Daily", "News", "Times", "Post"]), "", ""]
    lines += [
        rng.choice(["World", "Business", "Tech", "Sport", "Culture", "Opinion"]) for _ in range(rng.randint(1, 4))
    ]
    lines += ["", f"  • Written by {w.name()}"]
    title = w.title()
    lines += [title, ""]
    for _ in range(rng.randint(5, 12)):
        lines += [w.paragraph() if rng.random() > 0.12 else w.title(), ""]
    lines += [
        f"Read more https://{rng.choice(['example', 'news', 'daily'])}.com/{w.slug(title)}-{rng.randint(1000, 999999)}",
        "",
    ]
    for _ in range(rng.randint(3, 7)):
        lines += [w.title(), "", w.paragraph(2, 3)[: rng.randint(150, 300)].rstrip() + "... Read more", ""]
    return "\n".join(lines)


def index_page(w: Writer) -> str:
    """A list of teasers, each a title and a paragraph cut short."""
    lines = ["Posts", ""]
    for _ in range(w.rng.randint(3, 8)):
        lines += [w.title(), "", w.title() + " " + w.paragraph(4, 8)[: w.rng.randint(600, 1000)].rstrip() + "...", ""]
    return "\n".join(lines)


def newspaper_page(w: Writer) -> str:
    """A PDF page as markdown: headings, bylines, captions, hyphenated line breaks."""
    rng = w.rng
    lines: list[str] = []
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.6:
            lines += [f"#### **{rng.choice(['Opinion', 'INSIGHTS', 'Business', 'World', 'Science'])}**", ""]
        lines += [f"## {w.title()}", ""]
        if rng.random() < 0.4:
            lines += [f"#### {w.title()}", ""]
        lines += [f"{rng.choice(['By', 'Edited by'])} {w.name().upper()}", ""]
        for _ in range(rng.randint(4, 9)):
            paragraph = w.paragraph()
            if rng.random() < 0.25:  # a word hyphenated across a column break
                cut = paragraph.rfind(" ", 0, len(paragraph) // 2)
                word_end = paragraph.find(" ", cut + 1)
                if cut > 0 and word_end - cut > 6:
                    middle = cut + 4
                    paragraph = paragraph[:middle] + "-\n\n" + paragraph[middle:]
            lines += [paragraph, ""]
            if rng.random() < 0.1:
                lines += ["", f"{w.phrase(6, 14).capitalize()}. (PHOTO: {rng.choice(['VCG', 'XINHUA', 'AFP'])})", ""]
            if rng.random() < 0.1:
                lines += [f"{w.title()}", ""]
    return "\n".join(lines)


KINDS = [(web_page, 0.4), (index_page, 0.3), (newspaper_page, 0.3)]


def generate(out: Path, count: int, seed: int) -> int:
    """Write `count` files into `out` (replacing it); returns the bytes written."""
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    writer = Writer(word_list(), rng)
    makers, weights = zip(*KINDS, strict=False)
    total = 0
    for i in range(count):
        make = rng.choices(makers, weights)[0]
        folder = out / f"{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = make(writer).encode("utf-8")
        (folder / f"{i:05d}_{make.__name__}.txt").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    total = generate(args.out, args.files, args.seed)
    print(f"{args.files} files, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
