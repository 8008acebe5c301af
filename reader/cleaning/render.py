"""The last step: a draft becomes an Article."""

from __future__ import annotations

from reader.article import Article
from reader.cleaning.model import Draft


def render(draft: Draft) -> Article:
    body = [b for b in draft.blocks if b.role not in ("drop", "lead", "source", "title")]
    paragraphs = [b.text for b in body]
    return Article(
        title=draft.title,
        subtitle=draft.subtitle,
        byline=draft.byline,
        section=draft.section,
        url=draft.url,
        excerpt=draft.excerpt,
        text="\n\n".join(paragraphs),
        subheadings=tuple(b.text for b in body if b.role == "subheading"),
    )
