"""The last step: a draft becomes an Article."""

from __future__ import annotations

from dataclasses import replace

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
        date=draft.date,
        site=draft.site,
        excerpt=draft.excerpt,
        text="\n\n".join(paragraphs),
        subheadings=tuple(b.text for b in body if b.role == "subheading"),
    )


def as_markdown(article: Article) -> str:
    """The article written back as a raw file the cleaner reads the same way again.

    Cleaning is idempotent on its own output: `clean(as_markdown(a))` gives `a` back.
    """
    lines = []
    if article.date or article.site:  # no line of text says these: a front matter does
        fields = [f'{key}: "{value}"' for key, value in (("date", article.date), ("site", article.site)) if value]
        lines.append("\n".join(["---", *fields, "---"]))
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


def with_page_fields(
    articles: list[Article], *, title: str = "", byline: str = "", date: str = "", site: str = "", url: str = ""
) -> list[Article]:
    """The articles, the first with its empty fields filled from what the file said of
    itself (an HTML page's metadata, a markdown file's front matter)."""
    if not articles:
        return articles
    first = articles[0]
    filled = replace(
        first,
        title=first.title or title,
        byline=first.byline or byline,
        date=first.date or date,
        site=first.site or site,
        url=first.url or url,
    )
    return articles if filled == first else [filled, *articles[1:]]
