"""YAML front matter at the top of a markdown file: the article's fields, said outright.

A file that opens with a `---` line, then `key: value` lines, then a closing `---` (or
`...`) line carries its metadata there: static-site posts, note apps and scrapers write it
so. The simple YAML such blocks hold is read here without a YAML library: scalar values,
quoted or not, and lists (`[a, b]` or `- item` lines), which is all the fields need.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from reader.cleaning.dates import as_iso_date

_KEY: Final = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$")
_MAX_LINES: Final = 200  # a front matter is a few lines; a "---" further down is a rule

# The keys each field is read from, the first present winning.
_TITLE_KEYS: Final = ("title", "headline")
_AUTHOR_KEYS: Final = ("author", "authors", "byline", "creator")
_DATE_KEYS: Final = ("date", "published", "publishdate", "pubdate", "date_published", "created")
_URL_KEYS: Final = ("url", "link", "canonical", "canonical_url", "source_url", "permalink")
_SITE_KEYS: Final = ("site", "sitename", "site_name", "publisher", "source", "publication")


class FrontMatter(NamedTuple):
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601
    url: str = ""
    site: str = ""
    tags: tuple[str, ...] = ()


def split_front_matter(text: str) -> tuple[FrontMatter, str] | None:
    """`(fields, the rest of the text)` when the text opens with a front matter, else None."""
    if not text.startswith("---"):
        return None
    lines = text.split("\n", _MAX_LINES + 1)
    if lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, min(len(lines), _MAX_LINES)) if lines[i].rstrip() in ("---", "...")), 0)
    if not end:
        return None
    values = _parse(lines[1:end])
    if values is None:
        return None
    rest = "\n".join(lines[end + 1 :])
    return _fields(values), rest


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].strip()
    if " #" in value:  # a comment after the value
        value = value[: value.index(" #")].strip()
    return value


def _parse(lines: list[str]) -> dict[str, list[str]] | None:
    """The keys and values of the block (lists as lists), or None when it is no YAML map."""
    values: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _KEY.match(line)
        if found:
            key = found.group(1).lower()
            value = (found.group(2) or "").strip()
            if value.startswith("[") and value.endswith("]"):
                values[key] = [_unquote(v) for v in value[1:-1].split(",") if _unquote(v)]
            else:
                values[key] = [_unquote(value)] if _unquote(value) else []
        elif key and line[:1] in " \t-":
            item = line.strip()
            if item.startswith("- "):
                values[key].append(_unquote(item[2:]))
            elif item and values[key]:  # a value folded over lines, or a nested map: kept as text
                values[key][-1] = (values[key][-1] + " " + _unquote(item)).strip()
            elif item:
                values[key].append(_unquote(item))
        else:
            return None
    return values if values else None


def _first(values: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    for key in keys:
        if values.get(key):
            return values[key]
    return []


def _nested_name(value: str) -> str:
    """`name: Jane Doe` under `author:` (read as one folded line) gives the name."""
    return value.split(":", 1)[1].strip() if re.match(r"^name\s*:", value) else value


def _tags(values: list[str]) -> tuple[str, ...]:
    """Tags as a list, or as one line of them parted by commas."""
    if len(values) == 1 and "," in values[0]:
        values = values[0].split(",")
    return tuple(v.strip() for v in values if v.strip())


def _fields(values: dict[str, list[str]]) -> FrontMatter:
    url = " ".join(_first(values, _URL_KEYS)[:1])
    site = ""
    for key in _SITE_KEYS:  # `source: <url>` names the page, not the site
        value = " ".join(values.get(key, [])[:1])
        if value.startswith(("http://", "https://")):
            url = url or value
        elif value and not site:
            site = value
    return FrontMatter(
        title=" ".join(_first(values, _TITLE_KEYS)[:1]),
        author=", ".join(_nested_name(v) for v in _first(values, _AUTHOR_KEYS)),
        date=as_iso_date(" ".join(_first(values, _DATE_KEYS)[:1])),
        url=url,
        site=site,
        tags=_tags(_first(values, ("tags", "keywords"))),
    )


__all__ = ["FrontMatter", "split_front_matter"]
