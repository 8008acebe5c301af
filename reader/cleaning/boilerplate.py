"""Finding the article in a saved web page full of menus, link lists and footers.

A browser's text dump of a page puts the article's paragraphs on long lines that end like
sentences, and everything around them (menus, link lists, share buttons, related teasers,
footers) on short lines, often bulleted and often repeated. So each block gets a score from its
shape alone: long sentence-shaped blocks score their length, short, bulleted or repeated ones a
fixed cost. The article body is the run of blocks with the largest total score (found in one
pass, Kadane's maximum-sum subarray), which tolerates a subheading, a caption or a share bar
inside the body but not the long runs of furniture around it. A few blocks right before the body
become the lead (title, kicker, byline, date) for the metadata steps; the rest is dropped.

Files without a run of links or repeated lines (a newspaper page from a PDF, an index of
teasers) are no web pages and pass through unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from reader.cleaning.model import Block
from reader.cleaning.shapes import byline_name

# Characters that carry about as much as a short word: CJK ideographs, kana, hangul.
_WIDE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Sentence-final punctuation, looked for after closing quotes and brackets.
_TERMINAL: Final = frozenset(".!?…。！？")
# Emoji and pictographs end chatty sentences as a full stop would.
_EMOJI: Final = re.compile(r"[\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]\ufe0f?$")
_EMOJI_FIRST: Final = "\u2600"
# A sentence boundary inside a line: a word's full stop, then a capital (not "Oct. 5", "U.S.").
_INNER_SENTENCE_END: Final = re.compile(
    r"(?:[a-zß-ÿа-яё]{2}\.|[!?])\s*[\"'”’»)]?\s+[\"'“‘«(]?[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ]|[。！？]"
)
_INNER_PUNCTUATION: Final = re.compile(r"[,.;:!?)]\s|[、。，；：]")
_TRUNCATED: Final = ("...", "…")
# The heading of a comment section or a comment form, in a few languages. A cue that only
# counts on a short line, and only ends the article when enough text stands before it.
_COMMENTS: Final = re.compile(
    r"\b(?:comments?|reply|replies|leave a comment|kommentare?|commentaires?"
    r"|comentarios?|comentários?|commenti|reacties|комментари\w*|отзыв\w*)\b|コメント|评论|評論|댓글",
    re.IGNORECASE,
)
# Stems of the words above, a cheap first test that lets most lines skip the full pattern.
_COMMENT_HINT: Final = re.compile(r"(?i)comm|repl|reac|коммент|отзыв|コメント|评论|評論|댓글")
_CLOSERS: Final = "\"'”’»)]）」』】 "
SAMPLE: Final = 1000  # long lines are judged by their first characters, to stay cheap
WIDE_WEIGHT: Final = 2  # a wide character counts as this many extra characters of text

# Costs and thresholds, in characters of (weighted) text.
PROSE_COST: Final = 40  # every text block pays this; a sentence must be longer to add to the body
SHORT_COST: Final = 30  # a short line that is no sentence: label, date, button
BULLET_COST: Final = 60  # a short bulleted line: a menu entry or a link
REPEAT_COST: Final = 80  # a line that is no sentence and occurs more than once in the page
NO_GAP_DIVISOR: Final = 2  # text glued to the line before counts for this fraction...
GAPS_SHARE: Final = 10  # ...in a file where more than one block in this many has a blank line before it
SENTENCES_LINE: Final = 60  # a line this long with a full stop inside is prose, however it ends
LONG_LINE: Final = 120  # a line this long with commas inside counts as text without a sentence ending
SHORT_LINE: Final = 80  # bullets shorter than this that end no sentence are links
MENU_RUN: Final = 3  # this many links or repeated lines in a row make the file a web page
MENU_LINES: Final = 4  # this many short lines in a row, none of them text, are a menu
MENU_LINE: Final = 40  # ...each shorter than this
MENU_WORDS: Final = 4  # ...and of fewer words than this (a headline has more)
ECHO_REACH: Final = 2  # a line repeated no further away than this is an embed's, not a menu's
LINK_RUN: Final = 3  # this many links in a row inside the body are a link list, not text
LINK_SHARE: Final = 0.5  # a block at least this much link text is a link, unless long prose
TABLE_ROWS: Final = 3  # glued lines after the body that still belong to it
TABLE_ROW_SIZE: Final = 25  # the length of each of them, at least
COMMENT_LINE: Final = 60  # a line this short that names comments heads them
COMMENT_COST: Final = 300  # what such a line costs
COMMENT_AFTER: Final = 200  # text that must stand before it for the text after it to be ignored
LEAD_BLOCKS: Final = 8  # at most this many blocks before the body form its lead
LEAD_REACH: Final = 24  # how far back from the body the lead is looked for
BODY_AT_LEAST: Final = 600  # prose on a page that must not all be lost...
KEPT_SHARE: Final = 0.2  # ...so at least this share of it is kept
HEADLINE_REACH: Final = 60  # how far back the page's only top-level heading still heads the body

TEXT, ECHO, SHORT, LINK, REPEAT = "text", "echo", "short", "link", "repeat"
"""Kinds of block: running text, repeated text, a short line, a link (short bullet), a
repeated line that is no text."""


def mass(text: str) -> int:
    """The length of `text`, counting CJK characters as more than one (they carry more)."""
    if text.isascii():
        return len(text)
    if len(text) <= SAMPLE:
        return len(text) + WIDE_WEIGHT * len(_WIDE.findall(text))
    return len(text) + WIDE_WEIGHT * len(_WIDE.findall(text, 0, SAMPLE)) * len(text) // SAMPLE


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence (after closing quotes and brackets).

    A trailing ellipsis does not count: it marks a teaser cut short far more often than a
    paragraph that trails off. Only the end of the line is looked at.
    """
    stripped = text[-SAMPLE:].rstrip(_CLOSERS)
    if not stripped:
        return False
    last = stripped[-1]
    if last in _TERMINAL:
        return not stripped.endswith(_TRUNCATED)
    return last >= _EMOJI_FIRST and _EMOJI.search(stripped[-2:]) is not None


def is_prose(text: str, size: int) -> bool:
    """Whether `text` reads as running text: it ends a sentence, has one inside, or is a long
    line with commas (menus flattened into one line are long but have none)."""
    if ends_sentence(text):
        return True
    if size >= SENTENCES_LINE and _INNER_SENTENCE_END.search(text, 0, SAMPLE):
        return True
    return size >= LONG_LINE and _INNER_PUNCTUATION.search(text, 0, SAMPLE) is not None


def block_kind(block: Block, size: int, repeated: bool) -> str:
    """What the shape of `block` says it is (see TEXT, SHORT, LINK, REPEAT)."""
    prose = is_prose(block.text, size)
    if repeated:
        # Menus and teaser lists come twice (desktop and mobile, top and bottom); a repeated
        # sentence may be an interview's recurring question, so only the others are furniture.
        return ECHO if prose else REPEAT
    if block.bullet and size < SHORT_LINE and not prose:
        return LINK
    if block.links >= LINK_SHARE and (size < SHORT_LINE or not prose):
        return LINK
    return TEXT if prose else SHORT


def block_score(block: Block, kind: str, size: int, gaps: bool = True) -> int:
    """How much `block` speaks for being article text (> 0) or page furniture (< 0)."""
    if kind == REPEAT:
        return -REPEAT_COST
    if kind == LINK:
        return -BULLET_COST
    if kind == SHORT:
        return -SHORT_COST
    if kind == ECHO:
        return 0
    value = size - PROSE_COST
    # Paragraphs stand apart; a line glued to the one before is a list item's text or a
    # teaser's summary more often than a paragraph. (Not in a file with no blank lines at all,
    # as copy and paste gives: there nothing stands apart.)
    return value if block.gap or not gaps or value < 0 else value // NO_GAP_DIVISOR


def lone_links_inside(kinds: list[str], scores: list[int]) -> list[int]:
    """`scores` with a link standing alone between two blocks of text made cheaper: a
    "Related" line or a list item inside the article breaks the body less than a menu."""
    result = list(scores)
    for i in range(1, len(kinds) - 1):
        if kinds[i] == LINK and kinds[i - 1] != LINK and kinds[i + 1] != LINK and TEXT in (kinds[i - 1], kinds[i + 1]):
            result[i] = max(result[i], -SHORT_COST)
    return result


def local_echoes(blocks: list[Block], kinds: list[str], scores: list[int]) -> list[int]:
    """`scores` with lines repeated only close together made cheaper: an embedded post prints
    its credit and buttons twice in a few lines, and breaks the body less than a menu, which
    comes again far away (top and bottom, desktop and mobile)."""
    last: dict[str, int] = {}
    far: set[str] = set()
    for i, (block, kind) in enumerate(zip(blocks, kinds, strict=False)):
        if kind != REPEAT:
            continue
        before = last.get(block.text)
        if before is not None and i - before > ECHO_REACH:
            far.add(block.text)
        last[block.text] = i
    result = list(scores)
    for i, (block, kind) in enumerate(zip(blocks, kinds, strict=False)):
        if kind == REPEAT and block.text not in far:
            result[i] = max(result[i], -SHORT_COST)
    return result


def names_comments(text: str) -> bool:
    """Whether a short line heads comments or a comment form ("3 Comments", "Leave a Reply")."""
    return _COMMENT_HINT.search(text) is not None and _COMMENTS.search(text) is not None


def comment_barriers(blocks: list[Block], kinds: list[str], sizes: list[int], scores: list[int]) -> list[int]:
    """`scores` with short lines that head comments made costly, and once such a line follows
    enough text (the article), nothing after it counted as text: a discussion under a short
    post can be longer than the post, but it is never the post."""
    seen_text = 0
    result = list(scores)
    for i, (block, kind) in enumerate(zip(blocks, kinds, strict=False)):
        if kind == TEXT:
            seen_text += max(0, scores[i])
        elif sizes[i] <= COMMENT_LINE and names_comments(block.text):
            result[i] = -COMMENT_COST
            if seen_text >= COMMENT_AFTER:
                result[i + 1 :] = [min(score, -SHORT_COST) for score in scores[i + 1 :]]
                break
    return result


def is_web_page(kinds: list[str]) -> bool:
    """Whether the file has a run of links or repeated lines, as saved web pages have.

    Files without one (a newspaper page from a PDF, an index of teasers) are left alone.
    """
    run = 0
    for kind in kinds:
        run = run + 1 if kind in (LINK, REPEAT) else 0
        if run >= MENU_RUN:
            return True
    return False


def may_be_web_page(blocks: list[Block], counts: Counter[str]) -> bool:
    """A cheap first look for `is_web_page`: links are bulleted and repeated lines recur, so
    without three such blocks in a row no run of them can exist, whatever their kinds."""
    run = 0
    for block in blocks:
        run = run + 1 if block.bullet or block.links >= LINK_SHARE or counts[block.text] > 1 else 0
        if run >= MENU_RUN:
            return True
    return False


def _short_run(blocks: list[Block]) -> bool:
    """A cheap first look for `menu_runs`: MENU_LINES short lines in a row."""
    run = 0
    for block in blocks:
        run = run + 1 if len(block.text) < MENU_LINE and not block.level else 0
        if run >= MENU_LINES:
            return True
    return False


def is_menu_entry(text: str) -> bool:
    """A line that can be a menu entry: a few words, not a headline or a byline of the lead,
    and not a piece of a broken sentence (one that starts in lower case, or ends in a hyphen
    or a comma, as a narrow column's lines do)."""
    if text[:1].islower() or text.endswith(("-", ",")) or text.count(" ") >= MENU_WORDS:
        return False
    return not byline_name(text)


def menu_runs(kinds: list[str], sizes: list[int], texts: list[str]) -> list[str]:
    """`kinds` with runs of MENU_LINES or more short lines that are no text made links: a menu
    copied from a browser has no bullets, one entry a line."""
    result = list(kinds)
    i = 0
    while i < len(kinds):
        j = i
        while j < len(kinds) and kinds[j] == SHORT and sizes[j] < MENU_LINE and is_menu_entry(texts[j]):
            j += 1
        if j - i >= MENU_LINES:
            result[i:j] = [LINK] * (j - i)
        i = max(j, i + 1)
    return result


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


def is_table_row(block: Block, kind: str) -> bool:
    """A plain line long enough to hold a few fields (a date, a place, a score)."""
    return kind == SHORT and mass(block.text) >= TABLE_ROW_SIZE


def trailing_table(blocks: list[Block], kinds: list[str], end: int) -> int:
    """Where the body ends when a table of plain lines follows it (tour dates, results,
    schedules): a short heading, then rows glued to each other with no blank line between,
    none of them links or repeated. Returns `end` itself when there is none."""
    if end >= len(blocks) or kinds[end] != SHORT:
        return end
    i = end + 1
    while i < len(blocks) and is_table_row(blocks[i], kinds[i]):
        if blocks[i].gap and i > end + 1:
            break
        i += 1
    return i if i - end - 1 >= TABLE_ROWS else end


def lead_zone(kinds: list[str], start: int) -> set[int]:
    """The blocks just before the body where title, kicker, byline and date live.

    Walking back from the body, furniture (links, repeated lines) is stepped over until the
    first lead block is found; after that, two pieces of furniture in a row end the zone.
    """
    lead: set[int] = set()
    furniture = (LINK, REPEAT)
    i = start - 1
    while i >= max(0, start - LEAD_REACH) and len(lead) < LEAD_BLOCKS:
        if kinds[i] in furniture:
            if lead and i > 0 and kinds[i - 1] in furniture:
                break
        else:
            lead.add(i)
        i -= 1
    return lead


def headline_above(blocks: list[Block], kinds: list[str], start: int) -> set[int]:
    """The page's only top-level heading when it stands above the body, with the lines right
    under it up to the first furniture or heading (deck, byline, date).

    A scraper's markdown keeps the headline's `#`, and share bars or menus often stand
    between it and the text, out of `lead_zone`'s reach."""
    tops = [i for i, block in enumerate(blocks) if block.level == 1]
    if len(tops) != 1 or not start - HEADLINE_REACH <= tops[0] < start:
        return set()
    found = {tops[0]}
    for i in range(tops[0] + 1, min(start, tops[0] + 1 + LEAD_BLOCKS)):
        if kinds[i] in (LINK, REPEAT) or blocks[i].level:
            break
        found.add(i)
    return found


def furniture_inside(blocks: list[Block], kinds: list[str], start: int, end: int) -> set[int]:
    """Blocks inside the body that are furniture by shape: lines that recur within the body
    without being text ("Advertisement", "Related", "Image copyright ..."), and links."""
    counts = Counter(blocks[i].text for i in range(start, end) if kinds[i] == REPEAT)
    inside = {i for i in range(start, end) if kinds[i] == REPEAT and counts[blocks[i].text] > 1}
    i = start
    while i < end:
        j = i
        while j < end and kinds[j] == LINK:
            j += 1
        if j - i >= LINK_RUN:
            inside.update(range(i, j))
        i = j + 1
    return inside


def hides_the_body(kinds: list[str], sizes: list[int], scores: list[int], start: int, end: int) -> bool:
    """The run chosen holds too little of the page's prose to be its article: keeping more
    is better than showing a deck and losing the body. (Prose under a comments heading, its
    score made negative by `comment_barriers`, is no article's.)"""
    prose_at = [i for i, kind in enumerate(kinds) if kind in (TEXT, ECHO) and scores[i] >= 0]
    prose = sum(sizes[i] for i in prose_at)
    kept = sum(sizes[i] for i in prose_at if start <= i < end)
    return prose >= BODY_AT_LEAST and kept < KEPT_SHARE * prose


def select_main_content(blocks: list[Block]) -> list[Block]:
    """Keep the densest run of prose and the lead just before it; drop the page around it."""
    if not blocks:
        return blocks
    counts = Counter(b.text for b in blocks)
    if not may_be_web_page(blocks, counts) and not _short_run(blocks):
        return blocks
    sizes = [mass(b.text) for b in blocks]
    kinds = [block_kind(b, size, counts[b.text] > 1) for b, size in zip(blocks, sizes, strict=False)]
    kinds = menu_runs(kinds, sizes, [b.text for b in blocks])
    gaps = sum(1 for b in blocks if b.gap) * GAPS_SHARE > len(blocks)
    if not is_web_page(kinds):
        return blocks
    scores = [block_score(b, kind, size, gaps) for b, kind, size in zip(blocks, kinds, sizes, strict=False)]
    scores = lone_links_inside(kinds, scores)
    scores = local_echoes(blocks, kinds, scores)
    scores = comment_barriers(blocks, kinds, sizes, scores)
    start, end = densest_run(scores)
    if hides_the_body(kinds, sizes, scores, start, end):
        # The article may be the repeated text (a page that prints it twice): counted as text,
        # it is found again; and if nothing better is found, the page is kept whole.
        kinds = [TEXT if kind == ECHO else kind for kind in kinds]
        scores = [block_score(b, kind, size, gaps) for b, kind, size in zip(blocks, kinds, sizes, strict=False)]
        scores = comment_barriers(blocks, kinds, sizes, scores)
        start, end = densest_run(scores)
        if hides_the_body(kinds, sizes, scores, start, end):
            return blocks
    if start == end:
        return blocks
    end = trailing_table(blocks, kinds, end)
    lead = lead_zone(kinds, start) | headline_above(blocks, kinds, start)
    inside = furniture_inside(blocks, kinds, start, end)
    result = []
    for i, block in enumerate(blocks):
        if start <= i < end and i not in inside or block.role:
            result.append(block)
        else:
            result.append(block.with_role("lead" if i in lead else "drop"))
    return result
