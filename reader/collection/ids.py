"""Article ids: `<file without extension>/<slug of the title>` (see `article_ids`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SLUG_MAX = 60
_SLUG_LETTER = re.compile(r"[a-z]")
_SLUG_GAPS = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The title part of an id (see `article_ids`)."""
    if title.isascii():
        folded = title.lower()  # what the folding below gives for ASCII, without its cost
    else:
        # Decomposed, accents are separate combining marks, which go with every other
        # non-ASCII character: "é" gives "e".
        folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    if not title.strip():
        return "article"
    if not _SLUG_LETTER.search(folded):
        return "t-" + hashlib.blake2s(title.strip().encode(), digest_size=4).hexdigest()
    slug = _SLUG_GAPS.sub("-", folded).strip("-")
    if len(slug) > _SLUG_MAX:
        cut = slug[: _SLUG_MAX + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[_SLUG_MAX // 2 :] else cut[:_SLUG_MAX]
        slug = slug.rstrip("-")
    return slug


def article_ids(file: str, titles: list[str], keep_extension: bool = False) -> list[str]:
    """Ids for the articles of one file, in order.

    The rule: `<file>/<slug>`, where `<file>` is the file's path below the collection
    folder with `/` separators and without its extension, and `<slug>` is the title
    folded to ASCII (accents dropped), lower-cased, every run of other characters turned
    into one `-`, trimmed, and cut at a word boundary to at most 60 characters. A title
    without any ASCII letter (Chinese, say) gets `t-` and 8 hex digits of a hash of the
    title instead; an article without a title gets `article`. When the same id occurs
    again in the file, the later ones get `-2`, `-3`, ... in order. Ids therefore stay the
    same across runs, and across cleaner changes that keep the titles.

    Only when two files in a folder differ by extension alone (`a.txt`, `a.md`) does
    `<file>` keep the extension (`keep_extension`), so ids are unique in the collection.
    """
    stem = file if keep_extension else _stem(file)
    seen: dict[str, int] = {}
    ids = []
    for title in titles:
        base = f"{stem}/{slugify(title)}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def _stem(file: str) -> str:
    """A relative file name without its extension."""
    folder, _, name = file.rpartition("/")
    base = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{folder}/{base}" if folder else base


def id_prefixes(files: list[str]) -> dict[str, tuple[str, bool]]:
    """Each file's id prefix (see `article_ids`), and whether it keeps the extension: only
    when the name without extension is also another file's (`a.txt`, `a.md`)."""
    stems = [_stem(file) for file in files]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    pairs = zip(files, stems, strict=True)
    return {file: (file + "/", True) if counts[stem] > 1 else (stem + "/", False) for file, stem in pairs}


def id_prefix(file: str, keep_extension: bool) -> str:
    """A file's id prefix (see `article_ids`)."""
    return (file if keep_extension else _stem(file)) + "/"


__all__ = ["article_ids", "id_prefix", "id_prefixes", "slugify"]
