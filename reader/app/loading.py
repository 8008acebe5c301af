"""Getting the collection for the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.article import Article, Problem

Progress = Callable[[int, int], None]

# Imported here, in the main thread before the app starts: imported from the load worker
# it competed for the GIL with Textual's first paint, and took three times as long.
from reader.collection import Collection  # noqa: E402


class Summary:
    """An article's metadata without its text, read like an `Article` by the sidebar.

    Built for every article at startup, so kept light: a frozen dataclass with its
    checks took a third of a second on a 43,000-article collection.
    """

    __slots__ = ("id", "file", "title", "subtitle", "byline", "section", "url", "date", "site", "excerpt", "words")
    text = ""
    subheadings: tuple[str, ...] = ()

    def __init__(self, head: dict) -> None:
        self.id = head["id"]
        self.file = head["file"]
        try:  # a head as the collection writes it has every field
            self.title = head["title"]
            self.subtitle = head["subtitle"]
            self.byline = head["byline"]
            self.section = head["section"]
            self.url = head["url"]
            self.date = head["date"]
            self.site = head["site"]
            self.excerpt = head["excerpt"]
            self.words = head["words"]
        except KeyError:
            get = head.get
            self.title = get("title", "")
            self.subtitle = get("subtitle", "")
            self.byline = get("byline", "")
            self.section = get("section", "")
            self.url = get("url", "")
            self.date = get("date", "")
            self.site = get("site", "")
            self.excerpt = get("excerpt", False)
            self.words = get("words", 0)


class Library:
    """The collection as the app sees it: light summaries at once, texts when needed.

    The sidebar needs only titles and the like (`summaries`: articles with empty text);
    opening an article or searching asks for full articles with `get`, which the
    collection reads from its cache one file at a time. This keeps the first screen quick
    on a large collection.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.summaries: list[Article] = []
        self.problems: list[Problem] = []
        self._collection: Collection | None = None
        self._full: dict[str, Article] = {}

    def scan(self) -> None:
        """The file list and what the cache knows (fast); `pending` files are not read yet."""
        self._collection = Collection.scan(self.root)
        self.refresh()

    @property
    def pending(self) -> int:
        return len(self._collection.pending) if self._collection is not None else 0

    def load_pending(self, progress: Progress | None = None) -> None:
        """Clean the files the cache did not have, reporting `(done, total)`."""
        if self._collection is None or not self._collection.pending:
            return
        _start_resource_tracker()
        for done, total in self._collection.iter_load():
            if progress is not None:
                progress(done, total)
        self.refresh()

    def refresh(self) -> None:
        """Summaries and problems as the collection has them now."""
        collection = self._collection
        if collection is None:
            return
        self.summaries = [Summary(head) for head in collection.heads()]  # type: ignore[misc]
        self.problems = list(collection.problems)

    def get(self, article_id: str) -> Article | None:
        article = self._full.get(article_id)
        if article is None and self._collection is not None:
            try:
                article = self._collection.get(article_id)
            except KeyError:
                return None
            self._full[article_id] = article
        return article

    def removed(self, article_id: str) -> list[tuple[str, str | None]]:
        """The article's paragraphs with what the cleaner removed from around and inside
        them, in file order (see `reader.cleaning.removed.in_place`)."""
        from reader.cleaning.removed import in_place, reference_text

        article = self.get(article_id)
        if article is None or self._collection is None:
            return []
        raw = reference_text(self._collection.raw_text(article.file))
        return in_place(raw, article, self._collection.removed(article_id))

    def articles(self):
        """Every full article, in order (read as the caller goes)."""
        for summary in self.summaries:
            article = self.get(summary.id)
            if article is not None:
                yield article


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    The collection cleans many files in a process pool ("spawn" from a threaded app).
    Spawning starts the tracker, handing it `sys.stderr.fileno()`, which inside a
    Textual app is a capture object without a usable descriptor: "bad value(s) in
    fds_to_keep". Started once here with the real stderr, it is reused afterwards.
    """
    import sys
    from multiprocessing import resource_tracker

    captured = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    except Exception:
        pass  # cleaning then fails on its own, and says so in the sidebar
    finally:
        sys.stderr = captured
