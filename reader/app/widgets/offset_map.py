"""Character offsets into an article's text <-> TextArea (row, column) locations.

The reader's styles (the sentence cursor, find matches, signals, claims) are `[start,
end)` offsets into the text; `OffsetMap` turns them into rows and columns once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

#: `[start, end)` character offsets into the text.
Span = tuple[int, int]
RowSpans = dict[int, list[tuple[int, int, str]]]


@dataclass(frozen=True)
class OffsetMap:
    """Character offsets into the text <-> TextArea (row, column) locations."""

    line_starts: tuple[int, ...]
    length: int

    @classmethod
    def of(cls, text: str) -> OffsetMap:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return cls(tuple(starts), len(text))

    def location(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        row = bisect_right(self.line_starts, offset) - 1
        return row, offset - self.line_starts[row]

    def offset(self, location: tuple[int, int]) -> int:
        row, column = location
        row = max(0, min(row, len(self.line_starts) - 1))
        return min(self.line_starts[row] + column, self.length)

    def by_row(self, spans: list[tuple[int, int, Any]]) -> dict[int, list[tuple[int, int, Any]]]:
        """Split offset spans into per-row column ranges (a span may cross lines)."""
        rows: RowSpans = defaultdict(list)
        for start, end, name in spans:
            row, column = self.location(start)
            while start < end:
                line_end = self.line_starts[row + 1] - 1 if row + 1 < len(self.line_starts) else self.length
                piece_end = min(end, line_end)
                if piece_end > start:
                    rows[row].append((column, column + piece_end - start, name))
                row += 1
                if row >= len(self.line_starts):
                    break
                start, column = self.line_starts[row], 0
        return rows
