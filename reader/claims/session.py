"""The claim store as a program uses it for a while: opened (read-only, saying why, when
it is broken or another reader holds it), changed through `History`, saved again when a
save failed, closed.

Plain Python: the app keeps only the timer that calls `retry` and the notifications; what
to say comes from here (`problem`, `history.last_error`, `history.conflict`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reader.claims.errors import StoreError
from reader.claims.history import History, Step

if TYPE_CHECKING:
    from reader.claims.store import ClaimStore


class StoreSession:
    """One store path, the store open on it (or None), and the history of changes to it.

    `problem` says why the store is read-only or not open; "" when it is writable (or not
    opened yet: see `opened`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store: ClaimStore | None = None
        self.problem = ""
        self.opened = False  # `open` was called (the store may still have failed to open)
        self._seen: tuple = ()  # the store's files as last opened (see `_on_disk`)
        self.history = History(None, "the claim store is not open yet")

    def open(self) -> bool:
        """Open the store for writing; else read-only, with the reason in `problem` (a
        broken store is never written over: its file stays as it is). Changes that waited
        are saved now if they can be; True when nothing is left waiting."""
        self._open()
        return not self.history.pending or self.history.flush()

    def _open(self) -> None:
        # (Imported here: the app opens its store after its first paint; TinyDB can wait.)
        from reader.claims.store import ClaimStore

        try:
            store, message = ClaimStore.open_or_read_only(self.path)
        except OSError as error:  # e.g. its folder can't be made
            store, message = None, f"{self.path}: {error.strerror or error}"
        self.opened = True
        self._seen = self._on_disk()
        self.store = store
        if store is None:
            self.problem = message
        elif store.read_only:
            self.problem = message or store.read_only_reason
        else:
            self.problem = ""
        self.history.store = store
        self.history.unavailable = self.problem

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
            self.history.store = None

    @property
    def writable(self) -> bool:
        return self.store is not None and not self.store.read_only

    def do(self, step: Step) -> bool:
        """Apply a change; True when it was saved, False when it waits (see `retry`)."""
        return self.history.do(step)

    def retry(self) -> bool:
        """Save the waiting changes; True when all are saved. A store that was read-only or
        not open is opened again first (see `refresh`)."""
        self.refresh()
        return self.history.flush()

    @property
    def pending(self) -> bool:
        return bool(self.history.pending)

    @property
    def give_up(self) -> bool:
        """Retrying would not help: the store holds another change to the same claims, and
        writing over it would lose that change."""
        return bool(self.history.pending) and self.history.conflict

    def keep_mine(self) -> bool:
        """After `give_up`: write the waiting changes over the other program's (reopening the
        store first, so what it holds now is what is written over). True when saved."""
        self.refresh()
        return self.history.keep_mine()

    def keep_theirs(self) -> list[Step]:
        """After `give_up`: drop the waiting changes and keep the store's; returns them."""
        return self.history.keep_theirs()

    def refresh(self) -> bool:
        """Open a store that is read-only or not open again: the other reader may have quit,
        the file been repaired, or claims changed meanwhile. True when it is writable now.
        A store whose files are as they were, under a lock still held, is not read again."""
        from reader.claims.store import ClaimStore

        if not self.writable and (
            self.store is None or self._on_disk() != self._seen or ClaimStore.lock_free(self.path)
        ):
            self.close()
            self._open()
        return self.writable

    def _on_disk(self) -> tuple:
        """The head's and the tables folder's sizes and times (a save replaces a file in
        them), and whether the folder can be written."""
        from reader.claims.storage import shard_dir

        seen: list = [os.access(self.path.parent, os.W_OK)]
        for path in (self.path, shard_dir(self.path)):
            try:
                info = os.stat(path)
            except OSError:
                seen.append(None)
            else:
                seen.append((info.st_mtime_ns, info.st_size, info.st_ino))
        return tuple(seen)

    def counts(self) -> dict[str, int]:
        """Claims per article; empty when the store can't be read."""
        try:
            return dict(self.history.counts())
        except (StoreError, OSError):
            return {}

    def tags(self) -> list[str]:
        """The tags in use; empty when the store can't be read."""
        try:
            return list(self.history.tags())
        except (StoreError, OSError):
            return []

    def findings(self) -> dict[str, str]:
        return self.store.findings() if self.store is not None else {}


__all__ = ["StoreSession"]
