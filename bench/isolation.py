"""Shared by the bench scripts that run the app: keep it away from the user's own files."""

from __future__ import annotations

import os
from pathlib import Path


def isolate_user_dirs(folder: Path) -> None:
    """Config, data, cache and state under `folder`, and no articles or store chosen by
    the environment: a bench run never reads or writes the user's files."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(folder / var.lower())
    for var in ("READER_ARTICLES", "READER_DB"):
        os.environ.pop(var, None)
