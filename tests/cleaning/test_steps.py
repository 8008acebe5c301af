"""Each cleaning step on its own, on small texts made for the purpose."""

from __future__ import annotations

from reader.cleaning import clean
from reader.cleaning.blocks import parse_blocks, strip_emphasis
from reader.cleaning.furniture import drop_page_furniture, is_source_line, mark_source_lines
from reader.cleaning.metadata import (
    drop_lead,
    first_body_index,
    run_in_deck,
    split_run_in_deck,
    take_byline,
    take_section_label,
    take_source_url,
    take_subtitle,
    take_title,
)
from reader.cleaning.model import Block, Draft
from reader.cleaning.repair import (
    join_broken_paragraphs,
    join_hyphenated_lines,
    join_words,
    mark_subheadings,
    remove_captions,
    repair_split_compounds,
)
from reader.cleaning.split import split_articles
from reader.cleaning.teasers import drop_trailing_teasers

PROSE = "The committee met on Tuesday and agreed that the plan should go ahead next year."
PROSE2 = "Members of the public will be able to comment on the proposal until the end of March."
TEASER = "A long teaser paragraph that opens a story about river levels and stops in the middle of a thought..."


def draft(*texts: str, **meta) -> Draft:
    return Draft(blocks=tuple(parse_blocks("\n\n".join(texts))), **meta)


def body(d: Draft) -> list[str]:
    return [b.text for b in d.blocks if b.role in ("", "subheading")]


# --- blocks -----------------------------------------------------------------------------


def test_parse_blocks_reads_headings_bold_bullets_and_gaps() -> None:
    blocks = parse_blocks("## **NEWS**\n\n# A Title\n* item one\n\nPlain *emphasised* text")
    assert [(b.text, b.level, b.bold, b.bullet, b.gap) for b in blocks] == [
        ("NEWS", 2, True, False, True),
        ("A Title", 1, False, False, True),
        ("item one", 0, False, True, False),
        ("Plain emphasised text", 0, False, False, True),
    ]


def test_strip_emphasis_keeps_words_and_lone_asterisks() -> None:
    assert strip_emphasis("a **bold** and __strong__ word") == "a bold and strong word"
    assert strip_emphasis("5 * 3 = 15") == "5 * 3 = 15"


def test_lines_of_lone_markup_are_not_blocks() -> None:
    assert parse_blocks("**\n\n---\n\n* * *") == []


# --- document steps ---------------------------------------------------------------------


def test_page_furniture_goes_and_sentences_mentioning_pages_stay() -> None:
    blocks = parse_blocks(
        "From page 1\n\nContinued on page 12\n\n[...]\n\n7\n\n"
        + PROSE
        + "\n\nSee the report on page 4 of the annex for details."
    )
    assert [b.text for b in drop_page_furniture(blocks)] == [
        PROSE,
        "See the report on page 4 of the annex for details.",
    ]


def test_source_lines_are_marked_but_links_in_sentences_are_not() -> None:
    assert is_source_line("Read more https://example.org/story-1")
    assert is_source_line("https://example.org/story-1")
    assert is_source_line("Source: https://example.org/a")
    assert not is_source_line("The full data set is at https://example.org/data and it is large.")
    marked = mark_source_lines(parse_blocks("Read more https://example.org/x"))
    assert marked[0].role == "source"


def test_trailing_teasers_after_an_article_are_dropped() -> None:
    text = "\n\n".join(
        [PROSE, PROSE2, PROSE, "Other Story Headline", TEASER + " Read more", "Another Headline Here", TEASER]
    )
    kept = drop_trailing_teasers(parse_blocks(text))
    assert [b.text for b in kept] == [PROSE, PROSE2, PROSE]


def test_teasers_alone_are_an_index_page_of_excerpts() -> None:
    text = "\n\n".join(["Posts", "First Headline of Note", TEASER, "Second Headline of Note", TEASER + " Read more"])
    blocks = drop_trailing_teasers(parse_blocks(text))
    drafts = split_articles(blocks)
    assert [(d.title, d.excerpt) for d in drafts] == [
        ("First Headline of Note", True),
        ("Second Headline of Note", True),
    ]
    assert drafts[1].blocks[0].text.endswith("thought...")  # the link text "Read more" is cut


def test_a_newspaper_page_splits_at_headlines_with_bylines() -> None:
    text = "\n\n".join(
        ["## **SPORT**", "# First Headline", "By ANNA Smith", PROSE, "### Second Headline", "By Bo Li", PROSE2]
    )
    drafts = split_articles(parse_blocks(text))
    assert len(drafts) == 2
    assert drafts[0].blocks[0].text == "SPORT"
    assert drafts[1].blocks[0].text == "Second Headline"


def test_a_single_article_with_markdown_subheadings_stays_whole() -> None:
    text = "\n\n".join(["# The Headline", PROSE, "## A part of it", PROSE2, "## Another part", PROSE])
    assert len(split_articles(parse_blocks(text))) == 1


def test_a_plain_label_above_a_headline_goes_with_the_next_article() -> None:
    text = "\n\n".join(
        ["# One Headline", "By A Writer", PROSE, "Tech Notes", "### Two Headline", "By B Writer", PROSE2]
    )
    drafts = split_articles(parse_blocks(text))
    assert [b.text for b in drafts[1].blocks][:2] == ["Tech Notes", "Two Headline"]
    assert "Tech Notes" not in [b.text for b in drafts[0].blocks]


# --- metadata ---------------------------------------------------------------------------


def test_section_title_subtitle_byline_from_a_newspaper_lead() -> None:
    d = draft("## **WORLD**", "# Rivers Rise Again", "#### Notes From the Field", "Edited by KIM Jae", PROSE)
    for step in (take_section_label, take_title, take_subtitle, take_byline, drop_lead):
        d = step(d)
    assert (d.section, d.title, d.subtitle, d.byline) == (
        "WORLD",
        "Rivers Rise Again",
        "Notes From the Field",
        "KIM Jae",
    )
    assert body(d) == [PROSE]


def test_a_web_lead_gives_the_most_headline_like_line_and_drops_the_rest() -> None:
    d = draft("Site Name", "Region", "Written by The Desk", "How the valley learned to live with floods", PROSE, PROSE2)
    for step in (take_title, take_byline, drop_lead):
        d = step(d)
    assert d.title == "How the valley learned to live with floods"
    assert d.byline == "The Desk"
    assert body(d) == [PROSE, PROSE2]


def test_first_body_index_answers_for_the_blocks_it_is_given() -> None:
    # It remembers its last answer by the blocks' identity: equal blocks in another tuple,
    # or the same draft with its first paragraph dropped, must be looked at afresh.
    d = draft("Site Name", PROSE, PROSE2)
    assert first_body_index(d.blocks) == 1
    assert first_body_index(d.blocks) == 1
    dropped = d.blocks[:1] + (d.blocks[1].with_role("drop"),) + d.blocks[2:]
    assert first_body_index(dropped) == 2
    assert first_body_index(tuple(d.blocks)) == first_body_index(tuple(list(d.blocks))) == 1
    assert first_body_index(d.blocks[:1]) == 1  # no prose: the whole draft is lead


def test_metadata_steps_give_what_a_fresh_look_at_the_lead_gives() -> None:
    # The steps pass the remembered first paragraph on when they only change lead lines;
    # each step's result must be what it is when nothing was remembered.
    from reader.cleaning import metadata

    d = draft(
        "## **WORLD**", "Site Name", "# Rivers Rise Again", "#### Notes From the Field", "By KIM Jae", PROSE, PROSE2
    )
    for step in (take_section_label, take_title, take_subtitle, take_byline, drop_lead):
        metadata.first_body_index(d.blocks)  # as the step before had asked
        remembered = step(d)
        # what the steps remembered (passed on, when only the lead changed) against a fresh look
        assert first_body_index(remembered.blocks) == metadata._first_body_index(remembered.blocks)
        metadata._last_body = ((), 0)  # forget everything
        assert step(d) == remembered
        d = remembered
    assert body(d) == [PROSE, PROSE2]


def test_a_lead_without_prose_after_it_is_kept() -> None:
    d = drop_lead(draft("short line", "another short line"))
    assert body(d) == ["short line", "another short line"]


def test_byline_needs_a_name() -> None:
    d = take_byline(draft("By the numbers", PROSE))
    assert d.byline == ""


def test_source_url_comes_from_the_source_line() -> None:
    d = Draft(blocks=tuple(mark_source_lines(parse_blocks(PROSE + "\n\nRead more https://example.org/a-story"))))
    d = take_source_url(d)
    assert d.url == "https://example.org/a-story"
    assert body(d) == [PROSE]


def test_run_in_deck_is_split_where_title_case_ends() -> None:
    text = "Rivers Rise Across the Valley as Spring Arrives Early The water came faster than anyone expected this year."
    assert run_in_deck(text) == (
        "Rivers Rise Across the Valley as Spring Arrives Early",
        "The water came faster than anyone expected this year.",
    )
    assert run_in_deck(PROSE) is None
    assert run_in_deck("Big News Today Is here and it is short.") is None  # too short a deck


def test_run_in_deck_only_in_teasers() -> None:
    text = (
        "Rivers Rise Across the Valley as Spring Arrives Early The water came faster than anyone expected this year..."
    )
    assert split_run_in_deck(draft(text)).subtitle == ""
    assert split_run_in_deck(draft(text, excerpt=True)).subtitle.startswith("Rivers Rise")


# --- repair -----------------------------------------------------------------------------


def test_captions_and_caption_fragments_go() -> None:
    d = remove_captions(
        draft(PROSE, "A crowd gathers at the bridge on May 3. (PHOTO: AGENCY)", "held", "video", PROSE2)
    )
    assert body(d) == [PROSE, PROSE2]


def test_join_words_repairs_hyphenation_and_keeps_real_compounds() -> None:
    assert join_words("a large mod-", "el for", "") == "a large model for"
    assert join_words("the Hydro-Elec-", "tric Project", "") == "the Hydro-Electric Project"
    assert join_words("a long-", "term plan", "the long-term view") == "a long-term plan"
    assert join_words("ends with a dash -", "next", "") == "ends with a dash - next"
    assert join_words("no hyphen", "next", "") == "no hyphen next"


def test_paragraph_cut_by_a_caption_is_joined() -> None:
    d = draft(
        "He said the market is more competitive and",
        "Workers at the dock. (PHOTO: AGENCY)",
        "open than before, he wrote.",
    )
    d = join_broken_paragraphs(remove_captions(d))
    assert body(d) == ["He said the market is more competitive and open than before, he wrote."]


def test_paragraph_cut_by_a_short_scrap_is_joined_but_not_across_a_sentence() -> None:
    d = join_broken_paragraphs(
        draft("They travelled to the Games", "Scrap 字幕", "in 1924. It was far.", "Next paragraph starts here.")
    )
    assert body(d) == ["They travelled to the Games in 1924. It was far.", "Next paragraph starts here."]
    d = join_broken_paragraphs(draft(PROSE, "lower case start of another paragraph"))
    assert len(body(d)) == 2


def test_lines_inside_a_paragraph_are_joined_across_hyphens() -> None:
    d = Draft(blocks=(Block(text="develop-\nment of the\nplan"),))
    assert body(join_hyphenated_lines(d)) == ["development of the plan"]


def test_split_compounds_are_closed_but_suspended_hyphens_stay() -> None:
    d = repair_split_compounds(draft("1,600 decision- makers and text- to- video, pre- and post-war"))
    assert body(d) == ["1,600 decision-makers and text-to-video, pre- and post-war"]


def test_subheadings_between_paragraphs() -> None:
    d = mark_subheadings(draft(PROSE, "A change of course", PROSE2, "Wei said"))
    assert [b.text for b in d.blocks if b.role == "subheading"] == ["A change of course"]


def test_clean_never_loses_plain_prose() -> None:
    third = "Nobody at the meeting spoke against it, though several asked about the cost."
    text = "\n\n".join([PROSE, PROSE2, third])
    (article,) = clean(text)
    assert article.text == text


def test_a_two_word_headline_of_a_plain_file_is_the_title() -> None:
    d = draft("Brexit Explained", PROSE, PROSE2)
    assert take_title(d).title == "Brexit Explained"
