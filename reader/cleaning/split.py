"""Cutting a file into articles: an index page into its teasers, a newspaper page by headings."""

from __future__ import annotations

from reader.cleaning.model import Block, Draft, new_draft
from reader.cleaning.shapes import byline_name, ends_sentence, is_heading_like, is_label, is_prose, is_title_case
from reader.cleaning.teasers import Teaser, cut_body, find_teasers, is_index_page

PLAIN_HEADLINE_WORDS = 16  # a plain line longer than this is no headline


def is_section_label(block: Block, next_block: Block | None = None) -> bool:
    """A section label: short and set off as a label (bold, capitals, or a plain line right
    above a headline), not a headline itself."""
    if not is_label(block.text):
        return False
    capitals = block.text.isupper() and sum(ch.isalpha() for ch in block.text) >= 3
    set_off = block.bold or capitals
    if block.level:
        return set_off  # a heading that is one bold or capitalised word or three
    # A plain line is a label only right above a headline: a markdown one, or in capitals
    # above a plain line shaped like a headline (a newspaper page as text).
    if next_block is None:
        return False
    if next_block.level > 0:
        return set_off or is_title_case(block.text)
    return capitals and is_heading_like(next_block.text, PLAIN_HEADLINE_WORDS) and not ends_sentence(next_block.text)


def split_articles(blocks: list[Block]) -> list[Draft]:
    """One draft per article in the file."""
    if not blocks:
        return []
    teasers = find_teasers(blocks)
    if is_index_page(blocks, teasers):
        return split_index_page(blocks, teasers)
    return split_by_headings(blocks)


def split_index_page(blocks: list[Block], teasers: list[Teaser]) -> list[Draft]:
    """Each teaser becomes an excerpt article; prose outside them is kept as its own draft."""
    drafts: list[Draft] = []
    inside = {t.at for t in teasers} | {t.at + 1 for t in teasers}
    loose = [b for i, b in enumerate(blocks) if i not in inside and is_prose(b.text)]
    for teaser in teasers:
        body = teaser.body.with_text(cut_body(teaser.body.text) or teaser.body.text)
        drafts.append(new_draft((body,), teaser.title.text, excerpt=True))
    if loose:
        drafts.append(new_draft(tuple(loose)))
    return drafts


def _label_at(blocks: list[Block], i: int) -> bool:
    return is_section_label(blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None)


def title_headings(blocks: list[Block]) -> list[int]:
    """Headings that open an article: not labels, not the subtitle right under a headline,
    and not the page's furniture around the article (dropped by `select_main_content`)."""
    found: list[int] = []
    after_title = False
    for i, block in enumerate(blocks):
        if block.role == "drop":
            continue
        if block.level and _label_at(blocks, i):
            continue  # a label does not end the headline's group
        if block.level and not after_title:
            found.append(i)
            after_title = True
        else:
            after_title = False
    return found


def _opens_article(blocks: list[Block], i: int) -> bool:
    """A headline with the marks of a new article near it: a label above, or a byline or
    label just under it."""
    if i > 0 and _label_at(blocks, i - 1):
        return True
    below = [j for j in range(i + 1, min(len(blocks), i + 8)) if blocks[j].role != "drop"][:3]
    return any(byline_name(blocks[j].text) or _label_at(blocks, j) for j in below)


def _start_with_labels(blocks: list[Block], i: int, floor: int) -> int:
    """Move an article's start up over the section labels directly above its headline."""
    while i - 1 >= floor and _label_at(blocks, i - 1):
        i -= 1
    return i


def _kept_near(blocks: list[Block], i: int, step: int) -> Block | None:
    j = i + step
    while 0 <= j < len(blocks):
        if blocks[j].role != "drop":
            return blocks[j]
        j += step
    return None


def _capital_label(block: Block | None) -> bool:
    return block is not None and not block.level and is_label(block.text) and block.text.isupper()


def plain_headlines(blocks: list[Block]) -> list[int]:
    """In a file without markdown headings (a newspaper page as plain or wrapped text), the
    plain lines that stand as headlines: headline-shaped, with a byline right under them."""
    found: list[int] = []
    for i, block in enumerate(blocks):
        text = block.text
        if block.role == "drop" or block.bullet or not is_heading_like(text, PLAIN_HEADLINE_WORDS):
            continue
        if ends_sentence(text) or byline_name(text) or _capital_label(block):
            continue
        below = _kept_near(blocks, i, 1)
        if below is not None and byline_name(below.text):
            found.append(i)
    return found


def _split_at(blocks: list[Block], starts: list[int]) -> list[Draft]:
    drafts: list[Draft] = []
    preamble = blocks[: starts[0]]
    if any(is_prose(b.text) for b in preamble):
        drafts.append(new_draft(tuple(preamble)))
    bounds = starts + [len(blocks)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        drafts.append(new_draft(tuple(blocks[start:end])))
    return drafts


def split_by_headings(blocks: list[Block]) -> list[Draft]:
    """A page of several articles (a newspaper page) is cut at each headline; a single
    article with subheadings stays whole."""
    if not any(block.level for block in blocks):
        # (A saved web page, its furniture dropped, is one article: its plain headlines
        # over a byline are teasers and results.)
        web_page = any(block.role in ("drop", "lead") for block in blocks)
        plain = [] if web_page else plain_headlines(blocks)
        if len(plain) < 2:
            return [new_draft(tuple(blocks))]
        # Each article starts at its label in capitals, when one stands right above.
        return _split_at(blocks, [i - 1 if i > 0 and _capital_label(blocks[i - 1]) else i for i in plain])
    titles = title_headings(blocks)
    # Most later headlines must have the marks: one odd heading ("The bottom line" over a
    # byline-like line) does not make the numbered sections of a listicle into articles.
    opening = sum(1 for i in titles[1:] if _opens_article(blocks, i))
    several = len(titles) >= 2 and opening * 2 >= len(titles) - 1 and opening > 0
    if not several:
        return [new_draft(tuple(blocks))]
    starts: list[int] = []
    floor = 0
    for i in titles:
        start = _start_with_labels(blocks, i, floor)
        starts.append(start)
        floor = i + 1
    return _split_at(blocks, starts)
