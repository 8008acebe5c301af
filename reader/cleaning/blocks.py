"""Reading a file's lines into blocks, with the markup each line carried."""

from __future__ import annotations

import re
from typing import Final

from reader.cleaning.model import Block, new_tuple, plain_block

# A markdown heading opens with one to six "#" and whitespace; what closes it ("# Title ##")
# is stripped off separately (see `heading`).
_HEADING_OPEN: Final = re.compile(r"(#{1,6})\s+")
_BULLET: Final = re.compile(r"^\s*(?:[*+•●▪◦·‣–-]|o(?=\s))\s+")
# Characters a line of markup can start with; other lines skip the markup regexes.
_MARKUP_FIRST: Final = frozenset("#*+-_•●▪◦·‣–o")
_MARKUP_FIRST_OR_SPACE: Final = _MARKUP_FIRST | {" "}
_BOLD: Final = re.compile(r"^(\*\*|__)(.+?)\1$")
# Whitespace other than the plain space and the newline (all that `str.isspace` knows):
# a line holding any needs `parse_line`'s clean-up.
ODD_SPACES: Final = (
    "\x09\x0b\x0c\x0d\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ODD_ASCII_SPACES: Final = "".join(c for c in ODD_SPACES if c.isascii())
_WIDE_BREAKS: Final = "\x85\u2028\u2029"  # the line breaks of ODD_SPACES beyond ASCII
# Emphasis markers that wrap words inside a line: **x**, __x__, *x*, _x_.
_EMPHASIS: Final = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")


def strip_emphasis(text: str) -> str:
    """Remove markdown emphasis markers, keeping the words they wrapped."""
    if "*" not in text and "__" not in text:
        return text
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)


def heading(text: str) -> tuple[int, str] | None:
    """`(level, text)` of a markdown heading line, else None.

    What the pattern `^(#{1,6})\\s+(.*?)\\s*#*\\s*$` says, without its lazy group: that one
    tried the closing `\\s*#*\\s*$` at every character, 10-20 µs a heading line
    (tests/cleaning/test_fast_paths.py holds the pattern as the oracle)."""
    opening = _HEADING_OPEN.match(text)
    if opening is None:
        return None
    return len(opening.group(1)), text[opening.end() :].rstrip().rstrip("#").rstrip()


def _plain_spacing(line: str) -> bool:
    """True when the line needs no whitespace clean-up: the common case, found out with a
    few substring tests instead of splitting and joining every line. `isprintable` is
    False for every whitespace character but the plain space (tabs, no-break and wide
    spaces, line separators), so non-ASCII text takes this path too."""
    return line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "


def parse_line(line: str, gap: bool) -> Block | None:
    text = line if _plain_spacing(line) else " ".join(line.split())
    if not text:
        return None
    if len(text) < 4 and not any(ch.isalnum() for ch in text):
        return None  # lone markup or punctuation ("**", "---", "* * *") carries nothing to read
    if text[0] not in _MARKUP_FIRST and "*" not in text and "__" not in text:
        return plain_block(text, gap)  # the common case: a plain line of prose
    level = 0
    found = heading(text) if text[0] == "#" else None
    if found:
        level, text = found
    bullet = False
    marker = None if level else _BULLET.match(text)
    if marker:
        bullet = True
        text = text[marker.end() :]
    bold = text[:2] in ("**", "__") and bool(_BOLD.match(text))
    text = strip_emphasis(text).strip()
    if not text or len(text) < 4 and not any(ch.isalnum() for ch in text):
        return None
    return new_tuple(Block, (text, level, bold, bullet, gap, "", 0.0))  # Block(...), made the fast way


def _lines(text: str, odd_ascii: bool) -> list[str]:
    """`text.splitlines()`, by `split("\n")` (several times faster) when no other line
    break is in the text: those splitlines also knows are all in ODD_SPACES, the ASCII
    ones among `odd_ascii`. (A final empty line from `split` changes no block.)"""
    if odd_ascii or not text.isascii() and any(mark in text for mark in _WIDE_BREAKS):
        return text.splitlines()
    return text.split("\n")


def parse_blocks(text: str, plain_spaces: bool = False) -> list[Block]:
    """One block per non-empty line; `gap` records whether blank lines preceded it.

    `plain_spaces`: the caller knows that the text holds no whitespace but the space and
    the newline (as `collection` sees from a file's bytes), which spares every line the
    search for odd whitespace. The blocks are the same either way."""
    blocks: list[Block] = []
    append = blocks.append
    gap = True
    markup_first = _MARKUP_FIRST_OR_SPACE
    new_tuple, block_type = tuple.__new__, Block  # `plain_block` written out: once per line
    # Asked of the whole text once, these spare most lines the same tests: each test is
    # repeated per line only when the text holds what it looks for. (A substring test costs
    # 0.1-0.3 µs a line, more than the rest of the checks on a plain line.)
    # ("_" first: a one-character search is several times faster, and most texts hold none.)
    star, dunder, double = "*" in text, "_" in text and "__" in text, "  " in text
    # Odd whitespace needs parse_line's clean-up. In an ASCII line it can only be of the
    # ASCII kinds, looked for once in the whole text; other lines are asked `isprintable`
    # (False for all whitespace but the space), one pass over each: searching the text
    # for each of the 19 wide kinds took longer, two of them without memchr.
    odd_ascii = not plain_spaces and any(space in text for space in _ODD_ASCII_SPACES)
    for line in (
        text.split("\n") if plain_spaces else _lines(text, odd_ascii)
    ):  # every line boundary str.split() would also see
        if not line:
            gap = True
            continue
        # Most lines are plain prose with nothing to undo: make their block straight away.
        if (
            len(line) >= 4
            and line[0] not in markup_first
            and line[-1] != " "
            and (not star or "*" not in line)
            and (not dunder or "__" not in line)
            and (not double or "  " not in line)
            and (plain_spaces or line.isascii() and not odd_ascii or line.isprintable())
        ):
            append(new_tuple(block_type, (line, 0, False, False, gap, "", 0.0)))
            gap = False
            continue
        block = parse_line(line, gap)
        if block is None:
            gap = gap or not line.strip()
            continue
        append(block)
        gap = False
    return blocks
