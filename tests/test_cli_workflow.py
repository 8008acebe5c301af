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
