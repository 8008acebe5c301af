"""The one error the collection raises: a file or folder that can't be loaded."""

from __future__ import annotations


class LoadError(Exception):
    """A file or folder that cannot be loaded; `str(error)` is the reason, for people.

    `lasting` is False for reasons that may go away without the file changing (such as
    permissions), which are therefore never cached. `seen` is the file's `(size,
    mtime_ns)` when it was opened before the reason was found, else None.
    """

    def __init__(self, reason: str, *, lasting: bool = True) -> None:
        super().__init__(reason)
        self.lasting = lasting
        self.seen: tuple[int, int] | None = None


__all__ = ["LoadError"]
