"""The command line without snags (issue 18): idempotent annotate, claim edit/delete,
quotes as typed, tag names, stores in missing folders, citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main

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
    code, out, err = run(
        capsys, folder, "annotate", article, "--quote", "China's official AI policy documents", "--occurrence", "2"
    )
    assert json.loads(out)["start"] > claim["start"]
    code, out, _ = run(capsys, folder, "annotate", article, "--quote", 'say "by 2030" it leads - or so they hope')
    typed = json.loads(out)
    _, out, _ = run(capsys, folder, "show", article, "--json")
    text = json.loads(out)["text"]
    assert code == 0 and typed["quote"] == text[typed["start"] : typed["end"]]
    assert typed["quote"].startswith("say \u201cby 2030\u201d it leads \u2014 or so") and typed["quote"].endswith(
        "hope"
    )
    code, _, err = run(capsys, folder, "annotate", article, "--quote", "China's official", "--occurrence", "3")
    assert code == 2 and "appears 2 times" in err


def test_one_rule_for_tag_names(capsys, articles_dir: Path, tmp_path: Path) -> None:
    from reader.claims.tags import TagError, normalise_tags, parse_tags

    assert normalise_tags(["#econ", "two  words", "a/b_c-d", "économie"]) == (
        "econ",
        "two-words",
        "a/b_c-d",
        "économie",
    )
    assert parse_tags("two words, other") == ("two-words", "other")
    for bad in ("#Hash,Tag", "a#b", "what?"):
        with pytest.raises(TagError, match="a tag is letters, digits"):
            normalise_tags([bad])
    code, out, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "#Hash,Tag")
    assert code == 2 and out == "" and "a tag is letters, digits" in err
    _, out, _ = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "scratch")
    code, out, err = run(capsys, articles_dir, "tag", "rename", "scratch", "#Hash,Tag")
    assert code == 2 and "holds ','" in err
    code, out, err = run(capsys, articles_dir, "tag", "rename", "scratch", "two words")
    assert code == 0 and "'two-words'" in out
    _, out, _ = run(capsys, articles_dir, "export", "--format", "json")
    data = json.loads(out)
    data["first"]["items"][0]["body"] = [
        {"type": "TextualBody", "purpose": "tagging", "value": "fine tag"},
        {"type": "TextualBody", "purpose": "tagging", "value": "bad,tag"},
    ]
    run(capsys, articles_dir, "claim", "delete", data["first"]["items"][0]["id"].removeprefix("urn:uuid:"))
    file = tmp_path / "in.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, articles_dir, "import", str(file))
    assert code == 0 and "left out the tags 'bad,tag'" in out
    (claim,) = claims(capsys, articles_dir)
    assert claim["tags"] == ["fine-tag"]


def test_a_store_in_a_missing_folder_is_an_error_unless_asked(capsys, articles_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "nonexistent" / "dir" / "x.json"
    for command in (["claims"], ["annotate", ARTICLE, "--quote", QUOTE]):
        code, out, err = run(capsys, articles_dir, "--db", str(db), *command)
        assert code == 2 and out == "" and str(db.parent) in err and "does not exist" in err
    assert not (tmp_path / "nonexistent").exists()
    code, out, err = run(capsys, articles_dir, "--db", str(db), "--create-db", "annotate", ARTICLE, "--quote", QUOTE)
    assert code == 0 and db.exists()


def test_exports_cite_the_article_and_escape_only_markup(capsys, articles_dir: Path) -> None:
    from reader.notes.escaping import escape_line

    assert escape_line("83% of n=1,600 said Wow!") == "83% of n=1,600 said Wow!"
    assert (
        escape_line("a %%comment%% and ==mark== and ![[x]]")
        == "a \\%\\%comment\\%\\% and \\=\\=mark\\=\\= and \\!\\[\\[x\\]\\]"
    )
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--note", "83% of n=1,600")
    code, out, _ = run(capsys, articles_dir, "export", "--article", ARTICLE)
    title = "How China is betting cheap AI"
    front = out.split("---\n")[1]
    assert f'title: "Claims: {title}' in front
    assert "The Conversation, “How China is betting cheap AI" in out and "theconversation.com" in out
    assert "https://theconversation.com/" in out and "83% of n=1,600" in out
    body = out.split("---\n", 2)[2]
    assert body.index("The Conversation, “") < body.index("^claim-")
    code, out, _ = run(capsys, articles_dir, "export", "--by", "tag")
    assert "The Conversation, “How China" in out
    code, out, _ = run(capsys, articles_dir, "export", "--format", "json", "--article", ARTICLE)
    assert json.loads(out)["label"].startswith(f"Claims: {title}")


def test_claim_text_is_plain_and_cites_after_the_quote() -> None:
    from reader.article import Article
    from reader.claims.model import make_claim
    from reader.notes.gathering import claim_text

    text = "Sales rose 83% (n=1,600) in *one* year."
    article = Article(
        "A Title", text, byline="By Jane Doe", url="https://www.example.com/a", id="x/a-title", file="x.txt"
    )
    claim = make_claim(article.id, article.file, article.title, text, 0, len(text), ("econ",), "5.5% is *big*")
    out = claim_text(claim, article)
    assert out.startswith(
        "> Sales rose 83% (n=1,600) in *one* year.\n\n— Jane Doe, “A Title”, example.com. https://www.example.com/a (claim "
    )
    assert "\\" not in out and "5.5% is *big*" in out and "#econ" in out
    dated = type(
        "Dated",
        (),
        {"__getattr__": lambda self, name: getattr(article, name), "date": "2025-01-02", "site": "Example News"},
    )()
    assert "Jane Doe, “A Title”, Example News, 2025-01-02. https://www.example.com/a" in claim_text(claim, dated)


def test_a_broken_config_is_reported_by_the_command_line(
    capsys, articles_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    from reader.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('theme = "gruvbox\narticles = 3\n', encoding="utf-8")
    monkeypatch.chdir(articles_dir.parent)
    code = main(["list", "--json"])
    _, err = capsys.readouterr()
    assert code == 0 and "reader: warning:" in err and str(config_path()) in err


def test_list_never_cuts_ids_and_fits_the_terminal(capsys, articles_dir: Path, monkeypatch) -> None:
    import reader.cli.articles as articles

    _, out, _ = run(capsys, articles_dir, "list", "--json")
    ids = [row["id"] for row in json.loads(out)]
    for width in (100, 140, 200):
        monkeypatch.setattr(articles, "terminal_width", lambda width=width: width)
        _, out, _ = run(capsys, articles_dir, "list")
        lines = out.splitlines()
        assert all(len(line) <= width for line in lines), width
        assert all(any(line.startswith(i + " ") or line == i for line in lines) for i in ids)
        assert "TITLE" in "".join(lines[:2]) and ("CLAIMS" in "".join(lines[:2]) or width < 140)


def test_list_gives_titles_room_before_the_other_columns(capsys, articles_dir: Path, monkeypatch) -> None:
    # Ids are long (their slug repeats the title) and never cut: when one line cannot leave
    # a title 40 cells, the id takes a line of its own and the title the line under it.
    import reader.cli.articles as articles

    _, out, _ = run(capsys, articles_dir, "list", "--json")
    rows = json.loads(out)
    for width in (100, 120, 140, 200):
        monkeypatch.setattr(articles, "terminal_width", lambda width=width: width)
        _, out, _ = run(capsys, articles_dir, "list")
        assert all(len(line) <= width for line in out.splitlines()), width
        for row in rows:
            assert row["title"][:39] in out, (width, row["title"])
        if width == 100:  # two lines an article: room for every column again
            assert "SOURCE" in out and "WORDS" in out and "theconversa" in out


def test_csl_json_lists_the_articles_cited(capsys, articles_dir: Path) -> None:
    from reader.article import Article
    from reader.notes.formats.csl import to_csl_item
    from reader.notes.gathering import ArticleClaims

    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China", "--occurrence", "2")
    code, out, _ = run(capsys, articles_dir, "export", "--format", "csl")
    (item,) = json.loads(out)
    assert code == 0 and item["id"].startswith(ARTICLE) and item["type"] == "article-newspaper"
    assert item["title"].startswith("How China is betting cheap AI")
    assert item["container-title"] == "theconversation.com" and item["URL"].startswith("https://theconversation.com/")
    article = Article("T", "text", byline="By Jane Doe", url="https://www.example.com/a", id="x/t", file="x.txt")
    object.__setattr__(article, "date", "2025-03-04")
    dated = to_csl_item(ArticleClaims("x/t", "T", "x.txt", article))
    assert dated["author"] == [{"literal": "Jane Doe"}] and dated["issued"] == {"date-parts": [[2025, 3, 4]]}
    assert dated["container-title"] == "example.com"


def test_an_article_with_only_a_title_is_cited_by_its_file(tmp_path: Path) -> None:
    from reader.article import Article
    from reader.notes.formats.markdown import _source_line
    from reader.notes.gathering import ArticleClaims

    bare = Article("Only a title", "text", id="f/only-a-title", file="f.txt")
    assert _source_line(ArticleClaims(bare.id, bare.title, bare.file, bare)) == "`f.txt`"
