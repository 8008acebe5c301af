"""Getting the collection for the app, and making article text safe to show.

The collection module (being written alongside) does the real loading and caching; until
it is importable, a small fallback cleans each file in order, so the app can be used.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from reader.article import Article, Problem

# Control characters would reach the terminal (escape sequences) or move the cursor.
# Each is replaced by one visible character, so every offset into the text still holds.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x0A,)}
_CONTROL_PICTURES[0x7F] = 0x2421
_CONTROL_PICTURES.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_CONTROL_PICTURES[0x09] = 0x20  # a tab would take a variable width: one space keeps columns


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """`text` with control characters made visible, same length, same offsets."""
    # The search runs in C; `translate` is slow on a long text, and rarely needed.
    return text.translate(_CONTROL_PICTURES) if _CONTROL.search(text) else text


Progress = Callable[[int, int], None]


def load_collection(
    root: Path, progress: Progress | None = None
) -> tuple[list[Article], list[Problem]]:
    """The articles and problem files of the collection in `root`."""
    try:
        from reader.collection import Collection
    except ImportError:
        return _fallback_load(root, progress)
    collection = Collection.scan(root)
    if progress is not None and collection.pending:
        for done, total in collection.iter_load():
            progress(done, total)
    else:
        collection.load_pending()
    return list(collection.articles), list(collection.problems)


def _fallback_load(
    root: Path, progress: Progress | None
) -> tuple[list[Article], list[Problem]]:
    from reader.cleaning import clean

    articles: list[Article] = []
    problems: list[Problem] = []
    files = sorted(p for p in root.glob("*.txt") if p.is_file())
    for number, path in enumerate(files, 1):
        try:
            cleaned = clean(path.read_text(encoding="utf-8", errors="replace"))
        except Exception as error:  # a bad file is reported, never fatal
            problems.append(Problem(path.name, f"{type(error).__name__}: {error}"))
            continue
        if not cleaned:
            problems.append(Problem(path.name, "no article found"))
        for index, article in enumerate(cleaned):
            articles.append(
                dataclasses.replace(article, id=f"{path.stem}-{index}", file=path.name)
            )
        if progress is not None:
            progress(number, len(files))
    return articles, problems
