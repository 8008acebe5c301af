"""Where a collection's claim store lives (light: the app asks before it opens the store)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def default_store_path(articles_dir: Path) -> Path:
    """`<articles>/.reader/claims.json`, or the user data dir when the folder is not writable.

    A store that exists in `.reader/` is always the one: a read-only folder opens it
    read-only (and a command that writes says so), never a second, empty store elsewhere."""
    local = articles_dir / ".reader" / "claims.json"
    if os.path.lexists(local) or _writable_dir(articles_dir):
        return local
    from platformdirs import user_data_path

    key = hashlib.sha1(str(articles_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return user_data_path("reader") / "stores" / key / "claims.json"


def _writable_dir(folder: Path) -> bool:
    reader_dir = folder / ".reader"
    if reader_dir.is_dir():
        return os.access(reader_dir, os.W_OK)
    return folder.is_dir() and os.access(folder, os.W_OK)
