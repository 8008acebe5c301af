"""reader.collection.cache: the SQLite cache of cleaned results."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader import cleaning, collection
from reader.article import Problem
from reader.collection import (
    ArticleCache,
    Collection,
    default_cache_dir,
)
from tests.collection.common import write


def test_cache_gives_equal_articles_without_cleaning(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Collection.load(articles_dir)
    monkeypatch.setattr(cleaning, "clean", lambda text: pytest.fail("cleaned again"))
    second = Collection.scan(articles_dir)
    assert second.pending == []
    assert second.articles == first.articles
    assert default_cache_dir(articles_dir).joinpath(ArticleCache.FILENAME).is_file()


def test_changed_file_is_cleaned_again(articles_dir: Path) -> None:
    Collection.load(articles_dir)
    target = sorted(articles_dir.glob("*.txt"))[0]
    target.chmod(0o644)
    target.write_text("A Changed Title\n\nNew text, with enough words to be a paragraph of prose.\n", "utf-8")
    again = Collection.scan(articles_dir)
    assert again.pending == [target.name]
    again.load_pending()
    assert any("New text" in a.text for a in again.articles)


def test_same_size_new_mtime_is_cleaned_again(articles_dir: Path) -> None:
    Collection.load(articles_dir)
    target = sorted(articles_dir.glob("*.txt"))[0]
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert Collection.scan(articles_dir).pending == [target.name]


def test_a_cold_scan_stats_nothing_and_each_read_records_its_file(
    articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing cached: the scan leaves stat to the read (fstat of the open file), whose
    # size and mtime the cache must then hold, for problems that last too.
    write(articles_dir / "binary.txt", b"\x00\x01 not text")
    real_stat = os.stat

    def stat_of_no_article(path, *args, **kwargs):  # noqa: ANN001, ANN202
        if str(path).endswith(".txt"):
            pytest.fail(f"the scan looked at {path}")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_of_no_article)
    loaded = Collection.load(articles_dir, workers=1)
    monkeypatch.setattr(os, "stat", real_stat)  # (not undo(): that undoes the isolated cache folder too)
    index = ArticleCache(default_cache_dir(articles_dir)).read_index()
    assert sorted(index) == sorted(loaded.files) and len(index) == 4
    for file, (size, mtime_ns, _problem, _heads) in index.items():
        stat = (articles_dir / file).stat()
        assert (size, mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    again = Collection.scan(articles_dir)
    assert again.pending == [] and again.problems == loaded.problems == [
        Problem("binary.txt", "binary file (contains NUL bytes), not text")
    ]


def test_a_file_gone_between_scan_and_load_is_a_problem_not_cached(articles_dir: Path) -> None:
    scanned = Collection.scan(articles_dir)
    gone = scanned.pending[0]
    (articles_dir / gone).unlink()
    scanned.load_pending(workers=1)
    assert scanned.problems == [Problem(gone, "unreadable: No such file or directory")]
    assert len(scanned.articles) > 0
    assert gone not in ArticleCache(default_cache_dir(articles_dir)).read_index()


def test_new_cleaner_version_invalidates(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Collection.load(articles_dir)
    monkeypatch.setattr(cleaning, "CLEANER_VERSION", "something-else")
    assert len(Collection.scan(articles_dir).pending) == 3


@pytest.mark.parametrize("damage", ["garbage", "truncate", "other-table", "bad-json"])
def test_corrupt_cache_is_ignored(articles_dir: Path, damage: str) -> None:
    first = Collection.load(articles_dir)
    database = default_cache_dir(articles_dir) / ArticleCache.FILENAME
    data = database.read_bytes()
    if damage == "garbage":
        database.write_bytes(b"\x00\xffnot a database" * 100)
    elif damage == "truncate":
        database.write_bytes(data[: len(data) // 2])
    else:
        with sqlite3.connect(database) as connection:
            if damage == "other-table":
                connection.execute("DROP TABLE files")
                connection.execute("CREATE TABLE files (x)")
            else:
                connection.execute("UPDATE files SET heads = '{not json'")
                connection.execute("UPDATE texts SET texts = '[1, 2'")
        connection.close()
    again = Collection.load(articles_dir)
    assert again.articles == first.articles
    assert Collection.load(articles_dir).articles == first.articles  # and the cache works again


@pytest.mark.parametrize(
    "heads",
    [
        "[1]",
        '["text"]',
        "[null]",
        "[[]]",
        '[{"title": "no id"}]',
        '[{"id": 5}]',
        '[{"id": ["a"]}]',
        '[{"id": "other-file/a-title"}]',
        "[]",
        "{}",
        '"heads"',
    ],
)
def test_cached_heads_that_look_wrong_are_cleaned_again(articles_dir: Path, heads: str) -> None:
    first = Collection.load(articles_dir)
    target = first.files[0]
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE files SET heads = ? WHERE file = ?", (heads, target))
    connection.close()
    again = Collection.scan(articles_dir)
    assert again.pending == [target]
    again.load_pending()
    assert again.articles == first.articles


@pytest.mark.parametrize("heads", ["{not json", "[] []", "[], []", "[1"])
def test_one_row_that_is_no_single_json_value_makes_the_whole_index_untrusted(articles_dir: Path, heads: str) -> None:
    first = Collection.load(articles_dir)
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE files SET heads = ? WHERE file = ?", (heads, first.files[-1]))
    connection.close()
    again = Collection.scan(articles_dir)
    assert again.pending == first.files
    again.load_pending()
    assert again.articles == first.articles


def test_heads_with_spaces_around_them_are_read(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Collection.load(articles_dir)
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE files SET heads = ' ' || heads || char(10)")
    connection.close()
    monkeypatch.setattr(cleaning, "clean", lambda text: pytest.fail("cleaned again"))
    again = Collection.scan(articles_dir)
    assert again.pending == [] and again.articles == first.articles


def test_heads_are_the_summaries_uncopied(articles_dir: Path) -> None:
    loaded = Collection.load(articles_dir)
    heads = list(loaded.heads())
    assert heads == loaded.summaries() and [h["id"] for h in heads] == loaded.ids
    assert heads[0] is next(loaded.heads())  # the collection's own: no copy per start


def test_get_and_find_after_more_files_are_cleaned(articles_dir: Path) -> None:
    # The id index is made at the first `get`; files cleaned later join it.
    first = Collection.load(articles_dir)
    scanned = Collection.scan(articles_dir, use_cache=False)
    assert scanned.pending == scanned.files
    with pytest.raises(KeyError):
        scanned.get(first.ids[0])  # nothing cleaned yet: made, and empty
    scanned.load_pending()
    assert [scanned.get(i) for i in first.ids] == first.articles
    assert scanned.find(first.ids[-1]) == first.articles[-1]


# (The cache stores texts as UTF-8 blobs: a text value, a blob of the wrong shape or one
# that is no UTF-8 are all damage.)
@pytest.mark.parametrize(
    "texts", [None, "garbage", b"garbage", "one\x1etwo\x1ethree", b"one\x1etwo\x1ethree", b"\xff\xfe not UTF-8"]
)
def test_lost_or_damaged_texts_are_cleaned_again(articles_dir: Path, texts: str | bytes | None) -> None:
    expected = Collection.load(articles_dir, use_cache=False).articles
    Collection.load(articles_dir)
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE texts SET texts = ?", (texts,))
    connection.close()
    again = Collection.scan(articles_dir)
    assert again.pending == []
    assert again.articles == expected


def test_a_cache_of_an_older_layout_is_made_anew(articles_dir: Path) -> None:
    database = default_cache_dir(articles_dir) / ArticleCache.FILENAME
    database.parent.mkdir(parents=True)
    with sqlite3.connect(database) as connection:  # the layout of CACHE_FORMAT 2
        connection.execute(
            "CREATE TABLE files (file TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime_ns INTEGER,"
            " problem TEXT, heads TEXT, texts TEXT)"
        )
    connection.close()
    first = Collection.load(articles_dir)
    again = Collection.scan(articles_dir)
    assert again.pending == [] and again.articles == first.articles
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == collection.CACHE_FORMAT
    connection.close()


def test_unwritable_cache_still_loads(articles_dir: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path / "not-a-folder", "x")
    loaded = Collection.load(articles_dir, cache_dir=blocker / "cache")
    assert loaded.articles and loaded.problems == []
