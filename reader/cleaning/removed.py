"""What the cleaner removed from a file, and which step removed it.

The cleaner runs again with a look after every step: a block a step marked "drop" or took out
of the list is charged to that step. A block whose words still stand in the article (a line
joined to the paragraph it continues, a title moved into the title field) was not removed.
Only asked for on request (`reader show --removed`, the app's key), so the cleaner itself
carries no bookkeeping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.article import Article
from reader.cleaning import pipeline
from reader.cleaning.html import HtmlPage, looks_like_html, strip_tags
from reader.cleaning.model import Block

# Blocks the metadata steps left in the lead without taking them as a field.
_UNUSED_LEAD = "drop_lead"
_GONE = ("drop", "lead")
_HTML_STEP = "html.extract"
_FOOTER_STEP = "split_closing_footer"
_JOINED_AT_LEAST = 40  # characters of a block that may have been joined into a paragraph
_WORDS_ONLY = re.compile(r"\W+")


@dataclass(frozen=True)
class Removed:
    """A block of the file the article does not show: its text, where it stands in the file
    (None when the front end rewrote it: a markdown link, a re-joined wrapped line), and the
    cleaning step that removed it."""

    text: str
    step: str
    offset: int | None  # for a saved HTML page, into its text without tags (`reference_text`)

    def to_json(self) -> dict:
        return {"text": self.text, "step": self.step, "offset": self.offset}


def _note(
    before: Sequence[Block], after: Sequence[Block], step: str, dropped: dict[str, str], taken: list[tuple[str, str]]
) -> None:
    """Charge `step` with the blocks it dropped (by role) or took out of the list."""
    if len(before) == len(after):
        for old, new in zip(before, after, strict=False):
            if new.role == "drop" and old.role != "drop":
                dropped.setdefault(old.text, step)
        return
    kept = {id(block) for block in after}
    for block in before:
        if id(block) not in kept and block.role != "drop":
            taken.append((block.text, step))


def explain(text: str) -> list[tuple[Article, list[Removed]]]:
    """`clean(text)`, each article with the blocks removed from around and inside it.

    Blocks taken out before the file is split into articles (page furniture) go with the
    first article."""
    dropped: dict[str, str] = {}
    taken: list[tuple[str, str]] = []

    def watch(step: str, before: Sequence[Block], after: Sequence[Block]) -> None:
        if step == "read_blocks":  # what the front end dropped: a closing footer under a rule
            for block in after:
                if block.role == "drop":
                    dropped.setdefault(block.text, _FOOTER_STEP)
        else:
            _note(before, after, step, dropped, taken)

    prepared = pipeline.prepare(text)
    results: list[tuple[Article, list[Removed]]] = []
    for article, draft in pipeline.run_steps(prepared.text, False, prepared.steps, watch):
        fields = {article.title, article.subtitle, article.byline, article.section, article.url}
        fields.update(article.text.split("\n\n"))
        gone = [b.text for b in draft.blocks if b.role in _GONE and not _shown(b.text, article, fields)]
        steps = [dropped.get(block, _UNUSED_LEAD) for block in gone]
        results.append((article, _located(text, gone, steps)))
    if results and taken:
        first, removed = results[0]
        loose = _located(text, [t for t, _ in taken], [step for _, step in taken])
        results[0] = (first, sorted(loose + removed, key=lambda r: -1 if r.offset is None else r.offset))
    articles = prepared.fill([article for article, _ in results])
    if isinstance(prepared.said, HtmlPage) and articles:
        results[0] = (results[0][0], _left_out_of_html(text, articles) + results[0][1])
    return [(article, removed) for article, (_, removed) in zip(articles, results, strict=False)]


def _shown(block: str, article: Article, whole: set[str]) -> bool:
    """The block's words stand in the article: as a field or a paragraph (`whole`), or (a
    long block joined to the paragraph it continues) inside one. A short block must be
    whole: a menu entry "Space" is not shown by "Goddard Space Flight Center"."""
    if block in whole:
        return True
    return len(block) >= _JOINED_AT_LEAST and block in article.text


def reference_text(text: str) -> str:
    """The text offsets of removed blocks point into: the file's, or for a saved HTML page
    the page's text with its tags taken out."""
    return strip_tags(text) if looks_like_html(text) else text


def _left_out_of_html(html: str, articles: list[Article]) -> list[Removed]:
    """The blocks of an HTML page's text that the extractor left out (menus, footers, teasers):
    the steps never saw them, so they are charged to the HTML front end."""
    page = strip_tags(html)
    # Compared by their words alone: taking the tags out leaves spaces before punctuation.
    shown = _WORDS_ONLY.sub("", "\n".join(a.title + "\n" + a.text for a in articles))
    blocks = [block for block in page.split("\n\n") if block and _WORDS_ONLY.sub("", block) not in shown]
    return _located(page, blocks, [_HTML_STEP] * len(blocks))


def _located(text: str, blocks: list[str], steps: list[str]) -> list[Removed]:
    """The blocks, in file order, with their offsets: each looked for after the one before,
    so that a menu repeated at the foot of the page is found there."""
    located, cursor = [], 0
    for block, step in zip(blocks, steps, strict=False):
        found = text.find(block, cursor)
        if found < 0:
            found = text.find(block)
        if found >= 0:
            cursor = found + len(block)
        located.append(Removed(block, step, found if found >= 0 else None))
    return located


def in_place(raw: str, article: Article, removed: list[Removed]) -> list[tuple[str, str | None]]:
    """The article's paragraphs and its removed blocks in the order the file has them:
    `(text, step)`, step None for what the article shows.

    Each piece is placed at its offset in the file; one the file does not hold as written (a
    re-joined wrapped line, a markdown link) follows the piece before it in its own list."""
    pieces: list[tuple[float, int, str, str | None]] = []
    cursor, last = 0, -1.0
    for order, paragraph in enumerate(p for p in article.text.split("\n\n") if p):
        found = raw.find(paragraph[:80], cursor)
        if found >= 0:
            cursor, last = found + 1, float(found)
        pieces.append((last, order, paragraph, None))
    last = -1.0
    for order, block in enumerate(removed):
        if block.offset is not None:
            last = float(block.offset)
        pieces.append((last, order, block.text, block.step))
    pieces.sort(key=lambda piece: (piece[0], piece[3] is None, piece[1]))
    return [(text, step) for _, _, text, step in pieces]
