"""Document steps for page furniture that has a recognisable shape wherever it appears."""

from __future__ import annotations

import re
from typing import Final

from reader.cleaning.model import Block
from reader.cleaning.shapes import find_url, word_count

# "From page 1", "Continued on page 4", "See page A3", "Page 2 of 5", "p. 7": a short line
# whose point is a page number.
_PAGE_REFERENCE: Final = re.compile(r"\b(?:page|p\.|pg\.?)\s*[A-Z]?\d{1,4}\b(?:\s+of\s+\d+)?", re.IGNORECASE)
# Truncation markers standing alone: "[...]", "(…)", "...", "(continued)".
_TRUNCATION: Final = re.compile(r"^[\[(]?\s*(?:\.\.\.|…|continued|cont(?:'d|\.)?)\s*[\])]?$", re.IGNORECASE)
_PAGE_NUMBER: Final = re.compile(r"^[-–—\s]*\d{1,4}[-–—\s]*$")
_DIGIT: Final = re.compile(r"\d")  # what both patterns above need somewhere
# A line that hands the reader on to the source: "Read more https://…", "Source: https://…".
_SOURCE_CUE: Final = re.compile(
    r"^(?:read\s+(?:more|the\s+(?:original|full)\s+(?:article|story))|source|originally\s+published"
    r"|original\s+article|via|more\s+at|full\s+story)\b",
    re.IGNORECASE,
)


def is_page_furniture(text: str) -> bool:
    if len(text) > 60:
        return False  # every shape below is a short line
    if _TRUNCATION.match(text) or _PAGE_NUMBER.match(text):
        return True
    # (the digit first: the reference's pattern tries its words at every position)
    return (
        not text.endswith(".")
        and word_count(text) <= 6
        and bool(_DIGIT.search(text))
        and bool(_PAGE_REFERENCE.search(text))
    )


def drop_page_furniture(blocks: list[Block]) -> list[Block]:
    """Drop page references ("From page 1"), lone page numbers and truncation markers."""
    # (`len(...) > 60` is is_page_furniture's own first test, written out: most lines are long)
    return [b for b in blocks if b.level or b.role == "drop" or len(b.text) > 60 or not is_page_furniture(b.text)]


def is_source_line(text: str) -> bool:
    """A short line that is a link to the source, alone or behind a cue such as "Read more"."""
    if "http" not in text:
        return False
    url = find_url(text)
    if not url or word_count(text) > 10:
        return False
    rest = text.replace(url, "").strip(" :-–—|()[]<>")
    return not rest or bool(_SOURCE_CUE.match(rest))


def mark_source_lines(blocks: list[Block]) -> list[Block]:
    """Mark "Read more <url>" lines; `take_source_url` keeps the link, the text never shows it."""
    # (First a "/", which every link has ("://") and few other lines: a one-character
    # search runs at memory speed, "http" took a full pass of the pattern search per line.)
    return [b.with_role("source") if "/" in b.text and not b.level and is_source_line(b.text) else b for b in blocks]
