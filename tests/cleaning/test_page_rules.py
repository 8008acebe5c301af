"""The rules added for the shapes pages come in, each on its own."""

from __future__ import annotations

from reader.cleaning.blocks import parse_blocks
from reader.cleaning.boilerplate import (
    ECHO,
    LINK,
    REPEAT,
    SHORT,
    SHORT_COST,
    TEXT,
    hides_the_body,
    local_echoes,
    lone_links_inside,
    menu_runs,
)
from reader.cleaning.footer import split_closing_footer
from reader.cleaning.model import Block
from reader.cleaning.split import plain_headlines


def test_menu_runs_make_four_short_entries_a_menu() -> None:
    texts = ["Home", "World", "Sport", "Culture", "A sentence that is text."]
    kinds = menu_runs([SHORT, SHORT, SHORT, SHORT, TEXT], [len(t) for t in texts], texts)
    assert kinds == [LINK, LINK, LINK, LINK, TEXT]


def test_menu_runs_leave_headlines_bylines_and_broken_lines_alone() -> None:
    for texts in (
        ["News", "Harbour bridge to close to all cars", "By A. Writer", "March 2"],  # a lead
        ["Vimi, a large mod-", "el for controllable", "generation, is pre-", "sented at the fair"],  # a column
    ):
        kinds = [SHORT] * len(texts)
        assert menu_runs(kinds, [len(t) for t in texts], texts) == kinds


def test_a_lone_link_between_text_costs_what_a_short_line_does() -> None:
    kinds = [TEXT, LINK, TEXT, LINK, LINK, TEXT]
    scores = [100, -60, 100, -60, -60, 100]
    assert lone_links_inside(kinds, scores) == [100, -SHORT_COST, 100, -60, -60, 100]


def test_echoes_close_together_are_cheap_and_far_ones_are_not() -> None:
    blocks = [
        Block(t) for t in ["Credit", "Report", "Credit", "Report", "x", "x", "x", "x", "Menu", "y", "y", "y", "Menu"]
    ]
    kinds = [REPEAT] * 4 + [TEXT] * 4 + [REPEAT, TEXT, TEXT, TEXT, REPEAT]
    scores = local_echoes(blocks, kinds, [-80] * 4 + [50] * 4 + [-80, 50, 50, 50, -80])
    assert scores[:4] == [-SHORT_COST] * 4
    assert scores[8] == scores[12] == -80


def test_hides_the_body_when_the_run_holds_too_little_prose() -> None:
    kinds = [TEXT, ECHO, ECHO, ECHO]
    sizes = [50, 400, 400, 400]
    assert hides_the_body(kinds, sizes, [10, 0, 0, 0], 0, 1)
    assert not hides_the_body(kinds, sizes, [10, 0, 0, 0], 0, 4)
    # prose under a comments heading (its score made negative) is no article's
    assert not hides_the_body(kinds, sizes, [10, -30, -30, -30], 0, 1)


def test_plain_headlines_are_those_with_a_byline_under_them() -> None:
    blocks = parse_blocks(
        "LOCAL\n\nRates Rise Again\n\nBy Tom Harris\n\nThe board voted on Monday.\n\nA Quiet Line Here\n\nMore text follows here.\n"
    )
    assert [blocks[i].text for i in plain_headlines(blocks)] == ["Rates Rise Again"]


def test_split_closing_footer() -> None:
    body = "Paragraph one of the post, long enough to be the body.\n\n" * 8
    footer = "Thanks for reading!\n\n[Subscribe](https://example.com/s) · [RSS](https://example.com/r)\n"
    assert split_closing_footer(body + "---\n\n" + footer) == (body, "\n\n" + footer)
    assert split_closing_footer(body + "---\n\nThanks for reading!\n") == (body + "---\n\nThanks for reading!\n", "")
    assert split_closing_footer(body + "***\n\n© 2026 Example\n")[1].strip() == "© 2026 Example"


def test_a_huge_one_line_paragraph_is_cut_at_sentence_ends_and_keeps_every_word() -> None:
    from reader.cleaning import clean
    from reader.cleaning.render import as_markdown

    sentence = "The board voted on Monday to raise the rates by a tenth from July. "
    text = sentence * 20_000  # 1.3 MB on one line
    [article] = clean(text)
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) > 100 and max(len(p) for p in paragraphs) <= 5000
    assert all(p.endswith("July.") for p in paragraphs)
    assert article.text.split() == text.split()
    assert clean(as_markdown(article)) == [article]


def test_a_long_run_without_sentence_ends_is_cut_at_spaces_only() -> None:
    from reader.cleaning.repair import _cut

    text = "word " * 3000 + "x" * 8000 + " end"
    pieces = _cut(text)
    assert " ".join(pieces) == text and all(" " not in p[-1:] for p in pieces)
    assert _cut("x" * 30_000) == ["x" * 30_000]  # no space: never cut inside a word
