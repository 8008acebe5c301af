"""What the commands write: plain tables that fit the terminal, store text made safe for
it, JSON lists."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Iterable

import orjson

from reader.collection import strip_invisible


def format_table(
    columns: list[tuple[str, list[str]]],
    width: int | None,
    shrink: tuple[int, ...] = (),
    right: tuple[int, ...] = (),
    least: int = 12,
) -> list[str]:
    """Lines of a plain table; when `width` is given, columns in `shrink` (in that order) are
    cut down, their cells truncated with "…", until the table fits: each to 12 cells first,
    then, if `least` is lower, down to that or its heading. Other columns are never cut."""
    sizes = [max([cells(head), *(cells(c) for c in column)]) for head, column in columns]
    if width is not None:
        excess = sum(sizes) + 2 * (len(sizes) - 1) - width
        for lowest in sorted({12, least}, reverse=True):  # first each to 12 cells, then lower
            for index in shrink:
                if excess <= 0:
                    break
                floor = max(cells(columns[index][0]), lowest)
                cut = min(excess, max(0, sizes[index] - floor))
                sizes[index] -= cut
                excess -= cut
    lines = []
    rows = zip(*([head, *column] for head, column in columns), strict=False)
    for row in rows:
        parts = []
        for i, cell in enumerate(row):
            cell = truncate(cell, sizes[i])
            pad = " " * (sizes[i] - cells(cell))
            parts.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def terminal_width() -> int | None:
    """The terminal's width when the output goes to one; None (no limit) when piped."""
    if not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return None


def cells(text: str) -> int:
    """Terminal cells `text` takes: wide (East Asian) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def truncate(text: str, size: int) -> str:
    """`text` cut to `size` cells, ending in "…" when cut."""
    if cells(text) <= size:
        return text
    out, used = [], 0
    for char in text:
        cost = cells(char)
        if used + cost > size - 1:
            break
        out.append(char)
        used += cost
    return "".join(out) + "…"


def shown(text: str) -> str:
    """Text from the store (imported tags and notes may hold anything) as safe for the
    terminal as article text is: escape sequences, controls and bidi controls removed, as
    when a file is decoded. The stored value is not changed."""
    return strip_invisible(text)


def print_json_list(items: list[dict], *, safe: bool = False) -> None:
    """A JSON list, indented as `show --json` is. Made by orjson: the standard
    encoder was most of a cached `reader list --json`.
    `safe`: values that came from the store, C1 controls and bidi characters written as
    \\u escapes (the same values once read; ESC and other C0 controls always are)."""
    if safe:
        from reader.notes.escaping import dumps_safe, dumps_safe_utf8

        safe_data = dumps_safe_utf8(items, newline=True)
        if safe_data is None:
            sys.stdout.write(dumps_safe(items) + "\n")
        else:
            _write_utf8(safe_data)
        return
    try:
        data = orjson.dumps(items, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # what orjson refuses (a lone surrogate), json writes
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    _write_utf8(data)


def _write_utf8(data: bytes) -> None:
    """UTF-8 bytes to stdout: to its byte buffer when it writes UTF-8 anyway (decoding the JSON
    to text only to have it encoded again is wasted work),
    else through the text layer, which encodes for the terminal."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    buffer = getattr(sys.stdout, "buffer", None)
    if encoding == "utf8" and buffer is not None:
        sys.stdout.flush()  # what the text layer holds goes first
        buffer.write(data)
    else:
        sys.stdout.write(data.decode("utf-8"))


def write_lines(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


def print_json(record: dict, *, safe: bool = False) -> None:
    """One record (an article, a claim) as indented JSON, as written by hand; `safe` as
    for `print_json_list` (a claim's note may be an import's: C1 and bidi escaped)."""
    if safe:
        from reader.notes.escaping import dumps_safe

        sys.stdout.write(dumps_safe(record) + "\n")
        return
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
