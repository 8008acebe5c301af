"""A TinyDB storage that never leaves a broken file and saves fast with many claims.

Layout: the store's path is a small JSON file naming the schema; each TinyDB table lives
in a file of its own in the folder beside it (`claims.json.d/<table>.json`). The claim
store spreads claims over 256 tables by article, so one save rewrites one small file
instead of the whole store: TinyDB's own JSONStorage rewrites everything on every insert
(about 220 ms at 50,000 claims), which is too slow to do on each keystroke.

Every file is written atomically: a temporary file in the same folder (made with
`tempfile.mkstemp`, so never through a planted link), flushed and fsynced, then
`os.replace`d over the old one, so a crash or `kill -9` at any moment leaves the old file
or the new one, never a torn one. The head names the tables; a save that writes more than
one file (a tag renamed on many claims, an import, a new table) first writes all of it to
a journal (`claims.json.d/journal`), so that it is all or nothing: a journal left by a
crash is finished on the next open.

Opened `lazy`, only the head is read at first (and the folder listed, so that a table file
the head names and that is missing is still an error at once): each table is read, and
handed to `on_load` to be checked, the first time it is asked for (`load`), and `read()`
reads them all. A table file changed since the opening is read as it is now, but a writer
keeps the stamp it had at the opening, so saving over it is still refused.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

# The errors live apart so that the app can catch them without importing TinyDB.
from reader.claims.errors import StoreConflict, StoreError, StoreReadOnly, StoreWriteError
from reader.gcpause import cycle_collection_paused

LAYOUT = "tables-in-files"
JOURNAL = "journal"  # in the tables' folder: a save of several files, not finished yet
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers only ever see the old or the new content."""
    # mkstemp creates a new file (O_EXCL): a link planted under a guessable name is never
    # followed; os.replace puts the file in place of `path` itself (a link there is replaced,
    # not followed).
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # as open() would have made it (mkstemp makes 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _umask() -> int:
    """The process's umask (read once, at import, while no other thread can be creating
    files in the moment it is changed to be read)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories can't be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Stamp:
    """What a file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    inode: int = 0  # a file replaced by rename (as many editors save) has a new one

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


def shard_dir(path: Path) -> Path:
    return path.with_name(path.name + ".d")


def read_json(path: Path) -> Any:
    return _read_json(path)[0]


def read_regular(path: Path) -> bytes:
    """A file's bytes, opening only a regular file: a named pipe or a device in the store's
    place would block or never end (opened without blocking, then refused)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(f"{path}: not a regular file; not read")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_json(path: Path) -> tuple[Any, bytes]:
    """A file's parsed JSON and its bytes; StoreError when it is not JSON."""
    try:
        raw = read_regular(path)
        try:  # orjson: a third of the time of json for 50,000 claims
            return orjson.loads(raw), raw
        except orjson.JSONDecodeError:  # what it refuses (lone surrogates, deep nesting, bad bytes), json says why
            return json.loads(raw.decode("utf-8")), raw
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: bad bytes, not JSON, a huge int
        raise StoreError(f"{path}: cannot be read: {exc}") from exc
    except RecursionError:
        raise StoreError(f"{path}: cannot be read: nested too deeply") from None


def _read_table(file: Path) -> tuple[dict, bytes]:
    """A table file's records and its bytes; StoreError when it is not a table of records."""
    table, raw = _read_json(file)
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise StoreError(f"{file}: not a table of records (unexpected content)")
    # (a key of thousands of digits is past what Python turns into an int)
    bad = next((k for k in table if not (k.isascii() and k.isdigit() and len(k) <= 18)), None)
    if bad is not None:
        raise StoreError(f"{file}: record {bad[:20]!r}: the key is not a number")
    return table, raw


def _dumps(value: Any) -> bytes:
    """Compact JSON as UTF-8; StoreError for text that can't be written (a lone surrogate)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(
            f"text that is not valid Unicode (a lone surrogate at {exc.start}); nothing was saved"
        ) from None


class ShardedJSONStorage(Storage):
    """TinyDB storage keeping each table in its own atomically written file.

    `read()` returns the tables held in memory; TinyDB replaces the dict of the table it
    changed before calling `write()`, so the tables to save are those whose dict is new.
    TinyDB changes that dict (and, on update, its documents) before `write()`, so when a
    save fails the tables it did not save are put back as they are on disk, from the
    bytes last read or written: a failed change is never half-applied in memory.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        meta: Mapping[str, Any] | None = None,
        lazy: bool = False,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.meta = dict(meta or {})
        self.lazy = lazy
        # Called with (name, table, bytes) for each table read after the opening; raises to refuse it.
        self.on_load: Callable[[str, dict, bytes], None] | None = None
        self._pending: dict[str, Path] = {}  # tables (lazy) not read yet -> their file
        self._tables: dict[str, dict] = {}
        self._written: dict[str, int] = {}  # table name -> id() of the dict last saved
        self._saved: dict[str, bytes] = {}  # table name -> its file's bytes, as last read or written
        self._stamps: dict[Path, Stamp | None] = {}
        self._load()

    # -- reading -------------------------------------------------------------------------

    def _load(self) -> None:
        folder = shard_dir(self.path)
        journal = folder / JOURNAL
        entry = self._finish_journal(journal) if journal.exists() else None
        if entry is not None:  # read-only: the store read as the journal will leave it
            self._load_tables(folder)
            self._read_pending()
            for name, table in entry["tables"].items():
                self._tables[name] = table
            for name in entry.get("removed") or []:
                self._tables.pop(name, None)
            self.meta = {k: v for k, v in entry["head"].items() if k != "layout"}
            return
        self._load_tables(folder)

    def _load_tables(self, folder: Path) -> None:
        if not self.path.exists():
            return
        head = read_json(self.path)
        if not isinstance(head, dict) or head.get("layout") != LAYOUT:
            raise StoreError(f"{self.path}: not a reader store (unexpected content)")
        self.meta = {k: v for k, v in head.items() if k != "layout"}
        self._stamps[self.path] = Stamp.of(self.path)
        named = self.meta.get("tables")
        if named is not None and (
            not isinstance(named, list) or not all(isinstance(n, str) and _TABLE_NAME.match(n) for n in named)
        ):
            raise StoreError(f"{self.path}: its list of tables is not a list of table names")
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if named:
            missing = sorted(set(named) - {f.stem for f in files})
            if missing:
                shown = ", ".join(f"{m}.json" for m in missing[:5]) + (
                    f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                )
                raise StoreError(
                    f"{self.path}: {len(missing)} of its {len(named)} table files are missing from {folder} ({shown}); "
                    "nothing was changed: restore them (or the whole folder) from a backup"
                )
        for file in files:
            if self.lazy:  # read when asked for; its stamp now, to refuse a save over a change
                self._pending[file.stem] = file
                self._stamps[file] = Stamp.of(file)
            else:
                self._keep(file.stem, *_read_table(file))
                self._stamps[file] = Stamp.of(file)

    def _keep(self, name: str, table: dict, raw: bytes) -> None:
        self._tables[name] = table
        self._written[name] = id(table)
        self._saved[name] = raw

    def load(self, names: Iterable[str]) -> None:
        """Read the tables named (those not read yet), each checked by `on_load`; a table
        refused stays unread, so that asking for it again says why again."""
        for name in names:
            file = self._pending.get(name)
            if file is None:
                continue
            try:
                table, raw = _read_table(file)
            except FileNotFoundError:
                raise StoreError(
                    f"{file}: the table file is missing (removed since reader opened the store); "
                    "nothing was changed: restore it from a backup"
                ) from None
            if self.read_only:
                table, raw = self._journalled(name, table, raw)
            if self.on_load is not None:
                self.on_load(name, table, raw)
            del self._pending[name]
            self._keep(name, table, raw)
            if self.read_only:
                self._stamps[file] = Stamp.of(file)

    def _journalled(self, name: str, table: dict, raw: bytes) -> tuple[dict, bytes]:
        """A table (and bytes to check it by) as a save of several files, under way in
        another program, will leave it."""
        try:
            entry, _raw = _read_json(shard_dir(self.path) / JOURNAL)
        except (FileNotFoundError, StoreError):
            return table, raw
        tables = entry.get("tables") if isinstance(entry, dict) else None
        found = tables.get(name) if isinstance(tables, dict) else None
        if not isinstance(found, dict):
            return table, raw
        return found, json.dumps(found).encode("ascii")  # (a lone surrogate written as an escape)

    def _read_pending(self) -> None:
        with cycle_collection_paused():  # (tens of thousands of records, and no cycles)
            self.load(list(self._pending))

    def loaded(self) -> dict[str, dict]:
        """The tables read so far (all of them unless opened lazy)."""
        return self._tables

    def _finish_journal(self, journal: Path) -> dict | None:
        """A save of several files that a crash interrupted: finish it (it was complete in
        the journal); opened read-only, return it, to read the store as it will be."""
        try:
            entry, _raw = _read_json(journal)
        except FileNotFoundError:  # the writer finished it meanwhile: the tables are whole
            return None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("tables"), dict)
            or not isinstance(entry.get("head"), dict)
        ):
            raise StoreError(f"{journal}: not a reader journal (unexpected content); nothing was changed")
        folder = journal.parent
        for name, table in entry["tables"].items():
            if not isinstance(name, str) or not _TABLE_NAME.match(name) or not isinstance(table, dict):
                raise StoreError(f"{journal}: table {name!r} is not a table of records; nothing was changed")
        if self.read_only:
            return entry
        for name, table in entry["tables"].items():
            target = folder / f"{name}.json"
            _os_step(target, partial(atomic_write, target, _dumps(table)))
        for name in entry.get("removed") or []:
            if isinstance(name, str) and _TABLE_NAME.match(name):
                gone = folder / f"{name}.json"
                _os_step(folder, partial(gone.unlink, missing_ok=True))
        payload = json.dumps(entry["head"], indent=1).encode("utf-8")
        _os_step(self.path, lambda: atomic_write(self.path, payload))
        _os_step(journal, lambda: journal.unlink())
        return None

    def read(self) -> dict[str, dict] | None:
        self._read_pending()
        return self._tables

    def saved_bytes(self, name: str) -> bytes:
        """A table's file as last read or written (b"" for a table never saved; a table
        from a journal read read-only: its JSON)."""
        saved = self._saved.get(name)
        if saved is None:
            return json.dumps(self._tables.get(name, {})).encode("ascii") if name in self._tables else b""
        return saved

    # -- writing -------------------------------------------------------------------------

    def write(self, data: dict[str, dict]) -> None:
        try:
            self._save(data)
        except BaseException:
            self._roll_back(data)
            raise
        self._tables = data

    def _save(self, data: dict[str, dict]) -> None:
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: opened read-only, nothing was saved")
        changed = [name for name, table in data.items() if self._written.get(name) != id(table)]
        removed = [name for name in self._saved if name not in data]
        for name in changed:
            if not _TABLE_NAME.match(name):
                raise StoreError(f"{self.path}: invalid table name {name!r}")
        folder = shard_dir(self.path)
        names = sorted({n for n in data if n in self._saved or n in changed} | self._pending.keys())
        head_due = self._stamps.get(self.path) is None or self.meta.get("tables") != names
        # Every check first: nothing is written when one file was changed by another program.
        if self.path in self._stamps:
            self._check_unchanged(self.path)
        elif self.path.exists():
            raise StoreConflict(f"{self.path}: appeared while reader was running; not overwritten")
        for name in [*changed, *removed]:
            self._check_unchanged(folder / f"{name}.json")
        payloads = {name: _dumps(data[name]) for name in changed}
        meta = {**self.meta, "tables": names}
        files = len(changed) + len(removed) + (1 if head_due else 0)
        _os_step(self.path.parent, lambda: self.path.parent.mkdir(parents=True, exist_ok=True))
        _os_step(folder, lambda: folder.mkdir(parents=True, exist_ok=True))
        journal = folder / JOURNAL
        if files > 1:  # all or nothing: the whole change in one file first
            # {"head": ..., "removed": [...], "tables": {name: table}}, from the payloads made already
            body = (
                b'{"head":'
                + json.dumps({"layout": LAYOUT, **meta}).encode()
                + b',"removed":'
                + json.dumps(removed).encode()
            )
            body += b',"tables":{' + b",".join(json.dumps(n).encode() + b":" + payloads[n] for n in changed) + b"}}"
            _os_step(journal, lambda: atomic_write(journal, body))
        done: list[str] = []
        try:
            for name in changed:
                file = folder / f"{name}.json"
                _os_step(file, partial(atomic_write, file, payloads[name]))
                done.append(name)
            for name in removed:
                file = folder / f"{name}.json"
                _os_step(file, partial(file.unlink, missing_ok=True))
                done.append(name)
            if head_due:
                head = json.dumps({"layout": LAYOUT, **meta}, indent=1).encode("utf-8")
                _os_step(self.path, lambda: atomic_write(self.path, head))
        except BaseException:
            if files > 1:
                self._undo(done, folder, journal)
            raise
        if files > 1:
            try:
                journal.unlink()
            except OSError:
                pass  # finished again, harmlessly, on the next open
        for name in changed:
            file = folder / f"{name}.json"
            self._stamps[file] = Stamp.of(file)
            self._written[name] = id(data[name])
            self._saved[name] = payloads[name]
        for name in removed:
            self._stamps.pop(folder / f"{name}.json", None)
            self._written.pop(name, None)
            self._saved.pop(name, None)
        if head_due:
            self.meta = meta
            self._stamps[self.path] = Stamp.of(self.path)

    def _undo(self, done: list[str], folder: Path, journal: Path) -> None:
        """A save of several files failed halfway: put back the files it wrote (as last
        read), then drop its journal. Should that fail too, the journal stays, and the next
        open finishes the change instead: either way, all or nothing."""
        try:
            for name in done:
                file = folder / f"{name}.json"
                if name in self._saved:
                    atomic_write(file, self._saved[name])
                    self._stamps[file] = Stamp.of(file)
                else:
                    file.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
        except OSError:
            pass

    def _roll_back(self, data: dict[str, dict]) -> None:
        """Put the tables a failed save did not write back as they are on disk (in place:
        `data` is the dict TinyDB holds)."""
        for name in list(data):
            if self._written.get(name) != id(data[name]):
                if name in self._saved:
                    data[name] = json.loads(self._saved[name])
                    self._written[name] = id(data[name])
                else:
                    del data[name]
        for name, raw in self._saved.items():
            if name not in data:
                data[name] = json.loads(raw)
                self._written[name] = id(data[name])
        self._tables = data

    def write_head(self, meta: Mapping[str, Any]) -> None:
        self.meta = dict(meta)
        self._write_head()

    def _write_head(self) -> None:
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: opened read-only, nothing was saved")
        _os_step(self.path.parent, lambda: self.path.parent.mkdir(parents=True, exist_ok=True))
        if self.path in self._stamps:
            self._check_unchanged(self.path)
        elif self.path.exists():
            raise StoreConflict(f"{self.path}: appeared while reader was running; not overwritten")
        self.meta = {**self.meta, "tables": sorted(self._saved.keys() | self._pending.keys())}
        head = {"layout": LAYOUT, **self.meta}
        payload = json.dumps(head, indent=1).encode("utf-8")
        _os_step(self.path, lambda: atomic_write(self.path, payload))
        self._stamps[self.path] = Stamp.of(self.path)

    def _check_unchanged(self, file: Path) -> None:
        """Refuse to overwrite a file another program changed or removed since we saw it."""
        if file not in self._stamps:
            if file.exists() and file != self.path:
                raise StoreConflict(f"{file}: appeared while reader was running; not overwritten")
            return
        now = Stamp.of(file)
        if now is None and self._stamps[file] is not None:
            raise StoreConflict(f"{file}: removed by another program since reader read it; not recreated")
        if now != self._stamps[file]:
            raise StoreConflict(f"{file}: changed by another program since reader read it; not overwritten")

    def close(self) -> None:
        pass


def _os_step(path: Path, step: Callable[[], object]) -> None:
    """Run one file operation of a save; the OS's refusal becomes a StoreWriteError naming `path`."""
    try:
        step()
    except OSError as exc:
        raise StoreWriteError(path, exc) from exc
