"""Claims in TinyDB: create, read, edit and delete them, safely, from one process at a time.

A second `reader` on the same store opens it read-only and says so (an OS lock on
`<store>.lock`); a store that cannot be read is never overwritten: it opens read-only with
the reason. See `reader.claims.storage` for the file layout and the atomic writes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from reader.claims.model import SCHEMA_VERSION, Claim, InvalidRecord, check_record, now
from reader.claims.storage import (
    LAYOUT,
    ShardedJSONStorage,
    StoreConflict,
    StoreError,
    StoreReadOnly,
    StoreWriteError,
    atomic_write,
    read_json,
    read_regular,
    shard_dir,
)
from reader.claims.tags import normalise_tags
from reader.gcpause import cycle_collection_paused

try:  # POSIX advisory locks; elsewhere a second process is not detected.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_BUCKETS = 256
# A lone surrogate can only be in a JSON file as an escape: records are checked for them
# only when one is there.
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


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
    _index: dict[str, str] | None = field(default=None, repr=False)  # claim id -> table, once all are read

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, lazy: bool = False) -> ClaimStore:
        """Open (or create on first save) the store at `path`.

        Raises StoreError when the store exists but cannot be read; callers that can go on
        without writing use `open_or_read_only` instead. `lazy`: read only the head now,
        and each table (checked as at the opening) when first needed, so that one
        article's claims cost one table; a damaged table is an error when it is read.
        """
        store = cls(path=Path(path), read_only=read_only)
        if read_only:
            store.read_only_reason = "opened read-only"
        else:
            store._take_lock()
        try:
            store._migrate_if_needed()
            storage_ro = store.read_only
            store._db = TinyDB(
                store.path,
                storage=ShardedJSONStorage,
                read_only=storage_ro,
                meta={"schema": SCHEMA_VERSION},
                lazy=lazy,
            )
        except BaseException:
            store.close()
            raise
        try:
            store._check_and_index()
        except BaseException:
            store.close()
            raise
        storage = store._storage
        if not store.read_only and "tables" not in storage.meta and store.path.exists():
            # A head from before heads named their tables: named now, so that a table file
            # lost from here on is an error, not fewer claims. (Done at the next save if
            # the disk refuses now.)
            try:
                storage.write_head(storage.meta)
            except StoreError:
                pass
        return store

    def _check_and_index(self) -> None:
        """Refuse a head or a record that does not follow the schema, naming the file and
        the record; note which table holds each claim (opened lazy: the tables are checked
        as they are read, and indexed when all are)."""
        storage = self._storage
        schema = storage.meta.get("schema", SCHEMA_VERSION)
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
            raise StoreError(
                f"{self.path}: the schema is {schema!r}, not a version number; not a store this reader can read"
            )
        if schema > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer reader (schema {schema})")
        for name, table in storage.loaded().items():
            self._check_table(name, table, storage.saved_bytes(name))
        storage.on_load = self._check_table
        if not storage.lazy:
            self._where  # noqa: B018 - the index, which also refuses a claim stored twice

    def _check_table(self, name: str, table: dict, raw: bytes) -> None:
        """Refuse a table holding a record that does not follow the schema (or a claim twice)."""
        file = shard_dir(self.path) / (name + ".json")
        unicode = _ESCAPED_SURROGATE.search(raw) is not None
        seen: set[str] = set()
        for key, doc in table.items():
            try:
                check_record(doc, unicode=unicode)
            except InvalidRecord as error:
                raise StoreError(f"{file}: record {key}: {error}; nothing was changed") from None
            if doc["id"] in seen:
                raise StoreError(f"{file}: record {key}: claim {doc['id']} is stored twice")
            seen.add(doc["id"])

    @property
    def _where(self) -> dict[str, str]:
        """Which table holds each claim: every table is read for it (once)."""
        if self._index is None:
            index: dict[str, str] = {}
            folder = shard_dir(self.path)
            for name, table in (self._storage.read() or {}).items():
                for key, doc in table.items():
                    if doc["id"] in index:
                        raise StoreError(
                            f"{folder / (name + '.json')}: record {key}: claim {doc['id']} is stored twice"
                        )
                    index[doc["id"]] = name
            self._index = index
        return self._index

    @classmethod
    def open_or_read_only(cls, path: Path) -> tuple[ClaimStore | None, str]:
        """Open for writing if possible; else read-only; else nothing. Returns (store, message)."""
        try:
            store = cls.open(path)
        except StoreError as exc:
            return None, str(exc)
        return store, store.read_only_reason

    @staticmethod
    def lock_free(path: Path) -> bool:
        """Whether no reader holds the store's lock now (a look: the lock is not kept)."""
        if fcntl is None:
            return True
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path.with_name(path.name + ".lock"), flags)
        except OSError:
            return False
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
            return True
        except OSError:
            return False
        finally:
            os.close(fd)

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def _storage(self) -> ShardedJSONStorage:
        assert self._db is not None
        return self._db.storage  # type: ignore[return-value]

    def _take_lock(self) -> None:
        if fcntl is None:
            return
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.read_only, self.read_only_reason = True, f"{folder}: cannot be made ({exc.strerror}); read-only"
            return
        if not os.access(folder, os.W_OK):
            why = os.strerror(errno.EROFS if os.statvfs(folder).f_flag & os.ST_RDONLY else errno.EACCES)
            self.read_only, self.read_only_reason = (
                True,
                f"{self.path}: the folder {folder} can't be written ({why}); read-only",
            )
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        # Never through a link (O_NOFOLLOW), and only a regular file: a planted link would
        # have the pid written into whatever it points at.
        flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(lock_path, flags, 0o644)
        except OSError as exc:
            why = "it is a symbolic link, not followed" if exc.errno == errno.ELOOP else str(exc.strerror)
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                why = f"the folder {folder} can't be written ({exc.strerror})"
            self.read_only, self.read_only_reason = True, f"{lock_path}: cannot lock ({why}); read-only"
            return
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            self.read_only, self.read_only_reason = True, f"{lock_path}: not a regular file, not used; read-only"
            return
        handle = open(fd, "r+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read(32).strip() or "?"
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
        """Bring an older store up to this schema, after a backup copy of it.

        Nothing is ever deleted: a store whose head is not a reader head while its table
        folder exists (a head reset to `{}`, say) is refused, saying how to recover; and so
        is a TinyDB file of another program (records that are not claims)."""
        if not self.path.exists():
            return
        raw = read_regular(self.path)
        head = read_json(self.path)
        if isinstance(head, dict) and head.get("layout") == LAYOUT:
            return
        if not isinstance(head, dict) or not all(isinstance(t, dict) for t in head.values()):
            raise StoreError(f"{self.path}: not a reader store (unexpected content)")
        folder = shard_dir(self.path)
        marker = folder / ".migrating"
        digest = hashlib.sha256(raw).hexdigest()
        ours = False
        if folder.exists():
            try:
                ours = marker.read_text("ascii").strip() == digest
            except (OSError, UnicodeDecodeError):
                ours = False
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            if not ours and (files or not folder.is_dir()):
                fix = json.dumps({"layout": LAYOUT, "schema": SCHEMA_VERSION})
                raise StoreError(
                    f"{self.path}: the head is not a reader store's head, but {folder} holds {len(files)} table "
                    f"file(s); nothing was changed. To recover, restore {self.path.name} from a backup, or write "
                    f"{fix} into it (after copying it aside if it holds anything)"
                )
        # Schema 0: TinyDB's own single JSON file, claims in its default table.
        records = []
        for table_name, table in head.items():
            for key, doc in table.items():
                try:
                    check_record({**doc, "schema": SCHEMA_VERSION} if isinstance(doc, dict) else doc)
                except InvalidRecord as error:
                    raise StoreError(
                        f"{self.path}: not a reader store (table {table_name!r}, record {key}: {error}); "
                        "not converted, nothing was changed"
                    ) from None
                records.append(doc)
        if self.read_only:
            raise StoreError(f"{self.path}: needs an upgrade, which a read-only store can't do")
        tables: dict[str, dict[str, dict]] = {}
        for doc in records:
            claim = Claim.from_record({**doc, "schema": SCHEMA_VERSION})
            table = tables.setdefault(_bucket(claim.article), {})
            table[str(len(table) + 1)] = claim.record()
        head_out = {"layout": LAYOUT, "schema": SCHEMA_VERSION, "tables": sorted(tables)}
        # A backup of all there is, never over an older backup; then the tables, and the new
        # head last (atomically, over the old file): a failure or a crash on the way leaves
        # the old store in place, to be migrated again next time (over the tables of this
        # attempt, which the marker recognises as made from this very head).
        try:
            backup = self.path.with_name(f"{self.path.name}.schema0.bak")
            number = 1
            while backup.exists() and backup.read_bytes() != raw:
                number += 1
                backup = self.path.with_name(f"{self.path.name}.schema0.{number}.bak")
            if not backup.exists():
                atomic_write(backup, raw)
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(marker, digest.encode("ascii"))
            for name, table in tables.items():
                atomic_write(
                    folder / f"{name}.json",
                    json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                )
            atomic_write(self.path, json.dumps(head_out, indent=1).encode("utf-8"))
        except OSError as exc:
            raise StoreWriteError(self.path, exc) from exc
        marker.unlink(missing_ok=True)

    # -- queries -------------------------------------------------------------------------

    def all(self) -> list[Claim]:
        assert self._db is not None
        claims = [Claim.from_record(doc) for doc in self._records()]
        return sorted(claims, key=lambda c: (c.file, c.article, c.start, c.created))

    def for_article(self, article_id: str) -> list[Claim]:
        """The article's claims: only its table is read (when opened lazy)."""
        assert self._db is not None
        name = _bucket(article_id)
        self._storage.load([name])
        table = self._storage.loaded().get(name, {})
        claims = [Claim.from_record(doc) for doc in table.values() if doc.get("article") == article_id]
        return sorted(claims, key=lambda c: (c.start, c.end, c.created))

    def records(self, article_id: str | None = None) -> list[dict]:
        """What `all()` (or, given an article, `for_article`) returns, as records in the
        same order: copies, tags too, the caller's to change. Listing a large store need
        not make a claim of each."""
        if article_id is None:
            with cycle_collection_paused():  # (many new records, and no cycles)
                found = [_copy(doc) for doc in self._records()]
                try:
                    found.sort(key=itemgetter("file", "article", "start", "created"))
                except KeyError:  # (a record may leave out the file or the date)
                    found.sort(key=lambda r: (r.get("file", ""), r["article"], r["start"], r.get("created", "")))
            return found
        name = _bucket(article_id)
        self._storage.load([name])
        table = self._storage.loaded().get(name, {})
        found = [_copy(doc) for doc in table.values() if doc["article"] == article_id]
        found.sort(key=lambda r: (r["start"], r["end"], r.get("created", "")))
        return found

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

    def _records(self) -> list[dict]:
        """Every stored record (checked when the store was opened), without making claims."""
        assert self._db is not None
        return [doc for table in (self._storage.read() or {}).values() for doc in table.values()]

    def counts(self) -> Counter[str]:
        """Claims per article id."""
        return Counter(doc["article"] for doc in self._records())

    def tags(self) -> Counter[str]:
        # (as stored: a tag kept from before the tag rule is counted, not refused)
        return Counter(tag for doc in self._records() for tag in dict.fromkeys(doc.get("tags") or ()))

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
            reason = self.read_only_reason or "read-only"
            if not reason.startswith((str(self.path), str(self.path.parent))):  # most reasons name their file
                reason = f"{self.path}: {reason}"
            raise StoreReadOnly(f"{reason}; nothing was saved")

    def add(self, claim: Claim) -> Claim:
        """Store a new claim (a new id): only its table is read and written."""
        self._writable()
        assert self._db is not None
        name = _bucket(claim.article)
        record = _checked(claim)
        storage = self._storage
        storage.load([name])
        data = dict(storage.loaded())
        table = dict(data.get(name, {}))
        table[str(max(map(int, table), default=0) + 1)] = record
        data[name] = table
        try:
            storage.write(data)
        finally:
            self._db._tables.clear()  # TinyDB's tables cache ids: read afresh
        if self._index is not None:
            self._index[claim.id] = name
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
        record = _checked(claim)

        def replace_doc(doc: MutableMapping) -> None:  # not a merge: a field left out (group) goes
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
        """Rename a tag on every claim (merging into `new` where it exists); returns how many
        changed. One save for all of them: all are renamed, or none."""
        self._writable()
        new_tags = normalise_tags([new])
        if not new_tags:
            raise ValueError("the new tag name is empty")
        stamp = now()
        pairs: list[tuple[Claim | None, Claim | None]] = []
        for claim in self.all():
            if old in claim.tags:
                # (not normalised again: a tag stored before the tag rule may stay as it is)
                tags = tuple(dict.fromkeys(new_tags[0] if t == old else t for t in claim.tags))
                pairs.append((claim, replace(claim, tags=tags, updated=stamp)))
        return self.apply(pairs)

    def add_many(self, claims: list[Claim]) -> int:
        """Add many claims in one save (all or nothing); returns how many were added."""
        return self.apply([(None, c) for c in claims])

    def apply(self, pairs: list[tuple[Claim | None, Claim | None]]) -> int:
        """Make many changes in one save, all or nothing; returns how many claims changed.

        Each pair is (before, after): None before adds `after`, None after removes `before`.
        A pair whose change is already stored is skipped; one whose claim another program
        changed or removed since `before` was read (other than moving it in its text) raises
        `StoreConflict` naming the claim, and nothing is saved.
        """
        self._writable()
        assert self._db is not None
        data = self._storage.read() or {}
        tables: dict[str, dict] = {}  # the changed tables, copied
        keys: dict[str, dict[str, str]] = {}  # table -> claim id -> record key
        next_key: dict[str, int] = {}
        placed: dict[str, str | None] = {}  # claim id -> its table after the change

        def table(name: str) -> dict:
            if name not in tables:
                tables[name] = dict(data.get(name, {}))
                keys[name] = {doc.get("id"): key for key, doc in tables[name].items()}
                next_key[name] = max((int(k) for k in tables[name]), default=0) + 1
            return tables[name]

        changed = 0
        for before, after in pairs:
            claim = after or before
            if claim is None:
                continue
            name = placed[claim.id] if claim.id in placed else self._where.get(claim.id)
            stored = None
            if name is not None:
                record = table(name)[keys[name][claim.id]]
                stored = Claim.from_record(record)
            if after is None:
                if stored is None:
                    continue
                if before is not None and not _same_but_place(stored, before):
                    raise StoreConflict(
                        f"{self.path}: claim {claim.id[:8]} was changed by another program; nothing was saved"
                    )
                assert name is not None  # (a stored claim has a table)
                del table(name)[keys[name].pop(claim.id)]
                placed[claim.id] = None
            elif stored is None:
                if before is not None:
                    raise StoreConflict(
                        f"{self.path}: claim {claim.id[:8]} was removed by another program; nothing was saved"
                    )
                record = _checked(after)
                name = _bucket(after.article)
                table(name)
                key = str(next_key[name])
                tables[name][key] = record
                keys[name][after.id] = key
                next_key[name] = int(key) + 1
                placed[after.id] = name
            elif stored == after:
                continue
            else:
                if before is not None and not _same_but_place(stored, before):
                    raise StoreConflict(
                        f"{self.path}: claim {claim.id[:8]} was changed by another program since it was read; "
                        "nothing was saved"
                    )
                assert name is not None
                table(name)[keys[name][claim.id]] = _checked(after)
            changed += 1
        if not tables:
            return 0
        new_data = dict(data)
        new_data.update(tables)
        try:
            self._storage.write(new_data)
        finally:
            self._db._tables.clear()  # TinyDB's tables cache ids and queries: read afresh
        for claim_id, name in placed.items():
            if name is None:
                self._where.pop(claim_id, None)
            else:
                self._where[claim_id] = name
        return changed


def _copy(record: dict) -> dict:
    """A stored record to give away: nothing in it is the store's own."""
    return {**record, "tags": list(record["tags"])} if "tags" in record else dict(record)


def _checked(claim: Claim) -> dict[str, Any]:
    record = claim.record()
    try:
        check_record(record)
    except InvalidRecord as error:
        raise InvalidRecord(f"claim {claim.id[:8]}: {error}; nothing was saved") from None
    return record


def _same_but_place(a: Claim, b: Claim) -> bool:
    """Whether two versions of a claim differ at most in where they stand in the text
    (re-attaching moves a claim without touching it)."""
    return replace(a, quote=b.quote, prefix=b.prefix, suffix=b.suffix, start=b.start, end=b.end) == b
