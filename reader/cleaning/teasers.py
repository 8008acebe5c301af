"""Teasers: a headline followed by a paragraph cut short ("…whether... Read more").

On an index page they are the content, one excerpt article each; after a full article they
are promoted links to other stories and go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.cleaning.model import Block
from reader.cleaning.shapes import is_heading_like, is_prose, word_count

# The cut: an ellipsis at the end, optionally followed by a short link text ("Read more").
_CUT = re.compile(r"(?:\.\.\.|…)(?P<tail>(?:\s+[^\s.!?]+){0,3})\s*$")
# A full article before the teasers has at least this many paragraphs of its own.
_MIN_BODY_PARAGRAPHS = 3


@dataclass(frozen=True)
class Teaser:
    index: int  # position of the headline block
    title: Block
    body: Block


@lru_cache(maxsize=8192)
def cut_body(text: str) -> str | None:
    """The teaser text without its link tail, or None when `text` is not a cut-short paragraph."""
    tail_at = max(0, len(text) - 120)  # the cut is at the end: search only there
    if text.find("...", tail_at) < 0 and text.find("…", tail_at) < 0:
        return None  # no ellipsis there: most paragraphs, told apart without the pattern
    match = _CUT.search(text, tail_at)
    if not match or word_count(text) < 12:
        return None
    return text[: match.start("tail")].rstrip()


def _may_be_cut(text: str) -> bool:
    """Cheap first look: an ellipsis somewhere near the end."""
    tail = text[-60:]
    return "..." in tail or "…" in tail


def is_teaser_pair(title: Block, body: Block) -> bool:
    return (
        _may_be_cut(body.text)
        and not title.bullet
        and title.role != "source"
        and is_heading_like(title.text)
        and cut_body(title.text) is None
        and cut_body(body.text) is not None
    )


def find_teasers(blocks: list[Block]) -> list[Teaser]:
    """Every headline + cut-paragraph pair, in order, not overlapping."""
    # Two steps ask this of the same lines (dropping trailing teasers, then splitting an
    # index page); a tuple of the blocks is a cheap key next to the scan.
    return list(_find_teasers(tuple(blocks)))


@lru_cache(maxsize=4)
def _find_teasers(blocks: tuple[Block, ...]) -> tuple[Teaser, ...]:
    found: list[Teaser] = []
    free = 0  # the first block not yet part of a pair
    # Only a cut paragraph can close a pair: look at those, then at the line above each.
    # (`_may_be_cut` written out: this scan sees every line of every file twice.)
    cut = [j for j, block in enumerate(blocks) if "..." in block.text[-60:] or "…" in block.text[-60:]]
    for j in cut:
        if j and j - 1 >= free and is_teaser_pair(blocks[j - 1], blocks[j]):
            found.append(Teaser(j - 1, blocks[j - 1], blocks[j]))
            free = j + 1
    return tuple(found)


def trailing_run(blocks: list[Block], teasers: list[Teaser]) -> list[Teaser]:
    """The teasers that stand back to back at the end of the file."""
    run: list[Teaser] = []
    end = len(blocks)
    for teaser in reversed(teasers):
        if teaser.index + 2 != end:
            break
        run.insert(0, teaser)
        end = teaser.index
    return run


def body_paragraphs(blocks: list[Block]) -> int:
    return sum(1 for b in blocks if not b.level and is_prose(b.text) and cut_body(b.text) is None)


def drop_trailing_teasers(blocks: list[Block]) -> list[Block]:
    """Drop promoted teasers that follow a full article (not those of an index page)."""
    run = trailing_run(blocks, find_teasers(blocks))
    if not run:
        return blocks
    start = run[0].index
    if body_paragraphs(blocks[:start]) < _MIN_BODY_PARAGRAPHS:
        return blocks  # nothing but teasers: an index page, which split_articles handles
    return blocks[:start]


def is_index_page(blocks: list[Block], teasers: list[Teaser]) -> bool:
    """Mostly teasers: at least two, and no full article beside them."""
    if len(teasers) < 2:
        return False
    inside = {t.index for t in teasers} | {t.index + 1 for t in teasers}
    rest = [b for i, b in enumerate(blocks) if i not in inside]
    return body_paragraphs(rest) < _MIN_BODY_PARAGRAPHS
