"""Teasers: a headline followed by a paragraph cut short ("…whether... Read more").

On an index page they are the content, one excerpt article each; after a full article they
are promoted links to other stories and go.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

from reader.cleaning.model import Block, new_tuple
from reader.cleaning.shapes import has_spaces, is_heading_like, is_prose, word_count

# The cut: an ellipsis at the end, optionally followed by a short link text ("Read more").
_CUT: Final = re.compile(r"(?:\.\.\.|…)(?P<tail>(?:\s+[^\s.!?]+){0,3})\s*$")
# A full article before the teasers has at least this many paragraphs of its own.
_MIN_BODY_PARAGRAPHS: Final = 3


class Teaser(NamedTuple):
    at: int  # position of the headline block (not `index`: that is tuple's method)
    title: Block
    body: Block


def cut_body(text: str) -> str | None:
    """The teaser text without its link tail, or None when `text` is not a cut-short paragraph."""
    tail_at = max(0, len(text) - 120)  # the cut is at the end: search only there
    dots, ellipsis = text.find("...", tail_at), text.find("…", tail_at)
    if dots < 0 and ellipsis < 0:
        return None  # no ellipsis there: most paragraphs, told apart without the pattern
    # A match opens with the first ellipsis or a later one: the pattern starts there (it
    # took a third of judging a teaser when it tried every position of the tail).
    return _cut_at(text, ellipsis if dots < 0 or 0 <= ellipsis < dots else dots)


# Remembered only for lines with an ellipsis near the end (teasers, asked about by several
# steps): for the rest, the two searches above cost less than hashing the line for a memo.
@lru_cache(maxsize=8192)
def _cut_at(text: str, start: int) -> str | None:
    match = _CUT.search(text, start)
    # Twelve words or more; eleven spaces already make twelve (word_count only adds CJK).
    if not match or not has_spaces(text, 11) and word_count(text) < 12:
        return None
    return text[: match.start("tail")].rstrip()


def _may_be_cut(text: str) -> bool:
    """Cheap first look: an ellipsis somewhere near the end."""
    tail = text[-60:]
    return "..." in tail or "…" in tail


def is_teaser_pair(title: Block, body: Block) -> bool:
    return (
        not title.bullet
        and title.role != "source"
        and _may_be_cut(body.text)
        and is_heading_like(title.text)
        and cut_body(title.text) is None
        and cut_body(body.text) is not None
    )


def find_teasers(blocks: list[Block]) -> list[Teaser]:
    """Every headline + cut-paragraph pair, in order, not overlapping."""
    found: list[Teaser] = []
    free = 0  # the first block not yet part of a pair
    # Only a cut paragraph can close a pair: look at those, then at the line above each.
    # (`_may_be_cut` written out: this scan sees every line of every file.)
    cut = [j for j, block in enumerate(blocks) if "..." in (tail := block.text[-60:]) or "…" in tail]
    for j in cut:
        if j and j - 1 >= free and is_teaser_pair(blocks[j - 1], blocks[j]):
            found.append(new_tuple(Teaser, (j - 1, blocks[j - 1], blocks[j])))  # Teaser(...), fast
            free = j + 1
    return found


def trailing_teasers(blocks: list[Block]) -> list[Teaser]:
    """The teasers that stand back to back at the end of the file.

    Read from the end, so that only the last lines are looked at. Pairs cannot overlap (a
    pair's body is cut short, its headline is not), so walking back pair by pair finds the
    run `find_teasers` ends with (tests/cleaning/test_fast_paths.py checks it)."""
    run: list[Teaser] = []
    end = len(blocks)
    while end >= 2 and is_teaser_pair(blocks[end - 2], blocks[end - 1]):
        run.append(new_tuple(Teaser, (end - 2, blocks[end - 2], blocks[end - 1])))  # Teaser(...), fast
        end -= 2
    run.reverse()
    return run


def has_body_paragraphs(blocks: list[Block], enough: int = _MIN_BODY_PARAGRAPHS) -> bool:
    """At least `enough` paragraphs of prose that are not cut short; stops once found."""
    found = 0
    for b in blocks:
        if not b.level and is_prose(b.text) and cut_body(b.text) is None:
            found += 1
            if found >= enough:
                return True
    return False


def drop_trailing_teasers(blocks: list[Block]) -> list[Block]:
    """Drop promoted teasers that follow a full article (not those of an index page)."""
    run = trailing_teasers(blocks)
    if not run:
        return blocks
    start = run[0].at
    if not has_body_paragraphs(blocks[:start]):
        return blocks  # nothing but teasers: an index page, which split_articles handles
    return blocks[:start]


def is_index_page(blocks: list[Block], teasers: list[Teaser]) -> bool:
    """Mostly teasers: at least two, and no full article beside them."""
    if len(teasers) < 2:
        return False
    inside = {t.at for t in teasers} | {t.at + 1 for t in teasers}
    rest = [b for i, b in enumerate(blocks) if i not in inside]
    return not has_body_paragraphs(rest)
