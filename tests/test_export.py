"""Markdown and Web Annotation export, escaping, safe names, and the JSON round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.claims.store import ClaimStore
from reader.cli import main
from reader.collection import Collection
from reader.notes.escaping import escape_block, tag_text
from reader.notes.files import output_path, safe_filename, write_new
from reader.notes.formats.markdown import to_markdown
from reader.notes.formats.w3c import read_annotations, to_web_annotations
from reader.notes.gathering import ArticleClaims, Scope, gather
from reader.notes.importing import import_annotations

MD = MarkdownIt("commonmark")
ARTICLE = "002_b844eaa0fd022baa/how-china"
NEWSPAPER = "003_2482174482ea82ec/china-leads"


def blockquotes(markdown: str) -> list[str]:
    """The text of every top-level blockquote, paragraphs joined by blank lines."""
    tokens = MD.parse(markdown)
    quotes, depth, paragraphs = [], 0, []
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            paragraphs = []
        elif token.type == "blockquote_close":
            depth -= 1
            quotes.append("\n\n".join(paragraphs))
        elif token.type == "inline" and depth:
            paragraphs.append("".join("\n" if c.type == "softbreak" else c.content for c in token.children))
    return quotes


# The text of a cleaned article: paragraphs of lines, no control characters.
line = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60).filter(
    lambda s: s.strip() != ""
)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
quote = st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(quote)
def test_any_quote_survives_the_markdown_round_trip(text: str) -> None:
    markdown = "\n".join(escape_block(text, "> ")) + "\n"
    assert blockquotes(markdown) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "> not nested",
        "- not a list",
        "1. not a list",
        "a\n---\nb",
        "```code```",
        "[link](x)",
        "<b>html</b>",
        "tab\tin",
        "  leading and trailing  ",
        "AT&T &amp; co",
        "back\\slash",
        "==mark== %%c%% [[w]] #tag",
    ],
)
def test_markdown_specials_stay_inside_the_blockquote(text: str) -> None:
    markdown = "\n".join(escape_block(text, "> ")) + "\n"
    assert blockquotes(markdown) == [text]
    assert [t.type for t in MD.parse(markdown)][0] == "blockquote_open"


def test_tags_become_obsidian_tags() -> None:
    assert tag_text("soft power") == "#soft-power"
    assert tag_text("a, b.c") == "#a-b-c"


@pytest.fixture
def annotated(articles_dir: Path, capsys) -> Path:
    base = ["--articles", str(articles_dir)]
    for args in (
        [
            "annotate",
            ARTICLE,
            "--quote",
            "China is pushing hard to develop cheap, widely used AI tools",
            "--tag",
            "econ",
            "--tag",
            "soft power",
            "--note",
            "Check *Reuters*\n\n# not a heading",
        ],
        ["annotate", NEWSPAPER, "--quote", "83 percent", "--tag", "figure"],
        ["annotate", NEWSPAPER, "--quote", "The global average was 54 percent.", "--tag", "figure", "--tag", "econ"],
        ["annotate", ARTICLE, "--quote", "What’s the plan?"],
    ):
        assert main(base + args) == 0
    capsys.readouterr()
    return articles_dir


def export(articles: Path, capsys, *args: str) -> str:
    assert main(["--articles", str(articles), "export", *args]) == 0
    return capsys.readouterr().out


def without_time(text: str) -> str:
    return re.sub(r"(exported|generated)\W+\S+", "", text)


def test_markdown_by_article_has_front_matter_quotes_tags_notes_and_block_ids(annotated: Path, capsys) -> None:
    out = export(annotated, capsys)
    front = out.split("---\n")[1]
    assert "counts:\n  articles: 2\n  claims: 4\n  orphans: 0" in front
    assert 'tags: ["econ", "figure", "soft-power"]' in front
    assert out.index("# How China is betting") < out.index("# China Leads in GenAI")  # collection order
    assert "#econ #soft-power" in out
    assert "Check \\*Reuters\\*" in out and "\n\\# not a heading" in out
    assert len(re.findall(r"\^claim-[0-9a-f]{8}$", out, re.M)) == 4
    assert (
        "The Conversation, “How China is betting cheap AI will get the world hooked" in out
        and "https://theconversation.com/" in out
    )
    # Text order inside an article.
    assert out.index("> 83 percent") < out.index("> The global average was 54 percent.")
    assert sorted(blockquotes(out)) == sorted(
        [
            "China is pushing hard to develop cheap, widely used AI tools",
            "83 percent",
            "The global average was 54 percent.",
            "What’s the plan?",
        ]
    )


def test_markdown_is_deterministic_apart_from_the_time(annotated: Path, capsys) -> None:
    assert without_time(export(annotated, capsys)) == without_time(export(annotated, capsys))


def test_scopes_and_grouping(annotated: Path, capsys) -> None:
    one = export(annotated, capsys, "--article", NEWSPAPER)
    assert blockquotes(one) == ["83 percent", "The global average was 54 percent."]
    assert 'scope: "article 003_2482174482ea82ec/china-leads-in-genai-adoption-management"' in one
    tagged = export(annotated, capsys, "--tag", "econ")
    assert sorted(blockquotes(tagged)) == [
        "China is pushing hard to develop cheap, widely used AI tools",
        "The global average was 54 percent.",
    ]
    by_tag = export(annotated, capsys, "--by", "tag")
    headings = re.findall(r"^# (.+)$", by_tag, re.M)
    assert headings == ["#econ", "#figure", "#soft-power", "Untagged"]
    assert by_tag.count("> The global average was 54 percent.") == 2  # under each of its tags
    block_ids = re.findall(r"\^claim-[0-9a-f]{8}$", by_tag, re.M)
    assert len(block_ids) == len(set(block_ids)) == 4  # each block id once; repeats link to it
    assert re.search(r"\(see \[\[#\^claim-[0-9a-f]{8}\]\]\)$", by_tag, re.M)


def test_orphans_get_their_own_section_and_are_never_dropped(annotated: Path, capsys) -> None:
    file = annotated / "003_2482174482ea82ec.txt"
    file.write_text(file.read_text("utf-8").replace("The global average was 54 percent.", "Averages vary."), "utf-8")
    out = export(annotated, capsys, "--article", NEWSPAPER)
    orphan_part = out.split("## Not found in the current text")[1]
    assert "> The global average was 54 percent." in orphan_part
    assert "(not found in the current text)" in orphan_part
    assert "orphans: 1" in out
    # In the JSON an orphan keeps its quote and context but no position (the old one would
    # cut other words out of the text now); the others have theirs.
    items = json.loads(export(annotated, capsys, "--article", NEWSPAPER, "--format", "json"))["first"]["items"]
    kinds = {i["target"]["selector"][0]["exact"]: [s["type"] for s in i["target"]["selector"]] for i in items}
    assert kinds.pop("The global average was 54 percent.") == ["TextQuoteSelector"]
    assert kinds and all(k == ["TextQuoteSelector", "TextPositionSelector"] for k in kinds.values())


def test_json_is_web_annotation_and_round_trips_into_an_empty_store(annotated: Path, capsys, tmp_path: Path) -> None:
    data = json.loads(export(annotated, capsys, "--format", "json"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 4
    item = next(i for i in data["first"]["items"] if i.get("body") and len(i["body"]) == 3)
    assert item["@context"] == "http://www.w3.org/ns/anno.jsonld" and item["type"] == "Annotation"
    quote_sel, pos_sel = item["target"]["selector"]
    assert quote_sel["type"] == "TextQuoteSelector" and pos_sel["type"] == "TextPositionSelector"
    assert {b["purpose"] for b in item["body"]} == {"tagging", "commenting"}
    source = json.dumps(data)
    dump = tmp_path / "claims.json"
    dump.write_text(source)

    empty = tmp_path / "empty.json"
    assert main(["--articles", str(annotated), "--db", str(empty), "import", str(dump)]) == 0
    assert "imported 4 claims" in capsys.readouterr().out
    fields = ("id", "article", "quote", "prefix", "suffix", "start", "end", "tags", "note", "created", "updated")
    with (
        ClaimStore.open(annotated / ".reader" / "claims.json", read_only=True) as a,
        ClaimStore.open(empty, read_only=True) as b,
    ):
        assert [[getattr(c, f) for f in fields] for c in a.all()] == [[getattr(c, f) for f in fields] for c in b.all()]
    assert main(["--articles", str(annotated), "--db", str(empty), "import", str(dump)]) == 0
    assert "skipped 4 already in the store" in capsys.readouterr().out


def test_foreign_web_annotations_are_anchored_by_url_and_unknown_sources_skipped(
    articles_dir: Path, tmp_path: Path
) -> None:
    collection = Collection.load(articles_dir)
    url = next(a.url for a in collection.articles if a.url)
    foreign = [
        {
            "type": "Annotation",
            "id": "https://example.org/anno/1",
            "target": {
                "source": url,
                "selector": {"type": "TextQuoteSelector", "exact": "a very Chinese time in its life"},
            },
            "body": {"type": "TextualBody", "value": "interesting", "purpose": "commenting"},
        },
        {
            "type": "Annotation",
            "target": {
                "source": "https://example.org/other",
                "selector": {"type": "TextQuoteSelector", "exact": "whatever"},
            },
        },
    ]
    with ClaimStore.open(tmp_path / "s.json") as store:
        report = import_annotations(read_annotations(foreign), collection, store)
        (claim,) = store.all()
    assert (report.added, report.unknown) == (1, ["https://example.org/other"])
    assert claim.quote == "a very Chinese time in its life" and claim.note == "interesting"


def test_not_web_annotation_json_is_one_clear_error(articles_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    assert main(["--articles", str(articles_dir), "import", str(bad)]) == 2
    assert "not W3C Web Annotation" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.md"),
        ("/abs/path", "abs-path.md"),
        ("CON", "claims-CON.md"),
        ("nul.txt", "claims-nul.txt.md"),
        ("a" * 300, "a" * 80 + ".md"),
        ("..", "claims.md"),
        ("Ünïcode: title?", "Ünïcode- title.md"),
    ],
)
def test_safe_filenames(title: str, expected: str) -> None:
    assert safe_filename(title, ".md") == expected


def test_names_from_titles_stay_inside_the_folder_and_never_overwrite(tmp_path: Path) -> None:
    path = output_path(tmp_path, "../../escape", ".md")
    assert path.parent == tmp_path
    write_new(path, "one")
    with pytest.raises(FileExistsError):
        write_new(path, "two")
    assert path.read_text() == "one"
    write_new(path, "two", force=True)
    assert path.read_text() == "two"


def test_cli_export_to_a_folder_refuses_to_overwrite_without_force(annotated: Path, tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "notes"
    out_dir.mkdir()
    base = ["--articles", str(annotated), "export", "--article", NEWSPAPER, "-o", str(out_dir)]
    assert main(base) == 0
    (written,) = out_dir.iterdir()
    assert written.name == "China Leads in GenAI Adoption, Management.md"
    assert main(base) == 2 and "--force" in capsys.readouterr().err
    assert main(base + ["--force"]) == 0


def test_gather_keeps_claims_of_articles_that_are_gone(tmp_path: Path) -> None:
    from reader.claims.model import make_claim

    claim = make_claim("gone/article", "gone.txt", "Gone", "Some text that was here.", 0, 9)
    (group,) = gather([claim], lambda _: None)
    assert isinstance(group, ArticleClaims) and group.orphans and group.title == "Gone"
    out = to_markdown([group], Scope(), "T")
    assert "no longer in the collection" in out and blockquotes(out) == ["Some text"]
    assert json.loads(to_web_annotations([group], Scope(), "T"))["total"] == 1


def test_markdown_source_line_shows_date_and_site() -> None:
    from reader.article import Article

    article = Article(
        title="Tide Tables Change",
        text="Text.",
        byline="Ines Moreau",
        date="2026-03-04",
        site="Coast Weekly",
        url="https://coast.example/tides",
        id="page/tide-tables-change",
        file="page.html",
    )
    group = ArticleClaims(article.id, article.title, article.file, article)
    markdown = to_markdown([group], Scope("article", article.id), "2026-03-05T00:00:00Z")
    assert (
        "Ines Moreau, “Tide Tables Change”, Coast Weekly, 2026-03-04. https://coast.example/tides"
        in markdown.splitlines()
    )
