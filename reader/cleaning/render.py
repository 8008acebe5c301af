"""The last step: a draft becomes an Article."""

from __future__ import annotations

from reader.article import Article, make_article
from reader.cleaning.model import Draft


def render(draft: Draft) -> Article:
    body = [b for b in draft.blocks if b.role not in ("drop", "lead", "source", "title")]
    paragraphs = [b.text for b in body]
    return make_article(  # Article(...), made the fast way
        title=draft.title,
        subtitle=draft.subtitle,
        byline=draft.byline,
        section=draft.section,
        url=draft.url,
        excerpt=draft.excerpt,
        text="\n\n".join(paragraphs),
        subheadings=tuple(b.text for b in body if b.role == "subheading"),
    )


def as_markdown(article: Article) -> str:
    """The article written back as a raw file the cleaner reads the same way again.

    Cleaning is idempotent on its own output: `clean(as_markdown(a))` gives `a` back.
    """
    lines = []
    if article.section:
        lines.append(f"**{article.section}**")
    if article.title:
        lines.append(f"# {article.title}")
    if article.subtitle:
        lines.append(f"## {article.subtitle}")
    if article.byline:
        lines.append(f"By {article.byline}")
    if article.text:
        lines.append(article.text)
    if article.url:
        lines.append(f"Source: {article.url}")
    return "\n\n".join(lines) + "\n"
