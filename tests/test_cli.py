"""The command line, through `main([...])` and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.output import format_table

from .conftest import SAVED_PAGE

SUMMARY_KEYS = {
    "id",
    "title",
    "subtitle",
    "byline",
    "section",
    "url",
    "date",
    "site",
    "excerpt",
    "file",
    "words",
    "claims",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_structure(articles_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--articles", str(articles_dir), "list", "--json")
    assert code == 0 and err == ""
    items = json.loads(out)
    assert items and all(SUMMARY_KEYS <= set(item) for item in items)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert all(item["claims"] == 0 for item in items)


def test_every_listed_id_can_be_shown(articles_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--articles", str(articles_dir), "list", "--json")
    main(["--articles", str(articles_dir), "list", "--json"])
    items = json.loads(capsys.readouterr().out)
    for item in items:
        code, out, _ = run(capsys, "--articles", str(articles_dir), "show", item["id"], "--json")
        assert code == 0
        shown = json.loads(out)
        assert SUMMARY_KEYS | {"text", "subheadings", "sentences"} <= set(shown)
        assert {k: shown[k] for k in item} == item
        for start, end in shown["sentences"]:
            assert 0 <= start < end <= len(shown["text"])


def test_list_table(articles_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--articles", str(articles_dir), "list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["ID", "TITLE", "SOURCE", "WORDS", "CLAIMS"]
    assert len(lines) == 1 + len(json.loads(run(capsys, "--articles", str(articles_dir), "list", "--json")[1]))


def test_table_fits_width_by_truncating_titles() -> None:
    columns = [("ID", ["a/b"]), ("TITLE", ["A very long title " * 5]), ("WORDS", ["12"])]
    lines = format_table(columns, width=40, shrink=(1,), right=(2,))
    assert all(len(line) <= 40 for line in lines)
    assert "…" in lines[1] and lines[1].startswith("a/b")


def test_show_text_and_raw(articles_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = json.loads(run(capsys, "--articles", str(articles_dir), "list", "--json")[1])[0]
    code, out, _ = run(capsys, "--articles", str(articles_dir), "show", first["id"])
    assert code == 0 and out.startswith(first["title"])
    code, out, _ = run(capsys, "--articles", str(articles_dir), "show", first["id"], "--raw")
    assert code == 0 and out.rstrip("\n") == (articles_dir / first["file"]).read_text("utf-8").rstrip("\n")


def test_show_accepts_unique_prefix(articles_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = json.loads(run(capsys, "--articles", str(articles_dir), "list", "--json")[1])[0]
    code, out, _ = run(capsys, "--articles", str(articles_dir), "show", first["id"][:-3], "--json")
    assert code == 0 and json.loads(out)["id"] == first["id"]


def test_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text("A Title\n\nSome text of the article, in a sentence or two.\n", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    code, out, _ = run(capsys, "--articles", str(tmp_path), "problems")
    assert code == 0 and out.startswith("bad.txt: binary")
    code, out, _ = run(capsys, "--articles", str(tmp_path), "problems", "--json")
    assert code == 0 and [p["file"] for p in json.loads(out)] == ["bad.txt"]


def test_escape_sequences_never_reach_stdout(articles_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = sorted(articles_dir.glob("*.txt"))[0]
    lines = source.read_text("utf-8").splitlines()
    lines = [
        f"\x1b]0;owned\x07{line}\x1b[2J \x1b]52;c;cm0gLXJmIH4=\x07\x1b[31mred\x1b[0m" if line else line
        for line in lines
    ]
    source.chmod(0o644)
    source.write_text("\n".join(lines) + "\n", "utf-8")
    items = json.loads(run(capsys, "--articles", str(articles_dir), "list", "--json")[1])
    assert any(item["file"] == source.name for item in items)
    first = next(item["id"] for item in items if item["file"] == source.name)
    for argv in (["list"], ["list", "--json"], ["show", first], ["show", first, "--json"], ["show", first, "--raw"]):
        code, out, _ = run(capsys, "--articles", str(articles_dir), *argv)
        assert code == 0 and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "no-such-id"], "no article with id"),
        (["--articles", "{missing}", "list"], "not found"),
        (["--articles", "{empty}", "list"], "no article files"),
        (["--articles", "{file}", "list"], "not a folder"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, articles_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("x")
    places = {"missing": tmp_path / "missing", "empty": tmp_path / "empty", "file": tmp_path / "file"}
    argv = [a.format(**places) for a in argv]
    if argv[0] != "--articles":
        argv = ["--articles", str(articles_dir), *argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("reader: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_articles_folder_from_environment(
    articles_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_ARTICLES", str(articles_dir))
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and {i["file"] for i in json.loads(out)} <= {p.name for p in articles_dir.iterdir()}


def test_default_folder_is_bundled_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./articles here
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and json.loads(out)


def test_real_process_list_json_and_broken_pipe(articles_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "READER_ARTICLES": str(articles_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len({i["id"] for i in items}) == len(items) > 0
    # `reader list | head -1`: the reader stops early; no traceback.
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**env, "READER_ARTICLES": str(_many(tmp_path))},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in err


def _many(tmp_path: Path) -> Path:
    """A folder with enough articles that `reader list` writes more than a pipe holds."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:04d}.txt").write_text(
            f"Title number {i} " + "long " * 30 + "\n\nSome text of the article, long enough.\n", "utf-8"
        )
    return folder


def test_config_folder_is_the_default_when_no_option_is_given(
    articles_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    (articles_dir / "zz_extra.txt").write_text(
        "# Only In The Configured Folder\n\nA paragraph of prose that is long enough to be the body of an article here.\n"
    )
    path.write_text(f'articles = "{articles_dir}"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert "Only In The Configured Folder" in [r["title"] for r in rows]
    path.write_text("articles = [broken\n")
    assert main(["list", "--json"]) == 0  # a broken config never stops reader: defaults


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_a_json_list_goes_out_whole_in_the_output_encoding(monkeypatch, encoding: str) -> None:
    # UTF-8 output gets orjson's bytes as they are; another encoding gets text it can hold.
    import io

    from reader.cli import output

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding, errors="replace")
    out.write("before\n")
    monkeypatch.setattr(sys, "stdout", out)
    items = [{"title": "Café “quoted” 中文", "words": 3}]
    output.print_json_list(items)
    out.flush()
    head, _, body = raw.getvalue().decode(encoding).partition("\n")
    assert head == "before"
    expected = items[0]["title"].encode(encoding, "replace").decode(encoding)
    assert json.loads(body) == [{"title": expected, "words": 3}]


def test_a_json_list_with_what_orjson_refuses_is_still_written(monkeypatch) -> None:
    # orjson refuses lone surrogates (no text the collection decodes holds one, but the
    # list must never fail for it): the standard encoder writes them instead.
    import io

    from reader.cli import output

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    output.print_json_list([{"title": "odd \ud800 name", "words": 3}, {"title": "plain", "words": 1}])
    assert json.loads(out.getvalue()) == [{"title": "odd \ud800 name", "words": 3}, {"title": "plain", "words": 1}]


def test_a_command_exits_with_its_status_after_its_output(
    articles_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import cli

    monkeypatch.setattr(sys, "argv", ["reader", "--articles", str(articles_dir), "list", "--json"])
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 0
    assert len(json.loads(capsys.readouterr().out)) == 13
    monkeypatch.setattr(sys, "argv", ["reader", "--articles", str(articles_dir), "show", "no-such-id"])
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 2 and "no article with id" in capsys.readouterr().err


class _Failing:
    """A stdout whose writes or flush fail as a full disk or a closed pipe would."""

    def __init__(self, error: OSError) -> None:
        self.error = error
        self.buffer = self
        self.encoding = "utf-8"

    def write(self, data: object) -> int:
        raise self.error

    def flush(self) -> None:
        raise self.error

    def fileno(self) -> int:
        raise OSError("no descriptor")


@pytest.mark.parametrize(
    ("error", "code"), [(OSError(28, "No space left on device"), 2), (BrokenPipeError(32, "Broken pipe"), 1)]
)
def test_output_that_cannot_be_flushed_at_the_exit_is_an_exit_status(
    error: OSError, code: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.cli import _flushed

    monkeypatch.setattr(sys, "stdout", _Failing(error))
    assert _flushed(0) == code
    assert ("could not write the output: No space left on device" in capsys.readouterr().err) == (code == 2)


def test_a_full_disk_under_the_output_is_one_line_and_status_2(
    articles_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import cli

    monkeypatch.setattr(cli, "_silence_stdout", lambda: None)  # (it would point the real stdout at /dev/null)
    monkeypatch.setattr(sys, "stdout", _Failing(OSError(28, "No space left on device")))
    code = main(["--articles", str(articles_dir), "list", "--json"])
    err = capsys.readouterr().err
    assert code == 2 and err == "reader: error: could not write the output: No space left on device\n"


def test_show_removed_lists_what_the_cleaner_took_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cleaning.test_removed import MENU, PAGE

    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, "utf-8")
    code, out, err = run(capsys, "--articles", str(folder), "show", "page", "--removed")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "[select_main_content] Menu entry 0"
    assert len(out.splitlines()) == len(MENU) + 4  # the menu, and four of it repeated at the foot
    code, out, _ = run(capsys, "--articles", str(folder), "show", "page", "--json")
    removed = json.loads(out)["removed"]
    assert {r["step"] for r in removed} == {"select_main_content"}
    assert all(PAGE[r["offset"] :].startswith(r["text"]) for r in removed)
    assert removed[-1]["offset"] > PAGE.index("footbridge")  # the foot's copy, not the top's


DATED_TEXT = """# Ferry Fares Rise

By Ines Moreau
4 March 2026

Ferry fares rose by a tenth on Monday, the operator said, blaming the price of fuel and the cost of repairing its oldest boat.

Season tickets keep their old price until the summer, when the operator will review them along with the timetable.
"""


def test_list_and_show_json_carry_date_and_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fares.txt").write_text(DATED_TEXT, encoding="utf-8")
    (tmp_path / "fm.md").write_text(
        "---\nsite: Coast Weekly\n---\n" + DATED_TEXT.replace("Ferry Fares Rise", "Fares Rise Again"), encoding="utf-8"
    )
    code, out, _ = run(capsys, "--articles", str(tmp_path), "list", "--json")
    assert code == 0
    items = {item["title"]: item for item in json.loads(out)}
    assert (items["Ferry Fares Rise"]["date"], items["Ferry Fares Rise"]["site"]) == ("2026-03-04", "")
    assert (items["Fares Rise Again"]["date"], items["Fares Rise Again"]["site"]) == ("2026-03-04", "Coast Weekly")
    code, out, _ = run(capsys, "--articles", str(tmp_path), "show", items["Fares Rise Again"]["id"], "--json")
    shown = json.loads(out)
    assert (shown["date"], shown["site"]) == ("2026-03-04", "Coast Weekly")
    assert shown["text"].startswith("Ferry fares rose")
    code, out, _ = run(capsys, "--articles", str(tmp_path), "show", items["Fares Rise Again"]["id"])
    assert "Date: 2026-03-04" in out.splitlines() and "Site: Coast Weekly" in out.splitlines()


def test_a_saved_page_lists_and_shows_with_its_date_and_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "page.html").write_text(SAVED_PAGE, encoding="utf-8")
    code, out, _ = run(capsys, "--articles", str(tmp_path), "list", "--json")
    [item] = json.loads(out)
    assert code == 0 and item["id"] == "page/tide-tables-change"
    assert (item["title"], item["date"], item["site"]) == ("Tide Tables Change", "2026-03-04", "Coast Weekly")
    code, out, _ = run(capsys, "--articles", str(tmp_path), "show", item["id"], "--json")
    shown = json.loads(out)
    assert (shown["date"], shown["site"]) == ("2026-03-04", "Coast Weekly")
    assert shown["text"].startswith("The harbour office printed")
