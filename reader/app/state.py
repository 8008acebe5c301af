"""Where the reader was in each article, remembered across runs.

A small JSON file in the user state directory, written atomically (a temporary file in
the same folder, then `os.replace`), so a crash leaves the old or the new file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from platformdirs import user_state_path


def positions_path() -> Path:
    return user_state_path("reader") / "positions.json"


class Positions:
    """Article id -> character offset of the reading cursor."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or positions_path()
        self._data: dict[str, int] = {}
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict):
            self._data = {k: v for k, v in data.items() if isinstance(v, int) and v >= 0}

    def get(self, article_id: str) -> int | None:
        return self._data.get(article_id)

    def set(self, article_id: str, offset: int) -> None:
        if self._data.get(article_id) != offset:
            self._data[article_id] = offset
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".positions-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            pass  # losing a reading position is not worth stopping the app for
