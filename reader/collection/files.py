"""Finding a collection's files: walking folders and links, and names safe to show.

`find_files` finds `.txt`, `.md`, `.text`, `.html` and `.htm` files (any case) under the
folder, recursively, in a stable order; hidden files and folders (such as `.reader/`) are
skipped, and symbolic links are followed only when they point inside the folder.
"""

from __future__ import annotations

import os
import re
from operator import attrgetter
from pathlib import Path

# (Saved web pages too: the cleaner knows an HTML page by its content, whatever its name.)
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".text", ".html", ".htm"})


def find_files(root: Path) -> list[Path]:
    """Article files under `root`, recursively, sorted by their path relative to `root`.

    Hidden files and folders are skipped (the annotation store lives in `.reader/`).
    A symbolic link is followed only when its target lies inside `root`, and after the
    real files and folders, so that nothing is found twice and links out of the folder or
    in loops can't duplicate anything or hang the walk.
    """
    return [Path(root, name) for name in find_names(root)]


def find_names(root: Path) -> list[str]:
    """`find_files`, as paths relative to `root` with `/` (plain strings: 10,000 files
    take a few milliseconds this way, many times that as `Path` objects)."""
    real_root = os.path.realpath(root)
    seen = {real_root}
    found: list[str] = []
    links: list[str] = []  # relative names of symbolic links, followed last
    folders = [""]
    while folders or links:
        if folders:
            folder = folders.pop()
        else:  # every real folder is done: now the linked ones, in order
            folder = links.pop(0)
            target = os.path.realpath(os.path.join(root, folder))
            if target in seen or not _inside(target, real_root):
                continue
            seen.add(target)
            if os.path.isfile(target):
                found.append(folder)
                continue
        prefix = folder + "/" if folder else ""
        # `real_folder` + name is the real path of an entry that is no link.
        real_folder = os.path.join(os.path.realpath(os.path.join(root, folder)), "")
        for entry in sorted(_entries(os.path.join(root, folder)), key=_NAME, reverse=True):
            name = entry.name
            if name.startswith("."):
                continue
            dot = name.rfind(".")  # the extension as `os.path.splitext` gives it (no leading dot here)
            is_article = dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES
            try:
                if entry.is_symlink():
                    if is_article or entry.is_dir():
                        links.append(prefix + name)
                elif entry.is_dir(follow_symlinks=False):
                    seen.add(real_folder + name)
                    folders.append(prefix + name)
                elif is_article and entry.is_file(follow_symlinks=False):
                    seen.add(real_folder + name)
                    found.append(prefix + name)
            except OSError:
                continue
        links.sort(key=lambda name: name.split("/"))
    found.sort(key=lambda name: name.split("/"))
    return found


_NAME = attrgetter("name")


def _entries(folder: str) -> list[os.DirEntry]:
    """A folder's entries; none when it can't be listed."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _inside(target: str, real_root: str) -> bool:
    """Whether the resolved path `target` is `real_root` or below it."""
    try:
        return os.path.commonpath([target, real_root]) == real_root
    except ValueError:  # another drive
        return False


# Characters a file's name must not hold to become part of an id: they would reach the
# terminal when the id is shown (C0 and C1 controls: escape sequences, newlines), reorder
# what is shown (bidi controls), or are bytes that aren't UTF-8 (which Python keeps as lone
# surrogates, and which no UTF-8 JSON, cache or store can hold).
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable_name(name: str) -> str:
    """A file name safe to show anywhere: bytes that aren't UTF-8 as `\\xe9`, control and
    bidi characters as `\\n`, `\\x1b`, `\\u202e`; other names unchanged."""

    def escape(found: re.Match[str]) -> str:
        code = ord(found.group(0))
        if 0xDC80 <= code <= 0xDCFF:  # a byte that isn't UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return found.group(0).encode("unicode_escape").decode("ascii")

    return _UNSAFE_NAME.sub(escape, name)


def name_problem(name: str) -> str | None:
    """Why a file can't be loaded under this name (None when it can)."""
    found = _UNSAFE_NAME.search(name)
    if found is None:
        return None
    if 0xD800 <= ord(found.group(0)) <= 0xDFFF:
        return "the file name is not valid UTF-8; rename the file to load it"
    shown = found.group(0).encode("unicode_escape").decode("ascii")
    return f"the file name holds a control or bidi character ({shown}); rename the file to load it"


def name_problems(files: list[str]) -> dict[str, str]:
    """`name_problem` of each file that has one, by name. (One search over all the names
    first: "/" can't be in a name, and is no unsafe character.)"""
    if not _UNSAFE_NAME.search("/".join(files)):
        return {}
    return {file: problem for file in files if (problem := name_problem(file)) is not None}


__all__ = ["ARTICLE_SUFFIXES", "find_files", "find_names", "name_problem", "name_problems", "printable_name"]
