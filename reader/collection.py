"""The collection: a folder of raw article files, read, cleaned, cached and given ids.

Plain Python on purpose: the command line and the app both stand on it, and it never
imports Textual.

* Files: `find_files` finds `.txt`, `.md`, `.text`, `.html` and `.htm` files (any case) under the folder,
  recursively, in a stable order; hidden files and folders (such as `.reader/`) are
  skipped, and symbolic links are followed only when they point inside the folder.
* Text: `decode` turns bytes into clean text (see there). A file that can't be read as
  text becomes a `Problem` with its reason; every other file still loads.
* Ids: see `article_ids`.
* Cache: cleaned results per file, kept under the user cache folder (see `ArticleCache`),
  so that a second start reads JSON instead of cleaning again.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import orjson

from reader import cleaning
from reader.article import Article, Problem
from reader.gcpause import cycle_collection_paused

if TYPE_CHECKING:
    from reader.cleaning.removed import Removed
    from multiprocessing.context import BaseContext

# The process pool's modules (concurrent.futures.process, multiprocessing) are imported
# when a pool is started: a start from the cache never needs them, and they cost the
# app's start-up about 20 ms.

# (Saved web pages too: the cleaner knows an HTML page by its content, whatever its name.)
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".text", ".html", ".htm"})

#: Files larger than this are listed as problems instead of being read: 32 MiB holds any
#: real article page many times over, and keeps one stray dump from stalling the load.
MAX_FILE_BYTES = 32 * 1024 * 1024

#: Bumped when the cache layout or what the collection stores in it changes (decoding too:
#: 2 strips the bidi marks ALM, LRM and RLM; 4 stores texts packed, not as JSON; 5 stores
#: heads and texts as UTF-8 blobs; 6 honours an HTML page's declared charset).
CACHE_FORMAT = 6

#: Below this many files to clean, a process pool costs more than it saves.
POOL_THRESHOLD = 200
POOL_CHUNK = 100  # files a worker cleans per trip (fewer trips: 6% faster than 40 here)
#: Cleaned files are stored in the cache in batches of this many while a load runs.
CACHE_WRITE_EVERY = 1000


class LoadError(Exception):
    """A file or folder that cannot be loaded; `str(error)` is the reason, for people.

    `lasting` is False for reasons that may go away without the file changing (such as
    permissions), which are therefore never cached. `seen` is the file's `(size,
    mtime_ns)` when it was opened before the reason was found, else None.
    """

    def __init__(self, reason: str, *, lasting: bool = True) -> None:
        super().__init__(reason)
        self.lasting = lasting
        self.seen: tuple[int, int] | None = None


# --------------------------------------------------------------------------- files


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


# --------------------------------------------------------------------------- decoding

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings people in Western newsrooms save text in; preferred when detection can't
# tell them apart from others equally likely (short text often can't).
_PREFERRED_GUESSES = ("cp1252", "latin_1", "iso8859_15")

# Every character that starts something to remove; text without any is left as it is,
# and a search for these runs far faster than the full pattern below.
# Bidi controls are Unicode's whole Bidi_Control set: marks (ALM, LRM, RLM) too.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u180e]")

# What a file's UTF-8 bytes show before any decoding: that the text holds nothing to
# remove (the characters above) and is NFC already, as nearly every file in a Latin
# script is. A search for the decoded text's pattern took a fifth of reading a file, and
# the NFC check a sixth; these run near memory speed.
# Deleting every byte that starts neither leaves the ones that may: C0 controls (but tab,
# newline and CR), DEL, and the lead bytes of characters from U+0300 up (combining marks,
# other scripts, the Unicode controls), but for U+2000-U+2FFF's (\xe2: curly quotes and
# dashes, in most files), which the pattern below sorts out.
_PLAIN_BYTES = bytes(
    b for b in range(256) if not (b < 0x20 and b not in b"\t\n\r" or b == 0x7F or b >= 0xCC and b != 0xE2)
)
# U+0080-U+009F (C1 controls); from U+2000-U+2FFF, zero-width and bidi controls, and the
# blocks with what NFC changes or composes (U+2000-U+2001, U+20C0-U+213F, U+2300-U+233F,
# U+2AC0-U+2AFF, U+2CC0-U+2CFF, U+2D40-U+2D7F, U+2DC0-U+2DFF). Each pattern runs only
# when its lead byte is there at all (a one-byte search is memchr).
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_E2_SUSPECT_UTF8 = re.compile(b"\xe2(?:\x80[\x80\x81\x8b-\x8f\xaa-\xae]|\x81[\xa0\xa6-\xa9]|[\x83\x84\x8c\xab\xb3\xb5\xb7])")
# What in such bytes is whitespace other than the space and the newline once decoded
# (decode makes \r, NEL and the line and paragraph separators newlines, and the lead bytes
# of U+1680 and U+3000 are not in _PLAIN_BYTES): tab, no-break space (C2 A0), U+2000-U+200A,
# U+202F and U+205F. Their absence lets the cleaner skip its own search (`clean`'s
# `plain_spaces`, a tenth of its instructions).
_E2_WIDE_SPACE_UTF8 = re.compile(b"\xe2(?:\x80[\x80-\x8a\xaf]|\x81\x9f)")
# Both E2 patterns in one: a file with neither (nearly every one) is searched once.
_E2_EITHER_UTF8 = re.compile(b"\xe2(?:\x80[\x80-\x8f\xaa-\xaf]|\x81[\x9f\xa0\xa6-\xa9]|[\x83\x84\x8c\xab\xb3\xb5\xb7])")

_TERMINAL_JUNK = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]                       # CSI: colours, cursor moves, erase
    | \x9b[0-?]*[ -/]*[@-~]                         # CSI, 8-bit form
    | (?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?   # OSC: titles, OSC 52 clipboard, links
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]*(?:\x1b\\|\x9c)?  # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]?                              # any other escape sequence, or a lone ESC
    """,
    re.VERBOSE,
)

_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: kept between two characters (emoji, Indic scripts)


def decode(data: bytes) -> str:
    """Clean text from a file's bytes, or `LoadError` when they aren't text.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are read as such; anything else is
    detected with charset-normalizer (preferring Windows-1252 among equally likely
    guesses). Then newlines become `\\n`, the text is NFC-normalised, and what could play
    tricks in a terminal or hide in the text is removed: escape sequences (CSI, OSC such as
    window titles and OSC 52 clipboard writes, others), control characters other than tab
    and newline, bidi controls, and zero-width characters (ZWJ/ZWNJ are kept between two
    characters, where emoji and some scripts need them).
    """
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, bool]:
    """`decode`, and whether the text surely holds no whitespace but the space and the
    newline (False: it may)."""
    text, utf8 = _to_str(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate({0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
    if utf8:
        plain, plain_spaces = _utf8_look(data)
        if plain:
            return text, plain_spaces
    text = strip_invisible(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, False


def _plain_utf8(data: bytes) -> bool:
    """Whether UTF-8 `data` surely holds nothing `strip_invisible` removes and is NFC
    already (False: it may hold either)."""
    return _utf8_look(data)[0]


def _utf8_look(data: bytes) -> tuple[bool, bool]:
    """`_plain_utf8`, and, when True, whether the decoded text surely holds no whitespace
    but the space and the newline."""
    if data.translate(None, _PLAIN_BYTES):
        return False, False
    c2 = b"\xc2" in data  # (a one-byte search is memchr; b"\xc2\xa0" alone took 6 µs a file)
    if c2 and _C1_UTF8.search(data):
        return False, False
    e2 = b"\xe2" in data and _E2_EITHER_UTF8.search(data) is not None
    if e2 and _E2_SUSPECT_UTF8.search(data):
        return False, False
    odd_space = b"\t" in data or c2 and b"\xc2\xa0" in data or e2 and _E2_WIDE_SPACE_UTF8.search(data) is not None
    return True, not odd_space


def strip_invisible(text: str) -> str:
    """`text` without terminal escape sequences, control characters (but tab and newline),
    bidi controls and zero-width characters (but joiners between two characters)."""
    if not _SUSPECT.search(text):
        return text
    parts, pos = [], 0
    for found in _SUSPECT.finditer(text):
        start = found.start()
        char = text[start]
        if start < pos or char in "\t\n":
            continue  # inside a sequence already removed, or wanted
        if char in _JOINERS and 0 < start < len(text) - 1 and not text[start - 1].isspace() and not text[start + 1].isspace():
            continue
        sequence = _TERMINAL_JUNK.match(text, start)
        parts.append(text[pos:start])
        pos = sequence.end() if sequence else start + 1
    parts.append(text[pos:])
    return "".join(parts)


def _to_str(data: bytes) -> tuple[str, bool]:
    """The bytes as a string, by BOM, as UTF-8, or by detection; and whether they were
    UTF-8 without a BOM (so the bytes are the text's own UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), False
            except UnicodeDecodeError as error:
                raise LoadError(f"not valid {encoding.upper()} despite its byte order mark") from error
    if b"\x00" in data:
        raise LoadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        declared = _declared_charset(data)
        if declared:
            return data.decode(declared, errors="replace"), False
        return _detect(data), False


# An HTML page's own word on its encoding: <meta charset="..."> or the http-equiv form
# (content="text/html; charset=..."), looked for near the top, where a page declares it.
_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_CHARSET_LOOK_AT = 16384
# What browsers read these labels as (the WHATWG encoding standard): Windows-1252, a
# superset that also has the curly quotes and dashes pages labelled Latin-1 hold.
_AS_WINDOWS_1252 = frozenset({"latin_1", "iso8859-1", "ascii", "cp1252"})


def _declared_charset(data: bytes) -> str | None:
    """The encoding a page's <meta> declares, when Python knows it (not for UTF-8: the
    bytes were found not to be UTF-8, so the declaration is wrong)."""
    found = _META_CHARSET.search(data, 0, _CHARSET_LOOK_AT)
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name in ("utf-8", "utf-16", "utf-32") or name.startswith(("utf-16", "utf-32")):
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name


def _detect(data: bytes) -> str:
    """Decode bytes that aren't UTF-8 with the most likely encoding."""
    from charset_normalizer import from_bytes  # only needed for the odd non-UTF-8 file

    matches = list(from_bytes(data))
    if not matches:
        raise LoadError("binary file or unknown encoding, not text")
    best = matches[0]
    tied = [
        m.encoding
        for m in matches
        if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01
    ]
    encoding = next((e for e in _PREFERRED_GUESSES if e in tied), best.encoding)
    return data.decode(encoding, errors="replace")


def read_text(path: Path | str, limit: int | None = None) -> str:
    """The decoded text of one file, or `LoadError` saying why it can't be had."""
    return read_file(path, limit).text


class FileText(NamedTuple):
    """A file as `read_file` read it."""

    text: str
    #: `(size, mtime_ns)` of the very file read, from the open file: what a cached
    #: result of it must be checked against.
    seen: tuple[int, int]
    #: The text surely holds no whitespace but the space and the newline (`clean`'s hint).
    plain_spaces: bool


def read_file(path: Path | str, limit: int | None = None) -> FileText:
    """`read_text`, with what else the read found out (`FileText`). A LoadError raised
    once the file was open carries its `seen`."""
    limit = MAX_FILE_BYTES if limit is None else limit
    # os.open, fstat and read on the name as a string: half the system calls of stat and
    # open() with its buffered reader (7 µs a file), and no pathlib (0.15 s per 10k files).
    seen = None
    try:
        fd = os.open(os.fspath(path), os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            stat = os.fstat(fd)
            size = stat.st_size
            seen = (size, stat.st_mtime_ns)
            if size > limit:
                raise LoadError(f"too large ({_megabytes(size)}; the limit is {_megabytes(limit)})")
            # As much as fstat says, and one byte more to see whether it grew (or fstat can't
            # tell, as for a pipe): reading limit + 1 made a buffer of the limit every time.
            data = os.read(fd, size + 1)
            if len(data) > size:
                data = _read_on(fd, data, limit)
        finally:
            os.close(fd)
        text, plain_spaces = _text_of(data, limit)
        return FileText(text, seen, plain_spaces)
    except PermissionError as error:
        raise LoadError("unreadable: permission denied", lasting=False) from error
    except OSError as error:
        raise LoadError(f"unreadable: {error.strerror or error}", lasting=False) from error
    except LoadError as error:
        error.seen = seen
        raise


def _text_of(data: bytes, limit: int) -> tuple[str, bool]:
    """The text of a file's bytes (and `_decode`'s word on its spaces), or `LoadError`
    when they hold none."""
    if len(data) > limit:
        raise LoadError(f"too large (over {_megabytes(limit)})")
    if not data or data.isspace():  # (tested without stripping: no copy of the file)
        raise LoadError("empty file")
    text, plain_spaces = _decode(data)
    if not text or text.isspace():
        raise LoadError("empty file (nothing but invisible characters)")
    return text, plain_spaces


def _read_on(fd: int, start: bytes, limit: int) -> bytes:
    """`start` and what follows it from `fd`, to the end or to `limit` + 1 bytes."""
    chunks, got = [start], len(start)
    while got <= limit:
        chunk = os.read(fd, min(limit + 1 - got, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# --------------------------------------------------------------------------- ids

_SLUG_MAX = 60
_SLUG_LETTER = re.compile(r"[a-z]")
# Every byte but a-z and 0-9 turned into a space: splitting then joins the runs between
# them with "-", what replacing `[^a-z0-9]+` with "-" and trimming gives, in a third of
# the time (a pattern's substitution was most of making an id).
_SLUG_GAPS = bytes(b if 0x61 <= b <= 0x7A or 0x30 <= b <= 0x39 else 0x20 for b in range(256))


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
    slug = "-".join(folded.encode("ascii").translate(_SLUG_GAPS).decode("ascii").split())
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


def _id_prefixes(files: list[str]) -> dict[str, tuple[str, bool]]:
    """Each file's id prefix (see `article_ids`), and whether it keeps the extension: only
    when the name without extension is also another file's (`a.txt`, `a.md`)."""
    stems = [_stem(file) for file in files]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return {
        file: (file + "/", True) if counts[stem] > 1 else (stem + "/", False)
        for file, stem in zip(files, stems)
    }


def _id_prefix(file: str, keep_extension: bool) -> str:
    return (file if keep_extension else _stem(file)) + "/"


# --------------------------------------------------------------------------- one file


@dataclass
class FileResult:
    """What loading one file gave: its articles' metadata ("heads"), or a problem.

    A head is an article's fields without `text` and `subheadings`, plus `words`.
    `texts_packed` holds the rest (`pack_texts`) until the cache has stored it (`stored`).
    It is one UTF-8 blob because that is what the cache keeps: a worker process makes it
    once, and it crosses to the parent far cheaper than the same text as many objects,
    or even as one string (which pickle encodes in the worker and decodes in the parent,
    and SQLite encodes again: 0.1 s of the parent's CPU per 10,000 files).
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
        articles = cleaning.clean(read.text, plain_spaces=read.plain_spaces)
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
    for article, article_id in zip(articles, ids):
        result.heads.append(_head(article, article_id, file))
    result.texts_packed = pack_texts(articles)
    result.heads_json = orjson.dumps(result.heads)
    return result


def _head(article: Article, article_id: str, file: str) -> dict:
    """An article's head: its fields but the text ones, in field order, then `words`.
    Copied from the instance's dict (fields in order, as the dataclass and `make_article`
    both set them) and the text fields taken out: a quarter of the time of asking for each."""
    head = article.__dict__.copy()
    del head["text"], head["subheadings"]
    head["id"], head["file"], head["words"] = article_id, file, _words(article.text)
    return head


def _words(text: str) -> int:
    """`Article.words` of a cleaned text, by counting separators instead of splitting: its
    paragraphs hold single spaces only and no newline, and one blank line parts them
    (tests/cleaning/test_properties.py checks it), so each parting is two newlines. (A
    one-character count is a quarter faster than one of "\n\n".)"""
    return text.count(" ") + text.count("\n") // 2 + 1 if text else 0


# What crosses from a worker to the parent for one file: FileResult's fields as a plain
# tuple, the heads as their JSON only. Pickling the dataclasses with their dicts of heads
# cost 0.56 s of CPU per 10,000 files across both ends; this costs 0.15 s, JSON parse included.
_Wire = tuple[str, int, int, str | None, bool, bytes | None, bytes | None]


def _to_wire(result: FileResult) -> _Wire:
    return (
        result.file, result.size, result.mtime_ns, result.problem, result.problem_lasts,
        result.heads_json, result.texts_packed,
    )


def _from_wire(wire: _Wire) -> FileResult:
    file, size, mtime_ns, problem, problem_lasts, heads_json, texts_packed = wire
    heads = orjson.loads(heads_json) if heads_json else []
    return FileResult(
        file, size, mtime_ns, problem=problem, problem_lasts=problem_lasts, heads=heads,
        texts_packed=texts_packed, heads_json=heads_json,
    )


def _clean_chunk(root: str, jobs: list[tuple[str, int, int, bool]], spool: str | None = None) -> list[_Wire] | str:
    """`clean_file` over several files, so that each trip to a worker carries enough work.
    The jobs come as plain tuples of `Job`'s fields: pickling the dataclasses took the
    parent 0.1 s of CPU per 10,000 files.

    With `spool` (a private folder), the results go into a file there and only its name
    goes back (`_unspool` reads it): a chunk's texts are a few hundred KB, and pushed
    through the pool's pipe, 64 KB at a time, each worker spent 6-8% of its time waiting
    for the busy parent to read them. When the file can't be written, the results go back
    themselves."""
    folder = Path(root)
    wires = [_to_wire(clean_file(folder, Job(*job))) for job in jobs]
    if spool is None:
        return wires
    import pickle
    import tempfile

    try:
        fd, path = tempfile.mkstemp(dir=spool)
        with os.fdopen(fd, "wb") as file:
            pickle.dump(wires, file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # a full disk, say
        return wires
    return path


def _unspool(result: list[_Wire] | str) -> list[_Wire]:
    """A chunk's results from `_clean_chunk`, read from its file (then removed) when spooled."""
    if not isinstance(result, str):
        return result
    import pickle

    with open(result, "rb") as file:
        wires = pickle.load(file)
    os.unlink(result)
    return wires


# --------------------------------------------------------------------------- cache


def cache_key() -> str:
    """What a cached result depends on besides the file: layout, cleaner, article fields."""
    names = ",".join(f.name for f in fields(Article))
    return f"{CACHE_FORMAT}:{cleaning.CLEANER_VERSION}:{names}"


def default_cache_dir(root: Path) -> Path:
    """The cache folder for one collection: the user cache folder, keyed by the root."""
    from platformdirs import user_cache_path

    digest = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return user_cache_path("reader") / "collections" / digest


class ArticleCache:
    """Cleaned results per file, in one SQLite database (`cache.sqlite3`) in `folder`.

    One row per file in `files`: the cache key (see `cache_key`), the file's size and
    mtime (ns), its problem or its article heads (all the metadata `reader list` needs) as
    UTF-8 JSON. The articles' texts and subheadings, packed (`pack_texts`), are in
    `texts`, read only when an article is opened: in a table of their own, the heads of 10,000 files sit on a few
    pages and every start reads them in one pass, not across 50 MB of text. A row counts
    only when key, size and mtime all match. A database of another layout
    (`PRAGMA user_version` other than CACHE_FORMAT) is emptied and made anew.

    Why SQLite rather than JSON files: writing 10,000 small files (temporary file, then
    rename) took about 4 s here, one transaction takes a fraction of that; and reading the
    heads of 10,000 files is one query. Transactions make writes atomic; a database that
    is missing, locked, unreadable or corrupt is treated as empty (and a corrupt one is
    replaced), never as an error.
    """

    FILENAME = "cache.sqlite3"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / self.FILENAME
        # Rows of other cache keys are deleted by the first write only: the DELETE reads
        # the whole table, and a cold load writes ten times (most of the cache's CPU then).
        self._swept = False

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=2)
        try:
            # Texts average 5 KB: on 64 KB pages (which only a new database takes) storing
            # 10,000 files cost a third less CPU than on the default 4 KB ones.
            connection.execute("PRAGMA page_size = 65536")
            # No waiting for the disk at each commit: this is a cache, and one that a crash
            # of the system leaves damaged is detected and made anew (see the class).
            connection.execute("PRAGMA synchronous = OFF")
            if connection.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
                with connection:
                    connection.execute("DROP TABLE IF EXISTS files")
                    connection.execute("DROP TABLE IF EXISTS texts")
                    connection.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS files (file TEXT PRIMARY KEY, key TEXT, size INTEGER,"
                " mtime_ns INTEGER, problem TEXT, heads BLOB)"
            )
            connection.execute(
                "CREATE TABLE IF NOT EXISTS texts (file TEXT PRIMARY KEY, key TEXT, size INTEGER,"
                " mtime_ns INTEGER, texts BLOB)"
            )
        except BaseException:
            connection.close()
            raise
        return connection

    def read_index(self) -> dict[str, tuple]:
        """Valid-looking entries by file name: `(size, mtime_ns, problem, heads)`, as the
        cache holds them (checked by `_from_cache`)."""
        if not self.path.is_file():
            return {}
        try:
            connection = self._connect()
            try:
                rows = connection.execute(
                    "SELECT file, size, mtime_ns, problem, heads FROM files WHERE key = ?", (cache_key(),)
                ).fetchall()
            finally:
                connection.close()
            # Each row's heads parsed on its own: joined into one text (9 MB for 10,000
            # files) and parsed at once they took longer, most of it making that string.
            # (orjson: half the time of `json.loads` here, a tenth of a second per start.)
            loads = orjson.loads
            return {row[0]: (row[1], row[2], row[3], loads(row[4] or "[]")) for row in rows}
        except (sqlite3.Error, ValueError, TypeError):
            return {}  # a row that is no single JSON value: trust none of them

    def write(self, results: list[FileResult]) -> bool:
        """Store the results not stored yet (all in one transaction); False when that failed."""
        rows, text_rows, written = [], [], []
        key = cache_key()
        for r in results:
            if r.stored or (r.problem is not None and not r.problem_lasts):
                continue
            if r.problem is None and r.texts_packed is None:
                continue
            written.append(r)
            heads = r.heads_json or orjson.dumps(r.heads)
            rows.append((r.file, key, r.size, r.mtime_ns, r.problem, heads))
            if r.problem is None:
                text_rows.append((r.file, key, r.size, r.mtime_ns, r.texts_packed))
        if not rows:
            return True
        for attempt in (1, 2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                connection = self._connect()
                try:
                    with connection:
                        if not self._swept:
                            connection.execute("DELETE FROM files WHERE key != ?", (key,))
                            connection.execute("DELETE FROM texts WHERE key != ?", (key,))
                        connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", rows)
                        connection.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?, ?)", text_rows)
                finally:
                    connection.close()
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error) or attempt == 2 or not self._discard():
                    return False  # another process is writing: it will have stored them
                continue
            except sqlite3.DatabaseError:  # not a database, or a damaged one
                if attempt == 2 or not self._discard():
                    return False
                continue
            except (sqlite3.Error, OSError):
                return False
            self._swept = True
            for r in written:  # (not all results: a load writes ten times, 10,000 each)
                r.stored = True
                r.texts_packed = r.heads_json = None  # the cache has them now; memory stays flat
            return True
        return False

    def _discard(self) -> bool:
        """Remove a database that can't be used (corrupt, say), so it can be made anew."""
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def read_texts(self, result: FileResult) -> list[dict] | None:
        """A file's texts, when the cache holds them for this very version of the file."""
        try:
            connection = self._connect()
            try:
                row = connection.execute(
                    "SELECT texts FROM texts WHERE file = ? AND key = ? AND size = ? AND mtime_ns = ?",
                    (result.file, cache_key(), result.size, result.mtime_ns),
                ).fetchone()
            finally:
                connection.close()
            texts = unpack_texts(row[0]) if row and isinstance(row[0], bytes) else None
        except (sqlite3.Error, UnicodeDecodeError):
            return None
        if texts is None or len(texts) != len(result.heads):
            return None
        # Each text must have the words its head says: a damaged or edited row is not
        # shown as the article (JSON used to reject most such rows by failing to parse).
        if any(_words(t["text"]) != head.get("words") for t, head in zip(texts, result.heads)):
            return None
        return texts



# --------------------------------------------------------------------------- collection


#: Where an article lives: its file's result and its place in that file. A plain tuple:
#: one is made for every article when the first is opened, and a frozen dataclass per
#: article took a tenth of a second of start-up on 30,000 articles.
_Slot = tuple[FileResult, int]


class Collection:
    """The articles of a folder, in file order and then in order within each file.

    Build it with `load` (everything at once), or with `scan`, which returns at once with
    the file list and what the cache knows, followed by `iter_load` (or `load_pending`) to
    clean the rest, so an app can show progress. Article texts are read from the cache
    only when they are asked for; `summaries` needs none of them.
    """

    def __init__(self, root: Path, results: list[FileResult], pending: list[Job], cache: ArticleCache | None) -> None:
        self.root = Path(root)
        self.files: list[str] = [r.file for r in results]
        self._results = results
        self._position = {r.file: i for i, r in enumerate(results)}
        self._pending = {job.file: job for job in pending}
        self._cache = cache
        self._articles: dict[str, list[Article]] = {}
        self._slots: dict[str, _Slot] | None = None  # made when first needed

    # ---- building

    @classmethod
    def scan(cls, root: Path, cache_dir: Path | None = None, *, use_cache: bool = True) -> Collection:
        """The files of `root`, with the results the cache holds; the rest is `pending`.

        `cache_dir` defaults to a folder under the user cache folder; `use_cache=False`
        neither reads nor writes any cache. Raises `LoadError` when `root` is missing,
        not a folder, or holds no article files.
        """
        root = Path(root)
        if not root.exists():
            raise LoadError(f"articles folder not found: {root}")
        if not root.is_dir():
            raise LoadError(f"not a folder: {root}")
        files = find_names(root)
        if not files:
            suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
            raise LoadError(f"no article files ({suffixes}) in {root}")
        cache = ArticleCache(cache_dir or default_cache_dir(root)) if use_cache else None
        with cycle_collection_paused():  # (tens of thousands of heads and results, no cycles)
            return cls._scan(root, files, cache)

    @classmethod
    def _scan(cls, root: Path, files: list[str], cache: ArticleCache | None) -> Collection:
        known = cache.read_index() if cache else {}
        # One search over all the names ("/" can't be in a name, and is no unsafe character).
        bad_names = (
            {file: problem for file in files if (problem := name_problem(file)) is not None}
            if _UNSAFE_NAME.search("/".join(files))
            else {}
        )
        prefixes = _id_prefixes([file for file in files if file not in bad_names] if bad_names else files)
        results, pending = [], []
        folder = os.path.join(root, "")
        for file in files:
            if bad_names and file in bad_names:  # shown by its printable name, never cached
                results.append(FileResult(printable_name(file), 0, 0, problem=bad_names[file], problem_lasts=False))
                continue
            result, job = _from_cache(folder, file, prefixes[file], known.get(file))
            results.append(result)
            if job:
                pending.append(job)
        return cls(root, results, pending, cache)

    @classmethod
    def load(cls, root: Path, cache_dir: Path | None = None, workers: int | None = None, *, use_cache: bool = True) -> Collection:
        """The whole collection, every file read (or taken from the cache)."""
        # The cycle collector paused for the whole load: adopting 10,000 results makes tens
        # of thousands of dicts and no cycles. (Worker processes forked meanwhile start
        # with it paused too; their work makes no cycles either.)
        with cycle_collection_paused():
            collection = cls.scan(root, cache_dir, use_cache=use_cache)
            collection.load_pending(workers)
        return collection

    @property
    def pending(self) -> list[str]:
        """Files not cleaned yet."""
        return list(self._pending)

    def load_pending(self, workers: int | None = None) -> None:
        """Clean every pending file."""
        for _ in self.iter_load(workers):
            pass

    def iter_load(self, workers: int | None = None) -> Iterator[tuple[int, int]]:
        """Clean the pending files, yielding `(done, total)` as files finish.

        `workers`: processes to clean with; by default one per core when there are many
        files, else none (cleaning in this process). Results are written to the cache as
        they come, every `CACHE_WRITE_EVERY` files (this process is idle while the
        workers clean, and the write at the end was most of what followed them), every
        fifth of that once fewer remain (so that the write after the last file, which
        nothing overlaps, is small), and at the end, also when the caller stops early.
        """
        jobs, total, done = list(self._pending.values()), len(self._pending), 0
        if not jobs:
            return
        unwritten = 0
        try:
            for finished in self._run(jobs, workers):
                for result in finished:
                    self._adopt(result)
                done += len(finished)
                unwritten += len(finished)
                every = CACHE_WRITE_EVERY if total - done >= CACHE_WRITE_EVERY else CACHE_WRITE_EVERY // 5
                if self._cache and unwritten >= every and done < total:
                    self._cache.write(self._results)
                    unwritten = 0
                yield done, total
        finally:
            if self._cache:
                self._cache.write(self._results)

    def _run(self, jobs: list[Job], workers: int | None) -> Iterator[list[FileResult]]:
        """Results in batches, from this process or from a pool of worker processes."""
        workers = _worker_count(len(jobs)) if workers is None else workers
        if workers <= 1:
            for job in jobs:
                yield [clean_file(self.root, job)]
            return
        import tempfile
        from concurrent.futures import ProcessPoolExecutor, as_completed

        rows = [(job.file, job.size, job.mtime_ns, job.keep_extension) for job in jobs]
        chunks = [rows[i : i + POOL_CHUNK] for i in range(0, len(rows), POOL_CHUNK)]
        # (The pool shuts down, its workers done, before the spool folder goes.)
        with tempfile.TemporaryDirectory(prefix="reader-") as spool, ProcessPoolExecutor(
            workers, mp_context=_pool_context()
        ) as pool:
            futures = [pool.submit(_clean_chunk, str(self.root), chunk, spool) for chunk in chunks]
            try:
                for future in as_completed(futures):
                    yield [_from_wire(wire) for wire in _unspool(future.result())]
            finally:
                for future in futures:
                    future.cancel()

    def _adopt(self, result: FileResult) -> None:
        """Take a freshly cleaned file in."""
        self._results[self._position[result.file]] = result
        self._pending.pop(result.file, None)
        self._articles.pop(result.file, None)
        if self._slots is not None:
            self._add_slots(result)

    def _add_slots(self, result: FileResult) -> None:
        assert self._slots is not None
        for i, head in enumerate(result.heads):
            self._slots[head["id"]] = (result, i)

    def _all_slots(self) -> dict[str, _Slot]:
        """Articles by id (made on first use: `reader list` never needs it)."""
        if self._slots is None:
            self._slots = {head["id"]: (r, i) for r in self._results for i, head in enumerate(r.heads)}
        return self._slots

    # ---- reading

    @property
    def problems(self) -> list[Problem]:
        """The files that could not be loaded, and why."""
        return [Problem(r.file, r.problem) for r in self._results if r.problem is not None]

    @property
    def ids(self) -> list[str]:
        """Every article's id, in collection order."""
        return [head["id"] for r in self._results for head in r.heads]

    def summaries(self) -> list[dict]:
        """Every article's metadata as `Article.summary()` gives it, without reading texts."""
        return [dict(head) for r in self._results for head in r.heads]

    def heads(self) -> Iterator[dict]:
        """`summaries` without copying them: the collection's own dicts, to read, not change
        (made for each of 30,000 articles at every start of the app, the copies cost). Only
        a caller done with the collection may add to them (`reader list` adds `claims`)."""
        for r in self._results:
            yield from r.heads

    @property
    def articles(self) -> list[Article]:
        """Every article, texts and all (read from the cache as needed)."""
        return [article for r in self._results for article in self._file_articles(r)]

    def get(self, article_id: str) -> Article:
        """The article with this id; `KeyError` when there is none."""
        result, index = self._all_slots()[article_id]
        return self._file_articles(result)[index]

    def find(self, prefix: str) -> Article:
        """The article with id `prefix`, or the only one whose id starts with it; else `KeyError`."""
        slots = self._all_slots()
        if prefix in slots:
            return self.get(prefix)
        matches = [i for i in slots if i.startswith(prefix)]
        if len(matches) != 1:
            raise KeyError(f"{prefix} (matches {len(matches)} articles)" if matches else prefix)
        return self.get(matches[0])

    def removed(self, article_id: str) -> list[Removed]:
        """What the cleaner removed from around and inside this article, step by step (the
        file is cleaned again: asked for on request only)."""
        from reader.cleaning.removed import explain

        result, index = self._all_slots()[article_id]
        explained = explain(self.raw_text(result.file))
        if len(explained) != len(result.heads):
            raise LoadError(f"{result.file} changed while the collection was open; load it again")
        return explained[index][1]

    def raw_text(self, file: str) -> str:
        """A file of the collection as read and decoded (`LoadError` when it can't be)."""
        if file not in self._position:
            raise KeyError(file)
        return read_text(self.root / file)

    def _file_articles(self, result: FileResult) -> list[Article]:
        """A file's articles, with texts from memory, the cache, or cleaning it again."""
        if not result.heads:
            return []
        articles = self._articles.get(result.file)
        if articles is not None:
            return articles
        texts = result.texts()
        if texts is None and self._cache:
            texts = self._cache.read_texts(result)
        if texts is None:  # the cache lost them: clean the file again
            job = Job(result.file, result.size, result.mtime_ns, not result.heads[0]["id"].startswith(_id_prefix(result.file, False)))
            texts = clean_file(self.root, job).texts() or []
        if len(texts) != len(result.heads):
            raise LoadError(f"{result.file} changed while the collection was open; load it again")
        articles = [_article(head, body) for head, body in zip(result.heads, texts)]
        self._articles[result.file] = articles
        return articles


def _article(head: dict, body: dict) -> Article:
    """An `Article` from its head and its text."""
    values = {k: v for k, v in head.items() if k != "words"}
    return Article(**values, text=body["text"], subheadings=tuple(body["subheadings"]))


def _from_cache(root: str, file: str, prefix: tuple[str, bool], entry: tuple | None) -> tuple[FileResult, Job | None]:
    """The cached result for a file when it is still valid; else a job to clean it.

    `root` is the folder as a string with a trailing separator (this runs once per file
    at every start, so it avoids making paths); `prefix` is the file's id prefix and
    whether it keeps the extension (`_id_prefixes`); `entry` the cache's (`read_index`)."""
    id_prefix, keep_extension = prefix
    if entry is None:  # nothing to check: the worker's read records size and mtime (no stat here)
        return FileResult(file, 0, 0, stored=True), Job(file, 0, 0, keep_extension)
    try:
        stat = os.stat(root + file)
    except OSError:
        return FileResult(file, 0, 0, problem="unreadable: it vanished or can't be examined", problem_lasts=False), None
    size, mtime = stat.st_size, stat.st_mtime_ns
    result = FileResult(file, size, mtime, stored=True)
    if entry[0] != size or entry[1] != mtime:
        return result, Job(file, size, mtime, keep_extension)
    problem, heads = entry[2], entry[3]
    if isinstance(problem, str):
        result.problem = problem
        return result, None
    if not heads or type(heads) is not list or not _valid_heads(heads, id_prefix):
        return result, Job(file, size, mtime, keep_extension)
    result.heads = heads
    return result, None


def _valid_heads(heads: list, prefix: str) -> bool:
    """Whether cached heads look like those this version wrote, for this file name: dicts
    whose `id` is a string starting with `prefix`. (Runs for every article at every start:
    one loop, its failures caught, costs a fraction of a call per head.)"""
    try:
        for head in heads:
            if not head["id"].startswith(prefix):
                return False
    except (TypeError, KeyError, AttributeError):  # not a dict, no id, an id not a string
        return False
    return True


def _worker_count(jobs: int) -> int:
    """Processes worth starting for this many files."""
    if jobs < POOL_THRESHOLD:
        return 1
    # (sched_getaffinity knows the cores this process may use, but only on Linux)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))


def _pool_context() -> BaseContext:
    """fork when this process has no other threads (fast); spawn when it has (safe)."""
    import multiprocessing

    method = "fork" if threading.active_count() == 1 else "spawn"
    return multiprocessing.get_context(method)


__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_FILE_BYTES",
    "ArticleCache",
    "Collection",
    "FileResult",
    "FileText",
    "Job",
    "LoadError",
    "article_ids",
    "decode",
    "find_files",
    "find_names",
    "name_problem",
    "printable_name",
    "read_file",
    "read_text",
    "slugify",
    "strip_invisible",
]
