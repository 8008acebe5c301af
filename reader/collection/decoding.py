"""Bytes to safe text: reading a file, its charset (BOM, UTF-8, an HTML page's declared
charset, or detection), newlines, NFC, and what could play tricks in a terminal removed.

A file that can't be read as text raises `LoadError` with its reason.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from reader.collection.errors import LoadError

#: Files larger than this are listed as problems instead of being read: 32 MiB holds any
#: real article page many times over, and keeps one stray dump from stalling the load.
MAX_FILE_BYTES = 32 * 1024 * 1024

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

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are read as such; an HTML page that
    is not UTF-8 by the charset its <meta> declares; anything else is detected with
    charset-normalizer (preferring Windows-1252 among equally likely guesses). Then
    newlines become `\\n`, the text is NFC-normalised, and what could play tricks in a
    terminal or hide in the text is removed: escape sequences (CSI, OSC such as window
    titles and OSC 52 clipboard writes, others), control characters other than tab and
    newline, bidi controls, and zero-width characters (ZWJ/ZWNJ are kept between two
    characters, where emoji and some scripts need them).
    """
    text = _to_str(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate({0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
    text = strip_invisible(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


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
        if (
            char in _JOINERS
            and 0 < start < len(text) - 1
            and not text[start - 1].isspace()
            and not text[start + 1].isspace()
        ):
            continue
        sequence = _TERMINAL_JUNK.match(text, start)
        parts.append(text[pos:start])
        pos = sequence.end() if sequence else start + 1
    parts.append(text[pos:])
    return "".join(parts)


def _to_str(data: bytes) -> str:
    """The bytes as a string, by BOM, as UTF-8, by the declared charset, or by detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise LoadError(f"not valid {encoding.upper()} despite its byte order mark") from error
    if b"\x00" in data:
        raise LoadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        declared = _declared_charset(data)
        if declared:
            return data.decode(declared, errors="replace")
        return _detect(data)


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
    tied = [m.encoding for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01]
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


def read_file(path: Path | str, limit: int | None = None) -> FileText:
    """`read_text`, with what else the read found out (`FileText`). A LoadError raised
    once the file was open carries its `seen`."""
    limit = MAX_FILE_BYTES if limit is None else limit
    # os.open, fstat and read on the name as a string: half the system calls of stat and
    # open() with its buffered reader, and no pathlib objects (made for every file).
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
        return FileText(_text_of(data, limit), seen)
    except PermissionError as error:
        raise LoadError("unreadable: permission denied", lasting=False) from error
    except OSError as error:
        raise LoadError(f"unreadable: {error.strerror or error}", lasting=False) from error
    except LoadError as error:
        error.seen = seen
        raise


def _text_of(data: bytes, limit: int) -> str:
    """The text of a file's bytes, or `LoadError` when they hold none."""
    if len(data) > limit:
        raise LoadError(f"too large (over {_megabytes(limit)})")
    if not data or data.isspace():  # (tested without stripping: no copy of the file)
        raise LoadError("empty file")
    text = decode(data)
    if not text or text.isspace():
        raise LoadError("empty file (nothing but invisible characters)")
    return text


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


__all__ = ["MAX_FILE_BYTES", "FileText", "decode", "read_file", "read_text", "strip_invisible"]
