"""reader.collection.decoding: bytes to safe text, charsets, reading a file."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import collection
from reader.collection import (
    Collection,
    LoadError,
    decode,
    read_text,
)
from reader.collection import decoding as decode_module
from tests.collection.common import ARTICLE, write


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfcaf\xc3\xa9", "café"),
        ("café naïve".encode(), "café naïve"),
        (b"\xff\xfe" + "café naïve".encode("utf-16-le"), "café naïve"),
        (b"\xfe\xff" + "café naïve".encode("utf-16-be"), "café naïve"),
        (b"\xff\xfe\x00\x00" + "café".encode("utf-32-le"), "café"),
        ("café naïve".encode("latin-1"), "café naïve"),
        (
            "Le café naïve est très “bon” — oui.\nDeuxième ligne.".encode("cp1252"),
            "Le café naïve est très “bon” — oui.\nDeuxième ligne.",
        ),
        (
            "Příliš žluťoučký kůň úpěl ďábelské ódy. Přehled zpráv.".encode("cp1250"),
            "Příliš žluťoučký kůň úpěl ďábelské ódy. Přehled zpráv.",
        ),
    ],
    ids=["utf8-bom", "utf8", "utf16le", "utf16be", "utf32le", "latin1", "cp1252", "cp1250"],
)
def test_decodes_encodings(data: bytes, expected: str) -> None:
    assert decode(data) == expected


def test_newlines_and_unicode_are_normalised() -> None:
    assert decode(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert decode("cafe\u0301".encode()) == "café"


@pytest.mark.parametrize(
    "junk",
    [
        "\x1b[31m",  # colour
        "\x1b[0m",
        "\x1b[2J\x1b[H",  # clear screen, cursor home
        "\x1b[10;5H",  # cursor move
        "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
        "\x1b]0;pwned title\x1b\\",  # OSC: window title, ST-terminated
        "\x1b]8;;http://evil.example\x07",  # OSC 8 hyperlink
        "\x1bP1$qm\x1b\\",  # DCS
        "\x1b7",  # save cursor
        "\x9b31m",  # 8-bit CSI
        "\x07\x08\x0b\x0c\x7f\x01",  # bell, backspace, VT, FF, DEL, SOH
        "\u202e\u2066",  # bidi override, isolate
        "\u200b\ufeff\u2060",  # zero-width space, BOM, word joiner
    ],
)
def test_terminal_escapes_and_controls_are_stripped(junk: str) -> None:
    text = decode(f"Safe {junk}text\there.\n".encode())
    assert text == "Safe text\there.\n"


@settings(max_examples=300)
@given(
    st.text(
        st.sampled_from(
            [
                "a",
                "e",
                "é",
                "“",
                "”",
                "—",
                "…",
                "\u0301",
                "\u0308",
                "\u212b",
                "\u2000",
                "\u20d7",
                "\u1100",
                "\u1161",
                "\u200b",
                "\u00ad",
                " ",
            ]
        )
    )
)
def test_decoding_is_stripping_then_nfc(text: str) -> None:
    assert decode(text.encode()) == unicodedata.normalize("NFC", collection.strip_invisible(text))


def test_zero_width_joiner_kept_inside_emoji() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert decode(f"A {family} and \u200dlone.".encode()) == f"A {family} and lone."


def test_binary_file_is_refused() -> None:
    with pytest.raises(LoadError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(LoadError, match="binary"):
        decode(bytes(range(256)) * 20)


def test_empty_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="empty"):
        read_text(write(tmp_path / "e.txt", b""))
    with pytest.raises(LoadError, match="empty"):
        read_text(write(tmp_path / "w.txt", b" \n\r\n\t"))


def test_oversized_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode_module, "MAX_FILE_BYTES", 100)
    write(tmp_path / "big.txt", ARTICLE * 10)
    write(tmp_path / "ok.txt", ARTICLE)
    loaded = Collection.load(tmp_path, use_cache=False)
    assert [p.file for p in loaded.problems] == ["big.txt"]
    assert "too large" in loaded.problems[0].reason
    assert {a.file for a in loaded.articles} == {"ok.txt"}


class _StatSays:
    """A `stat` result with another size, as for a file that grows after it was looked at
    (or one whose size stat can't tell, such as a pipe)."""

    def __init__(self, size: int) -> None:
        self.st_size = size
        self.st_mtime_ns = 1


@pytest.mark.parametrize("stat_size", [0, 10])
def test_file_larger_than_stat_said_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stat_size: int
) -> None:
    path = write(tmp_path / "grows.txt", ARTICLE)
    monkeypatch.setattr(os, "fstat", lambda fd: _StatSays(stat_size))
    assert read_text(path) == ARTICLE
    with pytest.raises(LoadError, match="too large"):
        read_text(path, limit=len(ARTICLE) - 1)


def test_decoded_text_never_holds_the_packing_separators() -> None:
    assert decode(b"a\x1eb\x1fc\n") == "abc\n"


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>Caf\u00e9 owners \u201cwin\u201d the vote - The Quay Post</title>
<meta property="og:site_name" content="The Quay Post">
<meta property="article:published_time" content="2026-03-04T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Caf\u00e9 owners \u201cwin\u201d the vote</h1>
<p>The caf\u00e9 owners on the quay won their vote on Tuesday, and their terraces may stay open until midnight through the summer.</p>
<p>Residents had asked the council for an earlier closing time, saying the noise kept their children awake on school nights.</p>
</article><footer>\u00a9 2026 The Quay Post</footer></body></html>
"""


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "saved-as.txt"])
def test_loads_a_saved_web_page(tmp_path: Path, name: str) -> None:
    write(tmp_path / name, PAGE.format(charset="utf-8"))
    loaded = Collection.load(tmp_path, cache_dir=tmp_path / ".cache")
    assert not loaded.problems
    [article] = loaded.articles
    assert article.title == "Caf\u00e9 owners \u201cwin\u201d the vote"
    assert (article.date, article.site) == ("2026-03-04", "The Quay Post")
    assert article.text.startswith("The caf\u00e9 owners on the quay won")
    assert "Home" not in article.text and "\u00a9" not in article.text
    assert article.id == f"{name.rsplit('.', 1)[0]}/cafe-owners-win-the-vote"


@pytest.mark.parametrize(
    ("charset", "encoding", "sample"),
    [
        ("windows-1252", "cp1252", "Caf\u00e9 owners \u201cwin\u201d \u2013 \u20ac5"),
        ("ISO-8859-1", "cp1252", "Caf\u00e9 owners \u201cwin\u201d"),  # read as browsers read it
        ("iso-8859-15", "iso8859_15", "Caf\u00e9 \u20ac5 \u0153uvre"),
        (
            "koi8-r",
            "koi8_r",
            "\u041a\u0430\u0444\u0435 \u043d\u0430 \u043d\u0430\u0431\u0435\u0440\u0435\u0436\u043d\u043e\u0439",
        ),
        ("shift_jis", "shift_jis", "\u6e2f\u306e\u30ab\u30d5\u30a7"),
    ],
)
def test_a_page_that_is_not_utf8_is_decoded_by_its_declared_charset(charset: str, encoding: str, sample: str) -> None:
    page = f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"></head>\n<body><p>{sample}</p></body></html>\n'
    assert decode(page.encode(encoding)) == page


def test_a_declared_charset_never_overrides_valid_utf8() -> None:
    page = PAGE.format(charset="windows-1252")
    assert decode(page.encode("utf-8")) == page


def test_http_equiv_charset_is_honoured() -> None:
    page = PAGE.replace(
        '<meta charset="{charset}">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    )
    assert decode(page.encode("cp1252")) == page
