"""One file read and cleaned: its `FileResult` (the articles' heads and packed texts)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import orjson

from reader import cleaning
from reader.article import Article
from reader.collection.decoding import read_file
from reader.collection.errors import LoadError
from reader.collection.ids import article_ids


@dataclass
class FileResult:
    """What loading one file gave: its articles' metadata ("heads"), or a problem.

    A head is an article's fields without `text` and `subheadings`, plus `words`.
    `texts_packed` holds the rest (`pack_texts`) until the cache has stored it (`stored`).
    It is one UTF-8 blob because that is what the cache keeps: a worker process makes it
    once, and it crosses to the parent far cheaper than the same text as many objects,
    or even as one string (which pickle encodes in the worker and decodes in the parent,
    and SQLite encodes again).
    """

    file: str
    size: int
    mtime_ns: int
    problem: str | None = None
    problem_lasts: bool = True
    heads: list[dict] = field(default_factory=list)
    texts_packed: bytes | None = None
    heads_json: bytes | None = None  # `heads` as the cache stores them, when a worker made them
    stored: bool = False

    def texts(self) -> list[dict] | None:
        """The articles' texts and subheadings, when they are in memory."""
        return None if self.texts_packed is None else unpack_texts(self.texts_packed)


# Article texts are packed into one string per file: each article's text and its
# subheadings joined by _UNIT, the articles by _RECORD. `decode` removes every C0 control
# character, so no cleaned text holds either. (JSON-encoding the texts instead took about
# 4% of a cold `reader list`, and decoding it slowed opening an article.)
_RECORD, _UNIT = "\x1e", "\x1f"


def pack_texts(articles: list[Article]) -> bytes:
    """The texts and subheadings of a file's articles as one UTF-8 blob (`unpack_texts`
    reverses it). (surrogatepass: a lone surrogate, which no decoded file holds, must
    still not make a file fail.)"""
    return _RECORD.join(_UNIT.join((a.text, *a.subheadings)) for a in articles).encode("utf-8", "surrogatepass")


def unpack_texts(packed: bytes) -> list[dict]:
    """`[{"text", "subheadings"}]` per article, from `pack_texts`; UnicodeDecodeError when
    `packed` is no UTF-8."""
    texts = []
    for record in packed.decode("utf-8", "surrogatepass").split(_RECORD):
        text, *subheadings = record.split(_UNIT)
        texts.append({"text": text, "subheadings": subheadings})
    return texts


@dataclass(frozen=True)
class Job:
    """One file to clean, as the collection saw it: `size` and `mtime_ns` from its stat, or
    0 when the scan had no cached result to check and so didn't stat it. The result takes
    them from the read itself (`read_file`); these stay only when the file couldn't be opened."""

    file: str
    size: int
    mtime_ns: int
    keep_extension: bool = False


def clean_file(root: Path, job: Job) -> FileResult:
    """Read, decode and clean one file (a top-level function, so a process pool can run it)."""
    file = job.file
    result = FileResult(file, job.size, job.mtime_ns)
    try:
        read = read_file(os.path.join(root, file))
        result.size, result.mtime_ns = read.seen
        articles = cleaning.clean(read.text)
    except LoadError as error:
        result.problem, result.problem_lasts = str(error), error.lasting
        if error.seen:
            result.size, result.mtime_ns = error.seen
        return result
    except Exception as error:  # noqa: BLE001 - one file must never stop the collection
        result.problem = f"the cleaner failed on it ({type(error).__name__}: {error})"
        return result
    if not articles:
        result.problem = "no article found in the text"
        return result
    ids = article_ids(file, [a.title for a in articles], job.keep_extension)
    for article, article_id in zip(articles, ids, strict=False):
        result.heads.append(_head(article, article_id, file))
    result.texts_packed = pack_texts(articles)
    result.heads_json = orjson.dumps(result.heads)
    return result


#: The fields of an article's head, in order: all but the text ones.
_HEAD_FIELDS = tuple(f.name for f in fields(Article) if f.name not in ("text", "subheadings"))


def _head(article: Article, article_id: str, file: str) -> dict:
    """An article's head: its fields but the text ones, in field order, then `words`."""
    head = {name: getattr(article, name) for name in _HEAD_FIELDS}
    head["id"], head["file"], head["words"] = article_id, file, words(article.text)
    return head


def words(text: str) -> int:
    """`Article.words` of a cleaned text, by counting separators instead of splitting: its
    paragraphs hold single spaces only and no newline, and one blank line parts them
    (tests/cleaning/test_properties.py checks it), so each parting is two newlines. (A
    one-character count is a quarter faster than one of "\n\n".)"""
    return text.count(" ") + text.count("\n") // 2 + 1 if text else 0


__all__ = ["FileResult", "Job", "clean_file", "pack_texts", "unpack_texts", "words"]
