"""The collection: a folder of raw article files, read, cleaned, cached and given ids.

Plain Python on purpose: the command line and the app both stand on it, and it never
imports Textual. One concern a module:

* `files`: finding the article files (folders, links, hidden files) and names safe to show;
* `decoding`: a file's bytes to safe text (charsets, newlines, NFC, terminal junk removed);
  a file that can't be read as text becomes a `Problem` with its reason (`LoadError`);
* `ids`: slugs and article ids (see `article_ids`);
* `result`: one file read and cleaned into a `FileResult` (heads and packed texts);
* `cache`: the SQLite cache of results, so that a second start reads instead of cleaning;
* `pool`: cleaning many files in worker processes, their results spooled back;
* `load`: the `Collection` itself, which puts these together.
"""

from __future__ import annotations

from reader.collection.cache import CACHE_FORMAT, ArticleCache, cache_key, default_cache_dir
from reader.collection.decoding import MAX_FILE_BYTES, FileText, decode, read_file, read_text, strip_invisible
from reader.collection.errors import LoadError
from reader.collection.files import ARTICLE_SUFFIXES, find_files, find_names, name_problem, printable_name
from reader.collection.ids import article_ids, slugify
from reader.collection.load import Collection
from reader.collection.result import FileResult, Job, clean_file, pack_texts, unpack_texts

__all__ = [
    "ARTICLE_SUFFIXES",
    "CACHE_FORMAT",
    "MAX_FILE_BYTES",
    "ArticleCache",
    "Collection",
    "FileResult",
    "FileText",
    "Job",
    "LoadError",
    "article_ids",
    "cache_key",
    "clean_file",
    "decode",
    "default_cache_dir",
    "find_files",
    "find_names",
    "name_problem",
    "pack_texts",
    "printable_name",
    "read_file",
    "read_text",
    "slugify",
    "strip_invisible",
    "unpack_texts",
]
