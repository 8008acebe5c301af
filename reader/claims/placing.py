"""Claims meet articles: marking a quote, and finding each claim in the current text.

The store keeps claims; anchoring finds a quote in a text; this module puts the two
together for the command line and the app alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reader.article import Article
from reader.claims.model import ANCHORED, CONTEXT, MOVED, ORPHAN, Claim, make_claim
from reader.gcpause import cycle_collection_paused

if TYPE_CHECKING:
    # Imported where used: the app shows its first article (no claims to place yet)
    # before it needs anchoring (and edlib) or the store (and TinyDB).
    from reader.claims.anchoring import Anchor
    from reader.claims.store import ClaimStore


@dataclass(frozen=True)
class Placed:
    """A claim and where it stands in its article's current text.

    `claim` is the claim at its current place (offsets, words and context taken from the
    current text; for an orphan, as stored); `stored` is the claim as stored, when placing
    moved it."""

    claim: Claim
    status: str  # ANCHORED, MOVED or ORPHAN
    stored: Claim | None = None

    @property
    def found(self) -> bool:
        return self.status != ORPHAN

    @property
    def as_stored(self) -> Claim:
        return self.stored if self.stored is not None else self.claim

    @property
    def words_changed(self) -> bool:
        """Found, but on words other than the ones marked (a figure corrected, say)."""
        return self.found and self.claim.quote != self.as_stored.quote

    def row(self) -> dict[str, Any]:
        """The claim as the command line reports it: the stored record with its current
        place (`start`/`end` into the current text; None for an orphan), its status, and
        `text_now`, the words at that place, when they are not the words marked."""
        data = self.as_stored.record()
        data["start"], data["end"] = (self.claim.start, self.claim.end) if self.found else (None, None)
        data["status"] = self.status
        if self.words_changed:
            data["text_now"] = self.claim.quote
        return data


_SINGLE_QUOTES = "'‘’‚‛′`´"
_DOUBLE_QUOTES = '"“”„‟″«»'
_DASHES = "-‐‑‒–—―−"


def _loose_pattern(quote: str) -> re.Pattern[str]:
    """A pattern for `quote` as a person types it: any kind of quote mark or apostrophe for
    one, any dash (with or without spaces around it) for a dash, any run of whitespace
    (no-break spaces and line breaks too) for a space, "..." for "…"."""
    parts: list[str] = []
    for token in re.findall(r"\s+|[" + re.escape(_DASHES) + r"]+|\.\.\.|.", quote.strip(), flags=re.S):
        if token.isspace():
            parts.append(r"\s+")
        elif token[0] in _DASHES:
            if parts and parts[-1] == r"\s+":
                parts[-1] = r"\s*"
            parts.append(f"[{re.escape(_DASHES)}]+" + r"\s*")
        elif token == "..." or token == "…":
            parts.append(r"(?:\.\.\.|…)")
        elif token in _SINGLE_QUOTES:
            parts.append(f"[{re.escape(_SINGLE_QUOTES)}]")
        elif token in _DOUBLE_QUOTES:
            parts.append(f"(?:[{re.escape(_DOUBLE_QUOTES)}]|'')")
        else:
            parts.append(re.escape(token))
    # After a dash, a space typed in the quote is optional too ("a - b" finds "a—b").
    pattern = "".join(parts).replace(r"\s*\s+", r"\s*")
    return re.compile(pattern)


def find_quotes(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (non-overlapping) appearance of `quote` in `text`, matched as typed (see
    `_loose_pattern`), as offsets into `text`: a claim keeps the article's own characters."""
    if not quote.strip():
        raise ValueError("the quote is empty")
    return [m.span() for m in _loose_pattern(quote).finditer(text) if m.end() > m.start()]


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the `occurrence`-th (1-based) appearance of `quote`; ValueError if absent."""
    found = find_quotes(text, quote)
    if not found:
        raise ValueError(
            "the quote does not appear in the article (quote marks, dashes and spaces match however typed; "
            "check the words with `reader show ID`)"
        )
    if occurrence > len(found):
        times = "once" if len(found) == 1 else f"{len(found)} times"
        raise ValueError(f"the quote appears {times}, not {occurrence} times, in the article")
    return found[max(1, occurrence) - 1]


def same_span(claims: list[Claim], start: int, end: int) -> Claim | None:
    """The claim (the latest made, when there are several) on exactly `[start, end)`."""
    found = [c for c in claims if (c.start, c.end) == (start, end)]
    return max(found, key=lambda c: c.created) if found else None


def mark(store: ClaimStore, article: Article, start: int, end: int, tags=(), note: str = "") -> Claim:
    """Store a new claim on `article.text[start:end]`."""
    return store.add(make_claim(article.id, article.file, article.title, article.text, start, end, tuple(tags), note))


def reattached(claim: Claim, text: str, where: Anchor) -> Claim:
    """The claim moved to where anchoring found it, its quote and context taken anew."""
    start, end = where.start, where.end
    return replace(
        claim,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
    )


def place(claims: list[Claim], article: Article) -> list[Placed]:
    """Anchor each claim in the article's current text (claims that moved come back updated)."""
    placed: list[Placed] = []
    if not claims:
        return placed
    from reader.claims.anchoring import anchor

    for claim in claims:
        where = anchor(article.text, claim.quote, claim.prefix, claim.suffix, claim.start, claim.end)
        if where.status == MOVED:
            placed.append(Placed(reattached(claim, article.text, where), MOVED, claim))
        else:
            placed.append(Placed(claim, where.status))
    return sorted(placed, key=lambda p: (not p.found, p.claim.start, p.claim.end))


def place_and_save(store: ClaimStore, article: Article) -> list[Placed]:
    """`place`, then save the new offsets of claims that moved with their words unchanged
    (when the store is writable), so that the next opening finds them at once. A claim
    whose words changed keeps the words marked until someone accepts the new ones: the
    store never rewrites evidence by itself."""
    placed = place(store.for_article(article.id), article)
    if not store.read_only:
        for item in placed:
            if item.status == MOVED and not item.words_changed:
                store.update(item.claim, touch=False)
    return placed


def place_all(claims: list[Claim], lookup: Callable[[str], Article | None]) -> list[Placed]:
    """Each claim placed in its article's current text (each article anchored once), in
    the order given; a claim whose article is gone is an orphan."""
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article, []).append(claim)
    placed: dict[str, Placed] = {}
    for article_id, items in by_article.items():
        article = lookup(article_id)
        for item in place(items, article) if article is not None else [Placed(c, ORPHAN) for c in items]:
            placed[item.claim.id] = item
    return [placed[c.id] for c in claims]


# A record's fields in the order `Claim.record()` writes them (without and with a group).
_RECORDED = (tuple(n for n in Claim.__dataclass_fields__ if n != "group"), tuple(Claim.__dataclass_fields__))


def rows(records: list[dict], lookup: Callable[[str], Article | None]) -> list[dict[str, Any]]:
    """The `Placed.row()` of each claim these stored records hold, as `place_all` gives
    them, in the order given. A record whose quote still stands at its offsets in the
    current text (most of them) is anchored there, as `anchor` would say at once: its row
    is the record itself, with no claim made. The others are placed as claims.

    The records are the caller's own copies (as `ClaimStore.records` gives them): those
    rows are made of them, in place."""
    with cycle_collection_paused():  # (a row a claim, and no cycles)
        return _rows(records, lookup)


def _rows(records: list[dict], lookup: Callable[[str], Article | None]) -> list[dict[str, Any]]:
    texts: dict[str, str | None] = {}
    out: list[dict[str, Any]] = []
    slow: list[tuple[int, Claim]] = []
    for record in records:
        article_id = record["article"]
        if article_id not in texts:
            article = lookup(article_id)
            texts[article_id] = article.text if article is not None else None
        text = texts[article_id]
        start, end, quote = record["start"], record["end"], record["quote"]
        if (
            text is not None
            and end <= len(text)
            and text[start:end] == quote
            and tuple(record) in _RECORDED
            and record.get("group") != ""  # (a record keeps no empty group)
            and len(record["prefix"]) <= CONTEXT  # (a claim keeps no more context than this)
            and len(record["suffix"]) <= CONTEXT
        ):
            record["status"] = ANCHORED
            out.append(record)
        else:
            slow.append((len(out), Claim.from_record(record)))
            out.append({})
    for (index, _), placed in zip(slow, place_all([c for _, c in slow], lookup), strict=True):
        out[index] = placed.row()
    return out


__all__ = [
    "ANCHORED",
    "MOVED",
    "ORPHAN",
    "Placed",
    "find_quote",
    "find_quotes",
    "mark",
    "place",
    "place_all",
    "place_and_save",
    "rows",
    "same_span",
]
