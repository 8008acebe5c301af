"""The claim commands: annotate, claims, tags, tag rename; broken and locked stores."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.cli import main

ARTICLE = "002_b844eaa0fd022baa/how-china"
QUOTE = "China is pushing hard to develop cheap, widely used AI tools"


def run(capsys, articles: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--articles", str(articles), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_annotate_prints_the_claim_and_list_counts_it(capsys, articles_dir: Path) -> None:
    code, out, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "econ", "--note", "n")
    assert code == 0
    claim = json.loads(out)
    assert claim["quote"] == QUOTE and claim["tags"] == ["econ"] and claim["note"] == "n"
    _, out, _ = run(capsys, articles_dir, "show", claim["article"], "--json")
    text = json.loads(out)["text"]
    assert text[claim["start"] : claim["end"]] == QUOTE
    _, out, _ = run(capsys, articles_dir, "list", "--json")
    counts = {row["id"]: row["claims"] for row in json.loads(out)}
    assert counts[claim["article"]] == 1 and sum(counts.values()) == 1
    assert (articles_dir / ".reader" / "claims.json").exists()


def test_annotate_picks_the_nth_occurrence(capsys, articles_dir: Path) -> None:
    _, first, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China")
    _, third, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China", "--occurrence", "3")
    assert json.loads(third)["start"] > json.loads(first)["start"]


def test_a_quote_not_in_the_article_is_an_error(capsys, articles_dir: Path) -> None:
    code, out, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "words that are not there")
    assert code == 2 and out == ""
    assert err.startswith("reader: error:") and "does not appear" in err and err.count("\n") == 1


def test_claims_filters_by_article_and_tag_and_shows_status(capsys, articles_dir: Path) -> None:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "econ")
    run(
        capsys, articles_dir, "annotate", "003_2482174482ea82ec/china-leads", "--quote", "83 percent", "--tag", "figure"
    )
    _, out, _ = run(capsys, articles_dir, "claims", "--json")
    rows = json.loads(out)
    assert {r["status"] for r in rows} == {"anchored"} and len(rows) == 2
    _, out, _ = run(capsys, articles_dir, "claims", "--tag", "figure", "--json")
    assert [r["quote"] for r in json.loads(out)] == ["83 percent"]
    _, out, _ = run(capsys, articles_dir, "claims", "--article", ARTICLE, "--json")
    assert [r["quote"] for r in json.loads(out)] == [QUOTE]
    _, out, _ = run(capsys, articles_dir, "claims")
    assert "anchored" in out and "#econ" in out


def test_a_claim_follows_its_words_when_the_file_changes(capsys, articles_dir: Path) -> None:
    _, out, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    file = articles_dir / "002_b844eaa0fd022baa.txt"
    raw = file.read_text("utf-8")
    first_paragraph = "Artificial intelligence (AI) is at a very Chinese time in its life."
    file.write_text(raw.replace(first_paragraph, "An editor added a sentence here. " + first_paragraph), "utf-8")
    _, out, _ = run(capsys, articles_dir, "claims", "--json")
    assert json.loads(out)[0]["status"] == "moved"
    file.write_text(raw.replace(QUOTE, "Something else entirely was said in this place"), "utf-8")
    _, out, _ = run(capsys, articles_dir, "claims", "--json")
    assert json.loads(out)[0]["status"] == "orphan"


def test_tags_and_rename_with_merge(capsys, articles_dir: Path) -> None:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "econ", "--tag", "economy")
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China", "--tag", "econ")
    _, out, _ = run(capsys, articles_dir, "tags", "--json")
    assert json.loads(out) == [{"tag": "econ", "claims": 2}, {"tag": "economy", "claims": 1}]
    code, out, _ = run(capsys, articles_dir, "tag", "rename", "econ", "economy")
    assert code == 0 and "2 claims" in out
    _, out, _ = run(capsys, articles_dir, "tags", "--json")
    assert json.loads(out) == [{"tag": "economy", "claims": 2}]
    code, _, err = run(capsys, articles_dir, "tag", "rename", "missing", "x")
    assert code == 2 and "missing" in err


def test_db_option_and_environment_choose_the_store(capsys, articles_dir: Path, tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "elsewhere" / "notes.json"
    assert (
        main(["--articles", str(articles_dir), "--db", str(db), "--create-db", "annotate", ARTICLE, "--quote", QUOTE])
        == 0
    )
    capsys.readouterr()
    assert db.exists() and not (articles_dir / ".reader" / "claims.json").exists()
    monkeypatch.setenv("READER_DB", str(db))
    _, out, _ = run(capsys, articles_dir, "claims", "--json")
    assert len(json.loads(out)) == 1


def test_a_broken_store_is_one_line_and_exit_2_and_stays_as_it_was(capsys, articles_dir: Path) -> None:
    store = articles_dir / ".reader" / "claims.json"
    store.parent.mkdir()
    store.write_text("{broken")
    for args in (["claims"], ["annotate", ARTICLE, "--quote", QUOTE], ["tags"]):
        code, _, err = run(capsys, articles_dir, *args)
        assert code == 2 and str(store) in err and "cannot be read" in err and err.count("\n") == 1
    assert store.read_text() == "{broken"


def test_list_with_a_broken_store_lists_the_articles_and_says_why_counts_are_missing(
    capsys, articles_dir: Path
) -> None:
    # Listing articles needs no claims: the counts are unknown (null, "?"), not zero.
    store = articles_dir / ".reader" / "claims.json"
    store.parent.mkdir()
    store.write_text("{broken")
    code, out, err = run(capsys, articles_dir, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and any(r["id"].startswith(ARTICLE) for r in rows) and {r["claims"] for r in rows} == {None}
    assert err.startswith("reader: warning: claim counts are unavailable: ") and err.count("\n") == 1
    assert str(store) in err and "cannot be read" in err
    code, out, err = run(capsys, articles_dir, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[-1] == "CLAIMS" and len(lines) == len(rows) + 1
    assert all(line.endswith(" ?") for line in lines[1:]) and "claim counts are unavailable" in err
    assert store.read_text() == "{broken"


HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.claims.store import ClaimStore
    store = ClaimStore.open(Path(sys.argv[1]))
    print("ready", flush=True)
    time.sleep(30)
    """
)


def test_annotate_while_another_reader_holds_the_store_says_so(capsys, articles_dir: Path) -> None:
    store = articles_dir / ".reader" / "claims.json"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        code, _, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
        assert code == 2 and "another reader" in err and "nothing was changed" in err
        code, _, _ = run(capsys, articles_dir, "claims")  # reading still works
        assert code == 0
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("args", [["tags"], ["claims"]])
def test_reading_commands_create_nothing(capsys, articles_dir: Path, args: list[str]) -> None:
    code, _, _ = run(capsys, articles_dir, *args)
    assert code == 0 and not (articles_dir / ".reader").exists()
