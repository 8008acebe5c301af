"""What the cleaning steps pass along: blocks of a file, then drafts of articles."""

from __future__ import annotations

from typing import Final, NamedTuple


class Block(NamedTuple):
    """One non-empty line of the raw file, with what its markup said about it.

    A browser's text dump and a PDF extraction both put a paragraph on one line, so a
    line is the unit every step judges. A NamedTuple rather than a dataclass: a page has
    thousands of lines, and tuples are several times cheaper to make and copy.
    """

    text: str
    level: int = 0  # markdown heading level ("## x" is 2); 0 when the line is no heading
    bold: bool = False  # the whole line was wrapped in ** or __
    bullet: bool = False  # the line started with a list marker (*, +, -, •, o)
    gap: bool = True  # a blank line stood before it in the source
    # What a step decided the block is: "" (body, undecided), "lead" (the zone before the
    # body where title, byline and section live), "subheading", "source" (a "Read more"
    # line), or "drop" (kept only so that later steps can see what stood there).
    role: str = ""
    # The share of the text that was link text in the source (markdown, HTML); 0.0 for a
    # text dump, which keeps no links. A block that is mostly link is navigation.
    links: float = 0.0

    # NamedTuple._replace goes through keyword handling and `_make`, and even a plain
    # `Block(...)` goes through a generated Python `__new__`; these changes happen tens of
    # thousands of times per file set, so they build the tuple directly.
    def with_role(self, role: str) -> Block:
        return new_tuple(Block, (self[0], self[1], self[2], self[3], self[4], role, self[6]))

    def with_text(self, text: str) -> Block:
        return new_tuple(Block, (text, self[1], self[2], self[3], self[4], self[5], self[6]))


new_tuple: Final = tuple.__new__


def plain_block(text: str, gap: bool) -> Block:
    """`Block(text, gap=gap)`, made the fast way (see `Block.with_role`): most lines are this."""
    return new_tuple(Block, (text, 0, False, False, gap, "", 0.0))


class Draft(NamedTuple):
    """An article being cleaned: its blocks and the metadata found so far."""

    blocks: tuple[Block, ...]
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    section: str = ""
    url: str = ""
    excerpt: bool = False
    date: str = ""  # ISO 8601, where the text states one
    site: str = ""  # the publisher's name, where the file states it

    def with_blocks(self, blocks: tuple[Block, ...]) -> Draft:
        """This draft with other blocks (see `Block.with_role` for why not `_replace`)."""
        return new_tuple(Draft, (blocks, self[1], self[2], self[3], self[4], self[5], self[6], self[7], self[8]))


# Drafts are made and changed thousands of times on an index page: `Draft(...)` runs the
# NamedTuple's generated Python `__new__` and `_replace` goes through `_make` (1-4 µs a
# call, even from compiled steps), so these two build the tuple directly.


def new_draft(blocks: tuple[Block, ...], title: str = "", excerpt: bool = False) -> Draft:
    """`Draft(blocks, title=title, excerpt=excerpt)`."""
    return new_tuple(Draft, (blocks, title, "", "", "", "", excerpt, "", ""))


def changed(
    draft: Draft,
    *,
    blocks: tuple[Block, ...] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    byline: str | None = None,
    section: str | None = None,
    url: str | None = None,
    excerpt: bool | None = None,
    date: str | None = None,
    site: str | None = None,
) -> Draft:
    """`draft._replace(...)` for the fields given."""
    return new_tuple(
        Draft,
        (
            draft[0] if blocks is None else blocks,
            draft[1] if title is None else title,
            draft[2] if subtitle is None else subtitle,
            draft[3] if byline is None else byline,
            draft[4] if section is None else section,
            draft[5] if url is None else url,
            draft[6] if excerpt is None else excerpt,
            draft[7] if date is None else date,
            draft[8] if site is None else site,
        ),
    )
