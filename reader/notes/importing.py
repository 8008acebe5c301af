"""Reading Web Annotation JSON back into the store: its own exports, and other tools'."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.article import Article
from reader.claims.anchoring import anchor
from reader.claims.model import CONTEXT, Claim, InvalidRecord, check_record, now, valid_text
from reader.claims.store import ClaimStore
from reader.claims.tags import TAG_RULE, TagError, normalise_tags, tag_name
from reader.collection import Collection
from reader.notes.formats.w3c import SOURCE_PREFIX, Incoming
from reader.wording import counted


@dataclass
class ImportReport:
    added: int = 0
    orphans: int = 0  # added, but their words are not in the current text
    duplicates: int = 0  # the same annotation (same id, or same content without an id) is stored
    unreadable: int = 0  # items that are not annotations of a text quote (set by the caller)
    unknown: list[str] = field(default_factory=list)  # sources that are not in this collection
    bad_tags: list[str] = field(default_factory=list)  # tags left out: they break the tag rule

    def summary(self) -> str:
        parts = [f"imported {counted(self.added, 'claim')}"]
        if self.orphans:
            parts.append(f"{self.orphans} of them not found in the current text (kept as orphans)")
        if self.duplicates:
            parts.append(f"skipped {self.duplicates} already in the store (the same id, or the same content)")
        if self.unreadable:
            parts.append(f"skipped {self.unreadable} that are not annotations of a text quote")
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


def _claim_id(raw: str) -> str:
    """The claim id for an annotation's id: the UUID it holds, or one made from it (so that
    importing the same file again finds the same ids); a new one when it has none."""
    if not raw:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, raw))


def _content(claim: Claim) -> tuple:
    return (claim.article, claim.start, claim.end, claim.quote, claim.tags, claim.note)


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
    """Anchor each annotation in its article and add them all in one save (all or
    nothing), skipping only the same annotation stored already: the same id, or, for an
    annotation without one, the same words, place, tags and note. An annotation that does
    not follow the claim schema raises `InvalidRecord` naming it, and nothing is added."""
    report = ImportReport()
    by_url = {a.url: a for a in collection.articles if a.url}
    existing = store.all()
    taken = {c.id for c in existing}
    seen = {_content(c) for c in existing}
    new: list[Claim] = []
    for number, item in enumerate(items, 1):
        article = _article_for(item, collection, by_url)
        if article is None:
            report.unknown.append(item.source)
            continue
        prefix, suffix = item.prefix[-CONTEXT:], item.suffix[:CONTEXT]
        texts = {"quote": item.quote, "prefix": prefix, "suffix": suffix, "note": item.note, "id": item.id}
        bad = next((k for k, v in [*texts.items(), *(("tag", t) for t in item.tags)] if not valid_text(v)), None)
        if bad is not None:
            raise InvalidRecord(
                f"annotation {number}: its {bad} is not valid Unicode (a lone surrogate); nothing was imported"
            )
        where = anchor(article.text, item.quote, prefix, suffix, item.start, item.end)
        if where.found:
            start, end = where.start, where.end
            quote = article.text[start:end]
            prefix, suffix = article.text[max(0, start - CONTEXT) : start], article.text[end : end + CONTEXT]
        else:
            start, end, quote = item.start, max(item.start, item.end), item.quote
        stamp = now()
        claim = Claim(
            id=_claim_id(item.id),
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
        try:
            check_record(claim.record())
        except InvalidRecord as error:
            raise InvalidRecord(f"annotation {number} ({item.id or 'no id'}): {error}; nothing was imported") from None
        if claim.id in taken or (not item.id and _content(claim) in seen):
            report.duplicates += 1
            continue
        new.append(claim)
        taken.add(claim.id)
        seen.add(_content(claim))
        report.orphans += 0 if where.found else 1
    store.add_many(new)
    report.added = len(new)
    return report
