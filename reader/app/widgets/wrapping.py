"""Soft wrapping of an article's lines, made cheap for long read-only articles.

`fast_wrap_offsets` wraps a line of one-cell characters as Textual does, with far less
Python work per line; `ReaderWrappedDocument` uses it (and skips wraps already done)
where every line is one-cell, and Textual's own wrapping elsewhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reader.app.textual_private import WrapTable

_CHUNK = re.compile(r"\S+\s*|\s+")


def fast_wrap_offsets(line: str, width: int) -> list[int]:
    """Textual's `compute_wrap_offsets` for a line of one-cell characters without tabs.

    The same greedy rule (a chunk is a word and the spaces after it; a line breaks before
    the first chunk that does not fit; a chunk wider than the line is folded), but one
    bisect per wrapped line instead of Python work per character or word: this is what
    lets a 1 MB article open quickly. Tested equal to Textual's.
    """
    ends = [match.end() for match in _CHUNK.finditer(line)]
    previous = 0
    for end in ends:
        if end - previous > width:
            return _fold_wrap_offsets(line, width)  # a chunk wider than the line: rare
        previous = end
    breaks: list[int] = []
    line_start = 0
    last = len(ends) - 1
    while True:
        index = bisect_right(ends, line_start + width) - 1
        if index >= last:
            return breaks
        line_start = ends[index]
        breaks.append(line_start)


def _fold_wrap_offsets(line: str, width: int) -> list[int]:
    """The chunk-by-chunk version, with folding of chunks wider than the line."""
    breaks: list[int] = []
    append = breaks.append
    offset = 0
    for match in _CHUNK.finditer(line):
        start, end = match.span()
        chunk_width = end - start
        if width - offset >= chunk_width:
            offset += chunk_width
        elif chunk_width > width:
            position = start
            while True:
                if position:
                    append(position)
                if end - position <= width:
                    offset = end - position
                    break
                position += width
        elif offset and start:
            append(start)
            offset = chunk_width
    return breaks


# Characters that take exactly one cell (printable ASCII, Latin, Greek, Cyrillic, dashes
# and quotes, currency, arrows, box drawing); combining and zero-width ones excluded.
_ONE_CELL = re.compile(
    "[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e"
    "\u20a0-\u20bf\u2100-\u214f\u2190-\u2319\u2500-\u25fc]*"
)


def _one_cell_line(line: str) -> bool:
    return _ONE_CELL.fullmatch(line) is not None


class ReaderWrappedDocument(WrapTable):
    """TextArea's wrapped document, made cheap for long read-only articles.

    Textual 8.2.8's `height` sums over every line on each rendered line (50 ms a screen on
    a 1 MB article); the count of wrapped lines is already there (`WrapTable`). A wrap at
    the width and text last wrapped is skipped (loading one article wrapped it up to three
    times), and plain ASCII lines wrap with `fast_wrap_offsets`.
    """

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        key = (width, tab_width or self.tab_width, id(self.document), len(self.document.lines))
        if getattr(self, "_last_wrap", None) == key:
            return
        lines = self.document.lines
        if not all(_one_cell_line(line) for line in lines):
            super().wrap(width, tab_width)
        else:
            self.set_wraps(
                width, tab_width, [fast_wrap_offsets(line, width) if 0 < width < len(line) else [] for line in lines]
            )
        self._last_wrap = key
