"""What the collection's tests share: an article's text and a way to write a file."""

from __future__ import annotations

from pathlib import Path

ARTICLE = "A Title For The Test\n\nThe first paragraph of the article says something. It has two sentences.\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path
