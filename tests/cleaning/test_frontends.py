"""The front ends: each shape a page is saved in becomes the same blocks."""

from __future__ import annotations

import textwrap

from reader.cleaning import clean
from reader.cleaning.markdown import looks_like_markdown, markdown_line, parse_markdown
from reader.cleaning.pipeline import read_blocks
from reader.cleaning.wrapped import unwrap, wrap_width

PARAGRAPHS = [
    "The council voted on Tuesday to close the old bridge for repairs, a decision that "
    "will send thousands of commuters onto the ring road for at least six months.",
    "Engineers found cracks in two of the supporting piers last spring. The report they "
    "wrote said the bridge was safe for light traffic only, and that heavy lorries had "
    "to be kept off it at once.",
    "Shop owners on both banks said they feared the closure would cost them customers, "
    "and asked for a temporary footbridge to be built before the work begins.",
]
TITLE = "Council Votes to Close the Old River Bridge for Six Months of Urgent Repairs"


def _wrap(text: str, width: int) -> str:
    return "\n".join("\n".join(textwrap.wrap(line, width)) if line.strip() else "" for line in text.split("\n"))


def _page(title: str = TITLE) -> str:
    return "\n\n".join([title, "By Jane Doe", *PARAGRAPHS]) + "\n"


# --- hard-wrapped text ---------------------------------------------------------------


def test_a_wrapped_page_reads_as_the_unwrapped_one() -> None:
    for width in (35, 60, 72):
        wrapped = _wrap(_page(), width)
        assert wrap_width(wrapped.split("\n")) == width
        [article] = clean(wrapped)
        assert article.title == TITLE  # the title ran over two lines
        assert article.text.split("\n\n") == PARAGRAPHS  # the first paragraph is not lost


def test_a_dump_with_a_paragraph_a_line_is_left_alone() -> None:
    text = _page()
    assert wrap_width(text.split("\n")) == 0
    assert unwrap(text) == text


def test_list_items_are_not_joined() -> None:
    menu = "\n".join(f"  * Section number {n} of the site menu" for n in range(8))
    text = _wrap(_page(), 60) + "\n" + menu + "\n"
    assert "  * Section number 3 of the site menu\n  * Section number 4" in unwrap(text)


def test_a_compound_broken_at_its_hyphen_keeps_it() -> None:
    line = "x" * 50 + " decision-makers in every industry said so in the survey."
    wrapped = textwrap.fill(line, 60)
    assert "decision-\nmakers" in wrapped
    text = "\n\n".join([_wrap(p, 60) for p in PARAGRAPHS] + [wrapped])
    assert "decision-makers in every" in unwrap(text)


def test_a_word_the_text_writes_whole_loses_the_break_hyphen() -> None:
    body = "\n\n".join(_wrap(p, 40) for p in PARAGRAPHS)
    broken = "A model of the bridge stands in the hall,\nand the ticket office kept the old mod-\nel in a glass case by the door for all."
    assert all(len(line) <= 40 for line in broken.split("\n")[1:])
    assert "old model in a glass" in unwrap(body + "\n\n" + broken)


# --- markdown --------------------------------------------------------------------------


def test_links_keep_their_words_and_lose_their_targets() -> None:
    line, share = markdown_line('Read the [full report](https://example.org/report_(2019)) on [the site](/x "Title").')
    assert line == "Read the full report on the site."
    assert share == round(len("full reportthe site") / len("Readthefullreportonthesite."), 2)
    assert markdown_line("  * [ Politics & Policy ](/policy-and-politics)")[1] == 1.0


def test_images_and_escapes_go() -> None:
    line, share = markdown_line(
        "![A view](https://cdn/x/filters:focal\\(560x560:922x922\\)/a.jpg)Text with 5\\.5 \\*stars\\*"
    )
    assert line == "Text with 5.5 *stars*"
    assert share == 0.0
    assert markdown_line("[1]: https://example.org/a") is None
    assert markdown_line("---|---|---") is None
    assert markdown_line("| a | b |")[0] == "a b"
    assert markdown_line("> quoted _words_ here")[0] == "quoted words here"


def test_markdown_is_recognised_by_its_content() -> None:
    assert looks_like_markdown("[a](/a) [b](/b) and [c](/c)")
    assert not looks_like_markdown("A plain dump [with brackets] (and parentheses).")


MENU = "\n".join(f"  * [Section {n}](/section-{n})" for n in range(10))
FOOTER = "\n".join(f"  * [Footer link {n}](https://example.org/{n})" for n in range(6))


def test_a_markdown_page_keeps_the_article_and_drops_the_link_lists() -> None:
    body = "\n\n".join(p.replace("bridge", "[bridge](https://example.org/bridge)", 1) for p in PARAGRAPHS)
    text = f"![logo](/logo.png)\n\n{MENU}\n\n# {TITLE}\n\nBy [Jane Doe](/authors/jane)\n\n{body}\n\n## Related\n\n{FOOTER}\n"
    [article] = clean(text)
    assert article.title == TITLE
    assert article.text.split("\n\n") == PARAGRAPHS
    assert "http" not in article.text and "Section 3" not in article.text
    assert "Footer link" not in article.text


def test_read_blocks_carries_the_link_share() -> None:
    blocks = read_blocks(f"{MENU}\n\nA paragraph of text that has no link in it at all, none.\n")
    assert [b.links for b in blocks[:10]] == [1.0] * 10
    assert blocks[-1].links == 0.0
    assert parse_markdown("[a](/a)")[0].links == 1.0


def test_the_only_top_heading_is_the_title_across_a_share_bar() -> None:
    share = "\n".join(f"  * [Share on site {n}](https://share.example/{n}?u=x)" for n in range(5))
    body = "\n\n".join(PARAGRAPHS)
    more = "\n\n".join(p.replace("the", "that") for p in PARAGRAPHS)
    text = f"{MENU}\n\n# {TITLE}\n\nA deck that says what the story is about.\n\n## Share this story\n\n{share}\n\n{body}\n\n### Why the piers cracked\n\n{more}\n\n## Related\n\n{FOOTER}\n"
    [article] = clean(text)  # the "###" subheading opens no second article
    assert article.title == TITLE
    assert "Why the piers cracked" in article.subheadings
    assert "Share on site" not in article.text


def test_headings_of_the_dropped_page_furniture_split_nothing() -> None:
    teasers = "\n\n".join(f"## [Other story number {n} on the site]({n})\n\nBy [Some Writer](/w{n})" for n in range(3))
    text = f"# {TITLE}\n\n" + "\n\n".join(PARAGRAPHS) + f"\n\n## More stories\n\n{teasers}\n\n{FOOTER}\n"
    articles = clean(text)
    assert [a.title for a in articles] == [TITLE]


def test_a_page_that_prints_its_article_twice_keeps_it() -> None:
    body = "\n\n".join(PARAGRAPHS)
    text = f"{MENU}\n\n# {TITLE}\n\nA deck that says what the story is about.\n\n{body}\n\n{FOOTER}\n\n{body}\n"
    [article] = clean(text)
    assert all(p in article.text for p in PARAGRAPHS)  # not the deck alone


def test_numbered_sections_of_a_listicle_stay_one_article() -> None:
    sections = "\n\n".join(f"## {n}. Tip number {n}\n\n{PARAGRAPHS[n % 3]}" for n in range(1, 8))
    text = f"# {TITLE}\n\nWritten by Jane Doe\n\n{sections}\n\n## The bottom line\n\nBy and large, most of it helps.\n\n{PARAGRAPHS[0]}\n"
    [article] = clean(text)
    assert article.title == TITLE
    assert "7. Tip number 7" in article.subheadings


COPIED = """We value your privacy
We and our partners use cookies to store information on your device. By clicking Accept all, you consent to our use of cookies.
Accept all
Manage preferences
The Daily Courier
Subscribe
Sign in
Home
Local
Politics
Sport
Business
{title}
The plan adds money for buses and schools but closes two branch libraries across the city
By Maria Gonzalez
March 4, 2026
Share
Share on Facebook
Share on X
Copy link
{body}
Advertisement
Related
Transit agency warns of cuts
School board delays its vote
Most read
Police name driver in crash
New bakery opens on Main Street
Rain and cooler weekend ahead
Privacy Policy
Terms of Use
"""


def test_a_page_copied_from_a_browser_loses_its_unbulleted_menus() -> None:
    title = "City council approves budget after months of debate"
    [article] = clean(COPIED.format(title=title, body="\n".join(PARAGRAPHS)))
    assert article.title == title  # the headline, not the longer deck under it
    assert article.byline == "Maria Gonzalez"
    assert article.text.split("\n\n") == PARAGRAPHS


NEWSPAPER = """THE VALLEY GAZETTE · Tuesday, March 4, 2026 · Page 3

LOCAL NEWS

Water Board Raises Rates for the First Time in a Decade

By Tom Harris

The valley's water board voted on Monday to raise household rates by 12 percent from July, the first increase since 2016, saying that aging pipes and a dry winter had left it no choice.

Board chair Elena Ruiz said the extra money would replace eleven miles of pipe that date from the 1950s. "Every week we fix another break," she said. "We cannot keep patching a system that is older than most of the people who use it."

A typical household will pay about $6 more a month. Residents who spoke at the meeting asked the board to phase the increase in over two years, but the motion failed 4-3.

Workers repair a broken main on Elm Street last week. (Photo: Valley Gazette)

The board will hold a public hearing on a separate plan to fund water-saving rebates in April.

SCHOOLS

New Library Opens at Hillside Elementary

By Anna Cho

Hillside Elementary opened its new library on Friday, two years after a fire destroyed the old one and most of its books.

Parents and teachers raised more than $80,000 for the building, and a local publisher donated 3,000 books. Principal Mark Owens said students had helped choose the furniture and paint colours.

"The children kept asking when they could come back," Owens said. "Now they have a room that is theirs."
"""


def test_a_wrapped_newspaper_page_splits_into_its_articles() -> None:
    for width in (35, 60):
        articles = clean(_wrap(NEWSPAPER, width))
        assert [(a.title, a.section, a.byline) for a in articles] == [
            ("Water Board Raises Rates for the First Time in a Decade", "LOCAL NEWS", "Tom Harris"),
            ("New Library Opens at Hillside Elementary", "SCHOOLS", "Anna Cho"),
        ]
        first, second = (a.text.split("\n\n") for a in articles)
        assert first[0].startswith("The valley's water board voted on Monday") and first[0].endswith("no choice.")
        assert not any("Photo:" in p or "GAZETTE" in p for p in first)  # the caption, the page header
        assert second[-1].endswith('"Now they have a room that is theirs."')


def test_copy_and_paste_keeps_short_paragraphs_between_inline_links() -> None:
    short = [
        "Webb came out of the room slowly.",
        "Officers rushed in to look for the girl.",
        "At first there was no sign of her.",
    ]
    body = [
        PARAGRAPHS[0],
        "  * Related: Council names new head of transport",
        *short,
        "  * Related: Rain expected all weekend",
        PARAGRAPHS[1],
        PARAGRAPHS[2],
    ]
    text = COPIED.format(title="City council approves budget after months of debate", body="\n".join(body))
    [article] = clean(text)
    assert all(p in article.text for p in [*PARAGRAPHS, *short])


def test_an_embedded_post_printed_twice_does_not_cut_the_article() -> None:
    embed = "\n\n".join(
        ["[Image Copyright @someone](/x)", "[Report](/r)"] * 2 + ["[Image Copyright @other](/y)", "[Report](/r)"] * 2
    )
    first = "\n\n".join(PARAGRAPHS[:2])
    after = "\n\n".join([PARAGRAPHS[2], *(p.replace("the", "a") for p in PARAGRAPHS)])
    text = f"{MENU}\n\n# {TITLE}\n\n{first}\n\n{embed}\n\n{after}\n\n{FOOTER}\n"
    [article] = clean(text)
    assert all(p in article.text for p in PARAGRAPHS)
    assert "Image Copyright" not in article.text


POST = """---
title: "Why we moved our servers back on premises"
author: Priya Raman
date: 2026-02-11
url: https://blog.example.com/2026/02/servers-on-premises
tags: [infrastructure, costs]
---

# Why we moved our servers back on premises

After three years in the cloud, our monthly bill had grown to four times what we paid for the same work in 2022. This post explains how we measured the costs and what we learned from the move.

## What we measured

We tracked compute, storage and traffic for six months. Storage was the surprise: [snapshots](https://docs.example.com/snapshots) we no longer needed made up a third of the bill.

Traffic between regions cost more than the servers themselves. We had not planned for that when we spread the database over two regions.

## What we would do again

Buying hardware meant paying up front, but the machines paid for themselves in eleven months. We would make the same choice, though we would keep backups in the cloud.

---

*Thanks for reading! Subscribe to our newsletter to get new posts by email.*

[Subscribe](https://blog.example.com/subscribe) · [RSS](https://blog.example.com/feed.xml) · [Twitter](https://twitter.com/example)

© 2026 Example Engineering
"""


def test_a_markdown_post_loses_its_front_matter_and_newsletter_footer() -> None:
    [article] = clean(POST)
    assert (article.title, article.byline, article.date) == (
        "Why we moved our servers back on premises",
        "Priya Raman",
        "2026-02-11",
    )
    assert article.url == "https://blog.example.com/2026/02/servers-on-premises"
    assert article.text.startswith("After three years in the cloud")
    assert article.text.endswith("though we would keep backups in the cloud.")
    assert "snapshots we no longer needed" in article.text  # a link's words stay, its target goes


def test_a_short_last_section_under_a_rule_is_no_footer() -> None:
    text = POST.split("\n---\n\n*Thanks")[0] + "\n---\n\nUpdate: the migration finished in March.\n"
    [article] = clean(text)
    assert article.text.endswith("Update: the migration finished in March.")


def test_the_headline_is_found_over_its_byline_past_a_share_bar() -> None:
    lead = "\n\n".join(
        [
            "  * [Home](/)",
            "  * [World](/w)",
            "  * [Sport](/s)",
            "Harbour Bridge Will Close to Cars Next Spring",
            "The council says the steel frame corroded faster than expected.",
            "JANE DOE, CITY DESK",
            "Nov. 19, 2019",
            "5:50 PM",
            "  * [Facebook](/f)",
            "  * [Twitter](/t)",
            "  * [Email](/e)",
            "  * [Print](/p)",
            "Image via the city archive",
        ]
    )
    [article] = clean(f"{lead}\n\n" + "\n\n".join(PARAGRAPHS) + f"\n\n{FOOTER}\n")
    assert article.title == "Harbour Bridge Will Close to Cars Next Spring"
