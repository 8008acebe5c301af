"""Re-anchoring claims after the article's text changed, as the cleaner and editors change it."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.anchoring import ANCHORED, MOVED, ORPHAN, anchor
from reader.store import CONTEXT

TEXT = (
    "The council met on Monday to discuss the budget. "
    "Revenue from parking fell by 12 percent last year, the treasurer said. "
    "Several members asked whether the new bus lanes were to blame. "
    "The mayor said the figures would be reviewed before the next meeting. "
    "A decision is expected in March."
)
QUOTE = "Revenue from parking fell by 12 percent last year, the treasurer said."


def stored(text: str = TEXT, quote: str = QUOTE) -> tuple[str, str, str, int, int]:
    start = text.index(quote)
    end = start + len(quote)
    return quote, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT], start, end


def test_unchanged_text_anchors_in_place() -> None:
    a = anchor(TEXT, *stored())
    assert (a.status, TEXT[a.start : a.end]) == (ANCHORED, QUOTE)


def test_text_inserted_before_moves_the_claim_exactly() -> None:
    new = "An introduction was added here by the editor. " + TEXT
    a = anchor(new, *stored())
    assert (a.status, new[a.start : a.end]) == (MOVED, QUOTE)


def test_whitespace_and_hyphenation_changes_inside_are_followed() -> None:
    new = TEXT.replace("parking fell", "parking  fell").replace("treasurer", "trea- surer")
    a = anchor(new, *stored())
    assert a.status == MOVED
    assert new[a.start : a.end] == "Revenue from parking  fell by 12 percent last year, the trea- surer said."


def test_a_word_changed_inside_is_followed() -> None:
    new = TEXT.replace("12 percent", "14 percent")
    a = anchor(new, *stored())
    assert a.status == MOVED and new[a.start : a.end] == QUOTE.replace("12", "14")


def test_the_quote_appearing_twice_goes_to_the_one_with_its_context() -> None:
    new = TEXT + " Later, someone repeated it: " + QUOTE + " Nobody answered."
    a = anchor(new, *stored())
    assert a.start == TEXT.index(QUOTE)
    moved = "Preface. " + new
    a = anchor(moved, *stored())
    assert a.start == moved.index(QUOTE)


def test_a_short_quote_twice_without_its_context_is_an_orphan() -> None:
    text = "Prices rose. Wages rose. Nothing else happened in the town that year, at all."
    quote, prefix, suffix, start, end = stored(text, "rose.")
    changed = "Completely different words now. Prices rose. Wages rose."
    assert anchor(changed, quote, "xxxxxxxx", "yyyyyyyy", start + 200, end + 200).status == ORPHAN


def test_the_quote_removed_is_an_orphan() -> None:
    new = TEXT.replace(QUOTE + " ", "")
    assert anchor(new, *stored()).status == ORPHAN


def test_a_half_rewritten_quote_is_an_orphan_not_a_misquote() -> None:
    new = TEXT.replace(QUOTE, "Parking income dropped sharply, according to the town's treasurer.")
    assert anchor(new, *stored()).status == ORPHAN


def test_more_than_256_distinct_characters_still_anchor() -> None:
    rare = "".join(chr(0x4E00 + i) for i in range(400))
    text = rare + " " + TEXT + " " + rare[::-1]
    new = "前言。" + text.replace("12 percent", "13 percent")
    a = anchor(new, *stored(text))
    assert a.status == MOVED and new[a.start : a.end] == QUOTE.replace("12", "13")


words = st.text(alphabet="abcdefghij ", min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_unrelated_edits_outside_never_lose_or_move_the_claim(data) -> None:
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    base = " ".join(f"word{rng.randrange(10**6)}" for _ in range(60))
    start = data.draw(st.integers(0, len(base) - 30))
    end = data.draw(st.integers(start + 10, min(len(base), start + 120)))
    quote = base[start:end]
    prefix, suffix = base[max(0, start - CONTEXT) : start], base[end : end + CONTEXT]
    before, after = data.draw(words), data.draw(words)
    # Edits far enough away not to touch the stored context.
    cut_before = max(0, start - CONTEXT - 1)
    cut_after = min(len(base), end + CONTEXT + 1)
    new = base[:cut_before] + before + base[cut_before:cut_after] + after + base[cut_after:]
    a = anchor(new, quote, prefix, suffix, start, end)
    assert a.found
    assert new[a.start : a.end] == quote
    assert a.start == start + len(before)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_edits_inside_reattach_overlapping_or_orphan(data) -> None:
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    base = " ".join(f"w{rng.randrange(10**6)}" for _ in range(80))
    start = data.draw(st.integers(0, len(base) - 40))
    end = data.draw(st.integers(start + 20, min(len(base), start + 120)))
    quote = base[start:end]
    prefix, suffix = base[max(0, start - CONTEXT) : start], base[end : end + CONTEXT]
    at = data.draw(st.integers(start, end - 1))
    cut = data.draw(st.integers(0, 15))
    insert = data.draw(words)
    new = base[:at] + insert + base[at + cut :]
    new_end = end - min(cut, end - at) + len(insert)
    a = anchor(new, quote, prefix, suffix, start, end)
    if a.found:
        assert a.start < new_end and a.end > start, "attached to an unrelated place"
