"""What the cleaner removed, and the step charged with each block."""

from __future__ import annotations

from reader.cleaning import clean
from reader.cleaning.removed import explain, reference_text

BODY = [
    "The council voted on Tuesday to close the old bridge for repairs, a decision that will send "
    "thousands of commuters onto the ring road for at least six months.",
    "Engineers found cracks in two of the supporting piers last spring, and the report they wrote "
    "said heavy lorries had to be kept off the bridge at once.",
    "Shop owners on both banks said they feared the closure would cost them customers, and asked "
    "for a temporary footbridge before the work begins.",
]
MENU = [f"  * Menu entry {n}" for n in range(6)]
PAGE = "\n".join([*MENU, "", "The Council Closes the Old Bridge", "", *[p + "\n" for p in BODY], *MENU[:4]]) + "\n"


def test_explain_gives_the_articles_clean_gives() -> None:
    assert [article for article, _ in explain(PAGE)] == clean(PAGE)


def test_every_menu_line_is_removed_with_its_step_and_offset() -> None:
    [(article, removed)] = explain(PAGE)
    texts = [r.text for r in removed]
    assert set(texts) == {line.strip()[2:] for line in MENU}
    assert all(r.step == "select_main_content" for r in removed)
    first = next(r for r in removed if r.text == "Menu entry 0")
    assert PAGE[first.offset : first.offset + len(first.text)] == "Menu entry 0"


def test_words_that_stay_in_the_article_are_not_reported() -> None:
    [(article, removed)] = explain(PAGE)
    shown = article.text + article.title
    assert all(r.text not in shown for r in removed)
    assert not any(p in (r.text for r in removed) for p in BODY)


def test_a_caption_is_charged_to_the_caption_step() -> None:
    caption = "Photo: The old bridge at dusk (Jane Doe)"
    text = "\n\n".join(["The Council Closes the Old Bridge", BODY[0], caption, *BODY[1:]]) + "\n"
    [(article, removed)] = explain(text)
    assert caption not in article.text
    assert [(r.text, r.step) for r in removed] == [(caption, "remove_captions")]


HTML_PAGE = (
    """<!DOCTYPE html>
<html><head><title>The Council Closes the Old Bridge | Valley News</title></head>
<body>
<div class="promo"><p>Subscribe today for unlimited access to every story we publish</p></div>
<article><h1>The Council Closes the Old Bridge</h1>
"""
    + "".join(f"<p>{p}</p>\n" for p in BODY)
    + """</article>
<div class="related"><p>More from Valley News: ten photos of the river in spring</p></div>
</body></html>
"""
)


def test_what_the_html_extractor_left_out_is_reported_by_the_words() -> None:
    [(article, removed)] = explain(HTML_PAGE)
    assert article.text.split("\n\n") == BODY
    assert removed and all(r.step == "html.extract" for r in removed)
    assert not any(r.text in article.text for r in removed)
    page = reference_text(HTML_PAGE)
    assert all(r.offset is not None and page[r.offset :].startswith(r.text) for r in removed)


def test_a_menu_entry_that_is_also_a_word_of_the_body_is_reported() -> None:
    page = PAGE.replace("Menu entry 2", "Repairs")  # "repairs" stands in the body too
    [(article, removed)] = explain(page)
    assert "Repairs" in [r.text for r in removed]
