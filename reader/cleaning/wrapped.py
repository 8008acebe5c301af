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
from typing import Final

from reader.cleaning.repair import BodyText, hyphen_joint

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
    return _width(lines, *_facts(lines))


def _facts(lines: list[str]) -> tuple[list[int], list[int], list[bool]]:
    """Each line's length, the length of its first word, and whether it opens a list item:
    what the wrap tests ask of every line, worked out once."""
    sizes = [len(line) for line in lines]
    firsts = [len(_first_word(line)) if line else 0 for line in lines]
    items = [bool(line) and _starts_item(line) for line in lines]
    return sizes, firsts, items


def _breaks(sizes: list[int], firsts: list[int], items: list[bool], width: int) -> list[bool]:
    """For each line after the first, whether the break before it is the wrap's: the line
    before fits the width, and the next word would not have (and no list item opens)."""
    return [
        0 < before <= width and after > 0 and before + 1 + first > width and not item
        for before, after, first, item in zip(sizes, sizes[1:], firsts[1:], items[1:], strict=False)
    ]


def _width(lines: list[str], sizes: list[int], firsts: list[int], items: list[bool]) -> int:
    size = MAX_WIDTH + 2
    votes = [0] * size
    for before, after, first, item in zip(sizes, sizes[1:], firsts[1:], items[1:], strict=False):
        if not before or not after or item:
            continue
        low, high = before, before + first  # broken for W in [low, high]
        if low > MAX_WIDTH or high < MIN_WIDTH:
            continue
        votes[max(low, MIN_WIDTH)] += 1
        votes[min(high, MAX_WIDTH) + 1] -= 1
    for line, length in zip(lines, sizes, strict=False):
        if length and " " in line.strip():
            votes[0] -= OVER_WEIGHT
            votes[min(length, MAX_WIDTH + 1)] += OVER_WEIGHT  # against every W < len(line)
    best, width, running = 0, 0, 0
    for candidate in range(size - 1):
        running += votes[candidate]
        if candidate >= MIN_WIDTH and running > best:
            best, width = running, candidate
    if not width:
        return 0
    breaks = sum(_breaks(sizes, firsts, items, width))
    long_lines = sum(1 for length in sizes if length * 2 >= width)
    if breaks < MIN_BREAKS or breaks < MIN_SHARE * long_lines:
        return 0
    return width


def unwrap(text: str) -> str:
    """The text with its wrapped lines re-joined, one block a line; unchanged when it shows
    no wrap."""
    if "\n" not in text or len(text) > _AVERAGE_TOO_LONG * (text.count("\n") + 1):
        return text
    lines = [line.rstrip() for line in text.split("\n")]
    facts = _facts(lines)
    width = _width(lines, *facts)
    if not width:
        return text
    known = BodyText(text)
    # Each block as a list of its pieces, joined once at the end: joining line by line
    # copied a long block again at every line (quadratic on a file that is one block).
    blocks: list[list[str]] = [[lines[0]]]
    for line, wrapped in zip(lines[1:], _breaks(*facts, width), strict=True):
        if not wrapped:
            blocks.append([line])
            continue
        pieces, right = blocks[-1], line.strip()
        joint = hyphen_joint(pieces[-1], right, known, keep_unknown=True)
        if joint == "-":
            pieces[-1] = pieces[-1][:-1]
        elif joint:
            pieces.append(joint)
        pieces.append(right)
    return "\n".join("".join(pieces) for pieces in blocks)
