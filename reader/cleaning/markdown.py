"""A scraper's markdown (html2text, pandoc, browser extensions) read as structure.

Links, images and escapes are markup, not text: a link keeps its words and loses its target,
an image goes, `\\*` is a star. What the markup said is kept on the block: how much of the line
was link text (a menu entry, a share button, a teaser's headline is nearly all link; a paragraph
with a citation in it hardly any). Headings, bullets and emphasis are read by `blocks.parse_line`,
as for every shape.
"""

from __future__ import annotations

import re
from typing import Final

from reader.cleaning.blocks import parse_line
from reader.cleaning.model import Block, new_tuple

# A link target: anything but spaces and brackets, with escaped or balanced parentheses
# ("wiki/Foo_(bar)", html2text's "focal\(0x0\)"), and an optional "title".
_TARGET: Final = r"\((?:\\.|[^()\s\\]|\((?:\\.|[^()\s\\])*\))*(?:\s+\"[^\"]*\")?\s*\)"
_IMAGE: Final = re.compile(r"!\[[^\]\n]*\]" + _TARGET)
_LINK: Final = re.compile(r"\[([^\]\n]*)\]" + _TARGET)
_REFERENCE_LINK: Final = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_DEFINITION: Final = re.compile(r"\s{0,3}\[[^\]\n]+\]:\s+\S+")
_AUTOLINK: Final = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
_UNDERSCORE_EMPHASIS: Final = re.compile(r"(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_QUOTE: Final = re.compile(r"\s{0,3}(?:>\s?)+")
_TABLE_RULE: Final = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_LINK_SHARE_DIGITS: Final = 2

# The characters that make a line worth reading as markdown (all others take the fast path).
_MARKUP: Final = re.compile(r"[\[\]\\<>|_]")
# Enough of these, and a file is a markdown scrape rather than a text dump.
MIN_LINKS: Final = 3


def looks_like_markdown(text: str) -> bool:
    """The text holds markdown links or images: a scraper's markdown, whatever its name."""
    if "](" not in text:
        return False
    return any(found >= MIN_LINKS for found, _ in enumerate(_LINK.finditer(text), 1))


def _strip_links(line: str) -> tuple[str, int]:
    """The line with images gone and links reduced to their words, and how many characters of
    what is left were link text."""
    if "![" in line:
        line = _IMAGE.sub("", line)
    linked = 0

    def words(match: re.Match[str]) -> str:
        nonlocal linked
        text = match.group(1).strip()
        linked += len(text)
        return text

    if "](" in line:
        line = _LINK.sub(words, line)
    if "][" in line:
        line = _REFERENCE_LINK.sub(words, line)
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
    return line, linked


def markdown_line(line: str) -> tuple[str, float] | None:
    """A markdown line as the plain line a text dump would hold, with its link share; None
    for lines that carry nothing to read (link definitions, table rules)."""
    if not _MARKUP.search(line):
        return line, 0.0
    if _DEFINITION.fullmatch(line) or _TABLE_RULE.fullmatch(line) and "-" in line:
        return None
    quote = _QUOTE.match(line)
    if quote and ">" in quote.group(0):
        line = line[quote.end() :]
    line, linked = _strip_links(line)
    if "|" in line:
        line = " ".join(cell.strip() for cell in line.split("|") if cell.strip())
    if "_" in line:
        line = _UNDERSCORE_EMPHASIS.sub(r"\1", line)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)
    if not linked:
        return line, 0.0
    letters = len(line) - line.count(" ")
    share = min(1.0, linked / letters) if letters > 0 else 0.0
    return line, round(share, _LINK_SHARE_DIGITS)


def parse_markdown(text: str) -> list[Block]:
    """One block per non-empty markdown line, as `blocks.parse_blocks` makes for a text dump,
    with the share of each block's text that was link text."""
    blocks: list[Block] = []
    gap = True
    for raw in text.split("\n"):
        if not raw.strip():
            gap = True
            continue
        read = markdown_line(raw)
        if read is None:
            continue
        line, share = read
        block = parse_line(line, gap)
        if block is None:
            # A line of nothing but links to images: furniture that still breaks the flow.
            gap = gap or share > 0
            continue
        if share:
            block = new_tuple(Block, (*block[:6], share))
        blocks.append(block)
        gap = False
    return blocks
