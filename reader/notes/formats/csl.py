"""CSL-JSON references of the articles the claims cite: what Zotero and other reference
managers, pandoc and citeproc read."""

from __future__ import annotations

import json
import re
from typing import Any

from reader.notes.formats import Export, Format
from reader.notes.gathering import ArticleClaims, site_name

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def to_csl_item(group: ArticleClaims) -> dict[str, Any]:
    """One cited article as a CSL-JSON item (what Zotero and other reference managers,
    pandoc and citeproc read): title, author (the byline, as written), container (the
    site or publisher), date, URL, with what the article has of them. Its id is the
    article's id, so notes and references agree."""
    article = group.article
    item: dict[str, Any] = {"id": group.article_id, "type": "article-newspaper", "title": group.title}
    if article is None:
        return item
    byline = re.sub(r"^by\s+", "", " ".join(article.byline.split()), flags=re.IGNORECASE)
    site = site_name(article)
    if byline and byline.casefold() != site.casefold():
        item["author"] = [{"literal": byline}]
    if site:
        item["container-title"] = site
    date = (getattr(article, "date", "") or "").strip()
    if date:
        parts = _ISO_DATE.match(date)
        if parts:
            item["issued"] = {"date-parts": [[int(p) for p in parts.groups() if p]]}
        else:
            item["issued"] = {"raw": date}
    if article.section:
        item["section"] = article.section
    if article.url:
        item["URL"] = article.url
    return item


def to_csl(groups: list[ArticleClaims]) -> str:
    """The articles the claims cite, as a CSL-JSON list (one item per article)."""
    return json.dumps([to_csl_item(g) for g in groups], ensure_ascii=False, indent=2) + "\n"


def render(export: Export) -> str:
    return to_csl(export.groups)


FORMAT = Format(
    "csl",
    "CSL-JSON references of the articles cited (Zotero)",
    ".csl.json",
    render,
    order=2,
    uses_board=False,
    what="the references cited by",
)
