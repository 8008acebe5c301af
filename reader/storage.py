"""A TinyDB storage that never leaves a broken file and saves fast with many claims.

Layout: the store's path is a small JSON file naming the schema; each TinyDB table lives
in a file of its own in the folder beside it (`claims.json.d/<table>.json`). The claim
store spreads claims over 256 tables by article, so one save rewrites one small file
instead of the whole store: TinyDB's own JSONStorage rewrites everything on every insert
(about 220 ms at 50,000 claims), which is too slow to do on each keystroke.

Every file is written atomically: a temporary file in the same folder, flushed and
fsynced, then `os.replace`d over the old one, so a crash or `kill -9` at any moment leaves
the old file or the new one, never a torn one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

LAYOUT = "tables-in-files"
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class StoreError(Exception):
    """The store cannot be read or written; the message names the file and the reason."""


class StoreConflict(StoreError):
    """Another program changed or removed a store file since we last read it."""


class StoreReadOnly(StoreError):
    """A write was attempted on a store opened read-only."""


class StoreWriteError(StoreError):
    """The disk refused a save (full, read-only, gone): nothing of that change was kept.

    `errno` is the operating system's code (such as `errno.ENOSPC`), so a caller can say
    what to do; the claims stored before are untouched, and the same change can be retried.
    """

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(f"{path}: cannot save ({reason}); the change was not saved")
        self.errno = error.errno


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers only ever see the old or the new content."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


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


def _read_json(path: Path) -> tuple[Any, bytes]:
    """A file's parsed JSON and its bytes; StoreError when it is not JSON."""
    try:
        raw = path.read_bytes()
        return json.loads(raw.decode("utf-8")), raw
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: cannot be read: {exc}") from exc


class ShardedJSONStorage(Storage):
    """TinyDB storage keeping each table in its own atomically written file.

    `read()` returns the tables held in memory; TinyDB replaces the dict of the table it
    changed before calling `write()`, so the tables to save are those whose dict is new.
    TinyDB changes that dict (and, on update, its documents) before `write()`, so when a
    save fails the tables it did not save are put back as they are on disk, from the
    bytes last read or written: a failed change is never half-applied in memory.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, meta: Mapping[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.meta = dict(meta or {})
        self._tables: dict[str, dict] = {}
        self._written: dict[str, int] = {}  # table name -> id() of the dict last saved
        self._saved: dict[str, bytes] = {}  # table name -> its file's bytes, as last read or written
        self._stamps: dict[Path, Stamp | None] = {}
        self._load()

    # -- reading -------------------------------------------------------------------------

    def _load(self) -> None:
        if not self.path.exists():
            return
        head = read_json(self.path)
        if not isinstance(head, dict) or head.get("layout") != LAYOUT:
            raise StoreError(f"{self.path}: not a reader store (unexpected content)")
        self.meta = {k: v for k, v in head.items() if k != "layout"}
        self._stamps[self.path] = Stamp.of(self.path)
        folder = shard_dir(self.path)
        for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            table, raw = _read_json(file)
            if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
                raise StoreError(f"{file}: not a table of records (unexpected content)")
            self._tables[file.stem] = table
            self._written[file.stem] = id(table)
            self._saved[file.stem] = raw
            self._stamps[file] = Stamp.of(file)

    def read(self) -> dict[str, dict] | None:
        return self._tables

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
        if not self.path.exists() or self._stamps.get(self.path) is None:
            self._write_head()
        folder = shard_dir(self.path)
        _os_step(folder, lambda: folder.mkdir(parents=True, exist_ok=True))
        for name in changed:
            file = folder / f"{name}.json"
            self._check_unchanged(file)
            payload = json.dumps(data[name], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            _os_step(file, lambda: atomic_write(file, payload))
            self._stamps[file] = Stamp.of(file)
            self._written[name] = id(data[name])
            self._saved[name] = payload
        for name in removed:
            file = folder / f"{name}.json"
            self._check_unchanged(file)
            _os_step(file, lambda: file.unlink(missing_ok=True))
            self._stamps.pop(file, None)
            self._written.pop(name, None)
            self._saved.pop(name, None)

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
