"""Find in an article: the matches of a query in its text, and which one is current.

Plain data, no widget: `ArticleText` keeps one `FindMatches`, moves its cursor to the
current match and paints the matches as a style layer.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from reader.app.widgets.offset_map import Span


@dataclass
class FindMatches:
    """The matches of `query`, as `[start, end)` offsets in text order; `index` is the
    current one (None when there are none)."""

    query: str = ""
    spans: list[Span] = field(default_factory=list)
    index: int | None = None

    @classmethod
    def of(cls, text: str, query: str, offset: int) -> FindMatches:
        """Every match of `query` in `text` (case-insensitive); the current one is the
        first at or after `offset`, round to the first when there is none after."""
        spans: list[Span] = []
        if query:
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            spans = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
        index = None
        if spans:
            index = bisect_left([start for start, _ in spans], offset) % len(spans)
        return cls(query, spans, index)

    def step(self, offset: int, step: int) -> bool:
        """Make the match after (`step` 1) or before (-1) `offset` current, round the
        ends; from the current match itself, its neighbour. False when there are none."""
        if not self.spans:
            return False
        count = len(self.spans)
        if self.index is not None and self.spans[self.index][0] == offset:
            self.index = (self.index + step) % count
        else:
            starts = [start for start, _ in self.spans]
            if step > 0:
                self.index = bisect_right(starts, offset) % count
            else:
                self.index = (bisect_left(starts, offset) - 1) % count
        return True

    @property
    def current(self) -> Span | None:
        return None if self.index is None else self.spans[self.index]

    @property
    def position(self) -> int:
        """The current match counted from 1; 0 when there is none."""
        return 0 if self.index is None else self.index + 1

    def styled(self) -> list[tuple[int, int, str]]:
        """The matches with the component name each is painted in."""
        return [
            (start, end, "match-current" if index == self.index else "match")
            for index, (start, end) in enumerate(self.spans)
        ]
