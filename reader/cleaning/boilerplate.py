"""Finding the article in a saved web page full of menus, link lists and footers.

A browser's text dump of a page puts the article's paragraphs on long lines that end like
sentences, and everything around them (menus, link lists, share buttons, related teasers,
footers) on short lines, often bulleted and often repeated. So each block gets a score from its
shape alone: long sentence-shaped blocks score their length, short, bulleted or repeated ones a
fixed cost. The article body is the run of blocks with the largest total score (found in one
pass, Kadane's maximum-sum subarray), which tolerates a subheading, a caption or a share bar
inside the body but not the long runs of furniture around it. A few blocks right before the body
become the lead (title, kicker, byline, date) for the metadata steps; the rest is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from reader.cleaning.model import Block

# Characters that carry about as much as a short word: CJK ideographs, kana, hangul.
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Sentence-final punctuation, looked for after closing quotes and brackets.
_TERMINAL = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]）」』】 "
WIDE_WEIGHT = 2  # a wide character counts as this many extra characters of text

# Costs and thresholds, in characters of (weighted) text.
PROSE_COST = 40  # every block pays this; a sentence must be longer to add to the body
SHORT_COST = 30  # a short line that is no sentence: label, date, button
BULLET_COST = 60  # a short bulleted line: a menu entry or a link
REPEAT_COST = 80  # a short line that occurs more than once in the page
LONG_LINE = 120  # a line this long counts as text even without a sentence ending
SHORT_LINE = 80  # bullets and repeats shorter than this count as furniture
LEAD_BLOCKS = 8  # at most this many blocks before the body form its lead
LEAD_REACH = 24  # how far back from the body the lead is looked for


def mass(text: str) -> int:
    """The length of `text`, counting CJK characters as more than one (they carry more)."""
    return len(text) + WIDE_WEIGHT * len(_WIDE.findall(text))


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence (after closing quotes and brackets)."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def block_score(block: Block, size: int, repeated: bool) -> int:
    """How much `block` speaks for being article text (> 0) or page furniture (< 0)."""
    sentence = ends_sentence(block.text)
    if repeated and size < SHORT_LINE and not sentence:
        return -REPEAT_COST
    if block.bullet and size < SHORT_LINE and not sentence:
        return -BULLET_COST
    if sentence or size >= LONG_LINE:
        return size - PROSE_COST
    return -SHORT_COST


def densest_run(scores: list[int]) -> tuple[int, int]:
    """The half-open range with the largest sum of `scores` (Kadane); (0, 0) when none is > 0."""
    best, best_range = 0, (0, 0)
    total, start = 0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0, i
        total += score
        if total > best:
            best, best_range = total, (start, i + 1)
    return best_range


def lead_zone(scores: list[int], start: int) -> set[int]:
    """The blocks just before the body where title, kicker, byline and date live.

    Walking back from the body, furniture (bullets, repeated lines) is stepped over until the
    first lead block is found; after that, two pieces of furniture in a row end the zone.
    """
    lead: set[int] = set()
    furniture = (-BULLET_COST, -REPEAT_COST)
    i = start - 1
    while i >= max(0, start - LEAD_REACH) and len(lead) < LEAD_BLOCKS:
        if scores[i] in furniture:
            if lead and i > 0 and scores[i - 1] in furniture:
                break
        else:
            lead.add(i)
        i -= 1
    return lead


def select_main_content(blocks: list[Block]) -> list[Block]:
    """Keep the densest run of prose and the lead just before it; drop the page around it."""
    if not blocks:
        return blocks
    counts = Counter(b.text for b in blocks)
    scores = [block_score(b, mass(b.text), counts[b.text] > 1) for b in blocks]
    start, end = densest_run(scores)
    if start == end:
        return blocks
    lead = lead_zone(scores, start)
    result = []
    for i, block in enumerate(blocks):
        if start <= i < end or block.role:
            result.append(block)
        else:
            result.append(replace(block, role="lead" if i in lead else "drop"))
    return result
