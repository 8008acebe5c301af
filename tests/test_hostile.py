"""Hostile input: articles and names made to trick a terminal, a parser or a file system.

Each case goes through the collection (`Collection.load`) and the command line
(`reader.cli.main`), and checks what reaches stdout or the disk. docs/hardening.md lists the
cases and what reader does with each.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.collection import Collection

BODY = "The first paragraph of the article says something. It has two sentences.\n\nA second paragraph follows with more words in it.\n"
ARTICLE = "A Title For The Test\n\n" + BODY

# Anything that is a control character to a terminal: C0 but tab and newline, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BIDI_AND_ZERO_WIDTH = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def make(root: Path, files: dict[bytes | str, str | bytes]) -> Path:
    """A collection from names (str, or bytes for names that aren't UTF-8) and contents."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = os.path.join(os.fsencode(root), name if isinstance(name, bytes) else os.fsencode(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    return root


def every_output(capsys, root: Path, db: Path) -> dict[str, str]:
    """stdout of list, list --json, problems and every form of show for every article."""
    base = ["--articles", str(root), "--db", str(db), "--create-db"]
    outputs = {}
    for argv in (["list"], ["list", "--json"], ["problems"], ["problems", "--json"]):
        code, out, err = run(capsys, *base, *argv)
        assert code == 0, err
        outputs[" ".join(argv)] = out
    for item in json.loads(outputs["list --json"]):
        for form in ([], ["--json"], ["--raw"]):
            code, out, err = run(capsys, *base, "show", item["id"], *form)
            assert code == 0, err
            outputs[" ".join(["show", item["id"], *form])] = out
    return outputs


# --------------------------------------------------------------------------- terminal escapes

ESCAPES = {
    "osc52-clipboard-bel": "\x1b]52;c;cm0gLXJmIH4K\x07",
    "osc52-clipboard-st": "\x1b]52;p;ZWNobyBwd25lZA==\x1b\\",
    "osc52-8bit": "\x9d52;c;cm0gLXJmIH4K\x9c",
    "window-title": "\x1b]0;you have been owned\x07",
    "window-title-osc2": "\x1b]2;title\x1b\\",
    "cursor-home-clear": "\x1b[H\x1b[2J",
    "cursor-up-erase-line": "\x1b[5A\x1b[2K",
    "cursor-position": "\x1b[999;1H",
    "save-restore-cursor": "\x1b7\x1b8",
    "csi-8bit": "\x9b31m\x9b2J",
    "hyperlink": "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07",
    "dcs-query": '\x1bP$q"p\x1b\\',
    "unterminated-osc": "\x1b]52;c;AAAA",
    "bell-backspace-del": "\x07\x08\x08\x7f",
}


@pytest.mark.parametrize("sequence", ESCAPES.values(), ids=ESCAPES.keys())
def test_terminal_escapes_in_titles_and_text_never_reach_stdout(tmp_path: Path, capsys, sequence: str) -> None:
    if sequence.endswith("AAAA"):  # unterminated: removed to the end of its line, as a terminal would swallow it
        content = f"A Title For The Test{sequence}\n\nThe first paragraph of the article says something. It has two sentences.{sequence}\n"
    else:
        content = f"A {sequence}Title For The Test\n\nThe first {sequence}paragraph of the article says something.{sequence} It has two sentences.\n"
    root = make(tmp_path / "articles", {"a.txt": content})
    outputs = every_output(capsys, root, tmp_path / "db" / "claims.json")
    assert len(outputs) == 4 + 3  # one article, shown three ways
    for argv, out in outputs.items():
        assert not CONTROL.search(out), f"{argv}: {out!r}"
    (article,) = Collection.load(root, use_cache=False).articles
    assert "Title For The Test" in article.title and "paragraph of the article says something." in article.text


# --------------------------------------------------------------------------- markup


MARKUP = [
    "[bold]x[/]",
    "[link=https://evil.example]click[/link]",
    "[Corp]",
    "[@click=app.quit]quit[/]",
    "[/]",
    "[b red on white]",
]


def test_rich_and_textual_markup_comes_through_as_literal_text(tmp_path: Path, capsys) -> None:
    line = " ".join(f"Shares of {m} rose." for m in MARKUP)
    root = make(
        tmp_path / "articles", {"a.txt": f"Markup [bold]In[/] The [Corp] Title\n\n{line} The report said so.\n\n{BODY}"}
    )
    (article,) = Collection.load(root, use_cache=False).articles
    assert article.title == "Markup [bold]In[/] The [Corp] Title"
    for m in MARKUP:
        assert m in article.text
    code, out, _ = run(capsys, "--articles", str(root), "show", article.id)
    assert code == 0 and "Markup [bold]In[/] The [Corp] Title" in out and line in out
    code, out, _ = run(capsys, "--articles", str(root), "list")
    assert code == 0 and "Markup [bold]In[/] The [Corp] Title" in out
    data = json.loads(run(capsys, "--articles", str(root), "show", article.id, "--json")[1])
    assert data["title"] == article.title and data["text"] == article.text


# --------------------------------------------------------------------------- invisible characters


def test_bidi_controls_and_zero_width_characters_are_stripped_visible_text_kept(tmp_path: Path, capsys) -> None:
    title = "Ad\u202eve\u202crtised \u2066Title\u2069 Of\u200b The\ufeff Test"
    body = "Pay \u202e0001\u202c dollars to\u200b the\u2060 account. The first\u200f paragraph of the\u200e article says\u061c something.\n"
    root = make(tmp_path / "articles", {"a.txt": f"{title}\n\n{body}\n{BODY}"})
    (article,) = Collection.load(root, use_cache=False).articles
    assert article.title == "Advertised Title Of The Test"
    assert "Pay 0001 dollars to the account. The first paragraph of the article says something." in article.text
    for out in every_output(capsys, root, tmp_path / "db" / "claims.json").values():
        assert not BIDI_AND_ZERO_WIDTH.search(out)


def test_zero_width_joiners_inside_words_of_joining_scripts_are_kept(tmp_path: Path) -> None:
    """Stripping must not break text that needs ZWJ/ZWNJ (emoji sequences, Persian, Indic)."""
    persian = "می\u200cخواهم"  # ZWNJ between two letters: part of the word
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    root = make(
        tmp_path / "articles",
        {
            "a.txt": f"A Title For The Test\n\nShe wrote {persian} and {family} in the first paragraph. It has two sentences.\n"
        },
    )
    (article,) = Collection.load(root, use_cache=False).articles
    assert persian in article.text and family in article.text


# --------------------------------------------------------------------------- size


def test_a_25_mb_single_line_is_handled_in_time_through_the_command_line(tmp_path: Path, capsys) -> None:
    """25 MB without a single newline, of escapes, markup and bidi controls: the worst case
    for the stripping (every few characters a sequence to remove), and one huge block for
    the cleaner. Loaded or a problem, never a crash, and quickly."""
    unit = "\x1b[31m[bold]word[/] \u202e"
    line = unit * (25 * 1024 * 1024 // len(unit.encode()))
    root = make(tmp_path / "articles", {"huge.txt": line, "small.txt": ARTICLE})
    start = time.perf_counter()
    code, out, err = run(capsys, "--articles", str(root), "list", "--json")
    elapsed = time.perf_counter() - start
    assert code == 0, err
    assert elapsed < 25, f"took {elapsed:.1f} s"
    items = json.loads(out)
    assert "small.txt" in {i["file"] for i in items}
    huge = [i for i in items if i["file"] == "huge.txt"]
    if huge:  # loaded: its text carries none of the junk, all of the words
        data = json.loads(run(capsys, "--articles", str(root), "show", huge[0]["id"], "--json")[1])
        assert not CONTROL.search(data["text"]) and not BIDI_AND_ZERO_WIDTH.search(data["text"])
        assert data["text"].count("[bold]word[/]") + data["title"].count("[bold]word[/]") == line.count("[bold]word[/]")
    else:
        code, out, _ = run(capsys, "--articles", str(root), "problems")
        assert "huge.txt" in out


def test_a_file_over_the_size_limit_is_a_problem_with_its_size(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.collection import decoding

    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", 1024 * 1024)
    root = make(tmp_path / "articles", {"big.txt": "x" * (2 * 1024 * 1024), "small.txt": ARTICLE})
    code, out, _ = run(capsys, "--articles", str(root), "problems")
    assert code == 0 and out == "big.txt: too large (2.0 MB; the limit is 1.0 MB)\n"


def test_three_thousand_tiny_files_load_fast_with_unique_ids(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    for i in range(3000):
        folder = root / f"{i % 40:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:05d}.txt").write_text(
            f"Title number {i}\n\nA short body of article {i}, long enough to be prose here.\n"
        )
    cache = tmp_path / "cache"
    start = time.perf_counter()
    cold = Collection.load(root, cache)
    cold_time = time.perf_counter() - start
    warm = Collection.scan(root, cache)
    # The cache answers for every file: nothing is left to clean. (Speed itself is
    # measured by bench/bench_many_files.py; the bound here only catches a hang.)
    assert warm.pending == []
    assert len(cold.ids) == len(set(cold.ids)) == 3000 and warm.ids == cold.ids
    assert cold.problems == [] and warm.problems == []
    assert cold_time < 60


# --------------------------------------------------------------------------- folders and links


def test_two_hundred_nested_folders_load(tmp_path: Path, capsys) -> None:
    deep = "/".join(f"d{i}" for i in range(200))
    root = make(tmp_path / "articles", {f"{deep}/deep.txt": ARTICLE, "top.txt": ARTICLE})
    loaded = Collection.load(root, use_cache=False)
    assert sorted(a.file for a in loaded.articles) == [f"{deep}/deep.txt", "top.txt"]
    article_id = next(a.id for a in loaded.articles if a.file.endswith("deep.txt"))
    code, out, _ = run(capsys, "--articles", str(root), "show", article_id)
    assert code == 0 and "The first paragraph of the article" in out


def test_folders_nested_past_the_path_limit_are_skipped_without_a_crash(tmp_path: Path) -> None:
    """Beyond PATH_MAX (4096 bytes on Linux) a folder can't even be opened by its path."""
    root = make(tmp_path / "articles", {"top.txt": ARTICLE})
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(60):  # 60 levels of 100-character names: over 6,000 bytes
            name = "n" * 100
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("lost.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, ARTICLE.encode())
        os.close(out)
    finally:
        os.close(fd)
    start = time.perf_counter()
    loaded = Collection.load(root, use_cache=False)
    assert time.perf_counter() - start < 10
    assert "top.txt" in {a.file for a in loaded.articles}


def test_links_outside_and_loops_are_not_followed_and_never_hang(tmp_path: Path, capsys) -> None:
    outside = make(
        tmp_path / "outside",
        {"secret.txt": "Secret Title\n\nThe secret paragraph must never be shown. It has two sentences.\n"},
    )
    root = make(tmp_path / "articles", {"a.txt": ARTICLE, "sub/b.txt": ARTICLE})
    os.symlink("/", root / "filesystem-root")
    os.symlink(outside, root / "outside-folder")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink("../..", root / "sub" / "up-and-out")
    os.symlink("..", root / "sub" / "parent-loop")
    os.symlink(root, root / "sub" / "root-loop")
    os.symlink("chain-b.txt", root / "chain-a.txt")  # a -> b -> a
    os.symlink("chain-a.txt", root / "chain-b.txt")
    os.symlink("self.txt", root / "self.txt")
    start = time.perf_counter()
    code, out, err = run(capsys, "--articles", str(root), "list", "--json")
    assert time.perf_counter() - start < 10
    assert code == 0, err
    assert sorted(i["file"] for i in json.loads(out)) == ["a.txt", "sub/b.txt"]
    for argv in (["list"], ["problems"], ["show", "secret"]):
        assert "secret paragraph" not in run(capsys, "--articles", str(root), *argv)[1]


def test_a_fifo_named_like_an_article_is_not_read(tmp_path: Path) -> None:
    """Opening a named pipe would block for ever."""
    root = make(tmp_path / "articles", {"a.txt": ARTICLE})
    os.mkfifo(root / "pipe.txt")
    os.symlink("pipe.txt", root / "link-to-pipe.txt")
    start = time.perf_counter()
    loaded = Collection.load(root, use_cache=False)
    assert time.perf_counter() - start < 10
    assert loaded.files == ["a.txt"]


# --------------------------------------------------------------------------- file names

ODD_NAMES = {
    "newline": (b"new\nline.txt", "new\\nline.txt", "control"),
    "escape": (b"title\x1b]0;owned\x07.txt", "title\\x1b]0;owned\\x07.txt", "control"),
    "c1-csi": (b"c1\xc2\x9b31m.txt", "c1\\x9b31m.txt", "control"),
    "tab": (b"tab\there.txt", "tab\\there.txt", "control"),
    "bidi-override": ("rlo\u202etxt.exe.txt".encode(), "rlo\\u202etxt.exe.txt", "bidi"),
    "latin-1": (b"caf\xe9.txt", "caf\\xe9.txt", "not valid UTF-8"),
    "latin-1-folder": (b"r\xe9sum\xe9s/a.txt", "r\\xe9sum\\xe9s/a.txt", "not valid UTF-8"),
}


@pytest.mark.parametrize(("raw", "shown", "reason"), ODD_NAMES.values(), ids=ODD_NAMES.keys())
def test_unprintable_file_names_are_problems_shown_printably(
    tmp_path: Path, capsys, raw: bytes, shown: str, reason: str
) -> None:
    root = make(tmp_path / "articles", {raw: ARTICLE, "ok.txt": ARTICLE})
    for _ in range(2):  # the second time with the cache the first one wrote
        loaded = Collection.load(root, tmp_path / "cache")
        assert [a.file for a in loaded.articles] == ["ok.txt"]
        ((file, why),) = [(p.file, p.reason) for p in loaded.problems]
        assert file == shown and reason in why and "rename the file" in why
    outputs = every_output(capsys, root, tmp_path / "db" / "claims.json")
    assert f"{shown}: " in outputs["problems"]
    assert [p["file"] for p in json.loads(outputs["problems --json"])] == [shown]
    for argv, out in outputs.items():
        assert not CONTROL.search(out) and not BIDI_AND_ZERO_WIDTH.search(out), f"{argv}: {out!r}"
        assert "\udce9" not in out


def test_names_with_spaces_and_non_ascii_letters_load_with_printable_ids(tmp_path: Path, capsys) -> None:
    root = make(
        tmp_path / "articles", {"with  spaces .txt": ARTICLE, "café – résumé.md": ARTICLE, "中文 文件.txt": ARTICLE}
    )
    loaded = Collection.load(root, tmp_path / "cache")
    assert loaded.problems == []
    assert sorted(loaded.files) == sorted(["with  spaces .txt", "café – résumé.md", "中文 文件.txt"])
    for article_id in loaded.ids:
        assert article_id.isprintable()
        code, out, _ = run(capsys, "--articles", str(root), "show", article_id)
        assert code == 0 and "The first paragraph of the article" in out
    code, out, _ = run(capsys, "--articles", str(root), "annotate", loaded.ids[0], "--quote", "second paragraph")
    assert code == 0 and json.loads(out)["file"] == loaded.articles[0].file


# --------------------------------------------------------------------------- export names


HOSTILE_TITLES = {
    "dot-dot": "../../../escaped",
    "dot-dot-only": "..",
    "absolute": "/etc/passwd",
    "windows-absolute": "C:\\Windows\\System32\\drivers",
    "reserved-con": "CON",
    "reserved-nul-ext": "nul.txt",
    "reserved-com1": "COM1",
    "reserved-superscript": "COM\u00b9",
    "long-300": "A very long title " * 17,
    "long-300-emoji": "\U0001f4f0" * 300,
    "long-300-cjk": "\u65b0\u805e" * 150,
    "bidi-override": "invoice \u202egpj.exe",
    "zero-width": "\u200b\u200b\u200b",
    "dots-and-spaces": " . . ",
    "newline-and-escape": "two\nlines \x1b[2J",
}


def assert_safe_export_name(path: Path, folder: Path) -> None:
    name = path.name
    assert path.parent == folder
    assert 0 < len(name.encode()) <= 255 and name.isprintable()
    assert not BIDI_AND_ZERO_WIDTH.search(name) and not name.startswith(".")
    assert name.split(".")[0].strip().lower() not in {"con", "nul", "prn", "aux", "com1", "lpt1"}


@pytest.mark.parametrize("title", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES.keys())
def test_export_names_from_any_title_stay_inside_the_folder(tmp_path: Path, title: str) -> None:
    from reader.notes.files import output_path, write_new

    folder = tmp_path / "work" / "out"
    folder.mkdir(parents=True)
    path = output_path(folder, title, ".md")
    assert_safe_export_name(path, folder)
    write_new(path, "content")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [path]


CLEANER_TITLES = {  # titles the cleaner takes as such, so that they reach the export's name
    "dot-dot": "Why ../../../etc/passwd Matters To Everyone",
    "absolute": "Markets In /etc/passwd Fall",
    "device-name": "COM1 Ports Return",
    "long-emoji": "The Story Of " + "\U0001f4f0" * 101,
}


@pytest.mark.parametrize("title", CLEANER_TITLES.values(), ids=CLEANER_TITLES.keys())
def test_export_of_an_article_with_a_hostile_title_writes_inside_the_chosen_folder(
    tmp_path: Path, capsys, title: str
) -> None:
    root = make(tmp_path / "work" / "articles", {"a.txt": f"{title}\n\n{BODY}"})
    (article,) = Collection.load(root).articles
    assert article.title == title
    assert main(["--articles", str(root), "annotate", article.id, "--quote", "second paragraph"]) == 0
    out_dir = tmp_path / "work" / "out"
    out_dir.mkdir()
    before = {p for p in tmp_path.rglob("*") if ".reader" not in p.parts}
    for fmt in ("markdown", "json"):
        code, _, err = run(
            capsys, "--articles", str(root), "export", "--article", article.id, "--format", fmt, "-o", str(out_dir)
        )
        assert code == 0, err
    new = {p for p in tmp_path.rglob("*") if ".reader" not in p.parts} - before
    assert len(new) == 2
    for path in new:
        assert_safe_export_name(path, out_dir)
        assert "second paragraph" in path.read_text("utf-8")


def test_export_of_a_tag_named_like_a_path_stays_inside(tmp_path: Path, capsys) -> None:
    root = make(tmp_path / "work" / "articles", {"a.txt": ARTICLE})
    (article,) = Collection.load(root).articles
    # The tag rule refuses such a tag now; a store written before it may still hold one.
    from dataclasses import replace

    from reader.claims.location import default_store_path
    from reader.claims.model import make_claim
    from reader.claims.placing import find_quote
    from reader.claims.store import ClaimStore

    claim = make_claim(
        article.id, article.file, article.title, article.text, *find_quote(article.text, "second paragraph")
    )
    with ClaimStore.open(default_store_path(root)) as store:
        store.add(replace(claim, tags=("../../up",)))
    out_dir = tmp_path / "work" / "out"
    out_dir.mkdir()
    before = {p for p in tmp_path.rglob("*") if ".reader" not in p.parts}
    code, _, err = run(capsys, "--articles", str(root), "export", "--tag", "../../up", "-o", str(out_dir))
    assert code == 0, err
    new = {p for p in tmp_path.rglob("*") if ".reader" not in p.parts} - before
    assert [p.parent for p in new] == [out_dir]
    assert "#up" in next(iter(new)).read_text("utf-8") or "../../up" in next(iter(new)).read_text("utf-8")


def test_export_over_a_link_pointing_outside_is_one_clear_error(tmp_path: Path, capsys) -> None:
    root = make(tmp_path / "articles", {"a.txt": ARTICLE})
    (article,) = Collection.load(root).articles
    assert main(["--articles", str(root), "annotate", article.id, "--quote", "second paragraph"]) == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    os.symlink(victim, out_dir / "A Title For The Test.md")
    for extra in ([], ["--force"]):
        code, out, err = run(
            capsys, "--articles", str(root), "export", "--article", article.id, "-o", str(out_dir), *extra
        )
        assert code == 2 and err.startswith("reader: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert victim.read_text() == "keep me"
