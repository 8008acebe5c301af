"""Hard-wrapped text (lynx, w3m, "save as text", mail, PDF columns) back into one line per block.

A tool that wraps text at a width W breaks a line only where the next word would not have
fitted: `len(line) + 1 + len(next word) > W`. A line that ends earlier ended its block (a menu
entry, a heading, the last line of a paragraph). So the width is the one that explains the most
line breaks while leaving few lines longer than it, and the text is re-joined at exactly the
breaks it explains. A browser's dump (one paragraph a line, lines of every length) explains
almost none and passes through unchanged.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Final

from reader.cleaning.repair import BodyText

MIN_WIDTH: Final = 25  # narrower than a newspaper column: no wrap width
MAX_WIDTH: Final = 200  # wider than any wrapping tool's default
# A line longer than the width with a space in it could have been wrapped and was not: evidence
# against that width, counted this many times a wrapped break.
OVER_WEIGHT: Final = 2
MIN_BREAKS: Final = 3  # at least this many breaks explained...
MIN_SHARE: Final = 0.15  # ...and this share of the lines at least half the width long
# A line a wrapping tool would never have made: the long line of a one-paragraph-a-line file.
_AVERAGE_TOO_LONG: Final = 160
_BULLET: Final = re.compile(r"\s*(?:[*+•●▪◦·‣–-]|o(?=\s)|\d{1,3}[.)])\s")
_HYPHENATED: Final = re.compile(r"(\w+)-$")
_FIRST_WORD: Final = re.compile(r"\w+")


def _first_word(line: str) -> str:
    stripped = line.lstrip()
    space = stripped.find(" ")
    return stripped if space < 0 else stripped[:space]


_BULLET_FIRST: Final = frozenset("*+•●▪◦·‣–-o0123456789")


def _starts_item(line: str) -> bool:
    """The line opens a list item (a bullet or a number), which no wrap ever makes."""
    stripped = line.lstrip()
    return stripped[:1] in _BULLET_FIRST and _BULLET.match(line) is not None


def wrap_width(lines: list[str]) -> int:
    """The width the lines were wrapped at, or 0 when they show no wrap.

    Each pair of non-blank lines votes for every width that would have broken it where it is
    broken; each line with a space in it votes against every width it is longer than. A sweep
    over the votes (difference arrays, so linear in the lines) finds the best width."""
    size = MAX_WIDTH + 2
    votes = [0] * size
    for before, after in pairwise(lines):
        if not before or not after or _starts_item(after):
            continue
        low, high = len(before), len(before) + len(_first_word(after))  # broken for W in [low, high]
        if low > MAX_WIDTH or high < MIN_WIDTH:
            continue
        votes[max(low, MIN_WIDTH)] += 1
        votes[min(high, MAX_WIDTH) + 1] -= 1
    for line in lines:
        if " " in line.strip():
            votes[0] -= OVER_WEIGHT
            votes[min(len(line), MAX_WIDTH + 1)] += OVER_WEIGHT  # against every W < len(line)
    best, width, running = 0, 0, 0
    for candidate in range(size - 1):
        running += votes[candidate]
        if candidate >= MIN_WIDTH and running > best:
            best, width = running, candidate
    if not width:
        return 0
    breaks = sum(1 for a, b in pairwise(lines) if _wrapped(a, b, width))
    long_lines = sum(1 for line in lines if len(line) * 2 >= width)
    if breaks < MIN_BREAKS or breaks < MIN_SHARE * long_lines:
        return 0
    return width


def _wrapped(before: str, after: str, width: int) -> bool:
    """The break between the two lines is the wrap's, not the end of a block."""
    if not before or not after or len(before) > width or len(before) + 1 + len(_first_word(after)) <= width:
        return False
    return not _starts_item(after)


def _join(left: str, right: str, known: BodyText) -> str:
    """Join two wrapped lines; a word hyphenated at the break keeps its hyphen unless the
    text writes it whole elsewhere (a wrapping tool breaks only at a compound's own hyphen,
    a typesetter also inside a word)."""
    # (Only a line ending in a hyphen can hold a broken word, and only at its very end.)
    hyphen = _HYPHENATED.search(left[-64:]) if left.endswith("-") else None
    if hyphen and right[:1].islower():
        tail = _FIRST_WORD.match(right)
        if tail:
            compound = f"{hyphen.group(1)}-{tail.group(0)}".lower()
            whole = (hyphen.group(1) + tail.group(0)).lower()
            if compound not in known and whole in known:
                return left[:-1] + right
        return left + right
    return f"{left} {right}"


def unwrap(text: str) -> str:
    """The text with its wrapped lines re-joined, one block a line; unchanged when it shows
    no wrap."""
    if "\n" not in text or len(text) > _AVERAGE_TOO_LONG * (text.count("\n") + 1):
        return text
    lines = [line.rstrip() for line in text.split("\n")]
    width = wrap_width(lines)
    if not width:
        return text
    known = BodyText(text)
    out: list[str] = []
    previous = ""
    for line in lines:
        if out and _wrapped(previous, line, width):
            out[-1] = _join(out[-1], line.strip(), known)
        else:
            out.append(line)
        previous = line
    return "\n".join(out)
