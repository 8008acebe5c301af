"""The commands about articles: `list`, `show`, `problems`."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from reader.claims.errors import StoreError
from reader.cli.lookup import find_article, reading
from reader.cli.output import cells, format_table, print_json, print_json_list, terminal_width, write_lines
from reader.collection import Collection


def list_articles(collection: Collection, store_path: Path, as_json: bool) -> int:
    counts = _claim_counts(store_path)
    # The collection's own heads, the count added to them in place: this command's
    # collection ends with it, and copying every head was a good part of a cached list.
    rows = list(collection.heads())
    for row in rows:
        row["claims"] = None if counts is None else counts.get(row["id"], 0)
    if as_json:
        print_json_list(rows)
        return 0
    columns = {
        "ID": [r["id"] for r in rows],
        "TITLE": [r["title"] for r in rows],
        "SOURCE": [_source(r) for r in rows],
        "WORDS": [str(r["words"]) for r in rows],
        "CLAIMS": ["?" if r["claims"] is None else str(r["claims"]) for r in rows],
    }
    write_lines(_table(columns, terminal_width()))
    return 0


# The cells a title keeps before the other columns go, and then before each id takes a
# line of its own.
TITLE_ROOM = 40
# What a line holds beside the id, fullest first: the word count, the source, the claim
# count go in turn while the title lacks its room.
_LAYOUTS = (("TITLE", "SOURCE", "WORDS", "CLAIMS"), ("TITLE", "SOURCE", "CLAIMS"), ("TITLE", "CLAIMS"), ("TITLE",))


def _table(columns: dict[str, list[str]], width: int | None) -> list[str]:
    """The list as a table that fits `width`. Ids are what one copies: never cut. They are
    long (their slug repeats the title), so when a line cannot leave a title its room, each
    id takes a line of its own and the rest of its row goes under it, indented."""
    if width is None:
        return _fitted(columns, ("ID", *_LAYOUTS[0]), None)
    wanted = min(TITLE_ROOM, _widest(columns, "TITLE"))
    for names in _LAYOUTS:
        if _title_room(columns, ("ID", *names), width) >= wanted:
            return _fitted(columns, ("ID", *names), width)
    names = next((n for n in _LAYOUTS if _title_room(columns, n, width - 2) >= wanted), _LAYOUTS[-1])
    under = _fitted(columns, names, width - 2)
    lines = ["ID", "  " + under[0]]
    for article_id, line in zip(columns["ID"], under[1:], strict=True):
        lines += [article_id, "  " + line]
    return lines


def _fitted(columns: dict[str, list[str]], names: tuple[str, ...], width: int | None) -> list[str]:
    """These columns as a table; sources give way first (to 12 cells), then titles."""
    shrink = tuple(names.index(name) for name in ("SOURCE", "TITLE") if name in names)
    numbers = tuple(i for i, name in enumerate(names) if name in ("WORDS", "CLAIMS"))
    return format_table([(name, columns[name]) for name in names], width, shrink=shrink, right=numbers)


def _title_room(columns: dict[str, list[str]], names: tuple[str, ...], width: int) -> int:
    """The cells a title would have in a table of these columns `width` wide."""
    # (A source gives way first, to 12 cells.)
    others = [min(_widest(columns, n), 12) if n == "SOURCE" else _widest(columns, n) for n in names if n != "TITLE"]
    return width - sum(others) - 2 * (len(names) - 1)


def _widest(columns: dict[str, list[str]], name: str) -> int:
    return max(cells(cell) for cell in [name, *columns[name]])


def _claim_counts(store_path: Path) -> Counter[str] | None:
    """Claims by article id; None, said on stderr, when the store cannot be read: the list
    of articles needs no claims, so a broken store costs it the counts only."""
    try:
        with reading(store_path) as store:
            return store.counts()
    except StoreError as error:
        print(f"reader: warning: claim counts are unavailable: {error}", file=sys.stderr)
        return None


def _source(summary: dict) -> str:
    """Where an article comes from, in a few characters: its source link's host ("-" if none;
    the file is already in the id)."""
    host = urlsplit(summary.get("url") or "").hostname or ""
    return host.removeprefix("www.") or "-"


def show(
    collection: Collection, store_path: Path, wanted: str, *, as_json: bool, raw: bool, removed: bool = False
) -> int:
    article = find_article(collection, wanted)
    if raw:
        text = collection.raw_text(article.file)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    if removed:
        write_lines(f"[{block.step}] {block.text}" for block in collection.removed(article.id))
        return 0
    if as_json:
        from reader.sentences import sentence_spans  # sentencex loads only when needed

        with reading(store_path) as store:
            count = len(store.for_article(article.id))
        print_json(
            {
                **article.summary(),
                "claims": count,
                "text": article.text,
                "subheadings": list(article.subheadings),
                "sentences": [list(span) for span in sentence_spans(article.text)],
                "removed": [block.to_json() for block in collection.removed(article.id)],
            }
        )
        return 0
    header = [article.title or "(untitled)", "=" * min(cells(article.title or "(untitled)"), 78)]
    for label, value in (
        ("Subtitle", article.subtitle),
        ("Byline", article.byline),
        ("Date", article.date),
        ("Site", article.site),
        ("Section", article.section),
        ("Source", article.url),
        ("Excerpt", "yes, the text is cut short" if article.excerpt else ""),
        ("Id", article.id),
    ):
        if value:
            header.append(f"{label}: {value}")
    write_lines([*header, "", article.text])
    return 0


def problems(collection: Collection, as_json: bool) -> int:
    found = collection.problems
    if as_json:
        print_json_list([{"file": p.file, "reason": p.reason} for p in found])
    elif found:
        write_lines(f"{p.file}: {p.reason}" for p in found)
    else:
        print(f"no problems: all {len(collection.files)} files loaded")
    return 0
