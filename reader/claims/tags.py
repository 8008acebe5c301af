"""Tag names: the one rule for what a tag may hold, used by the app, the command line and
imports alike."""

from __future__ import annotations

import re

#: What a tag name may hold: what an Obsidian `#tag` may, so a tag exports as itself.
TAG_RULE = "a tag is letters, digits, '-', '_' and '/' (spaces become '-', a leading '#' is dropped)"
_TAG = re.compile(r"[\w/-]+")


class TagError(ValueError):
    """A tag name that breaks the one rule for tags (`TAG_RULE`)."""


def tag_name(raw: str) -> str:
    """`raw` as a tag: trimmed, a leading '#' dropped, runs of spaces made '-'; "" when
    nothing is left; TagError when it holds what a tag can't (commas, '#', other marks)."""
    name = "-".join(raw.strip().lstrip("#").split())
    if name and not _TAG.fullmatch(name):
        bad = "".join(dict.fromkeys(c for c in name if not _TAG.fullmatch(c)))
        raise TagError(f"tag {raw!r} holds {bad!r}: {TAG_RULE}")
    return name


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tag names by `tag_name`, without empties or repeats, in the order given
    (TagError for the first one that breaks the rule)."""
    seen: dict[str, None] = {}
    for tag in tags:
        tag = tag_name(tag)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed by a user: separated by commas, or by spaces when there is no comma
    (within commas, spaces become '-')."""
    parts = text.split(",") if "," in text else text.split()
    return normalise_tags(parts)
