"""Re-attaching a claim to an article's current text after the text changed.

In order: the stored offsets, if the text there is still the quote; else the exact
occurrences of the quote, judged by the context around each and the distance from the old
place; else an approximate match (edlib, Myers' bit-vector algorithm), judged the same way;
else the claim is an orphan. Unlike the Hypothesis client, whose scoring this follows
(quote 50, prefix 20, suffix 20, position 2), every fallback has a floor: attaching a claim
to the wrong words silently misquotes, while an orphan is visible and fixable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import edlib

ANCHORED, MOVED, ORPHAN = "anchored", "moved", "orphan"
MIN_QUOTE_SIMILARITY = 0.75  # an approximate match must keep three quarters of the quote
MIN_CONTEXT = 0.5  # what the surrounding text must still agree with, where the quote alone can't decide
UNIQUE_QUOTE_LENGTH = 20  # an exact quote this long, found once, needs no context
MAX_OCCURRENCES = 500
_EDLIB_ALPHABET = 255  # edlib handles at most 256 distinct symbols


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    status: str  # ANCHORED (where it was), MOVED (found elsewhere), ORPHAN (not found)
    score: float = 0.0

    @property
    def found(self) -> bool:
        return self.status != ORPHAN


def similarity(a: str, b: str) -> float:
    """1 minus the edit distance over the longer length (1.0 for equal strings)."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    if not a or not b:
        return 0.0
    a2, b2 = _compact(a, b)
    return 1.0 - edlib.align(a2, b2, mode="NW", task="distance")["editDistance"] / longest


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around [start, end) matches the stored prefix and suffix (0..1)."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return (similarity(prefix, before) + similarity(suffix, after)) / 2


def _position_score(start: int, old_start: int, length: int) -> float:
    return 1.0 - min(1.0, abs(start - old_start) / max(length, 1))


def anchor(text: str, quote: str, prefix: str, suffix: str, start: int, end: int) -> Anchor:
    """Where `quote` (stored with its context and old offsets) stands in `text` now."""
    if not quote:
        return Anchor(0, 0, ORPHAN)
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return Anchor(start, end, ANCHORED, 1.0)
    exact = _exact(text, quote, prefix, suffix, start)
    if exact is not None:
        return exact
    return _approximate(text, quote, prefix, suffix, start)


def _exact(text: str, quote: str, prefix: str, suffix: str, old_start: int) -> Anchor | None:
    found: list[int] = []
    pos = text.find(quote)
    while pos >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    if not found:
        return None
    scored = sorted(
        (
            (context_score(text, s, s + len(quote), prefix, suffix), _position_score(s, old_start, len(text)), s)
            for s in found
        ),
        key=lambda item: (item[0] * 20 + item[1] * 2),
        reverse=True,
    )
    best_context, _, best = scored[0]
    if len(scored) == 1:
        if len(quote) >= UNIQUE_QUOTE_LENGTH or best_context >= MIN_CONTEXT:
            return Anchor(best, best + len(quote), MOVED, best_context)
        return None
    runner_up = scored[1][0]
    # Several places hold the same words: only the context can say which one was meant.
    if best_context >= MIN_CONTEXT and best_context - runner_up >= 0.1:
        return Anchor(best, best + len(quote), MOVED, best_context)
    return Anchor(0, 0, ORPHAN)


def _approximate(text: str, quote: str, prefix: str, suffix: str, old_start: int) -> Anchor:
    max_errors = min(256, int(len(quote) * (1 - MIN_QUOTE_SIMILARITY)))
    if max_errors < 1:
        return Anchor(0, 0, ORPHAN)
    q, t = _compact(quote, text)
    result = edlib.align(q, t, mode="HW", task="locations", k=max_errors)
    if result["editDistance"] < 0:
        return Anchor(0, 0, ORPHAN)
    best: tuple[float, int, int, float] | None = None
    for s, e in result["locations"][:MAX_OCCURRENCES]:
        e += 1  # edlib's end is inclusive
        quote_sim = similarity(quote, text[s:e])
        if quote_sim < MIN_QUOTE_SIMILARITY:
            continue
        ctx = context_score(text, s, e, prefix, suffix)
        total = quote_sim * 50 + ctx * 40 + _position_score(s, old_start, len(text)) * 2
        if best is None or total > best[0]:
            best = (total, s, e, ctx)
    if best is None or best[3] < MIN_CONTEXT:
        return Anchor(0, 0, ORPHAN)
    _, s, e, ctx = best
    return Anchor(s, e, MOVED, ctx)


def _compact(a: str, b: str) -> tuple[str, str]:
    """Map rare characters onto one stand-in so edlib's 256-symbol alphabet suffices.

    The mapping is one character for one character, so offsets are unchanged; the rare
    characters it confuses are checked again by the similarity of the real strings.
    """
    chars = set(a) | set(b)
    if len(chars) <= _EDLIB_ALPHABET:
        return a, b
    common = {ch for ch, _ in Counter(a + b).most_common(_EDLIB_ALPHABET - 1)}
    stand_in = "\x00"
    table = {ord(ch): stand_in for ch in chars if ch not in common}
    return a.translate(table), b.translate(table)
