"""Text made safe for where notes go: markdown that renders as exactly the characters it
was given, and JSON that carries no raw control, bidi or markup character."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

# Inline markup, Obsidian's too (#tags, [[links]], ==highlights==, %%comments%%, ![[embeds]],
# ^block-ids); a backslash before any ASCII punctuation is a literal in CommonMark. Only what
# would be markup is escaped: "83%", "n=1,600" or "Wow!" stay as they are; "%%", "==" and "![" don't.
_INLINE = re.compile(r"[\\`*_\[\]<>#|~^]|%(?=%)|(?<=%)%|=(?==)|(?<==)=|!(?=\[)|&(?=#?\w+;)")
# Raw control characters (a terminal would act on ESC, CSI, OSC), bidi and invisible
# format characters (not the joiners emoji and some scripts need): written as character
# references, which markdown shows as the character itself and no terminal acts on.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LINE_START = re.compile(r"^([-+>]|\d{1,9}(?=[.)]))")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
# A character `escape_line` might act on (markup, controls): most lines hold none, nor
# space at an end or a list marker at the start, and are left as they are after one scan
# of a character class (a large export escapes hundreds of thousands of lines).
_MAYBE = re.compile("[\\\\`*_\\[\\]<>#|~^%=!&" + _CONTROL.pattern[1:])
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def escape_line(line: str) -> str:
    """One line of text as markdown that renders as exactly these characters."""
    if not _MAYBE.search(line) and not (
        line and (line[0].isspace() or line[-1].isspace() or line[0] in "-+>" or line[0].isdigit())
    ):
        return line
    line = _INLINE.sub(lambda m: "\\" + m.group(0), line)
    line = _CONTROL.sub(lambda m: f"&#{ord(m.group(0))};", line)
    digits = _LINE_START.match(line)
    if digits and digits.group(1).isdigit():
        line = digits.group(1) + "\\" + line[digits.end() :]  # "1." opens a list, "1\." does not
    elif digits:
        line = "\\" + line
    # Whitespace at either end (any kind) would be dropped; as character references it stays.
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), line)


def escape_block(text: str, prefix: str = "") -> list[str]:
    """A text of paragraphs as markdown lines, each with `prefix` ("> " for a blockquote)."""
    if "\n" not in text and "\r" not in text:
        return [prefix + escape_line(text)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text.strip("\n")):
        if out:
            out.append(prefix.rstrip())
        out.extend(prefix + escape_line(line) for line in paragraph.split("\n"))
    return out


_NOT_IN_TAG = re.compile(r"[^\w/-]+")


@lru_cache(maxsize=4096)  # (a collection has few tags, written once a claim)
def tag_text(tag: str) -> str:
    """A tag as an Obsidian `#tag`: spaces and other characters tags can't hold become `-`."""
    cleaned = _NOT_IN_TAG.sub("-", tag.strip()).strip("-")
    return "#" + (cleaned or "tag")


def code(text: str) -> str:
    """A path or id as a code span (shown as it is), or escaped if it holds a backtick."""
    plain = "`" not in text and text.strip() == text and text and not _CONTROL.search(text)
    return f"`{text}`" if plain else escape_line(text)


def cell(text: str) -> str:
    """Text as one GFM table cell: one line, markup and pipes escaped."""
    return _INLINE.sub(lambda m: "\\" + m.group(0), " ".join(text.split())) or " "


_JSON_UNSAFE = re.compile("[<>&\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def json_safe(text: str) -> str:
    """JSON text whose strings hold no raw C1 control, bidi or invisible character, and no
    `<`, `>` or `&` (so no `<script>` in front matter a renderer might run): each written
    as a \\u escape, which JSON and YAML read back as the same character. (json.dumps
    escapes the C0 controls, ESC among them, itself.)"""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


# The same characters in UTF-8: those of one sequence found with `in` (and replaced only
# when there), the others by a pattern starting with a literal lead byte (so a match is one
# whole character); a fraction of the time of `_JSON_UNSAFE` over text.
_UTF8_UNSAFE = (
    re.compile(rb"\xc2[\x80-\x9f]"),  # (two patterns: one pattern of both has no literal start)
    re.compile(rb"\xe2(?:\x80[\x8b\x8e\x8f\xa8-\xae]|\x81[\xa0-\xa4\xa6-\xa9])"),
)
_PLAIN_UNSAFE = (b"<", b">", b"&", b"\x7f", "\ufeff".encode())


def _escape_utf8(match: re.Match[bytes]) -> bytes:
    return f"\\u{ord(match.group(0).decode('utf-8')):04x}".encode("ascii")


def json_safe_utf8(data: bytes) -> bytes:
    """`json_safe` for JSON as UTF-8 bytes (none of these characters is JSON's own
    syntax, so each is escaped wherever it stands, as there)."""
    for unsafe in _PLAIN_UNSAFE:
        if unsafe in data:
            data = data.replace(unsafe, f"\\u{ord(unsafe.decode('utf-8')):04x}".encode("ascii"))
    for pattern in _UTF8_UNSAFE:
        data = pattern.sub(_escape_utf8, data)
    return data


def dumps_safe_utf8(value: Any, *, newline: bool = False) -> bytes | None:
    """`dumps_safe` as UTF-8 bytes (`newline`: and a line end), made by orjson (the
    standard encoder was most of a large export's time); None for what orjson refuses (a
    lone surrogate): `dumps_safe` writes it."""
    import orjson

    option = orjson.OPT_INDENT_2 | (orjson.OPT_APPEND_NEWLINE if newline else 0)
    try:
        return json_safe_utf8(orjson.dumps(value, option=option))
    except orjson.JSONEncodeError:
        return None


def dumps_safe(value: Any) -> str:
    """`value` as JSON indented by 2, as `json_safe` text."""
    data = dumps_safe_utf8(value)
    if data is not None:
        return data.decode("utf-8")
    return json_safe(json.dumps(value, ensure_ascii=False, indent=2))
