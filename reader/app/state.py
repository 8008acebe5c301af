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
        if self._dirty and _write_json(self.path, self._data):
            self._dirty = False


def _write_json(path: Path, data: dict) -> bool:
    """Write `data` atomically; False when it could not be written (losing a reading
    position or a remembered folder is not worth stopping the app for)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def session_path() -> Path:
    return user_state_path("reader") / "session.json"


class Session:
    """What the app remembers besides positions: per articles folder, the last article
    read; the folder the last export was written to."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or session_path()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self._data: dict = data if isinstance(data, dict) else {}

    def last_article(self, articles_dir: Path) -> str | None:
        value = (self._data.get("last_article") or {}).get(str(articles_dir.resolve()))
        return value if isinstance(value, str) else None

    def set_last_article(self, articles_dir: Path, article_id: str) -> None:
        last = self._data.get("last_article")
        if not isinstance(last, dict):
            last = self._data["last_article"] = {}
        last[str(articles_dir.resolve())] = article_id

    @property
    def export_folder(self) -> Path | None:
        value = self._data.get("export_folder")
        return Path(value) if isinstance(value, str) and value else None

    @export_folder.setter
    def export_folder(self, folder: Path) -> None:
        self._data["export_folder"] = str(folder)

    def save(self) -> None:
        _write_json(self.path, self._data)
