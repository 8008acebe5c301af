"""Article steps that take the metadata out of the lead: section, title, subtitle, byline, URL.

The lead is what stands before the first paragraph of prose: labels, headline, deck, byline,
dates and site furniture. What is not taken from it as metadata does not reach the text.
"""

from __future__ import annotations

import re
from typing import Final

from reader.cleaning.dates import DATELINE_CHARS, dateline_date, find_date
from reader.cleaning.model import Block, Draft, changed
from reader.cleaning.shapes import (
    byline_name,
    ends_sentence,
    ends_with_ellipsis,
    find_url,
    has_spaces,
    is_heading_like,
    is_prose,
    is_title_case_word,
    starts_upper,
    word_count,
)
from reader.cleaning.split import is_section_label
from reader.cleaning.teasers import cut_body

_BODY_ROLES: Final = ("", "subheading")
_OPEN_ROLES: Final = ("", "lead")  # lead lines no step has taken yet
_DECK_WORDS: Final = 60  # a deck run into a teaser's first sentence is shorter than this
_CAPITALISED_WORDS: Final = re.compile(r"(?:[A-Z][^ ]* )*")  # each with the space after it
_LIST_ITEM: Final = re.compile(r"^\d{1,2}[.)]\s")
_CRUMB_ENDS: Final = (">", "»", "/", "›", "|")
# How far above the first paragraph a byline may stand among lines already judged furniture.
_BYLINE_REACH: Final = 6
# A date line in the lead ("March 4, 2026", "Published: 2026-03-04 10:00 GMT", "By NAME |
# 4 March 2026") is short; a longer line that holds a date is a sentence about it.
_DATE_LINE_WORDS: Final = 14
_DIGIT: Final = re.compile(r"\d")


# The last answer of `first_body_index`, with the very blocks it was for. Every metadata
# step asks it of the same draft (seven times a draft, 7% of the cleaner), and a draft's
# blocks are a new tuple whenever one of them changes, so the same tuple means the same
# answer: no hashing, unlike a memo by value. One tuple, so that a thread never reads
# the blocks of one answer with the index of another; holding the blocks keeps their
# identity from being reused.
_last_body: tuple[tuple[Block, ...], int] = ((), 0)


def first_body_index(blocks: tuple[Block, ...]) -> int:
    """Index of the first paragraph of prose; the lead is everything before it."""
    global _last_body
    last = _last_body
    if last[0] is blocks:
        return last[1]
    index = _first_body_index(blocks)
    _last_body = (blocks, index)
    return index


def _first_body_index(blocks: tuple[Block, ...]) -> int:
    for i, block in enumerate(blocks):
        if block.role in _BODY_ROLES and not block.level and not block.bullet and is_prose(block.text):
            if not byline_name(block.text):
                return i
    return len(blocks)


def _lead(draft: Draft) -> range:
    return range(first_body_index(draft.blocks))


def _set_role(draft: Draft, index: int, role: str) -> Draft:
    blocks = list(draft.blocks)
    blocks[index] = blocks[index].with_role(role)
    new = tuple(blocks)
    # A lead line given a role outside the body leaves the first paragraph where it was:
    # the answer remembered for the old blocks holds for the new ones (the metadata steps
    # set roles in the lead only, and ask again straight after).
    global _last_body
    last = _last_body
    if last[0] is draft.blocks and index < last[1] and role not in _BODY_ROLES:
        _last_body = (new, last[1])
    return draft.with_blocks(new)


def _open(block: Block) -> bool:
    return block.role in _OPEN_ROLES


def take_section_label(draft: Draft) -> Draft:
    """The first section label of the lead ("INSIGHTS", "Opinion") becomes `section`."""
    blocks = draft.blocks
    for i in _lead(draft):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if _open(blocks[i]) and is_section_label(blocks[i], nxt):
            if not draft.section:
                draft = changed(draft, section=blocks[i].text)
            draft = _set_role(draft, i, "drop")
    return draft


_HEADLINE_WORDS = 4
_TITLE_REACH = 20  # lines above the body a headline is looked for
_MARK_REACH = 4  # lines under a headline its byline or date may stand
_AUTHOR_WORDS = 6  # a name with its role or agency is at most this long
_CLOCK: Final = re.compile(
    r"\b\d{1,2}[:.]\d\d\b\s*(?:[ap]\.?m\b|GMT|UTC|[A-Z]{2,4}T\b)|\b\d{1,2}:\d\d\b", re.IGNORECASE
)
_CREDIT_OPENING: Final = re.compile(
    r"(?:photo|image|picture|media|video|credit|illustration|graphic)s?\b\s*(?:caption|credit|copyright|via|by|:)",
    re.IGNORECASE,
)
_digit_in = re.compile(r"\d").search


def _title_score(block: Block) -> int:
    """How much a lead line looks like the headline: the longest heading-like line wins."""
    text = block.text
    # In a saved web page's lead, one- and two-word lines are mostly site names and menus;
    # in a plain file, two words can well be the headline.
    fewest = 3 if block.role == "lead" else 2
    if block.bullet or not is_heading_like(text) or byline_name(text) or word_count(text) < fewest:
        return 0
    if text[0] in "([{" and text[-1] in ")]}":
        return 0  # a parenthesised credit, not a headline
    if _digit_in(text) and (_CLOCK.search(text) or find_date(text)[0]):
        return 0  # a date or time line ("Updated: Sat 8:31 PM, Feb 17, 2018")
    if _CREDIT_OPENING.match(text) or " | " in text:
        return 0  # a picture's credit or caption ("Image via ...", "Photo: ...", "NAME | AGENCY")
    if text.isupper() and word_count(text) > 3:
        return 0  # a line in capitals is a label or a button, not a headline
    if _LIST_ITEM.match(text) or text.endswith(_CRUMB_ENDS):
        return 0  # a numbered menu entry or a breadcrumb ("2. Blog >")
    return word_count(text)


def _is_date_line(text: str) -> bool:
    """A short line that gives a date or a time ("Nov. 19, 2019", "Updated 5:50 PM")."""
    return (
        bool(_digit_in(text))
        and not has_spaces(text, _DATE_LINE_WORDS)
        and (bool(_CLOCK.search(text)) or bool(find_date(text)[0]))
    )


def _author_like(text: str) -> bool:
    """A short line that reads as a name and a role or agency rather than a headline: a few
    capitalised words, in capitals or with a comma ("VICTOR TANGERMANN, FUTURISM")."""
    words = text.split()
    if not 2 <= len(words) <= _AUTHOR_WORDS or not all(is_title_case_word(w) for w in words):
        return False
    return text.isupper() or "," in text or len(words) <= 3


def _headline_over_byline(blocks: tuple[Block, ...], body: int) -> int | None:
    """The headline nearest above the body that has a headline's marks: a byline or a date
    line within the few lines under it (the deck may stand between). Looked for among the
    lines the page dropped too: share bars and menus often stand between it and the text."""
    for i in range(body - 1, max(-1, body - 1 - _TITLE_REACH), -1):
        block = blocks[i]
        if block.bullet or block.level or block.role not in ("", "lead", "drop"):
            continue
        if _title_score(block.with_role("lead")) == 0 or ends_sentence(block.text) and block.text[-1] == ".":
            continue
        below = blocks[i + 1 : min(body + 1, i + 1 + _MARK_REACH)]
        if below and _is_date_line(below[0].text) and _author_like(block.text):
            continue  # "NAME, AGENCY" over its date: the byline without its "By"
        if any(byline_name(b.text) or _is_date_line(b.text) for b in below):
            # A deck that ends without a full stop looks like a headline too: the headline
            # is the line right above it.
            above = blocks[i - 1] if i > 0 else None
            if above is not None and not above.bullet and _title_score(above.with_role("lead")) >= _HEADLINE_WORDS:
                if not ends_sentence(above.text) and word_count(above.text) < word_count(block.text):
                    return i - 1
            return i
    return None


def take_title(draft: Draft) -> Draft:
    """The lead's first markdown heading; else its most headline-like line."""
    if draft.title:
        return draft
    lead = [i for i in _lead(draft) if _open(draft.blocks[i])]
    headings = [i for i in lead if draft.blocks[i].level]
    if headings:
        chosen = headings[0]
    elif first_body_index(draft.blocks) >= len(draft.blocks):
        return draft  # no body below it: a plain line is no more a headline than text
    elif (marked := _headline_over_byline(draft.blocks, first_body_index(draft.blocks))) is not None:
        chosen = marked
    else:
        scored = [(_title_score(draft.blocks[i]), i) for i in lead]
        best = max(scored, default=(0, -1))
        if best[0] == 0:
            return draft
        # A headline stands right above its deck, which is often the longer of the two.
        chosen = best[1]
        above = dict((i, score) for score, i in scored).get(chosen - 1, 0)
        if above >= _HEADLINE_WORDS and not ends_sentence(draft.blocks[chosen - 1].text):
            chosen -= 1
    draft = changed(draft, title=draft.blocks[chosen].text)
    return _set_role(draft, chosen, "title")


def take_subtitle(draft: Draft) -> Draft:
    """A heading right under the headline (labels aside) is the deck."""
    if draft.subtitle:
        return draft
    blocks = draft.blocks
    lead = list(_lead(draft))
    for i in lead:
        if blocks[i].role != "title":
            continue
        for j in lead[lead.index(i) + 1 :]:
            block = blocks[j]
            if block.role == "drop":
                continue
            if block.level and _open(block) and not byline_name(block.text):
                return _set_role(changed(draft, subtitle=block.text), j, "drop")
            break
    return draft


def take_byline(draft: Draft) -> Draft:
    """A "By NAME" line in the lead, or opening the body, becomes `byline`."""
    body = first_body_index(draft.blocks)
    end = min(body + 1, len(draft.blocks))
    for i in range(end):
        block = draft.blocks[i]
        # Furniture steps may have dropped a bulleted byline just above the body; look there too.
        near = block.role in _OPEN_ROLES or (block.role == "drop" and body - i <= _BYLINE_REACH)
        # (spaces counted first: cheap, and more than eleven already make too many words)
        short = near and not has_spaces(block.text, 12) and word_count(block.text) <= 12
        name = byline_name(block.text) if short else None
        if name:
            if not draft.byline:
                draft = changed(draft, byline=name)
            return _set_role(draft, i, "drop")
    return draft


def take_date(draft: Draft) -> Draft:
    """The publication date: the first full date on a short line of the lead after the
    headline (a date line, or one beside the byline), else in a dateline opening the first
    paragraph ("LONDON, March 4, 2026 - ..."). A date above the headline is passed over:
    in a saved page it is mostly the day the page was shown. The lines stay where they
    are: the lead goes with `drop_lead`, a dateline stays in the text."""
    if draft.date:
        return draft
    blocks = draft.blocks
    body = first_body_index(blocks)
    start = 0
    for i in range(body):
        if blocks[i].role == "title":
            start = i + 1
            break
    digit = _DIGIT.search
    for i in range(start, body):
        text = blocks[i].text
        if digit(text) and not has_spaces(text, _DATE_LINE_WORDS):
            date = find_date(text)[0]
            if date:
                return changed(draft, date=date)
    if body < len(blocks) and digit(blocks[body].text, 0, DATELINE_CHARS):
        date = dateline_date(blocks[body].text)
        if date:
            return changed(draft, date=date)
    return draft


def take_source_url(draft: Draft) -> Draft:
    """The link of the first "Read more <url>" line becomes `url`."""
    for block in draft.blocks:
        if block.role == "source":
            url = find_url(block.text)
            if url and not draft.url:
                return changed(draft, url=url)
    return draft


def run_in_deck(text: str) -> tuple[str, str] | None:
    """Split "Title Case Deck Words The first sentence..." into deck and sentence.

    The deck ends where title case ends: at the last capitalised word before the first
    lower-case word that is not a small word ("of", "the"), which opens the sentence.
    Within its first `_DECK_WORDS` words, the line's last word aside.
    """
    # Words are read up to the first lower-case one (a deck is a few words): splitting the
    # line made some sixty strings to look at a handful. Words opening with an ASCII
    # capital are title case whatever follows, so a pattern skips a run of them at once.
    capitalised = _CAPITALISED_WORDS.match(text)  # always matches, perhaps empty
    at = capitalised.end() if capitalised else 0
    ws = text[: at - 1].split(" ") if at else []
    while len(ws) < _DECK_WORDS:
        end = text.find(" ", at)
        if end < 0:
            return None  # the last word: no sentence follows
        word = text[at:end]
        # A capital first letter makes a title-case word: most deck words are settled so.
        if not word[:1].isupper() and not is_title_case_word(word):
            break
        ws.append(word)
        at = end + 1
    else:
        return None
    start = len(ws) - 1
    while start > 0 and not starts_upper(ws[start]):
        start -= 1
    if start < 4:
        return None
    deck = " ".join(ws[:start])
    # The sentence needs four spaces after the deck (the deck and the space after it hold
    # `start` of the line's spaces, so this is `text.count(" ") - start >= 4`).
    if not has_spaces(text, 4, len(deck) + 1):
        return None
    rest = text[len(deck) + 1 :]
    if not starts_upper(rest):
        return None
    return deck, rest


def split_run_in_deck(draft: Draft) -> Draft:
    """In a teaser, a deck run into the first sentence is taken out as `subtitle`."""
    if not draft.excerpt or draft.subtitle:
        return draft
    index = first_body_index(draft.blocks)
    if index >= len(draft.blocks):
        return draft
    split = run_in_deck(draft.blocks[index].text)
    if not split:
        return draft
    deck, rest = split
    blocks = list(draft.blocks)
    blocks[index] = blocks[index].with_text(rest)
    return changed(draft, blocks=tuple(blocks), subtitle=deck)


def drop_lead(draft: Draft) -> Draft:
    """What is left of the lead is furniture (site names, dates, share lines): drop it.

    When no paragraph of prose was found at all, nothing is dropped: unsure means keep.
    """
    end = first_body_index(draft.blocks)
    if end >= len(draft.blocks):
        return draft
    blocks = draft.blocks
    if end and any(_furniture_in_lead(b) for b in blocks[:end]):
        blocks = tuple(b.with_role("drop") if _furniture_in_lead(b) else b for b in blocks[:end]) + blocks[end:]
    excerpt = draft.excerpt or _ends_cut_short(blocks)
    if blocks is draft.blocks and excerpt == draft.excerpt:
        return draft  # (most drafts: nothing to drop, and no copy made)
    return changed(draft, blocks=blocks, excerpt=excerpt)


def _furniture_in_lead(block: Block) -> bool:
    """Lead lines go, but a short sentence the page analysis did not judge stays: it may
    be the article's first paragraph."""
    if block.role == "lead":
        return True
    return block.role == "" and not (ends_sentence(block.text) and word_count(block.text) >= 3)


def _ends_cut_short(blocks: tuple[Block, ...]) -> bool:
    last = next((b for b in reversed(blocks) if b.role in _BODY_ROLES), None)
    return last is not None and ends_with_ellipsis(last.text) and cut_body(last.text) is not None
