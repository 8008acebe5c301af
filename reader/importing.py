"""Reading Web Annotation JSON back into the store: its own exports, and other tools'."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.anchoring import anchor
from reader.article import Article
from reader.collection import Collection
from reader.export import SOURCE_PREFIX, Incoming
from reader.store import CONTEXT, TAG_RULE, Claim, ClaimStore, TagError, normalise_tags, now, tag_name


@dataclass
class ImportReport:
    added: int = 0
    orphans: int = 0  # added, but their words are not in the current text
    duplicates: int = 0
    unknown: list[str] = field(default_factory=list)  # sources that are not in this collection
    bad_tags: list[str] = field(default_factory=list)  # tags left out: they break the tag rule

    def summary(self) -> str:
        parts = [f"imported {self.added} claim{'s' if self.added != 1 else ''}"]
        if self.orphans:
            parts.append(f"{self.orphans} of them not found in the current text (kept as orphans)")
        if self.duplicates:
            parts.append(f"skipped {self.duplicates} already in the store")
        if self.unknown:
            parts.append(f"skipped {len(self.unknown)} whose article is not in this collection")
        if self.bad_tags:
            shown = ", ".join(repr(t) for t in dict.fromkeys(self.bad_tags))
            parts.append(f"left out the tags {shown} ({TAG_RULE})")
        return "; ".join(parts)


def _article_for(item: Incoming, collection: Collection, by_url: dict[str, Article]) -> Article | None:
    if item.source.startswith(SOURCE_PREFIX):
        try:
            return collection.get(item.source[len(SOURCE_PREFIX) :])
        except KeyError:
            return None
    return by_url.get(item.source) or by_url.get(item.scope)


def _claim_id(raw: str, taken: set[str]) -> str:
    try:
        value = str(uuid.UUID(raw))
    except ValueError:
        return str(uuid.uuid4())
    return value if value not in taken else str(uuid.uuid4())


def _tags(tags: Iterable[str], report: ImportReport) -> tuple[str, ...]:
    """The tags that follow the tag rule (normalised as everywhere); the others reported."""
    kept = []
    for tag in tags:
        try:
            kept.append(tag_name(tag))
        except TagError:
            report.bad_tags.append(tag)
    return normalise_tags(kept)


def import_annotations(items: Iterable[Incoming], collection: Collection, store: ClaimStore) -> ImportReport:
    """Anchor each annotation in its article and add it, skipping ones already stored."""
    report = ImportReport()
    by_url = {a.url: a for a in collection.articles if a.url}
    existing = store.all()
    taken = {c.id for c in existing}
    seen = {(c.article, c.start, c.end, c.quote) for c in existing}
    for item in items:
        article = _article_for(item, collection, by_url)
        if article is None:
            report.unknown.append(item.source)
            continue
        where = anchor(article.text, item.quote, item.prefix, item.suffix, item.start, item.end)
        if where.found:
            start, end = where.start, where.end
            quote = article.text[start:end]
            prefix, suffix = article.text[max(0, start - CONTEXT) : start], article.text[end : end + CONTEXT]
        else:
            start, end, quote, prefix, suffix = item.start, item.end, item.quote, item.prefix, item.suffix
        if item.id in taken or (article.id, start, end, quote) in seen:
            report.duplicates += 1
            continue
        stamp = now()
        claim = Claim(
            id=_claim_id(item.id, taken),
            article=article.id,
            file=article.file,
            title=article.title,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end,
            tags=_tags(item.tags, report),
            note=item.note,
            created=item.created or stamp,
            updated=item.modified or item.created or stamp,
            group=item.group,
        )
        store.add(claim)
        taken.add(claim.id)
        seen.add((claim.article, start, end, quote))
        report.added += 1
        report.orphans += 0 if where.found else 1
    return report
