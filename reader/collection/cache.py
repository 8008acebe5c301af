"""The SQLite cache of cleaned results, so that a second start reads instead of cleaning."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import fields
from pathlib import Path

import orjson

from reader import cleaning
from reader.article import Article
from reader.collection.result import FileResult, Job, unpack_texts, words

#: Bumped when the cache layout or what the collection stores in it changes (decoding too:
#: 2 strips the bidi marks ALM, LRM and RLM; 4 stores texts packed, not as JSON; 5 stores
#: heads and texts as UTF-8 blobs; 6 honours an HTML page's declared charset).
CACHE_FORMAT = 6


def cache_key() -> str:
    """What a cached result depends on besides the file: layout, cleaner, article fields."""
    names = ",".join(f.name for f in fields(Article))
    return f"{CACHE_FORMAT}:{cleaning.CLEANER_VERSION}:{names}"


def default_cache_dir(root: Path) -> Path:
    """The cache folder for one collection: the user cache folder, keyed by the root."""
    from platformdirs import user_cache_path

    digest = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return user_cache_path("reader") / "collections" / digest


class ArticleCache:
    """Cleaned results per file, in one SQLite database (`cache.sqlite3`) in `folder`.

    One row per file in `files`: the cache key (see `cache_key`), the file's size and
    mtime (ns), its problem or its article heads (all the metadata `reader list` needs) as
    UTF-8 JSON. The articles' texts and subheadings, packed (`pack_texts`), are in
    `texts`, read only when an article is opened: in a table of their own, the heads of 10,000 files sit on a few
    pages and every start reads them in one pass, not across all the texts. A row counts
    only when key, size and mtime all match. A database of another layout
    (`PRAGMA user_version` other than CACHE_FORMAT) is emptied and made anew.

    Why SQLite rather than JSON files: writing 10,000 small files (temporary file, then
    rename) is many times slower than one transaction; and reading the
    heads of 10,000 files is one query. Transactions make writes atomic; a database that
    is missing, locked, unreadable or corrupt is treated as empty (and a corrupt one is
    replaced), never as an error.
    """

    FILENAME = "cache.sqlite3"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / self.FILENAME
        # Rows of other cache keys are deleted by the first write only: the DELETE reads
        # the whole table, and a cold load writes ten times (most of the cache's CPU then).
        self._swept = False

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=2)
        try:
            # Texts average 5 KB: on 64 KB pages (which only a new database takes) storing
            # 10,000 files cost a third less CPU than on the default 4 KB ones.
            connection.execute("PRAGMA page_size = 65536")
            # No waiting for the disk at each commit: this is a cache, and one that a crash
            # of the system leaves damaged is detected and made anew (see the class).
            connection.execute("PRAGMA synchronous = OFF")
            if connection.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
                with connection:
                    connection.execute("DROP TABLE IF EXISTS files")
                    connection.execute("DROP TABLE IF EXISTS texts")
                    connection.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS files (file TEXT PRIMARY KEY, key TEXT, size INTEGER,"
                " mtime_ns INTEGER, problem TEXT, heads BLOB)"
            )
            connection.execute(
                "CREATE TABLE IF NOT EXISTS texts (file TEXT PRIMARY KEY, key TEXT, size INTEGER,"
                " mtime_ns INTEGER, texts BLOB)"
            )
        except BaseException:
            connection.close()
            raise
        return connection

    def read_index(self) -> dict[str, tuple]:
        """Valid-looking entries by file name: `(size, mtime_ns, problem, heads)`, as the
        cache holds them (checked by `from_cache`)."""
        if not self.path.is_file():
            return {}
        try:
            connection = self._connect()
            try:
                rows = connection.execute(
                    "SELECT file, size, mtime_ns, problem, heads FROM files WHERE key = ?", (cache_key(),)
                ).fetchall()
            finally:
                connection.close()
            # Each row's heads parsed on its own: joined into one text and parsed at once
            # they took longer, most of it making that string. (orjson: twice as fast.)
            loads = orjson.loads
            return {row[0]: (row[1], row[2], row[3], loads(row[4] or "[]")) for row in rows}
        except (sqlite3.Error, ValueError, TypeError):
            return {}  # a row that is no single JSON value: trust none of them

    def write(self, results: list[FileResult]) -> bool:
        """Store the results not stored yet (all in one transaction); False when that failed."""
        rows, text_rows, written = [], [], []
        key = cache_key()
        for r in results:
            if r.stored or (r.problem is not None and not r.problem_lasts):
                continue
            if r.problem is None and r.texts_packed is None:
                continue
            written.append(r)
            heads = r.heads_json or orjson.dumps(r.heads)
            rows.append((r.file, key, r.size, r.mtime_ns, r.problem, heads))
            if r.problem is None:
                text_rows.append((r.file, key, r.size, r.mtime_ns, r.texts_packed))
        if not rows:
            return True
        for attempt in (1, 2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                connection = self._connect()
                try:
                    with connection:
                        if not self._swept:
                            connection.execute("DELETE FROM files WHERE key != ?", (key,))
                            connection.execute("DELETE FROM texts WHERE key != ?", (key,))
                        connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", rows)
                        connection.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?, ?)", text_rows)
                finally:
                    connection.close()
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error) or attempt == 2 or not self._discard():
                    return False  # another process is writing: it will have stored them
                continue
            except sqlite3.DatabaseError:  # not a database, or a damaged one
                if attempt == 2 or not self._discard():
                    return False
                continue
            except (sqlite3.Error, OSError):
                return False
            self._swept = True
            for r in written:  # (not all results: a load writes ten times, 10,000 each)
                r.stored = True
                r.texts_packed = r.heads_json = None  # the cache has them now; memory stays flat
            return True
        return False

    def _discard(self) -> bool:
        """Remove a database that can't be used (corrupt, say), so it can be made anew."""
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def read_texts(self, result: FileResult) -> list[dict] | None:
        """A file's texts, when the cache holds them for this very version of the file."""
        try:
            connection = self._connect()
            try:
                row = connection.execute(
                    "SELECT texts FROM texts WHERE file = ? AND key = ? AND size = ? AND mtime_ns = ?",
                    (result.file, cache_key(), result.size, result.mtime_ns),
                ).fetchone()
            finally:
                connection.close()
            texts = unpack_texts(row[0]) if row and isinstance(row[0], bytes) else None
        except (sqlite3.Error, UnicodeDecodeError):
            return None
        if texts is None or len(texts) != len(result.heads):
            return None
        # Each text must have the words its head says: a damaged or edited row is not
        # shown as the article (JSON used to reject most such rows by failing to parse).
        if any(words(t["text"]) != head.get("words") for t, head in zip(texts, result.heads, strict=False)):
            return None
        return texts


def from_cache(root: str, file: str, prefix: tuple[str, bool], entry: tuple | None) -> tuple[FileResult, Job | None]:
    """The cached result for a file when it is still valid; else a job to clean it.

    `root` is the folder as a string with a trailing separator (this runs once per file
    at every start, so it avoids making paths); `prefix` is the file's id prefix and
    whether it keeps the extension (`ids.id_prefixes`); `entry` the cache's (`read_index`)."""
    id_prefix, keep_extension = prefix
    if entry is None:  # nothing to check: the worker's read records size and mtime (no stat here)
        return FileResult(file, 0, 0, stored=True), Job(file, 0, 0, keep_extension)
    try:
        stat = os.stat(root + file)
    except OSError:
        return FileResult(file, 0, 0, problem="unreadable: it vanished or can't be examined", problem_lasts=False), None
    size, mtime = stat.st_size, stat.st_mtime_ns
    result = FileResult(file, size, mtime, stored=True)
    if entry[0] != size or entry[1] != mtime:
        return result, Job(file, size, mtime, keep_extension)
    problem, heads = entry[2], entry[3]
    if isinstance(problem, str):
        result.problem = problem
        return result, None
    if not heads or type(heads) is not list or not _valid_heads(heads, id_prefix):
        return result, Job(file, size, mtime, keep_extension)
    result.heads = heads
    return result, None


def _valid_heads(heads: list, prefix: str) -> bool:
    """Whether cached heads look like those this version wrote, for this file name: dicts
    whose `id` is a string starting with `prefix`. (Runs for every article at every start:
    one loop, its failures caught, costs a fraction of a call per head.)"""
    try:
        for head in heads:
            if not head["id"].startswith(prefix):
                return False
    except (TypeError, KeyError, AttributeError):  # not a dict, no id, an id not a string
        return False
    return True


__all__ = ["CACHE_FORMAT", "ArticleCache", "cache_key", "default_cache_dir", "from_cache"]
