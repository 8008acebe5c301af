"""The collection: finding files, decoding them, ids, problems and the cache."""

from __future__ import annotations

import os
import re
import sqlite3
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import cleaning, collection
from reader.article import Article, Problem
from reader.collection import (
    ArticleCache,
    Collection,
    LoadError,
    article_ids,
    decode,
    default_cache_dir,
    find_files,
    pack_texts,
    read_text,
    slugify,
    unpack_texts,
)

ARTICLE = "A Title For The Test\n\nThe first paragraph of the article says something. It has two sentences.\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def names(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in find_files(root)]


# --------------------------------------------------------------------------- discovery


def test_finds_article_files_recursively_in_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.TEXT", "sub/deeper/d.Txt", "notes.pdf", "e.html", "f.HTM", "g.xml", ".hidden.txt", ".reader/x.txt"]:
        write(tmp_path / name, ARTICLE)
    assert names(tmp_path) == ["a.md", "b.txt", "e.html", "f.HTM", "sub/c.TEXT", "sub/deeper/d.Txt"]


def test_extensions_are_matched_as_splitext_sees_them(tmp_path: Path) -> None:
    # find_names looks at the text after the last dot itself (no os.path.splitext per file).
    given = ["a.b.txt", "x.txt.bak", "noext", "dot.", "TXT", "y.MD", "z..text", "w.txt.md", "v.tx", "u txt"]
    for name in given:
        write(tmp_path / name, ARTICLE)
    assert names(tmp_path) == sorted(n for n in given if os.path.splitext(n)[1].lower() in collection.ARTICLE_SUFFIXES)


def test_symlink_loop_and_links_outside_are_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "a.txt", ARTICLE)
    write(tmp_path / "outside" / "secret.txt", ARTICLE)
    os.symlink(root, root / "loop")
    os.symlink(tmp_path / "outside", root / "out")
    os.symlink(tmp_path / "outside" / "secret.txt", root / "secret.txt")
    os.symlink(root / "a.txt", root / "again.txt")
    os.symlink(root / "missing.txt", root / "broken.txt")
    assert names(root) == ["a.txt"]


def test_symlinked_folder_inside_root_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", ARTICLE)
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert names(tmp_path) == ["real/a.txt"]


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfcaf\xc3\xa9", "café"),
        ("café naïve".encode(), "café naïve"),
        (b"\xff\xfe" + "café naïve".encode("utf-16-le"), "café naïve"),
        (b"\xfe\xff" + "café naïve".encode("utf-16-be"), "café naïve"),
        (b"\xff\xfe\x00\x00" + "café".encode("utf-32-le"), "café"),
        ("café naïve".encode("latin-1"), "café naïve"),
        ("Le café naïve est très “bon” — oui.\nDeuxième ligne.".encode("cp1252"), "Le café naïve est très “bon” — oui.\nDeuxième ligne."),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Přehled zpráv.".encode("cp1250"), "Příliš žluťoučký kůň úpěl ďábelské ódy. Přehled zpráv."),
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


# Every character the text pattern looks for, the line-break ones, and their neighbours.
_NEAR_SUSPECT = st.text(
    st.sampled_from([*map(chr, range(0x21)), *map(chr, range(0x7E, 0xA2)), "\u061b", "\u061c", "\u180e", "\ufeff", "\ufefe", "a", "é", "“", "—"]
                    + [*map(chr, range(0x2008, 0x2031)), *map(chr, range(0x205E, 0x206B))])
)


@settings(max_examples=500)
@given(_NEAR_SUSPECT)
def test_utf8_check_never_calls_a_text_with_invisible_characters_plain(text: str) -> None:
    if collection._SUSPECT.search(text.replace("\r", "")):  # (decode has turned \r into \n)
        assert not collection._plain_utf8(text.encode())


def _changes_under_nfc() -> set[str]:
    """Characters that are not inert under NFC: combining marks, those NFC replaces, and
    those that may compose with the character before them (Hangul vowels and trailing
    consonants compose by rule, not by the decomposition table)."""
    seconds, changing = set(), set()
    for cp in range(0x110000):
        char = chr(cp)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            seconds.update(chr(int(part, 16)) for part in decomposition.split()[1:])
        if unicodedata.combining(char) or 0xD800 <= cp < 0xE000 or unicodedata.normalize("NFC", char) != char:
            changing.add(char)
    hangul = {chr(cp) for cp in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}
    return (seconds | changing | hangul) - {chr(cp) for cp in range(0xD800, 0xE000)}


def test_utf8_check_never_calls_a_character_plain_that_decode_must_remove_or_normalise() -> None:
    # Every code point: the byte test may raise false alarms, never miss one.
    missed = [
        f"U+{ord(char):04X}"
        for char in sorted(_changes_under_nfc() | {c for c in map(chr, range(0x10000)) if collection._SUSPECT.match(c)})
        if char != "\r" and collection._plain_utf8(f"a{char}b".encode())
    ]
    assert missed == []


@settings(max_examples=300)
@given(st.text(st.sampled_from(["a", "e", "é", "“", "”", "—", "…", "\u0301", "\u0308", "\u212b", "\u2000", "\u20d7", "\u1100", "\u1161", "\u200b", "\u00ad", " "])))
def test_a_text_called_plain_is_decoded_unchanged(text: str) -> None:
    if collection._plain_utf8(text.encode()):
        assert collection.strip_invisible(text) == text and unicodedata.is_normalized("NFC", text)
    assert decode(text.encode()) == unicodedata.normalize("NFC", collection.strip_invisible(text))


def test_utf8_check_never_calls_the_spaces_plain_when_a_whitespace_character_is_there() -> None:
    # Every whitespace code point but the space and the newline, alone and among others:
    # the cleaner takes `plain_spaces` on trust.
    odd = [c for c in map(chr, range(0x110000)) if c.isspace() and c not in " \n"]
    for char in odd:
        for text in (f"a{char}b", f"“a” — {char}é\n"):
            plain, plain_spaces = collection._utf8_look(text.encode())
            spaces_left = any(c.isspace() and c not in " \n" for c in decode(text.encode()))
            assert not (plain and plain_spaces and spaces_left), f"U+{ord(char):04X} in {text!r}"


@settings(max_examples=300)
@given(st.text(st.sampled_from(["a", " ", "\n", "\t", "\r", "\xa0", "\u2002", "\u202f", "\u205f", "\u3000", "“", "—", "\u200b", "é"])))
def test_spaces_called_plain_hold_no_other_whitespace(text: str) -> None:
    plain, plain_spaces = collection._utf8_look(text.encode())
    if plain and plain_spaces:
        assert all(c in " \n" or not c.isspace() for c in decode(text.encode()))
    if plain and not any(c in text for c in "\t\xa0\u2002\u202f\u205f"):
        assert plain_spaces  # (no false alarm on ordinary text)


def test_cleaning_a_file_with_the_spaces_hint_gives_what_cleaning_its_text_gives(articles_dir: Path) -> None:
    write(articles_dir / "spaced.txt", "A Title\n\nText\twith a tab and\u00a0a no-break space, in a sentence.\n")
    write(articles_dir / "plain.txt", "A “Title”\r\n\r\nText with — only spaces and newlines, in a sentence.\r\n")
    hints = {}
    for file in collection.find_names(articles_dir):
        read = collection.read_file(articles_dir / file)
        hints[file] = read.plain_spaces
        assert cleaning.clean(read.text, plain_spaces=read.plain_spaces) == cleaning.clean(read.text)
    assert hints["plain.txt"] and not hints["spaced.txt"]


def test_latin_text_with_curly_quotes_and_dashes_is_plain() -> None:
    # (what lets nearly every file skip the slower checks)
    assert collection._plain_utf8("“Café” — it’s 5 °C… • naïve\tÅngström\n".encode())


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
    monkeypatch.setattr(collection, "MAX_FILE_BYTES", 100)
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
    monkeypatch.setattr(collection.os, "fstat", lambda fd: _StatSays(stat_size))
    assert read_text(path) == ARTICLE
    with pytest.raises(LoadError, match="too large"):
        read_text(path, limit=len(ARTICLE) - 1)


def test_unreadable_file_is_a_problem_and_others_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "locked.txt", ARTICLE)
    write(tmp_path / "open.txt", ARTICLE)
    # (Tests run as root here, so chmod can't lock a file: `os.open` refuses instead.)
    real_open = os.open

    def guarded_open(name, *args, **kwargs):
        if os.path.basename(name) == "locked.txt":
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(collection.os, "open", guarded_open)
    loaded = Collection.load(tmp_path, workers=1)
    assert [(p.file, p.reason) for p in loaded.problems] == [("locked.txt", "unreadable: permission denied")]
    assert [a.file for a in loaded.articles] == ["open.txt"]
    # (Not monkeypatch.undo(): that would also undo the isolated user folders, and this
    # load would write its cache into the real one.)
    monkeypatch.setattr(collection.os, "open", real_open)
    # A permission problem isn't cached: once readable, the file loads.
    assert Collection.load(tmp_path, workers=1).problems == []


def test_bad_files_are_problems_and_the_rest_loads(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "binary.txt", b"\x00\x01\x02" * 100)
    write(tmp_path / "empty.md", b"")
    write(tmp_path / "escapes.txt", "Title \x1b[31mRed\x1b[0m\x1b]0;x\x07\n\nBody text of it, long enough to be prose here.\n")
    loaded = Collection.load(tmp_path, workers=1)
    assert sorted(p.file for p in loaded.problems) == ["binary.txt", "empty.md"]
    for article in loaded.articles:
        assert "\x1b" not in article.title + article.text


def test_huge_single_line_file_loads_or_is_a_problem_quickly(tmp_path: Path) -> None:
    words = "word " * 9 + "end. "
    line = (words * (25 * 1024 * 1024 // len(words))).encode()
    write(tmp_path / "huge.txt", line)
    write(tmp_path / "small.txt", ARTICLE)
    start = time.perf_counter()
    assert len(read_text(tmp_path / "huge.txt")) == len(line)
    assert time.perf_counter() - start < 3
    loaded = Collection.load(tmp_path, use_cache=False, workers=1)
    assert time.perf_counter() - start < 20  # the cleaner's share: no hang, at least
    assert {a.file for a in loaded.articles} | {p.file for p in loaded.problems} == {"huge.txt", "small.txt"}


# --------------------------------------------------------------------------- ids


def test_slug_rule() -> None:
    assert slugify("Café Naïve: the “Best” Story!") == "cafe-naive-the-best-story"
    assert slugify("") == "article"
    assert slugify("   ") == "article"
    chinese = slugify("人工智能的未来")
    assert chinese.startswith("t-") and len(chinese) == 10
    assert chinese == slugify("人工智能的未来")
    long = slugify("word " * 40)
    assert len(long) <= 60 and not long.endswith("-") and long.endswith("word")


def test_ids_are_deduplicated_within_a_file() -> None:
    assert article_ids("sub/page.txt", ["Same", "Other", "Same", "Same"]) == [
        "sub/page/same",
        "sub/page/other",
        "sub/page/same-2",
        "sub/page/same-3",
    ]


def test_ids_stable_unique_and_resolvable(articles_dir: Path) -> None:
    first = Collection.load(articles_dir, use_cache=False)
    second = Collection.load(articles_dir, use_cache=False)
    ids = [a.id for a in first.articles]
    assert ids == [a.id for a in second.articles]
    assert len(ids) == len(set(ids)) > 0
    for article in first.articles:
        assert article.file in first.files
        assert article.id.startswith(article.file.rsplit(".", 1)[0] + "/")
        assert first.get(article.id) == article
    with pytest.raises(KeyError):
        first.get("no/such-article")


def test_files_differing_only_by_extension_keep_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.md", ARTICLE)
    loaded = Collection.load(tmp_path, use_cache=False)
    assert len(set(loaded.ids)) == len(loaded.ids) == 2
    assert {i.split("/")[0] for i in loaded.ids} == {"a.md", "a.txt"}


def test_collection_shape(articles_dir: Path) -> None:
    loaded = Collection.load(articles_dir)
    assert loaded.root == articles_dir
    assert loaded.files == sorted(p.name for p in articles_dir.glob("*.txt"))
    assert loaded.problems == []
    assert [s["id"] for s in loaded.summaries()] == loaded.ids == [a.id for a in loaded.articles]
    assert [s["words"] for s in loaded.summaries()] == [a.words for a in loaded.articles]
    assert loaded.raw_text(loaded.files[0]) == (articles_dir / loaded.files[0]).read_text("utf-8")


# What decode leaves in a text: anything but C0 controls other than tab and newline.
_DECODED = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n")))


@given(st.lists(st.tuples(_DECODED, st.lists(_DECODED, max_size=3)), min_size=1, max_size=4))
def test_packed_texts_round_trip(parts: list[tuple[str, list[str]]]) -> None:
    articles = [Article(title="t", text=text, subheadings=tuple(subs)) for text, subs in parts]
    assert unpack_texts(pack_texts(articles)) == [{"text": t, "subheadings": s} for t, s in parts]


def test_decoded_text_never_holds_the_packing_separators() -> None:
    assert decode(b"a\x1eb\x1fc\n") == "abc\n"


def test_missing_empty_and_non_folders_raise(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not found"):
        Collection.load(tmp_path / "nope")
    with pytest.raises(LoadError, match="not a folder"):
        Collection.load(write(tmp_path / "file.txt", ARTICLE))
    (tmp_path / "empty").mkdir()
    with pytest.raises(LoadError, match="no article files"):
        Collection.load(tmp_path / "empty")


# --------------------------------------------------------------------------- cache and loading


def test_cache_gives_equal_articles_without_cleaning(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Collection.load(articles_dir)
    monkeypatch.setattr(cleaning, "clean", lambda text: pytest.fail("cleaned again"))
    second = Collection.scan(articles_dir)
    assert second.pending == []
    assert second.articles == first.articles
    assert default_cache_dir(articles_dir).joinpath(ArticleCache.FILENAME).is_file()


def test_changed_file_is_cleaned_again(articles_dir: Path) -> None:
    Collection.load(articles_dir)
    target = sorted(articles_dir.glob("*.txt"))[0]
    target.chmod(0o644)
    target.write_text("A Changed Title\n\nNew text, with enough words to be a paragraph of prose.\n", "utf-8")
    again = Collection.scan(articles_dir)
    assert again.pending == [target.name]
    again.load_pending()
    assert any("New text" in a.text for a in again.articles)


def test_same_size_new_mtime_is_cleaned_again(articles_dir: Path) -> None:
    Collection.load(articles_dir)
    target = sorted(articles_dir.glob("*.txt"))[0]
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert Collection.scan(articles_dir).pending == [target.name]


def test_a_cold_scan_stats_nothing_and_each_read_records_its_file(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing cached: the scan leaves stat to the read (fstat of the open file), whose
    # size and mtime the cache must then hold, for problems that last too.
    write(articles_dir / "binary.txt", b"\x00\x01 not text")
    real_stat = os.stat

    def stat_of_no_article(path, *args, **kwargs):  # noqa: ANN001, ANN202
        if str(path).endswith(".txt"):
            pytest.fail(f"the scan looked at {path}")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(collection.os, "stat", stat_of_no_article)
    loaded = Collection.load(articles_dir, workers=1)
    monkeypatch.setattr(collection.os, "stat", real_stat)  # (not undo(): that undoes the isolated cache folder too)
    index = ArticleCache(default_cache_dir(articles_dir)).read_index()
    assert sorted(index) == sorted(loaded.files) and len(index) == 4
    for file, (size, mtime_ns, _problem, _heads) in index.items():
        stat = (articles_dir / file).stat()
        assert (size, mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    again = Collection.scan(articles_dir)
    assert again.pending == [] and again.problems == loaded.problems == [Problem("binary.txt", "binary file (contains NUL bytes), not text")]


def test_a_file_gone_between_scan_and_load_is_a_problem_not_cached(articles_dir: Path) -> None:
    scanned = Collection.scan(articles_dir)
    gone = scanned.pending[0]
    (articles_dir / gone).unlink()
    scanned.load_pending(workers=1)
    assert scanned.problems == [Problem(gone, "unreadable: No such file or directory")]
    assert len(scanned.articles) > 0
    assert gone not in ArticleCache(default_cache_dir(articles_dir)).read_index()


def test_new_cleaner_version_invalidates(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Collection.load(articles_dir)
    monkeypatch.setattr(cleaning, "CLEANER_VERSION", "something-else")
    assert len(Collection.scan(articles_dir).pending) == 3


@pytest.mark.parametrize("damage", ["garbage", "truncate", "other-table", "bad-json"])
def test_corrupt_cache_is_ignored(articles_dir: Path, damage: str) -> None:
    first = Collection.load(articles_dir)
    database = default_cache_dir(articles_dir) / ArticleCache.FILENAME
    data = database.read_bytes()
    if damage == "garbage":
        database.write_bytes(b"\x00\xffnot a database" * 100)
    elif damage == "truncate":
        database.write_bytes(data[: len(data) // 2])
    else:
        with sqlite3.connect(database) as connection:
            if damage == "other-table":
                connection.execute("DROP TABLE files")
                connection.execute("CREATE TABLE files (x)")
            else:
                connection.execute("UPDATE files SET heads = '{not json'")
                connection.execute("UPDATE texts SET texts = '[1, 2'")
        connection.close()
    again = Collection.load(articles_dir)
    assert again.articles == first.articles
    assert Collection.load(articles_dir).articles == first.articles  # and the cache works again


@pytest.mark.parametrize(
    "heads",
    ['[1]', '["text"]', '[null]', '[[]]', '[{"title": "no id"}]', '[{"id": 5}]', '[{"id": ["a"]}]',
     '[{"id": "other-file/a-title"}]', '[]', '{}', '"heads"'],
)
def test_cached_heads_that_look_wrong_are_cleaned_again(articles_dir: Path, heads: str) -> None:
    first = Collection.load(articles_dir)
    target = first.files[0]
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE files SET heads = ? WHERE file = ?", (heads, target))
    connection.close()
    again = Collection.scan(articles_dir)
    assert again.pending == [target]
    again.load_pending()
    assert again.articles == first.articles


@pytest.mark.parametrize("heads", ['{not json', '[] []', '[], []', '[1'])
def test_one_row_that_is_no_single_json_value_makes_the_whole_index_untrusted(articles_dir: Path, heads: str) -> None:
    first = Collection.load(articles_dir)
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE files SET heads = ? WHERE file = ?", (heads, first.files[-1]))
    connection.close()
    again = Collection.scan(articles_dir)
    assert again.pending == first.files
    again.load_pending()
    assert again.articles == first.articles


def test_heads_with_spaces_around_them_are_read(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Collection.load(articles_dir)
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE files SET heads = ' ' || heads || char(10)")
    connection.close()
    monkeypatch.setattr(cleaning, "clean", lambda text: pytest.fail("cleaned again"))
    again = Collection.scan(articles_dir)
    assert again.pending == [] and again.articles == first.articles


def test_heads_are_the_summaries_uncopied(articles_dir: Path) -> None:
    loaded = Collection.load(articles_dir)
    heads = list(loaded.heads())
    assert heads == loaded.summaries() and [h["id"] for h in heads] == loaded.ids
    assert heads[0] is next(loaded.heads())  # the collection's own: no copy per start


def test_get_and_find_after_more_files_are_cleaned(articles_dir: Path) -> None:
    # The id index is made at the first `get`; files cleaned later join it.
    first = Collection.load(articles_dir)
    scanned = Collection.scan(articles_dir, use_cache=False)
    assert scanned.pending == scanned.files
    with pytest.raises(KeyError):
        scanned.get(first.ids[0])  # nothing cleaned yet: made, and empty
    scanned.load_pending()
    assert [scanned.get(i) for i in first.ids] == first.articles
    assert scanned.find(first.ids[-1]) == first.articles[-1]


# (The cache stores texts as UTF-8 blobs: a text value, a blob of the wrong shape or one
# that is no UTF-8 are all damage.)
@pytest.mark.parametrize(
    "texts", [None, "garbage", b"garbage", "one\x1etwo\x1ethree", b"one\x1etwo\x1ethree", b"\xff\xfe not UTF-8"]
)
def test_lost_or_damaged_texts_are_cleaned_again(articles_dir: Path, texts: str | bytes | None) -> None:
    expected = Collection.load(articles_dir, use_cache=False).articles
    Collection.load(articles_dir)
    with sqlite3.connect(default_cache_dir(articles_dir) / ArticleCache.FILENAME) as connection:
        connection.execute("UPDATE texts SET texts = ?", (texts,))
    connection.close()
    again = Collection.scan(articles_dir)
    assert again.pending == []
    assert again.articles == expected


def test_a_cache_of_an_older_layout_is_made_anew(articles_dir: Path) -> None:
    database = default_cache_dir(articles_dir) / ArticleCache.FILENAME
    database.parent.mkdir(parents=True)
    with sqlite3.connect(database) as connection:  # the layout of CACHE_FORMAT 2
        connection.execute(
            "CREATE TABLE files (file TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime_ns INTEGER,"
            " problem TEXT, heads TEXT, texts TEXT)"
        )
    connection.close()
    first = Collection.load(articles_dir)
    again = Collection.scan(articles_dir)
    assert again.pending == [] and again.articles == first.articles
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == collection.CACHE_FORMAT
    connection.close()


def test_unwritable_cache_still_loads(articles_dir: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path / "not-a-folder", "x")
    loaded = Collection.load(articles_dir, cache_dir=blocker / "cache")
    assert loaded.articles and loaded.problems == []


def test_scan_then_iter_load_reports_progress(articles_dir: Path) -> None:
    scanned = Collection.scan(articles_dir)
    assert scanned.files and scanned.pending == scanned.files and scanned.articles == []
    progress = list(scanned.iter_load(workers=1))
    assert progress == [(i, 3) for i in (1, 2, 3)]
    assert scanned.pending == [] and scanned.articles


def test_process_pool_gives_the_same_result(articles_dir: Path, tmp_path: Path) -> None:
    # Results cross from the workers as plain tuples (`_to_wire`): problems included.
    (articles_dir / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (articles_dir / "blank.md").write_text("   \n", "utf-8")
    alone = Collection.load(articles_dir, use_cache=False, workers=1)
    pooled = Collection.load(articles_dir, cache_dir=tmp_path / "pool-cache", workers=2)
    assert pooled.summaries() == alone.summaries() and len(alone.summaries()) == 13
    assert pooled.articles == alone.articles
    assert pooled.problems == alone.problems and len(alone.problems) == 2
    reread = Collection.load(articles_dir, cache_dir=tmp_path / "pool-cache", workers=2)
    assert reread.pending == [] and reread.articles == alone.articles


def test_a_spooled_chunk_reads_back_unchanged_and_leaves_no_file(articles_dir: Path, tmp_path: Path) -> None:
    from reader.collection import _clean_chunk, _unspool

    (articles_dir / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    jobs = [(file, 0, 0, False) for file in collection.find_names(articles_dir)]
    direct = _clean_chunk(str(articles_dir), jobs)
    spool = tmp_path / "spool"
    spool.mkdir()
    spooled = _clean_chunk(str(articles_dir), jobs, str(spool))
    assert isinstance(spooled, str) and Path(spooled).parent == spool
    assert _unspool(spooled) == direct and len(direct) == 4
    assert list(spool.iterdir()) == []
    # A spool folder that can't be written to: the results come back themselves.
    assert _clean_chunk(str(articles_dir), jobs, str(tmp_path / "missing")) == direct


def test_a_pooled_load_leaves_no_spool_behind(articles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for n in range(30):
        write(articles_dir / f"more/{n:02}.txt", f"Title Number {n}\n\n{ARTICLE}")
    monkeypatch.setattr(collection, "POOL_CHUNK", 4)
    pooled = Collection.load(articles_dir, use_cache=False, workers=2)
    assert len(pooled.files) == 33 and not pooled.problems
    assert list(scratch.iterdir()) == []


def test_a_result_crosses_from_a_worker_unchanged(articles_dir: Path) -> None:
    from reader.collection import Job, _from_wire, _to_wire, clean_file

    (articles_dir / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    for file in ("000_7feee96b41956d04.txt", "binary.txt"):
        result = clean_file(articles_dir, Job(file, 1, 2))
        assert _from_wire(_to_wire(result)) == result



def test_a_head_is_every_field_but_the_texts_in_order_then_words() -> None:
    from dataclasses import fields

    from reader.collection import _head, _words

    for article in (
        Article(title="T", text="One two.\n\nThree", subtitle="S", byline="B", section="X", url="u", excerpt=True, subheadings=("Three",)),
        *cleaning.clean(ARTICLE),
    ):
        head = _head(article, "f/t", "f.txt")
        oracle = {f.name: getattr(article, f.name) for f in fields(Article) if f.name not in ("text", "subheadings")}
        oracle.update(id="f/t", file="f.txt", words=_words(article.text))
        assert list(head.items()) == list(oracle.items())
        assert article.id == "" and "words" not in vars(article)  # the article is left as it was


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_slugify_ascii_shortcut_folds_as_unicode_folding_would(title: str) -> None:
    # For ASCII, NFKD folding and dropping non-ASCII change nothing but case: the shortcut
    # must agree with the full folding, done here by hand.
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    assert folded == title.lower()
    slug = slugify(title)
    assert slug == "article" or slug.startswith("t-") or set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9 -_.,:!?\t\n\u00e9\u201c\u2014\u4e2d"), max_size=90))
def test_slug_gaps_are_what_the_pattern_would_make(title: str) -> None:
    # The rule as first written: every run of other characters becomes one "-", trimmed.
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = slugify(title)
    if slug != "article" and not slug.startswith("t-"):
        expected = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
        assert slug == (expected if len(expected) <= 60 else slug)
        assert len(slug) <= 60 and expected.startswith(slug)


# --------------------------------------------------------------------------- saved web pages

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
        ("koi8-r", "koi8_r", "\u041a\u0430\u0444\u0435 \u043d\u0430 \u043d\u0430\u0431\u0435\u0440\u0435\u0436\u043d\u043e\u0439"),
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
    page = PAGE.replace('<meta charset="{charset}">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    assert decode(page.encode("cp1252")) == page
