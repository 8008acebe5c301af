"""Cutting a file into articles: an index page into its teasers, a newspaper page by headings."""

from __future__ import annotations


from reader.cleaning.model import Block, Draft, new_draft
from reader.cleaning.shapes import byline_name, is_label, is_prose, is_title_case
from reader.cleaning.teasers import Teaser, cut_body, find_teasers, is_index_page


def is_section_label(block: Block, next_block: Block | None = None) -> bool:
    """A section label: short and set off as a label (bold, capitals, or a plain line right
    above a headline), not a headline itself."""
    if not is_label(block.text):
        return False
    capitals = block.text.isupper() and sum(ch.isalpha() for ch in block.text) >= 3
    set_off = block.bold or capitals
    if block.level:
        return set_off  # a heading that is one bold or capitalised word or three
    # A plain line is a label only right above a headline.
    return next_block is not None and next_block.level > 0 and (set_off or is_title_case(block.text))


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


def split_by_headings(blocks: list[Block]) -> list[Draft]:
    """A page of several articles (a newspaper page) is cut at each headline; a single
    article with subheadings stays whole."""
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
    drafts: list[Draft] = []
    preamble = blocks[: starts[0]]
    if any(is_prose(b.text) for b in preamble):
        drafts.append(new_draft(tuple(preamble)))
    bounds = starts + [len(blocks)]
    for start, end in zip(bounds, bounds[1:]):
        drafts.append(new_draft(tuple(blocks[start:end])))
    return drafts
