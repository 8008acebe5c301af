"""The cleaner's fast paths give the answers of the plain formulations they stand in for.

Each shortcut (a substring test before a regex, a quick reject before counting) is checked
against the straightforward version on generated text, so speed never changes the output.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cleaning.blocks import (
    _ODD_ASCII_SPACES,
    ODD_SPACES,
    _lines,
    heading,
    parse_blocks,
    parse_line,
)
from reader.cleaning.boilerplate import block_kind, is_web_page, mass, may_be_web_page
from reader.cleaning.metadata import run_in_deck
from reader.cleaning.model import Block, Draft, changed, new_draft
from reader.cleaning.repair import (
    _CREDIT,
    _CREDIT_CUE,
    _HYPHEN_WORD_REVERSED,
    BodyText,
    is_caption,
    is_fragment,
)
from reader.cleaning.shapes import (
    _BYLINE,
    _BYLINE_OPENERS,
    _BYLINE_PREFIXES,
    _cases,
    byline_name,
    ends_sentence,
    has_spaces,
    is_prose,
    is_title_case_word,
    starts_upper,
    word_count,
)
from reader.cleaning.teasers import (
    _CUT,
    _cut_at,
    cut_body,
    find_teasers,
    has_body_paragraphs,
    trailing_teasers,
)

# Characters the shapes care about, mixed with ordinary letters, so that generated text
# often hits the interesting cases (closing quotes after a full stop, credits, markup).
SHAPE_CHARS = st.sampled_from(list("aZ .!?。…\"'”’»)](:/|*#_-•\t\u00a0\u3000\n") + ["Photo:", "(PHOTO: AP)", "..."])
TEXT = st.lists(st.one_of(SHAPE_CHARS, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_ends_sentence_matches_its_regex(text: str) -> None:
    oracle = re.compile(r"[.!?。！？…][\"'”’»)\]]*$")
    assert ends_sentence(text) == bool(oracle.search(text[-8:]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["#", "##", "#######", " ", "\t", "\u00a0", "a", "Title", "#a"]), max_size=12).map("".join)
)
def test_heading_matches_its_pattern(text: str) -> None:
    oracle = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", text)
    assert heading(text) == (oracle and (len(oracle.group(1)), oracle.group(2)))


def test_odd_spaces_are_all_whitespace_but_space_and_newline() -> None:
    assert set(ODD_SPACES) == {c for c in map(chr, range(0x110000)) if c.isspace()} - {" ", "\n"}


# Lines with what parse_blocks must send to parse_line, or may let through: odd spaces,
# line separators, controls and other unprintable characters, markup.
ODD_LINE = st.lists(
    st.one_of(SHAPE_CHARS, st.sampled_from([*ODD_SPACES, "\x00", "\x1b", "\xad", "\ue000", "\u2060", "  ", "__"])),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, ODD_LINE, st.just("")), max_size=12).map("\n".join))
def test_lines_are_splitlines(text: str) -> None:
    lines = _lines(text, any(space in text for space in _ODD_ASCII_SPACES))
    assert lines in (text.splitlines(), [*text.splitlines(), ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, ODD_LINE), max_size=12))
def test_parse_blocks_fast_path_matches_parse_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    slow: list[Block] = []
    gap = True
    for line in text.splitlines():
        block = parse_line(line, gap)
        if block is None:
            gap = gap or not line.strip()
            continue
        slow.append(block)
        gap = False
    assert parse_blocks(text) == slow
    if not any(space in text for space in ODD_SPACES):  # what `plain_spaces` promises
        assert parse_blocks(text, plain_spaces=True) == slow


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_is_caption_matches_its_plain_formulation(text: str) -> None:
    if _CREDIT.search(text, max(0, len(text) - 100)):
        expected = word_count(text) <= 60
    else:
        expected = (
            word_count(text) <= 25
            and text.startswith(("Photo:", "PHOTO:", "Image:"))
            or (bool(_CREDIT_CUE.match(text)) and ":" in text[:20] and word_count(text) <= 25)
        )
    assert is_caption(text) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Home", "News", "A long sentence of prose here.", "x"]), st.booleans()), max_size=15
    )
)
def test_may_be_web_page_never_misses_a_web_page(rows: list[tuple[str, bool]]) -> None:
    blocks = [Block(text, bullet=bullet) for text, bullet in rows]
    counts = Counter(b.text for b in blocks)
    kinds = [block_kind(b, mass(b.text), counts[b.text] > 1) for b in blocks]
    if is_web_page(kinds):
        assert may_be_web_page(blocks, counts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", "Word", "a", "-", "ends.", "中文字"]), min_size=1, max_size=14).map(" ".join))
def test_is_fragment_quick_reject_only_skips_long_lines(text: str) -> None:
    # The quick reject counts spaces; a line it rejects has more words than a fragment.
    if text.count(" ") >= 8:
        assert word_count(text) > 8 and not is_fragment(Block(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", "Read", "more", "...", "…", ".", " ", "x" * 40]), max_size=40).map("".join))
def test_cut_body_ellipsis_check_matches_the_pattern(text: str) -> None:
    _cut_at.cache_clear()
    match = _CUT.search(text, max(0, len(text) - 120))
    expected = None if not match or word_count(text) < 12 else text[: match.start("tail")].rstrip()
    assert cut_body(text) == expected


TEASER_ROWS = st.sampled_from(
    [
        "Headline Of A Story",
        "A paragraph of prose that runs on for long enough to be a paragraph of an article.",
        "A teaser paragraph that opens a story and stops in the middle of its thought...",
        "A teaser paragraph that opens a story and stops in the middle of its thought... Read more",
        "Short line",
        "...",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEASER_ROWS, st.booleans(), st.integers(0, 2)), max_size=14))
def test_trailing_teasers_read_backwards_match_the_forward_scan(rows: list[tuple[str, bool, int]]) -> None:
    blocks = [Block(text, level=level, bullet=bullet) for text, bullet, level in rows]
    forward = find_teasers(blocks)
    run, end = [], len(blocks)
    for teaser in reversed(forward):  # the run of pairs that ends the file, found forwards
        if teaser.at + 2 != end:
            break
        run.insert(0, teaser)
        end = teaser.at
    assert trailing_teasers(blocks) == run
    count = sum(1 for b in blocks if not b.level and is_prose(b.text) and cut_body(b.text) is None)
    for enough in (1, 3):
        assert has_body_paragraphs(blocks, enough) == (count >= enough)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("\"'“‘«([aZ1 ß") + ["É", "中"]), max_size=8).map("".join))
def test_starts_upper_matches_its_plain_formulation(text: str) -> None:
    first = text.lstrip("\"'“‘«([")[:1]
    expected = bool(first) and (first.isupper() or first.isdigit() or (first.isalpha() and not first.islower()))
    assert starts_upper(text) == expected


def _run_in_deck_by_splitting(text: str) -> tuple[str, str] | None:
    """`run_in_deck` as first written: split the line, then look at its words."""
    ws = text.split(" ", 60)
    first_lower = next((i for i, w in enumerate(ws[:-1]) if not is_title_case_word(w)), None)
    if first_lower is None:
        return None
    start = first_lower - 1
    while start > 0 and not starts_upper(ws[start]):
        start -= 1
    if start < 4 or text.count(" ") - start < 4:
        return None
    deck = " ".join(ws[:start])
    rest = text[len(deck) + 1 :]
    return (deck, rest) if starts_upper(rest) else None


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(" a\u3000\n")), st.integers(0, 14), st.integers(0, 12))
def test_has_spaces_is_counting(text: str, count: int, start: int) -> None:
    assert has_spaces(text, count, start) == (text.count(" ", start) >= count)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Deck", "AI", "Z-z", "of", "the", "a", "lower", "x", "“Quoted", "(Aside)", "42", "É", "ß", ""]
        ),
        max_size=70,
    ).map(" ".join)
)
def test_run_in_deck_reading_word_by_word_matches_splitting(text: str) -> None:
    assert run_in_deck(text) == _run_in_deck_by_splitting(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["mod", "Elec", "x", " ", "-", "3", "_", "é", "中", "²", "\n"]), max_size=20).map("".join)
)
def test_hyphen_word_read_backwards_matches_the_forward_pattern(text: str) -> None:
    left = text + "-"
    forward = re.compile(r"([^\W\d_]+)-$").search(left, max(0, len(left) - 256))
    backward = _HYPHEN_WORD_REVERSED.match(left[:-257:-1])
    assert (backward.group(1)[::-1] if backward else None) == (forward.group(1) if forward else None)


# Letters whose lower case differs in interesting ways: İ and the Kelvin sign lower to
# ASCII, ẞ and É to other non-ASCII letters; and the rest of a compound.
COMPOUND_CHARS = st.sampled_from(
    ["a", "B", "k", "K", "\u212a", "\u0130", "i", "\u0307", "É", "é", "ẞ", "ß", "-", " ", "\n", "“"]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(COMPOUND_CHARS, max_size=30).map("".join), st.lists(COMPOUND_CHARS, min_size=1, max_size=5).map("".join)
)
def test_body_text_finds_what_lower_casing_the_text_finds(text: str, compound: str) -> None:
    lowered = compound.lower()
    assert (lowered in BodyText(text)) == (lowered in text.lower())


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 80), st.sampled_from(["long-term", "mod-el", "Long-Term", "a-b-c", "-x"]))
def test_body_text_with_many_hyphens_finds_the_same(hyphens: int, compound: str) -> None:
    # Past a number of hyphens the text is lowered whole: both ways must agree.
    text = "x - " * hyphens + "the Long-term view, a-b-c and mod el"
    lowered = compound.lower()
    assert (lowered in BodyText(text)) == (lowered in text.lower())


_DRAFT_FIELDS = {
    "blocks": st.tuples(st.builds(Block, st.text(max_size=5))),
    "title": st.text(max_size=5),
    "subtitle": st.text(max_size=5),
    "byline": st.text(max_size=5),
    "section": st.text(max_size=5),
    "url": st.text(max_size=5),
    "excerpt": st.booleans(),
}


@given(st.builds(Draft, **_DRAFT_FIELDS), st.fixed_dictionaries({}, optional=_DRAFT_FIELDS))
def test_changed_is_replace(draft: Draft, fields: dict) -> None:
    made = changed(draft, **fields)
    assert made == draft._replace(**fields) and type(made) is Draft


@given(_DRAFT_FIELDS["blocks"], _DRAFT_FIELDS["title"], st.booleans())
def test_new_draft_is_the_constructor(blocks: tuple, title: str, excerpt: bool) -> None:
    made = new_draft(blocks, title, excerpt=excerpt)
    assert made == Draft(blocks, title=title, excerpt=excerpt) and type(made) is Draft


def test_byline_letters_are_all_the_pattern_takes_for_them() -> None:
    # Every character the ignore-case pattern matches for an opener's first two letters.
    for letter in {word[i] for word in _BYLINE_OPENERS for i in (0, 1)}:
        pattern = re.compile(letter, re.IGNORECASE)
        taken = {chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and pattern.fullmatch(chr(cp))}
        assert taken == set(_cases(letter)), letter


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "By",
                "by",
                "BY",
                "\u017ftory by",
                "D\u0131",
                "DI",
                "Di",
                "di:",
                "Written",
                "by",
                "Li",
                "Liu",
                " ",
                "  ",
                ":",
                "\t",
                "x",
                "Story",
            ]
        ),
        max_size=6,
    ).map("".join)
)
def test_byline_first_look_never_turns_a_byline_away(text: str) -> None:
    if _BYLINE.match(text):
        assert text[:2] in _BYLINE_PREFIXES
    else:
        assert byline_name(text) is None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "page",
                "Page",
                "p.",
                "pg",
                "PG.",
                " ",
                "3",
                "12",
                "٣",
                "of",
                "From",
                "...",
                "(",
                ")",
                "continued",
                "—",
                "x",
                ".",
            ]
        ),
        max_size=10,
    ).map("".join)
)
def test_page_furniture_digit_first_look_agrees_with_the_patterns(text: str) -> None:
    from reader.cleaning import furniture

    by_patterns = len(text) <= 60 and bool(
        furniture._TRUNCATION.match(text)
        or furniture._PAGE_NUMBER.match(text)
        or word_count(text) <= 6
        and furniture._PAGE_REFERENCE.search(text)
        and not text.endswith(".")
    )
    assert furniture.is_page_furniture(text) == by_patterns


URL_LINES = st.lists(
    st.sampled_from(["Read more", "Source:", " ", "http", "https", "://", ":/", "/", "example.com", "a", "."]),
    max_size=10,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(URL_LINES)
def test_a_source_line_always_holds_a_slash(text: str) -> None:
    # mark_source_lines asks for "/" before anything else.
    from reader.cleaning.furniture import is_source_line

    if is_source_line(text):
        assert "/" in text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["decision", "- ", "-", "makers", " and ", "pre", "x", "“"]), max_size=12).map("".join))
def test_split_compounds_repaired_as_without_the_hyphen_test_first(text: str) -> None:
    from reader.cleaning.repair import _SPLIT_COMPOUND, repair_split_compounds

    draft = new_draft((Block(text, 0, False, False, False, "body"),))
    assert repair_split_compounds(draft).blocks[0].text == _SPLIT_COMPOUND.sub("-", text)
