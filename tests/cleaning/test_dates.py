"""Dates and sites: date lines and datelines in text files, and a markdown file's front matter."""

from __future__ import annotations

import pytest

from reader.cleaning import clean
from reader.cleaning.dates import dateline_date, find_date
from reader.cleaning.frontmatter import split_front_matter
from reader.cleaning.render import as_markdown

BODY = (
    "The council voted on Tuesday to close the old bridge to cars for a year while engineers replace its rusted supports.\n\n"
    "Shop owners on both banks said they feared losing trade, and asked for a free bus to run across the river in the meantime.\n"
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("March 4, 2026", "2026-03-04"),
        ("Mar. 4, 2026, 10:30 AM ET", "2026-03-04"),
        ("Published: 4 March 2026", "2026-03-04"),
        ("Updated on the 4th of March, 2026", "2026-03-04"),
        ("2026-03-04", "2026-03-04"),
        ("2026-03-04T08:15:00Z", "2026-03-04"),
        ("2026/3/4", "2026-03-04"),
        ("Sept 30 2025", "2025-09-30"),
        ("Wed, Dec 1st 2025", "2025-12-01"),
        ("03/04/2026", ""),  # day and month could be either way round
        ("February 30, 2026", ""),
        ("2026-13-01", ""),
        ("in March 2026", ""),  # no day
        ("Room 2026-03", ""),
    ],
)
def test_find_date(text: str, iso: str) -> None:
    assert find_date(text)[0] == iso


@pytest.mark.parametrize(
    ("paragraph", "iso"),
    [
        ("WASHINGTON, March 4, 2026 — The senate voted late on Tuesday.", "2026-03-04"),
        ("LONDON (Agency), 4 March 2026 - Prices rose.", "2026-03-04"),
        ("New York, Mar. 4, 2026 (Wire) -- Shares fell.", "2026-03-04"),
        ("On March 4, 2026, the senate voted late on Tuesday.", ""),  # a sentence, not a dateline
        ("The vote on March 4, 2026 — a Tuesday — was close.", ""),
    ],
)
def test_dateline_date(paragraph: str, iso: str) -> None:
    assert dateline_date(paragraph) == iso


@pytest.mark.parametrize(
    "date_line",
    ["March 4, 2026", "Published: 2026-03-04 09:00", "4 March 2026 | 3 min read", "Updated Mar. 4, 2026, 10:28am EST"],
)
def test_a_date_line_under_the_headline_gives_the_date(date_line: str) -> None:
    [article] = clean(f"# Bridge to close for a year\n\nBy Ana Ortiz\n\n{date_line}\n\n{BODY}")
    assert article.date == "2026-03-04"
    assert article.byline == "Ana Ortiz"
    assert date_line not in article.text and article.text.startswith("The council voted")


def test_a_date_beside_the_byline_gives_the_date() -> None:
    [article] = clean(f"Bridge to close for a year\n\nBy Ana Ortiz | March 4, 2026\n\n{BODY}")
    assert article.date == "2026-03-04"
    assert article.title == "Bridge to close for a year"


def test_a_dateline_gives_the_date_and_stays_in_the_text() -> None:
    [article] = clean(f"# Bridge to close for a year\n\nRIVERTON, March 4, 2026 — {BODY}")
    assert article.date == "2026-03-04"
    assert article.text.startswith("RIVERTON, March 4, 2026 —")


def test_no_date_from_the_prose_or_above_the_headline() -> None:
    text = (
        "Tuesday, March 10, 2026\n\n# Bridge to close for a year\n\n"
        "The council voted on March 4, 2026 to close the old bridge to cars for a year while engineers replace it.\n"
    )
    assert clean(text)[0].date == ""
    assert clean(f"# Bridge to close for a year\n\n{BODY}")[0].date == ""


FRONT = """---
title: "Bridge to close: a year without cars"
author:
  - Ana Ortiz
  - Ben Okafor
date: 2026-03-04T08:00:00+01:00
url: https://riverton.example/bridge
site: Riverton Chronicle   # the paper
tags: [transport, council]
---

"""


def test_front_matter_fills_the_fields_and_leaves_the_body() -> None:
    [article] = clean(FRONT + BODY)
    assert article.title == "Bridge to close: a year without cars"
    assert article.byline == "Ana Ortiz, Ben Okafor"
    assert article.date == "2026-03-04"
    assert article.url == "https://riverton.example/bridge"
    assert article.site == "Riverton Chronicle"
    assert "---" not in article.text and "tags" not in article.text
    assert article.text.startswith("The council voted")


def test_front_matter_reading() -> None:
    found = split_front_matter(FRONT + BODY)
    assert found is not None
    fields, rest = found
    assert fields.tags == ("transport", "council")
    assert rest.strip() == BODY.strip()
    source_only = split_front_matter("---\ntitle: T\nsource: https://x.example/a\ntags: a, b\n---\nText.\n")
    assert source_only is not None and source_only[0].url == "https://x.example/a" and source_only[0].site == ""
    assert source_only[0].tags == ("a", "b")


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nA rule, then prose that is no YAML at all, and another rule.\n\n---\n",
        "--- not a front matter\ntitle: x\n---\n",
        "---\ntitle: never closed\n\nText.\n",
        "Text first.\n---\ntitle: x\n---\n",
    ],
)
def test_what_is_no_front_matter(text: str) -> None:
    assert split_front_matter(text) is None


def test_front_matter_title_heading_is_not_doubled() -> None:
    [article] = clean(FRONT + "# Bridge to close: a year without cars\n\n" + BODY)
    assert article.title == "Bridge to close: a year without cars"
    assert article.subtitle == "" and "Bridge to close" not in article.text


def test_date_and_site_survive_a_trip_through_markdown() -> None:
    [article] = clean(FRONT + BODY)
    assert clean(as_markdown(article)) == [article]
