"""The `Collection`: a folder's files scanned, taken from the cache or cleaned (in a pool
when there are many), and its articles read by id."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.article import Article, Problem
from reader.collection.cache import ArticleCache, default_cache_dir, from_cache
from reader.collection.decoding import read_text
from reader.collection.errors import LoadError
from reader.collection.files import ARTICLE_SUFFIXES, find_names, name_problems, printable_name
from reader.collection.ids import id_prefix, id_prefixes
from reader.collection.pool import clean_in_pool, worker_count
from reader.collection.result import FileResult, Job, clean_file
from reader.gcpause import cycle_collection_paused

if TYPE_CHECKING:
    from reader.cleaning.removed import Removed

#: Cleaned files are stored in the cache in batches of this many while a load runs.
CACHE_WRITE_EVERY = 1000


#: Where an article lives: its file's result and its place in that file. A plain tuple:
#: one is made for every article when the first is opened, and a frozen dataclass per
#: article took a tenth of a second of start-up on 30,000 articles.
_Slot = tuple[FileResult, int]


class Collection:
    """The articles of a folder, in file order and then in order within each file.

    Build it with `load` (everything at once), or with `scan`, which returns at once with
    the file list and what the cache knows, followed by `iter_load` (or `load_pending`) to
    clean the rest, so an app can show progress. Article texts are read from the cache
    only when they are asked for; `summaries` needs none of them.
    """

    def __init__(self, root: Path, results: list[FileResult], pending: list[Job], cache: ArticleCache | None) -> None:
        self.root = Path(root)
        self.files: list[str] = [r.file for r in results]
        self._results = results
        self._position = {r.file: i for i, r in enumerate(results)}
        self._pending = {job.file: job for job in pending}
        self._cache = cache
        self._articles: dict[str, list[Article]] = {}
        self._slots: dict[str, _Slot] | None = None  # made when first needed

    # ---- building

    @classmethod
    def scan(cls, root: Path, cache_dir: Path | None = None, *, use_cache: bool = True) -> Collection:
        """The files of `root`, with the results the cache holds; the rest is `pending`.

        `cache_dir` defaults to a folder under the user cache folder; `use_cache=False`
        neither reads nor writes any cache. Raises `LoadError` when `root` is missing,
        not a folder, or holds no article files.
        """
        root = Path(root)
        if not root.exists():
            raise LoadError(f"articles folder not found: {root}")
        if not root.is_dir():
            raise LoadError(f"not a folder: {root}")
        files = find_names(root)
        if not files:
            suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
            raise LoadError(f"no article files ({suffixes}) in {root}")
        cache = ArticleCache(cache_dir or default_cache_dir(root)) if use_cache else None
        with cycle_collection_paused():  # (tens of thousands of heads and results, no cycles)
            return cls._scan(root, files, cache)

    @classmethod
    def _scan(cls, root: Path, files: list[str], cache: ArticleCache | None) -> Collection:
        known = cache.read_index() if cache else {}
        bad_names = name_problems(files)
        prefixes = id_prefixes([file for file in files if file not in bad_names] if bad_names else files)
        results, pending = [], []
        folder = os.path.join(root, "")
        for file in files:
            if bad_names and file in bad_names:  # shown by its printable name, never cached
                results.append(FileResult(printable_name(file), 0, 0, problem=bad_names[file], problem_lasts=False))
                continue
            result, job = from_cache(folder, file, prefixes[file], known.get(file))
            results.append(result)
            if job:
                pending.append(job)
        return cls(root, results, pending, cache)

    @classmethod
    def load(
        cls, root: Path, cache_dir: Path | None = None, workers: int | None = None, *, use_cache: bool = True
    ) -> Collection:
        """The whole collection, every file read (or taken from the cache)."""
        # The cycle collector paused for the whole load: adopting 10,000 results makes tens
        # of thousands of dicts and no cycles. (Worker processes forked meanwhile start
        # with it paused too; their work makes no cycles either.)
        with cycle_collection_paused():
            collection = cls.scan(root, cache_dir, use_cache=use_cache)
            collection.load_pending(workers)
        return collection

    @property
    def pending(self) -> list[str]:
        """Files not cleaned yet."""
        return list(self._pending)

    def load_pending(self, workers: int | None = None) -> None:
        """Clean every pending file."""
        for _ in self.iter_load(workers):
            pass

    def iter_load(self, workers: int | None = None) -> Iterator[tuple[int, int]]:
        """Clean the pending files, yielding `(done, total)` as files finish.

        `workers`: processes to clean with; by default one per core when there are many
        files, else none (cleaning in this process). Results are written to the cache as
        they come, every `CACHE_WRITE_EVERY` files (this process is idle while the
        workers clean, and the write at the end was most of what followed them), every
        fifth of that once fewer remain (so that the write after the last file, which
        nothing overlaps, is small), and at the end, also when the caller stops early.
        """
        jobs, total, done = list(self._pending.values()), len(self._pending), 0
        if not jobs:
            return
        unwritten = 0
        try:
            for finished in self._run(jobs, workers):
                for result in finished:
                    self._adopt(result)
                done += len(finished)
                unwritten += len(finished)
                every = CACHE_WRITE_EVERY if total - done >= CACHE_WRITE_EVERY else CACHE_WRITE_EVERY // 5
                if self._cache and unwritten >= every and done < total:
                    self._cache.write(self._results)
                    unwritten = 0
                yield done, total
        finally:
            if self._cache:
                self._cache.write(self._results)

    def _run(self, jobs: list[Job], workers: int | None) -> Iterator[list[FileResult]]:
        """Results in batches, from this process or from a pool of worker processes."""
        workers = worker_count(len(jobs)) if workers is None else workers
        if workers <= 1:
            for job in jobs:
                yield [clean_file(self.root, job)]
            return
        yield from clean_in_pool(self.root, jobs, workers)

    def _adopt(self, result: FileResult) -> None:
        """Take a freshly cleaned file in."""
        self._results[self._position[result.file]] = result
        self._pending.pop(result.file, None)
        self._articles.pop(result.file, None)
        if self._slots is not None:
            self._add_slots(result)

    def _add_slots(self, result: FileResult) -> None:
        assert self._slots is not None
        for i, head in enumerate(result.heads):
            self._slots[head["id"]] = (result, i)

    def _all_slots(self) -> dict[str, _Slot]:
        """Articles by id (made on first use: `reader list` never needs it)."""
        if self._slots is None:
            self._slots = {head["id"]: (r, i) for r in self._results for i, head in enumerate(r.heads)}
        return self._slots

    # ---- reading

    @property
    def problems(self) -> list[Problem]:
        """The files that could not be loaded, and why."""
        return [Problem(r.file, r.problem) for r in self._results if r.problem is not None]

    @property
    def ids(self) -> list[str]:
        """Every article's id, in collection order."""
        return [head["id"] for r in self._results for head in r.heads]

    def summaries(self) -> list[dict]:
        """Every article's metadata as `Article.summary()` gives it, without reading texts."""
        return [dict(head) for r in self._results for head in r.heads]

    def heads(self) -> Iterator[dict]:
        """`summaries` without copying them: the collection's own dicts, to read, not change
        (made for each of 30,000 articles at every start of the app, the copies cost). Only
        a caller done with the collection may add to them (`reader list` adds `claims`)."""
        for r in self._results:
            yield from r.heads

    @property
    def articles(self) -> list[Article]:
        """Every article, texts and all (read from the cache as needed)."""
        return [article for r in self._results for article in self._file_articles(r)]

    def get(self, article_id: str) -> Article:
        """The article with this id; `KeyError` when there is none."""
        result, index = self._all_slots()[article_id]
        return self._file_articles(result)[index]

    def find(self, prefix: str) -> Article:
        """The article with id `prefix`, or the only one whose id starts with it; else `KeyError`."""
        slots = self._all_slots()
        if prefix in slots:
            return self.get(prefix)
        matches = [i for i in slots if i.startswith(prefix)]
        if len(matches) != 1:
            raise KeyError(f"{prefix} (matches {len(matches)} articles)" if matches else prefix)
        return self.get(matches[0])

    def removed(self, article_id: str) -> list[Removed]:
        """What the cleaner removed from around and inside this article, step by step (the
        file is cleaned again: asked for on request only)."""
        from reader.cleaning.removed import explain

        result, index = self._all_slots()[article_id]
        explained = explain(self.raw_text(result.file))
        if len(explained) != len(result.heads):
            raise LoadError(f"{result.file} changed while the collection was open; load it again")
        return explained[index][1]

    def raw_text(self, file: str) -> str:
        """A file of the collection as read and decoded (`LoadError` when it can't be)."""
        if file not in self._position:
            raise KeyError(file)
        return read_text(self.root / file)

    def _file_articles(self, result: FileResult) -> list[Article]:
        """A file's articles, with texts from memory, the cache, or cleaning it again."""
        if not result.heads:
            return []
        articles = self._articles.get(result.file)
        if articles is not None:
            return articles
        texts = result.texts()
        if texts is None and self._cache:
            texts = self._cache.read_texts(result)
        if texts is None:  # the cache lost them: clean the file again
            job = Job(
                result.file,
                result.size,
                result.mtime_ns,
                not result.heads[0]["id"].startswith(id_prefix(result.file, False)),
            )
            texts = clean_file(self.root, job).texts() or []
        if len(texts) != len(result.heads):
            raise LoadError(f"{result.file} changed while the collection was open; load it again")
        articles = [_article(head, body) for head, body in zip(result.heads, texts, strict=False)]
        self._articles[result.file] = articles
        return articles


def _article(head: dict, body: dict) -> Article:
    """An `Article` from its head and its text."""
    values = {k: v for k, v in head.items() if k != "words"}
    return Article(**values, text=body["text"], subheadings=tuple(body["subheadings"]))


__all__ = ["CACHE_WRITE_EVERY", "Collection"]
