"""reader.collection.files: finding article files, folders and links."""

from __future__ import annotations

import os
from pathlib import Path

from reader import collection
from reader.collection import (
    find_files,
)
from tests.collection.common import ARTICLE, write


def names(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in find_files(root)]


def test_finds_article_files_recursively_in_order(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.TEXT",
        "sub/deeper/d.Txt",
        "notes.pdf",
        "e.html",
        "f.HTM",
        "g.xml",
        ".hidden.txt",
        ".reader/x.txt",
    ]:
        write(tmp_path / name, ARTICLE)
    assert names(tmp_path) == ["a.md", "b.txt", "e.html", "f.HTM", "sub/c.TEXT", "sub/deeper/d.Txt"]


def test_extensions_are_matched_as_splitext_sees_them(tmp_path: Path) -> None:
    # find_names looks at the text after the last dot itself (no os.path.splitext per file).
    given = ["a.b.txt", "x.txt.bak", "noext", "dot.", "TXT", "y.MD", "z..text", "w.txt.md", "v.tx", "u txt"]
    for name in given:
        write(tmp_path / name, ARTICLE)
    assert names(tmp_path) == sorted(n for n in given if os.path.splitext(n)[1].lower() in collection.ARTICLE_SUFFIXES)


def test_symlink_loop_and_links_outside_are_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "a.txt", ARTICLE)
    write(tmp_path / "outside" / "secret.txt", ARTICLE)
    os.symlink(root, root / "loop")
    os.symlink(tmp_path / "outside", root / "out")
    os.symlink(tmp_path / "outside" / "secret.txt", root / "secret.txt")
    os.symlink(root / "a.txt", root / "again.txt")
    os.symlink(root / "missing.txt", root / "broken.txt")
    assert names(root) == ["a.txt"]


def test_symlinked_folder_inside_root_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", ARTICLE)
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert names(tmp_path) == ["real/a.txt"]
