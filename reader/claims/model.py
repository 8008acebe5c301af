"""A claim: a marked span of an article with its tags and note, as the store records it,
and the one check for a record read from the store or brought in by an import."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reader.claims.errors import StoreError
from reader.claims.tags import normalise_tags

SCHEMA_VERSION = 1
CONTEXT = 32  # characters of context kept on each side of a quote
# Where a claim stands in its article's current text (`reader.claims.anchoring` finds it):
# where it was marked, found elsewhere, or not found.
ANCHORED, MOVED, ORPHAN = "anchored", "moved", "orphan"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Claim:
    """A marked span of an article, with its tags and note."""

    id: str
    article: str
    file: str
    title: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    updated: str = ""
    schema: int = SCHEMA_VERSION
    # The board group the user put the claim in ("" lets the board group it, "none" keeps
    # it alone); see reader.claims.board.
    group: str = ""

    def record(self) -> dict[str, Any]:
        # (Not dataclasses.asdict, which deep-copies: that was most of an import's time.)
        data = dict(self.__dict__)
        data["tags"] = list(self.tags)
        if not self.group:
            del data["group"]  # records stay as they were for claims never grouped by hand
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Claim:
        """The claim a record holds (one that `check_record` accepted: every record the
        store holds is checked when it is read or written). Made without `__init__`: its
        frozen assignments were most of the time of listing a large store."""
        values = {name: data.get(name, default) for name, default in _DEFAULTS.items()}
        values["tags"] = tuple(values["tags"] or ())
        # Context beyond what anchoring uses (an import's 100 KB prefix, say) only slows it.
        if len(values["prefix"]) > CONTEXT:
            values["prefix"] = values["prefix"][-CONTEXT:]
        if len(values["suffix"]) > CONTEXT:
            values["suffix"] = values["suffix"][:CONTEXT]
        claim = object.__new__(cls)
        claim.__dict__.update(values)
        return claim


# Each field, in order, with what a record that leaves it out holds (the required ones,
# which `check_record` makes sure of, have None).
_DEFAULTS: dict[str, Any] = {
    name: (
        None
        if name in ("id", "article", "quote", "start", "end")
        else ()
        if name == "tags"
        else SCHEMA_VERSION
        if name == "schema"
        else ""
    )
    for name in Claim.__dataclass_fields__
}


class InvalidRecord(StoreError, ValueError):
    """A claim record that does not follow the schema; the message says which field."""


_TEXT_FIELDS = ("id", "article", "file", "title", "quote", "prefix", "suffix", "note", "created", "updated")
_REQUIRED = ("id", "article", "quote", "start", "end")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def valid_text(value: str) -> bool:
    """Whether `value` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: it could never be written back
        return False
    return True


_BLANKS = ("",) * len(_TEXT_FIELDS)
_STR = {str}


def _plainly_valid(data: dict) -> bool:
    """The checks of `check_record` but the one for surrogates, quickly (every record is
    read at every start): True when all pass; False sends the record to the slow checks,
    which say what is wrong."""
    start, end, tags = data.get("start"), data.get("end"), data.get("tags", ())
    return (
        set(map(type, map(data.get, _TEXT_FIELDS, _BLANKS))) == _STR
        and type(start) is int
        and type(end) is int
        and 0 <= start <= end
        and bool(data.get("id") and data.get("article") and data.get("quote"))
        and type(tags) in (list, tuple)
        and set(map(type, tags)) <= _STR
        and type(data.get("schema", 0)) is int
    )


def check_record(data: Any, *, unicode: bool = True) -> None:
    """Raise `InvalidRecord` unless `data` is a claim record of this schema: the one check
    for what the store reads and what an import brings in. `unicode=False` skips looking
    for lone surrogates (JSON can only hold them as `\\udXXX` escapes, which the caller
    has seen are not in the file)."""
    if not isinstance(data, dict):
        raise InvalidRecord(f"not a record but {type(data).__name__}")
    if not unicode and _plainly_valid(data):
        return
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise InvalidRecord("no " + ", ".join(missing))
    for key in _TEXT_FIELDS:
        value = data.get(key, "")
        if type(value) is not str:
            raise InvalidRecord(f"{key} is not text ({type(value).__name__})")
        if unicode and not valid_text(value):
            raise InvalidRecord(f"{key} is not valid Unicode (a lone surrogate)")
    if not data["id"] or not data["article"] or not data["quote"]:
        raise InvalidRecord("empty " + next(k for k in ("id", "article", "quote") if not data[k]))
    start, end = data["start"], data["end"]
    if type(start) is not int or type(end) is not int:
        raise InvalidRecord("start and end are not whole numbers")
    if not 0 <= start <= end:
        raise InvalidRecord(f"span {start}-{end} is not a span")
    tags = data.get("tags", [])
    if type(tags) not in (list, tuple) or not all(type(t) is str for t in tags):
        raise InvalidRecord("tags are not a list of texts")
    if unicode and not all(valid_text(t) for t in tags):
        raise InvalidRecord("a tag is not valid Unicode (a lone surrogate)")
    if "schema" in data and not _is_int(data["schema"]):
        raise InvalidRecord("schema is not a whole number")


def make_claim(
    article_id: str, file: str, title: str, text: str, start: int, end: int, tags: tuple[str, ...] = (), note: str = ""
) -> Claim:
    """A new claim on `text[start:end]`, with the context that anchoring will need later."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside the text ({len(text)} characters)")
    stamp = now()
    return Claim(
        id=str(uuid.uuid4()),
        article=article_id,
        file=file,
        title=title,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
        tags=normalise_tags(tags),
        note=note,
        created=stamp,
        updated=stamp,
    )
