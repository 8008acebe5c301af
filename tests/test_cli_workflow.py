"""The command line without snags (issue 18): idempotent annotate, claim edit/delete,
quotes as typed, tag names, stores in missing folders, citations."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli_claims import ARTICLE, QUOTE, run


def claims(capsys, articles: Path) -> list[dict]:
    _, out, _ = run(capsys, articles, "claims", "--json")
    return json.loads(out)


def test_annotate_twice_returns_the_existing_claim_unless_new(capsys, articles_dir: Path) -> None:
    _, out, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--note", "first")
    first = json.loads(out)
    assert first["existing"] is False
    code, out, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--note", "again")
    again = json.loads(out)
    assert code == 0 and again["existing"] is True and again["id"] == first["id"] and again["note"] == "first"
    assert "already" in err
    assert len(claims(capsys, articles_dir)) == 1
    _, out, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--new")
    assert json.loads(out)["existing"] is False
    assert len(claims(capsys, articles_dir)) == 2


def test_claim_edit_and_delete_by_id_prefix(capsys, articles_dir: Path) -> None:
    _, out, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "a", "--note", "n")
    claim_id = json.loads(out)["id"]
    code, out, _ = run(capsys, articles_dir, "claim", "edit", claim_id[:6], "--tag", "b", "--tag", "c")
    assert code == 0 and json.loads(out)["tags"] == ["b", "c"] and json.loads(out)["note"] == "n"
    code, out, _ = run(capsys, articles_dir, "claim", "edit", claim_id[:6], "--note", "better")
    (stored,) = claims(capsys, articles_dir)
    assert stored["tags"] == ["b", "c"] and stored["note"] == "better"
    code, out, err = run(capsys, articles_dir, "claim", "delete", "ffffffff")
    assert code == 2 and "no claim" in err
    code, out, err = run(capsys, articles_dir, "claim", "delete", claim_id[:6])
    assert code == 0 and claims(capsys, articles_dir) == []


def test_a_quote_typed_on_a_keyboard_finds_the_article_words(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "typed"
    folder.mkdir()
    body = (
        "China\u2019s official AI policy documents say \u201cby 2030\u201d it leads \u2014 or so\u00a0they  hope.\n\n"
        "A second paragraph long enough to be kept as text by the cleaner, as articles go. "
        "China\u2019s official AI policy documents were quoted again here.\n"
    )
    (folder / "one.txt").write_text("Typed quotes\n\n" + body, encoding="utf-8")
    _, out, _ = run(capsys, folder, "list", "--json")
    article = json.loads(out)[0]["id"]
    code, out, err = run(capsys, folder, "annotate", article, "--quote", "China's official AI policy documents")
    claim = json.loads(out)
    assert code == 0 and claim["quote"] == "China\u2019s official AI policy documents"
    assert claim["occurrences"] == 2 and claim["occurrence"] == 1 and "2 times" in err
    code, out, err = run(capsys, folder, "annotate", article, "--quote", "China's official AI policy documents", "--occurrence", "2")
    assert json.loads(out)["start"] > claim["start"]
    code, out, _ = run(capsys, folder, "annotate", article, "--quote", 'say "by 2030" it leads - or so they hope')
    typed = json.loads(out)
    _, out, _ = run(capsys, folder, "show", article, "--json")
    text = json.loads(out)["text"]
    assert code == 0 and typed["quote"] == text[typed["start"] : typed["end"]]
    assert typed["quote"].startswith("say \u201cby 2030\u201d it leads \u2014 or so") and typed["quote"].endswith("hope")
    code, _, err = run(capsys, folder, "annotate", article, "--quote", "China's official", "--occurrence", "3")
    assert code == 2 and "appears 2 times" in err
