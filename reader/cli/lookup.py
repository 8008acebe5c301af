"""What a command works on: the claim store, opened to read or to write, and the article
an id (or a unique beginning of one) names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.article import Article
from reader.claims.store import ClaimStore
from reader.cli import CommandError
from reader.collection import Collection


def reading(store_path: Path) -> ClaimStore:
    """The store opened for reading: no lock taken, nothing created; each table read (and
    checked) when a command first needs it."""
    return ClaimStore.open(store_path, read_only=True, lazy=True)


def writing(store_path: Path) -> ClaimStore:
    store = ClaimStore.open(store_path, lazy=True)
    if store.read_only:
        store.close()
        raise CommandError(f"{store.read_only_reason}; nothing was changed")
    return store


def find_article(collection: Collection, wanted: str) -> Article:
    """The article with this id or unique id prefix, or a `CommandError` saying why not."""
    try:
        return collection.find(wanted)
    except KeyError:
        matches = [i for i in collection.ids if i.startswith(wanted)]
        if matches:
            raise CommandError(f"{len(matches)} articles have ids starting with {wanted!r}; give more of it") from None
        raise CommandError(f"no article with id {wanted!r} (see `reader list`)") from None


def article_lookup(collection: Collection) -> Callable[[str], Article | None]:
    """An article by its id, None when the collection has none (a claim's article gone)."""

    def lookup(article_id: str) -> Article | None:
        try:
            return collection.get(article_id)
        except KeyError:
            return None

    return lookup
