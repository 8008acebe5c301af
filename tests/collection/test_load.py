"""reader.collection.load: the Collection, scanned, loaded and read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.collection import (
    Collection,
    LoadError,
    read_text,
)
from tests.collection.common import ARTICLE, write


def test_unreadable_file_is_a_problem_and_others_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "locked.txt", ARTICLE)
    write(tmp_path / "open.txt", ARTICLE)
    # (Tests run as root here, so chmod can't lock a file: `os.open` refuses instead.)
    real_open = os.open

    def guarded_open(name, *args, **kwargs):
        if os.path.basename(name) == "locked.txt":
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    loaded = Collection.load(tmp_path, workers=1)
    assert [(p.file, p.reason) for p in loaded.problems] == [("locked.txt", "unreadable: permission denied")]
    assert [a.file for a in loaded.articles] == ["open.txt"]
    # (Not monkeypatch.undo(): that would also undo the isolated user folders, and this
    # load would write its cache into the real one.)
    monkeypatch.setattr(os, "open", real_open)
    # A permission problem isn't cached: once readable, the file loads.
    assert Collection.load(tmp_path, workers=1).problems == []


def test_bad_files_are_problems_and_the_rest_loads(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "binary.txt", b"\x00\x01\x02" * 100)
    write(tmp_path / "empty.md", b"")
    write(
        tmp_path / "escapes.txt",
        "Title \x1b[31mRed\x1b[0m\x1b]0;x\x07\n\nBody text of it, long enough to be prose here.\n",
    )
    loaded = Collection.load(tmp_path, workers=1)
    assert sorted(p.file for p in loaded.problems) == ["binary.txt", "empty.md"]
    for article in loaded.articles:
        assert "\x1b" not in article.title + article.text


def test_huge_single_line_file_loads_or_is_a_problem_quickly(tmp_path: Path) -> None:
    words = "word " * 9 + "end. "
    line = (words * (25 * 1024 * 1024 // len(words))).encode()
    write(tmp_path / "huge.txt", line)
    write(tmp_path / "small.txt", ARTICLE)
    start = time.perf_counter()
    assert len(read_text(tmp_path / "huge.txt")) == len(line)
    assert time.perf_counter() - start < 3
    loaded = Collection.load(tmp_path, use_cache=False, workers=1)
    assert time.perf_counter() - start < 20  # the cleaner's share: no hang, at least
    assert {a.file for a in loaded.articles} | {p.file for p in loaded.problems} == {"huge.txt", "small.txt"}


def test_collection_shape(articles_dir: Path) -> None:
    loaded = Collection.load(articles_dir)
    assert loaded.root == articles_dir
    assert loaded.files == sorted(p.name for p in articles_dir.glob("*.txt"))
    assert loaded.problems == []
    assert [s["id"] for s in loaded.summaries()] == loaded.ids == [a.id for a in loaded.articles]
    assert [s["words"] for s in loaded.summaries()] == [a.words for a in loaded.articles]
    assert loaded.raw_text(loaded.files[0]) == (articles_dir / loaded.files[0]).read_text("utf-8")


def test_missing_empty_and_non_folders_raise(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not found"):
        Collection.load(tmp_path / "nope")
    with pytest.raises(LoadError, match="not a folder"):
        Collection.load(write(tmp_path / "file.txt", ARTICLE))
    (tmp_path / "empty").mkdir()
    with pytest.raises(LoadError, match="no article files"):
        Collection.load(tmp_path / "empty")


def test_scan_then_iter_load_reports_progress(articles_dir: Path) -> None:
    scanned = Collection.scan(articles_dir)
    assert scanned.files and scanned.pending == scanned.files and scanned.articles == []
    progress = list(scanned.iter_load(workers=1))
    assert progress == [(i, 3) for i in (1, 2, 3)]
    assert scanned.pending == [] and scanned.articles
