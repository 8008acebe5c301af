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
from collections.abc import Mapping
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

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_mtime_ns, st.st_size)


def shard_dir(path: Path) -> Path:
    return path.with_name(path.name + ".d")


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: cannot be read: {exc}") from exc


class ShardedJSONStorage(Storage):
    """TinyDB storage keeping each table in its own atomically written file.

    `read()` returns the tables held in memory; TinyDB replaces the dict of the table it
    changed before calling `write()`, so the tables to save are those whose dict is new.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, meta: Mapping[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.meta = dict(meta or {})
        self._tables: dict[str, dict] = {}
        self._written: dict[str, int] = {}  # table name -> id() of the dict last saved
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
            table = read_json(file)
            if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
                raise StoreError(f"{file}: not a table of records (unexpected content)")
            self._tables[file.stem] = table
            self._written[file.stem] = id(table)
            self._stamps[file] = Stamp.of(file)

    def read(self) -> dict[str, dict] | None:
        return self._tables

    # -- writing -------------------------------------------------------------------------

    def write(self, data: dict[str, dict]) -> None:
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: opened read-only, nothing was saved")
        changed = [name for name, table in data.items() if self._written.get(name) != id(table)]
        removed = [name for name in self._tables if name not in data]
        if not self.path.exists() or self._stamps.get(self.path) is None:
            self._write_head()
        folder = shard_dir(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        for name in changed:
            if not _TABLE_NAME.match(name):
                raise StoreError(f"{self.path}: invalid table name {name!r}")
            file = folder / f"{name}.json"
            self._check_unchanged(file)
            atomic_write(file, json.dumps(data[name], ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            self._stamps[file] = Stamp.of(file)
            self._written[name] = id(data[name])
        for name in removed:
            file = folder / f"{name}.json"
            self._check_unchanged(file)
            file.unlink(missing_ok=True)
            self._stamps.pop(file, None)
            self._written.pop(name, None)
        self._tables = data

    def write_head(self, meta: Mapping[str, Any]) -> None:
        self.meta = dict(meta)
        self._write_head()

    def _write_head(self) -> None:
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: opened read-only, nothing was saved")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path in self._stamps:
            self._check_unchanged(self.path)
        head = {"layout": LAYOUT, **self.meta}
        atomic_write(self.path, json.dumps(head, indent=1).encode("utf-8"))
        self._stamps[self.path] = Stamp.of(self.path)

    def _check_unchanged(self, file: Path) -> None:
        """Refuse to overwrite a file another program changed or removed since we saw it."""
        if file not in self._stamps:
            if file.exists() and file != self.path:
                raise StoreConflict(f"{file}: appeared while reader was running; not overwritten")
            return
        if Stamp.of(file) != self._stamps[file]:
            raise StoreConflict(f"{file}: changed by another program since reader read it; not overwritten")

    def close(self) -> None:
        pass
