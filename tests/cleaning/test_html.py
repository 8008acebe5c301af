"""The HTML front end: a saved web page is known by its content and read into the article."""

from __future__ import annotations

import pytest

from reader.cleaning import clean
from reader.cleaning.html import extract, looks_like_html, strip_tags
from reader.cleaning.render import as_markdown
from reader.cleaning.version import cleaner_version

PARAGRAPHS = [
    "The river rose through the night and by morning it had reached the steps of the town hall, where volunteers were filling sandbags.",
    "Engineers said the old levee had held better than they feared, though water had seeped under it in two places along the east bank.",
    "Shops on the market square stayed shut, and the ferry that crosses to the island was cancelled for the first time in twenty years.",
    "The mayor asked people living near the water to move to higher ground until the level began to fall, which forecasters expect on Friday.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>River Floods the Old Town | The Harbour Gazette</title>
<meta name="author" content="Mira Lindqvist">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="article:published_time" content="2026-03-04T07:30:00+00:00">
<meta name="description" content="Volunteers fill sandbags as the water reaches the town hall.">
<link rel="canonical" href="https://gazette.example/news/river-floods">
<script>var tracking = "do not show this";</script>
<style>body {{ color: black; }}</style>
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe today</a></li>
</ul></nav></header>
<main><article>
<h1>River Floods the Old Town</h1>
<p class="byline">By Mira Lindqvist</p>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]} <a href="https://gazette.example/levee">Read about the levee</a>.</p>
<figure><img src="/pics/flood.jpg" alt="A flooded street"></figure>
<h2>Ferry cancelled</h2>
<p>{PARAGRAPHS[2]}</p>
<p>{PARAGRAPHS[3]}</p>
</article></main>
<footer><p>Copyright 2026 The Harbour Gazette. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/cookies">Cookie settings</a></li></ul></footer>
</body>
</html>
"""


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html>\n<html>",
        "<!doctype HTML><title>x</title>",
        "\ufeff<html lang='en'>",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">',
        "<!-- saved from url=(0014)about:internet -->\n<html>",
        "\n\n   <head>\n<meta charset=utf-8>",
        "<body>\n<p>Just a body.</p>",
    ],
)
def test_html_is_recognised_by_its_content(start: str) -> None:
    assert looks_like_html(start.lstrip("\ufeff") + "\n<p>Text.</p>")


@pytest.mark.parametrize(
    "text",
    [
        "A plain text dump.\n\nWith a second paragraph about <html> tags in it.",
        "# A markdown post\n\nIt mentions <body> and <head> inline, as prose.",
        "Title\n\nSome text, then a code sample below.\n\n" + "filler line\n" * 400 + "<html>\n",
        "How to write a page\n\n<html>\n<body>\n<p>Hello</p>\n</body>\n</html>\n",
        "<p>A fragment of markup, no document.</p>",
        "",
    ],
)
def test_text_that_mentions_tags_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_extract_keeps_the_body_and_drops_the_page_around_it() -> None:
    page = extract(PAGE)
    text = squash(page.text)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "## Ferry cancelled" in page.text.split("\n\n")
    for furniture in (
        "Subscribe today",
        "Privacy policy",
        "Cookie settings",
        "All rights reserved",
        "tracking",
        "color: black",
    ):
        assert furniture not in page.text
    assert "http" not in page.text and "flood.jpg" not in page.text  # no link targets, no images
    assert all(p == p.strip() and p for p in page.text.split("\n\n"))


def test_extract_reads_the_page_metadata() -> None:
    page = extract(PAGE)
    assert page.title == "River Floods the Old Town"  # without the site's name after it
    assert page.author == "Mira Lindqvist"
    assert page.date == "2026-03-04"
    assert page.site == "The Harbour Gazette"
    assert page.url == "https://gazette.example/news/river-floods"
    assert page.description.startswith("Volunteers fill sandbags")


def test_clean_reads_a_page_into_one_article_with_its_fields() -> None:
    [article] = clean(PAGE)
    assert article.title == "River Floods the Old Town"
    assert article.byline == "Mira Lindqvist"
    assert article.date == "2026-03-04"
    assert article.site == "The Harbour Gazette"
    assert article.url == "https://gazette.example/news/river-floods"
    assert article.subheadings == ("Ferry cancelled",)
    assert article.paragraphs == [
        PARAGRAPHS[0],
        PARAGRAPHS[1] + " Read about the levee.",
        "Ferry cancelled",
        *PARAGRAPHS[2:],
    ]


def test_a_page_saved_with_a_text_name_is_still_read_as_html() -> None:
    # The name plays no part: `clean` sees only the text, as the collection passes it.
    [article] = clean(PAGE)
    assert "<p>" not in article.text and "Home" not in article.text.split()


def test_the_body_is_never_lost_when_the_extractor_finds_nothing() -> None:
    page = "<html><body><div>Only a short line of text here.</div></body></html>"
    [article] = clean(page)
    assert article.text == "Only a short line of text here."


def test_a_page_without_metadata_leaves_the_fields_empty() -> None:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    [article] = clean(f"<html><body><article>{body}</article></body></html>")
    assert squash(article.text) == squash(" ".join(PARAGRAPHS))
    assert (article.date, article.site, article.url) == ("", "", "")


def test_lists_and_tables_become_lines_of_text() -> None:
    page = f"""<html><body><article><h1>Results of the vote</h1><p>{PARAGRAPHS[0]}</p>
    <ul><li>The first point of the plan, in a sentence of its own.</li><li>The second point of the plan, also a sentence.</li></ul>
    <p>{PARAGRAPHS[1]}</p>
    <table><tr><td>Ward</td><td>Votes</td></tr><tr><td>North</td><td>1,204</td></tr></table>
    <p>{PARAGRAPHS[2]}</p></article></body></html>"""
    text = extract(page).text
    assert "The first point of the plan, in a sentence of its own." in text.split("\n\n")
    assert "North · 1,204" in text


def test_strip_tags_is_the_crude_last_resort() -> None:
    text = strip_tags(
        "<html><head><title>T</title><script>x()</script></head><body><nav>Menu</nav><h1>Big news</h1><p>One &amp; two.</p><p>Three<br>four.</p></body></html>"
    )
    assert text.split("\n\n") == ["# Big news", "One & two.", "Three", "four."]


def test_an_html_article_cleans_to_itself_from_its_markdown() -> None:
    [article] = clean(PAGE)
    assert clean(as_markdown(article)) == [article]


def test_the_cleaner_version_digests_the_html_module(tmp_path, monkeypatch) -> None:
    import reader.cleaning.version as version

    for name in ("html.py", "frontmatter.py", "dates.py"):
        assert (version.Path(version.__file__).parent / name).is_file()
    folder = tmp_path / "cleaning"
    folder.mkdir()
    source = version.Path(version.__file__).read_text("utf-8")
    (folder / "version.py").write_text(source, "utf-8")
    (folder / "html.py").write_text("A = 1\n", "utf-8")
    monkeypatch.setattr(version, "__file__", str(folder / "version.py"))
    before = cleaner_version()
    (folder / "html.py").write_text("A = 2\n", "utf-8")
    assert cleaner_version() != before
