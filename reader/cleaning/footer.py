"""A closing footer set off by a rule: what a post or a newsletter puts under its last line.

A markdown post often ends with a thematic break (`---`, `***`) and, under it, a thank-you,
links to subscribe or follow, and a copyright line. The rule says where the article ends; the
footer is short against the body and carries links or a copyright mark, so a short last
section of the article under a rule is not taken for one.
"""

from __future__ import annotations

import re
from typing import Final

from reader.cleaning.markdown import markdown_line

_RULE: Final = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_COPYRIGHT: Final = re.compile(r"\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
FOOTER_LINES: Final = 8  # a footer is at most this many lines...
FOOTER_SHARE: Final = 3  # ...and the body above the rule at least this many times as long
LINKED: Final = 0.5  # a footer line this much link text is a link line


def _is_footer_line(line: str) -> bool:
    if _COPYRIGHT.match(line):
        return True
    read = markdown_line(line)
    return read is not None and read[1] >= LINKED


def split_closing_footer(text: str) -> tuple[str, str]:
    """`(body, footer)`: the text above the last rule, and the footer under it when it is
    one; else `(text, "")`."""
    rules = list(_RULE.finditer(text))
    if not rules:
        return text, ""
    last = rules[-1]
    body, footer = text[: last.start()], text[last.end() :]
    lines = [line for line in footer.split("\n") if line.strip()]
    if not lines or len(lines) > FOOTER_LINES or len(footer) * FOOTER_SHARE > len(body):
        return text, ""
    if not any(_is_footer_line(line) for line in lines):
        return text, ""
    return body, footer
