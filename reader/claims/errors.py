"""What can go wrong with the claim store, apart from the store: the app and the claims'
model catch and raise these without importing TinyDB (the app starts without it)."""

from __future__ import annotations

from pathlib import Path


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
