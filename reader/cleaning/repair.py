"""Article steps that repair the body: captions out, broken lines and words put back together."""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Final

from reader.cleaning.model import Block, Draft
from reader.cleaning.shapes import (
    ends_sentence,
    has_spaces,
    is_heading_like,
    is_prose,
    starts_lower,
    starts_upper,
    word_count,
)

# A photo credit closing a line: "(PHOTO: VCG)", "(Photo/Xinhua)", "(Reed Saxon / Associated Press)".
_CREDIT: Final = re.compile(r"\(\s*[A-Z][\w.'’ -]{0,30}\s*[:/|]\s*[^()]{1,50}\)\s*$")
_CREDIT_CUE: Final = re.compile(r"\b(?:photo|image|picture|credit|illustration|graphic)s?\b", re.IGNORECASE)
# "decision- makers", "co- authored": a hyphen left hanging by a removed line break.
_SPLIT_COMPOUND: Final = re.compile(r"(?<=[^\W\d_])- (?=(?!(?:and|or|und|et|y|e|o)\b)[^\W\d_]*[a-z])")
# The word before a line's final hyphen, matched on the line's end reversed ("-drow"):
# searching forwards for `([^\W\d_]+)-$` tries every position of the line.
_HYPHEN_WORD_REVERSED: Final = re.compile(r"-([^\W\d_]+)")
_FIRST_WORD: Final = re.compile(r"^([^\W\d_]+)")
_MAX_FRAGMENT_WORDS: Final = 8
_MAX_FRAGMENTS: Final = 3
_LOOKAHEAD: Final = 12  # blocks a cut paragraph's continuation is looked for in
_HYPHENS_LOOKED_AT: Final = 64  # a body with more hyphens than this is lowered whole instead

_BODY: Final = ""


def is_caption(text: str) -> bool:
    """A caption: a line that ends in a photo credit, or names itself one."""
    # A credit closes the line with ")": only then is the pattern worth trying, near the end.
    if (text[-1:] == ")" or text[-1:].isspace()) and _CREDIT.search(text, max(0, len(text) - 100)):
        return word_count(text) <= 60
    if ":" not in text[:20]:
        return False  # both other shapes name themselves in a "Photo:"-like opening
    return word_count(text) <= 25 and (text.startswith(("Photo:", "PHOTO:", "Image:")) or bool(_CREDIT_CUE.match(text)))


def is_fragment(block: Block) -> bool:
    """A scrap of a caption or column cut into lines: a few words, not a sentence or heading."""
    if block.level or has_spaces(block.text, _MAX_FRAGMENT_WORDS):
        return False  # more words than a fragment has, found without counting them all
    n = word_count(block.text)
    if n > _MAX_FRAGMENT_WORDS or is_prose(block.text):
        return False
    if n >= 3 and starts_upper(block.text) and ends_sentence(block.text):
        return False  # a short sentence is whole, however short
    return starts_lower(block.text) or block.text.endswith("-") or not is_heading_like(block.text) or n <= 2


def _is_scrap(block: Block) -> bool:
    """A short line standing between the two halves of a cut paragraph (a caption's line)."""
    return (
        not block.level
        and not has_spaces(block.text, _MAX_FRAGMENT_WORDS)
        and word_count(block.text) <= _MAX_FRAGMENT_WORDS
        and not is_prose(block.text)
        and not starts_lower(block.text)
    )


def remove_captions(draft: Draft) -> Draft:
    """Drop captions, and runs of caption fragments (two or more scraps in a row, what was
    dropped already aside). Only around prose: with no paragraph to caption, scraps are
    all there is, and are kept."""
    blocks = list(draft.blocks)
    if not any(b.role == _BODY and is_prose(b.text) for b in blocks):
        return draft
    changed = False
    run: list[int] = []
    for i, block in enumerate(blocks):
        text = block.text
        # The quick rejects of is_caption and is_fragment written out (most blocks are long
        # paragraphs): a caption ends in ")" or opens with a "Photo:"-like label; a fragment
        # has fewer than eight spaces, and eight in its opening already rule it out.
        caption = text[-1:] == ")" or text[-1:].isspace() or ":" in text[:20]
        if caption and block.role == _BODY and not block.level and is_caption(text):
            blocks[i] = block.with_role("drop")
            changed = True
            continue  # a caption, like what was dropped before, does not break a run
        if block.role == "drop":
            continue
        if block.role == _BODY and text.count(" ", 0, 120) < _MAX_FRAGMENT_WORDS and is_fragment(block):
            run.append(i)
            continue
        changed = _drop_run(blocks, run) or changed
        run = []
    changed = _drop_run(blocks, run) or changed
    return draft.with_blocks(tuple(blocks)) if changed else draft


def _drop_run(blocks: list[Block], run: list[int]) -> bool:
    """Drop a run of two or more fragments; say whether it did."""
    if len(run) < 2:
        return False
    for k in run:
        blocks[k] = blocks[k].with_role("drop")
    return True


def join_words(left: str, right: str, known: Container[str]) -> str:
    """Join two pieces of a paragraph; a word hyphenated across the break is made whole.

    The hyphen stays when the hyphenated form appears elsewhere in the article (a real
    compound such as "long-term"); otherwise it was only the line break's. `known` is the
    article's text in lower case (or a `BodyText`).
    """
    joint = hyphen_joint(left, right, known)
    return left[:-1] + right if joint == "-" else left + joint + right


def hyphen_joint(left: str, right: str, known: Container[str], *, keep_unknown: bool = False) -> str:
    """How `left` and `right` join across a break: " " (with a space), "" (a word
    hyphenated at the break keeps its hyphen: the compound is known) or "-" (the hyphen
    goes). A word the text knows neither way keeps its hyphen with `keep_unknown` (a
    wrapping tool breaks only at a compound's own hyphen), else loses it (a typesetter's)."""
    # Only a line ending in "-" can hold a broken word, and the word is at its very end:
    # searching the tail alone keeps joining a long paragraph's lines linear.
    hyphen = _HYPHEN_WORD_REVERSED.match(left[:-257:-1]) if left.endswith("-") else None
    if hyphen and not left.endswith(" -") and starts_lower(right):
        head = hyphen.group(1)[::-1]
        tail = _FIRST_WORD.match(right)
        if not tail or f"{head}-{tail.group(1)}".lower() in known:
            return "" if tail or keep_unknown else "-"
        if keep_unknown and (head + tail.group(1)).lower() not in known:
            return ""
        return "-"
    return " "


class BodyText:
    """The body's text, for `join_words` to look compounds up in: `"long-term" in it` is
    `"long-term" in text.lower()`.

    `str.lower` maps every character through Unicode's tables, some 40 µs for a page's
    article with curly quotes in it; a compound in ASCII is looked up in the UTF-8 bytes
    lower-cased as ASCII instead. That answers the same, as no other character's lower case
    holds an ASCII letter, but for "İ" and the Kelvin sign: with those, `str.lower` it is.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: str | None = None
        self._ascii_lower: bytes | None = None

    def __contains__(self, lowered: object) -> bool:
        if not isinstance(lowered, str):
            return False
        if lowered.isascii() and "\u0130" not in self.text and "\u212a" not in self.text:
            found = self._at_hyphens(lowered) if "-" in lowered else None
            if found is not None:
                return found
            if self._ascii_lower is None:
                self._ascii_lower = self.text.encode().lower()
            return lowered.encode() in self._ascii_lower
        if self._lower is None:
            self._lower = self.text.lower()
        return lowered in self._lower

    def _at_hyphens(self, lowered: str) -> bool | None:
        """An ASCII compound looked for where the text has a hyphen, its own first hyphen
        there: a body holds few, and encoding and lower-casing all of it for one look was
        most of joining a newspaper page's paragraphs. (Outside ASCII, nothing lowers to an
        ASCII letter here, so comparing lowered slices answers as the lowered text would.)
        None when the text has too many hyphens for that to pay."""
        text, offset, size = self.text, lowered.index("-"), len(lowered)
        at = text.find("-")
        for _ in range(_HYPHENS_LOOKED_AT):
            if at < 0:
                return False
            start = at - offset
            if start >= 0 and text[start : start + size].lower() == lowered:
                return True
            at = text.find("-", at + 1)
        return None if at >= 0 else False


def _body_text(blocks: list[Block] | tuple[Block, ...]) -> BodyText:
    """The body's text, for `join_words` to look compounds up in."""
    return BodyText("\n".join(b.text for b in blocks if b.role == _BODY))


def join_broken_paragraphs(draft: Draft) -> Draft:
    """Join a paragraph cut by a column break or a caption: the first part does not end a
    sentence and the next part starts in lower case. Up to three short scraps between
    them (a caption's lines) go."""
    blocks = list(draft.blocks)
    known: BodyText | None = None  # the body's words, for telling compounds; made when first needed
    changed = False
    i = 0
    while i < len(blocks):
        left = blocks[i]
        if left.role != _BODY or left.level or ends_sentence(left.text):
            i += 1
            continue
        j, scraps = i + 1, []
        # Bounded look-ahead keeps the step linear on thousands of short lines.
        while j < len(blocks) and j - i <= _LOOKAHEAD and (blocks[j].role != _BODY or _is_scrap(blocks[j])):
            if blocks[j].role == _BODY:
                scraps.append(j)
            j += 1
        if j < len(blocks) and len(scraps) <= _MAX_FRAGMENTS and blocks[j].role == _BODY and not blocks[j].level:
            right = blocks[j]
            if starts_lower(right.text):
                if known is None and left.text.endswith("-"):  # only a hyphen asks it
                    known = _body_text(draft.blocks)
                blocks[i] = left.with_text(join_words(left.text, right.text, known or ""))
                for k in [*scraps, j]:
                    blocks[k] = blocks[k].with_role("drop")
                changed = True
                continue  # the joined paragraph may be cut again further on
        i += 1
    return draft.with_blocks(tuple(blocks)) if changed else draft


def join_hyphenated_lines(draft: Draft) -> Draft:
    """Inside a paragraph that kept its line breaks, re-join words hyphenated at a break."""
    if not any("\n" in b.text for b in draft.blocks):
        return draft
    known = _body_text(draft.blocks)
    blocks = tuple(b.with_text(_join_lines(b.text, known)) if "\n" in b.text else b for b in draft.blocks)
    return draft.with_blocks(blocks)


def _join_lines(text: str, known: Container[str]) -> str:
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        out = join_words(out, line.strip(), known)
    return out


def repair_split_compounds(draft: Draft) -> Draft:
    """ "decision- makers" becomes "decision-makers"; "pre- and post-war" stays."""
    # (A hyphen first: a one-character search is far faster than one for "- ", and many
    # paragraphs hold none.)
    if not any("-" in b.text and "- " in b.text for b in draft.blocks):
        return draft
    blocks = tuple(
        b.with_text(_SPLIT_COMPOUND.sub("-", b.text)) if "-" in b.text and "- " in b.text else b for b in draft.blocks
    )
    return draft.with_blocks(blocks)


def is_subheading(block: Block, before: Block | None, after: Block | None) -> bool:
    """A short heading-like line between paragraphs of prose, or a markdown heading in the body."""
    if after is None or before is None:
        return False
    if block.level:
        return True
    text = block.text
    return (
        is_heading_like(text, max_words=12)
        and len(text) <= 90
        and not ends_sentence(text)
        and not block.bullet
        and is_prose(after.text)
    )


def mark_subheadings(draft: Draft) -> Draft:
    body = [i for i, b in enumerate(draft.blocks) if b.role == _BODY]
    blocks = list(draft.blocks)
    changed = False
    for n, i in enumerate(body):
        before = blocks[body[n - 1]] if n > 0 else None
        after = blocks[body[n + 1]] if n + 1 < len(body) else None
        # (is_subheading's length limit written out: most body blocks are long paragraphs)
        if (blocks[i].level or len(blocks[i].text) <= 90) and is_subheading(blocks[i], before, after):
            blocks[i] = blocks[i].with_role("subheading")
            changed = True
    return draft.with_blocks(tuple(blocks)) if changed else draft


_LONG_PARAGRAPH: Final = 5000  # characters: longer, and a paragraph is cut into readable ones
_PARAGRAPH_AIM: Final = 2000  # where a cut is looked for, at the first sentence end after it
_SENTENCE_END: Final = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s+")


def split_overlong_paragraphs(draft: Draft) -> Draft:
    """Cut a paragraph of more than _LONG_PARAGRAPH characters (a file of one huge line) into
    paragraphs at sentence ends, or else at a space: a reader scrolls through paragraphs,
    and the reading pane lays a paragraph out as one wrapped line, slow to lay out when huge."""
    if all(len(b.text) <= _LONG_PARAGRAPH for b in draft.blocks):
        return draft
    blocks: list[Block] = []
    for block in draft.blocks:
        if block.role != _BODY or len(block.text) <= _LONG_PARAGRAPH:
            blocks.append(block)
            continue
        blocks.extend(block.with_text(piece) for piece in _cut(block.text))
    return draft.with_blocks(tuple(blocks))


def _cut(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    while len(text) - start > _LONG_PARAGRAPH:
        end_ = _SENTENCE_END.search(text, start + _PARAGRAPH_AIM, start + _LONG_PARAGRAPH)
        if end_ is not None:
            cut, resume = end_.start() + len(end_.group().rstrip()), end_.end()
        else:
            # (never inside a word: a paragraph cut there would come back joined with a space,
            # and cleaning its own output would no longer give the same article)
            space = text.rfind(" ", start + _PARAGRAPH_AIM, start + _LONG_PARAGRAPH)
            if space < 0:
                space = text.find(" ", start + _LONG_PARAGRAPH)
            if space < 0:
                break
            cut, resume = space, space + 1
        pieces.append(text[start:cut])
        start = resume
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]
