"""Claims in TinyDB: create, read, edit and delete them, safely, from one process at a time.

A second `reader` on the same store opens it read-only and says so (an OS lock on
`<store>.lock`); a store that cannot be read is never overwritten: it opens read-only with
the reason. See `reader.storage` for the file layout and the atomic writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from reader.storage import (
    LAYOUT,
    ShardedJSONStorage,
    StoreError,
    StoreReadOnly,
    StoreWriteError,
    atomic_write,
    read_json,
    shard_dir,
)

try:  # POSIX advisory locks; elsewhere a second process is not detected.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 1
CONTEXT = 32  # characters of context kept on each side of a quote
_BUCKETS = 256


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Claim:
    """A marked span of an article, with its tags and note."""

    id: str
    article: str
    file: str
    title: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    updated: str = ""
    schema: int = SCHEMA_VERSION
    # The board group the user put the claim in ("" lets the board group it, "none" keeps
    # it alone); see reader.board.
    group: str = ""

    def record(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        if not self.group:
            del data["group"]  # records stay as they were for claims never grouped by hand
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Claim:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["tags"] = tuple(values.get("tags") or ())
        return cls(**values)


def make_claim(
    article_id: str, file: str, title: str, text: str, start: int, end: int, tags: tuple[str, ...] = (), note: str = ""
) -> Claim:
    """A new claim on `text[start:end]`, with the context that anchoring will need later."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside the text ({len(text)} characters)")
    stamp = now()
    return Claim(
        id=str(uuid.uuid4()),
        article=article_id,
        file=file,
        title=title,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
        tags=normalise_tags(tags),
        note=note,
        created=stamp,
        updated=stamp,
    )


#: What a tag name may hold: what an Obsidian `#tag` may, so a tag exports as itself.
TAG_RULE = "a tag is letters, digits, '-', '_' and '/' (spaces become '-', a leading '#' is dropped)"
_TAG = re.compile(r"[\w/-]+")


class TagError(ValueError):
    """A tag name that breaks the one rule for tags (`TAG_RULE`)."""


def tag_name(raw: str) -> str:
    """`raw` as a tag: trimmed, a leading '#' dropped, runs of spaces made '-'; "" when
    nothing is left; TagError when it holds what a tag can't (commas, '#', other marks)."""
    name = "-".join(raw.strip().lstrip("#").split())
    if name and not _TAG.fullmatch(name):
        bad = "".join(dict.fromkeys(c for c in name if not _TAG.fullmatch(c)))
        raise TagError(f"tag {raw!r} holds {bad!r}: {TAG_RULE}")
    return name


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tag names by `tag_name`, without empties or repeats, in the order given
    (TagError for the first one that breaks the rule)."""
    seen: dict[str, None] = {}
    for tag in tags:
        tag = tag_name(tag)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed by a user: separated by commas, or by spaces when there is no comma
    (within commas, spaces become '-')."""
    parts = text.split(",") if "," in text else text.split()
    return normalise_tags(parts)


def _bucket(article_id: str) -> str:
    return "claims-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:2]


@dataclass
class ClaimStore:
    """The claims of one collection. Open with `ClaimStore.open(path)`."""

    path: Path
    read_only: bool = False
    read_only_reason: str = ""
    _db: TinyDB | None = field(default=None, repr=False)
    _lock: Any = field(default=None, repr=False)
    _where: dict[str, str] = field(default_factory=dict, repr=False)  # claim id -> table

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> ClaimStore:
        """Open (or create on first save) the store at `path`.

        Raises StoreError when the store exists but cannot be read; callers that can go on
        without writing use `open_or_read_only` instead.
        """
        store = cls(path=Path(path), read_only=read_only)
        if read_only:
            store.read_only_reason = "opened read-only"
        else:
            store._take_lock()
        try:
            store._migrate_if_needed()
            storage_ro = store.read_only
            store._db = TinyDB(store.path, storage=ShardedJSONStorage, read_only=storage_ro,
                               meta={"schema": SCHEMA_VERSION})
        except BaseException:
            store.close()
            raise
        storage = store._storage
        if storage.meta.get("schema", SCHEMA_VERSION) > SCHEMA_VERSION:
            store.close()
            raise StoreError(f"{path}: written by a newer reader (schema {storage.meta['schema']})")
        for name in store._db.tables():
            for doc in store._db.table(name):
                store._where[doc["id"]] = name
        return store

    @classmethod
    def open_or_read_only(cls, path: Path) -> tuple[ClaimStore | None, str]:
        """Open for writing if possible; else read-only; else nothing. Returns (store, message)."""
        try:
            store = cls.open(path)
        except StoreError as exc:
            return None, str(exc)
        return store, store.read_only_reason

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def _storage(self) -> ShardedJSONStorage:
        assert self._db is not None
        return self._db.storage  # type: ignore[return-value]

    def _take_lock(self) -> None:
        if fcntl is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = open(lock_path, "a+")
        except OSError as exc:
            self.read_only, self.read_only_reason = True, f"{lock_path}: cannot lock ({exc.strerror}); read-only"
            return
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            self.read_only = True
            self.read_only_reason = f"{self.path}: in use by another reader (pid {holder}); opened read-only"
            return
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock = handle

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migration -----------------------------------------------------------------------

    def _migrate_if_needed(self) -> None:
        """Bring an older store up to this schema, after a backup copy of it."""
        if not self.path.exists():
            return
        head = read_json(self.path)
        if isinstance(head, dict) and head.get("layout") == LAYOUT:
            return
        if not isinstance(head, dict) or not all(isinstance(t, dict) for t in head.values()):
            raise StoreError(f"{self.path}: not a reader store (unexpected content)")
        # Schema 0: TinyDB's own single JSON file, claims in its default table.
        if self.read_only:
            raise StoreError(f"{self.path}: needs an upgrade, which a read-only store can't do")
        backup = self.path.with_name(f"{self.path.name}.schema0.bak")
        shutil.copy2(self.path, backup)
        records = [doc for table in head.values() for doc in table.values() if "quote" in doc]
        tables: dict[str, dict[str, dict]] = {}
        for doc in records:
            claim = Claim.from_record({**doc, "schema": SCHEMA_VERSION})
            table = tables.setdefault(_bucket(claim.article), {})
            table[str(len(table) + 1)] = claim.record()
        # The tables first, the new head last (atomically, over the old file): a failure or
        # a crash on the way leaves the old store in place, to be migrated again next time.
        folder = shard_dir(self.path)
        try:
            shutil.rmtree(folder, ignore_errors=True)  # left by an earlier attempt: never in use
            folder.mkdir(parents=True)
            for name, table in tables.items():
                atomic_write(folder / f"{name}.json", json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            atomic_write(self.path, json.dumps({"layout": LAYOUT, "schema": SCHEMA_VERSION}, indent=1).encode("utf-8"))
        except OSError as exc:
            raise StoreWriteError(self.path, exc) from exc

    # -- queries -------------------------------------------------------------------------

    def all(self) -> list[Claim]:
        assert self._db is not None
        claims = [Claim.from_record(doc) for name in self._db.tables() for doc in self._db.table(name)]
        return sorted(claims, key=lambda c: (c.file, c.article, c.start, c.created))

    def for_article(self, article_id: str) -> list[Claim]:
        assert self._db is not None
        table = self._db.table(_bucket(article_id))
        claims = [Claim.from_record(doc) for doc in table if doc.get("article") == article_id]
        return sorted(claims, key=lambda c: (c.start, c.end, c.created))

    def get(self, claim_id: str) -> Claim:
        doc = self._doc(claim_id)
        return Claim.from_record(doc)

    def find(self, wanted: str) -> Claim:
        """The claim with this id or unique id beginning; KeyError (no such claim) or
        LookupError (several) otherwise."""
        wanted = wanted.strip().removeprefix("urn:uuid:").removeprefix("^claim-").lower()
        if wanted in self._where:
            return self.get(wanted)
        matches = [claim_id for claim_id in self._where if claim_id.startswith(wanted)] if wanted else []
        if not matches:  # as exports show it: the first 8 of its letters and digits
            matches = [i for i in self._where if wanted and i.replace("-", "").startswith(wanted.replace("-", ""))]
        if len(matches) > 1:
            raise LookupError(f"{len(matches)} claims have ids starting with {wanted!r}; give more of it")
        if not matches:
            raise KeyError(wanted)
        return self.get(matches[0])

    def counts(self) -> Counter[str]:
        """Claims per article id."""
        return Counter(c.article for c in self.all())

    def tags(self) -> Counter[str]:
        return Counter(tag for c in self.all() for tag in c.tags)

    def findings(self) -> dict[str, str]:
        """Notes on board groups ("findings"), by group id, kept in the store's head."""
        return dict(self._storage.meta.get("findings") or {})

    def set_finding(self, group_id: str, text: str) -> None:
        """Store (or, with empty text, remove) the finding of a board group."""
        self._writable()
        findings = self.findings()
        if text.strip():
            findings[group_id] = text.strip()
        else:
            findings.pop(group_id, None)
        self._storage.write_head({**self._storage.meta, "findings": findings})

    def _doc(self, claim_id: str) -> dict:
        assert self._db is not None
        name = self._where.get(claim_id)
        if name is None:
            raise KeyError(claim_id)
        for doc in self._db.table(name):
            if doc.get("id") == claim_id:
                return dict(doc)
        raise KeyError(claim_id)

    # -- changes -------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: {self.read_only_reason or 'read-only'}; nothing was saved")

    def add(self, claim: Claim) -> Claim:
        self._writable()
        assert self._db is not None
        name = _bucket(claim.article)
        self._db.table(name).insert(claim.record())
        self._where[claim.id] = name
        return claim

    def update(self, claim: Claim, *, touch: bool = True) -> Claim:
        """Replace the stored claim with the same id."""
        self._writable()
        assert self._db is not None
        name = self._where.get(claim.id)
        if name is None:
            raise KeyError(claim.id)
        if touch:
            claim = replace(claim, updated=now())
        record = claim.record()

        def replace_doc(doc: dict) -> None:  # not a merge: a field left out (group) goes
            doc.clear()
            doc.update(record)

        self._db.table(name).update(replace_doc, lambda doc: doc.get("id") == claim.id)
        return claim

    def remove(self, claim_id: str) -> Claim:
        self._writable()
        assert self._db is not None
        claim = self.get(claim_id)
        self._db.table(self._where[claim_id]).remove(lambda doc: doc.get("id") == claim_id)
        del self._where[claim_id]  # only once removed: a failed save leaves the claim in place
        return claim

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag on every claim (merging into `new` where it exists); returns how many changed."""
        self._writable()
        new_tags = normalise_tags([new])
        if not new_tags:
            raise ValueError("the new tag name is empty")
        changed = 0
        for claim in self.all():
            if old in claim.tags:
                tags = tuple(dict.fromkeys(new_tags[0] if t == old else t for t in claim.tags))
                self.update(replace(claim, tags=tags))
                changed += 1
        return changed


def default_store_path(articles_dir: Path) -> Path:
    """`<articles>/.reader/claims.json`, or the user data dir when the folder is not writable."""
    local = articles_dir / ".reader" / "claims.json"
    if _writable_dir(articles_dir):
        return local
    from platformdirs import user_data_path

    key = hashlib.sha1(str(articles_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return user_data_path("reader") / "stores" / key / "claims.json"


def _writable_dir(folder: Path) -> bool:
    reader_dir = folder / ".reader"
    if reader_dir.is_dir():
        return os.access(reader_dir, os.W_OK)
    return folder.is_dir() and os.access(folder, os.W_OK)


__all__ = [
    "Claim",
    "ClaimStore",
    "SCHEMA_VERSION",
    "StoreError",
    "StoreReadOnly",
    "TAG_RULE",
    "TagError",
    "default_store_path",
    "make_claim",
    "normalise_tags",
    "parse_tags",
    "tag_name",
]
