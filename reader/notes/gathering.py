"""Claims gathered for notes: grouped by article and placed in its current text, with
the article cited as a researcher would."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from reader.article import Article
from reader.claims.anchoring import ORPHAN
from reader.claims.model import Claim
from reader.claims.placing import Placed, place
from reader.notes.escaping import tag_text


@dataclass(frozen=True)
class Scope:
    """What an export covers: the whole collection, one article, or one tag."""

    kind: str = "collection"  # "collection", "article" or "tag"
    value: str = ""

    def describe(self) -> str:
        return "collection" if self.kind == "collection" else f"{self.kind} {self.value}"


@dataclass(frozen=True)
class ArticleClaims:
    """The claims of one article, placed in its current text (article None: it is gone)."""

    article_id: str
    title: str
    file: str
    article: Article | None
    placed: list[Placed] = field(default_factory=list)

    @property
    def found(self) -> list[Placed]:
        return [p for p in self.placed if p.found]

    @property
    def orphans(self) -> list[Placed]:
        return [p for p in self.placed if not p.found]


def gather(
    claims: Iterable[Claim], lookup: Callable[[str], Article | None], order: Callable[[str], Any] | None = None
) -> list[ArticleClaims]:
    """Group claims by article and place them in its current text, articles in `order`."""
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article, []).append(claim)
    groups = []
    for article_id, items in by_article.items():
        article = lookup(article_id)
        if article is not None:
            placed = place(items, article)
        else:
            placed = [Placed(c, ORPHAN) for c in sorted(items, key=lambda c: (c.start, c.id))]
        first = items[0]
        groups.append(ArticleClaims(article_id, article.title if article else first.title, first.file, article, placed))
    key = order or (lambda article_id: article_id)
    return sorted(groups, key=lambda g: (key(g.article_id), g.article_id))


def site_name(article: Article) -> str:
    """The site or publisher: the article's own `site` field when it has one, else the
    host of its source URL."""
    site = getattr(article, "site", "") or ""
    if not site and article.url:
        site = (urlsplit(article.url).hostname or "").removeprefix("www.")
    return site


def citation(article: Article | None, title: str = "") -> str:
    """The article cited as a researcher would, in plain text, with what it has of byline,
    title, site or publisher, date and URL: `Jane Doe, “Title”, site.com, 2025-01-02. URL`."""
    if article is None:
        return f"“{title}” (no longer in the collection)" if title else "(an article no longer in the collection)"
    byline = re.sub(r"^by\s+", "", " ".join(article.byline.split()), flags=re.IGNORECASE)
    title = article.title or title
    parts = [byline, f"“{title}”" if title else "", site_name(article), getattr(article, "date", "") or ""]
    seen: list[str] = []
    for part in parts:  # a byline that is the publisher ("The Conversation") is said once
        if part and part.casefold() not in (p.casefold() for p in seen):
            seen.append(part)
    text = ", ".join(seen) + "." if seen else ""
    return f"{text} {article.url}".strip() if article.url else text


def claim_text(claim: Claim, article: Article | None) -> str:
    """One claim as plain text (for the clipboard): the quote, the article's citation, then
    the claim's reference; its tags and note. Nothing is escaped: it is not markdown."""
    lines = ["> " + line if line else ">" for line in claim.quote.strip().splitlines()]
    lines += ["", f"— {citation(article, claim.title or claim.article)} (claim {short_id(claim)})"]
    if claim.tags:
        lines += ["", " ".join(tag_text(t) for t in claim.tags)]
    if claim.note.strip():
        lines += ["", claim.note.strip()]
    return "\n".join(lines) + "\n"


def export_title(scope: Scope, groups: list[ArticleClaims]) -> str:
    """An export's title: the article's title for one article, the tag for a tag."""
    if scope.kind == "article":
        title = next((g.title for g in groups if g.article_id == scope.value and g.title), "")
        return f"Claims: {title or scope.value}"
    if scope.kind == "tag":
        return f"Claims: {tag_text(scope.value)}"
    return "Claims: collection"


def short_id(claim: Claim) -> str:
    return re.sub(r"[^0-9a-zA-Z]", "", claim.id)[:8].lower() or "claim"
