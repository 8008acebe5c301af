"""Re-anchoring claims after the article's text changed, as the cleaner and editors change it."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.claims.anchoring import ANCHORED, MOVED, ORPHAN, anchor
from reader.claims.model import CONTEXT

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


# --------------------------------------------------------------------------- issue 17: the kinds
# Each kind of edit that used to go wrong, as a user would make it.

LONG_TEXT = (
    "The council met on Monday to discuss the budget for the coming year. "
    "Revenue from parking fell by 12 percent last year, the treasurer said, citing the new bus lanes. "
    "Several members asked whether the lanes were to blame for the loss of income. "
    "The mayor said the figures would be reviewed before the next meeting of the council. "
    "Residents who spoke at the meeting were divided. "
    "A decision is expected in March, after a public consultation."
)
FIGURE = "Revenue from parking fell by 12 percent last year, the treasurer said, citing the new bus lanes."


def test_kind_text_inserted_before() -> None:
    new = "An editor's note: this article was updated on Tuesday with new figures.\n\n" + LONG_TEXT
    a = anchor(new, *stored(LONG_TEXT, FIGURE))
    assert (a.status, new[a.start : a.end]) == (MOVED, FIGURE)


def test_kind_quote_edited_with_an_exact_copy_elsewhere() -> None:
    # The marked sentence is corrected in place; its old wording still stands, quoted, in a
    # paragraph added at the end. The stored context matches the corrected original.
    edited = FIGURE.replace("12 percent", "14 percent")
    new = LONG_TEXT.replace(FIGURE, edited) + "\n\nCorrection: an earlier version said: " + FIGURE
    a = anchor(new, *stored(LONG_TEXT, FIGURE))
    assert a.status == MOVED and new[a.start : a.end] == edited
    assert a.start == LONG_TEXT.index(FIGURE)


def test_kind_corrected_figure_with_a_near_duplicate_elsewhere() -> None:
    # The twin is nearer the old words (one character) than the corrected original (three):
    # the nearest words alone would pick the twin; the context picks the original.
    corrected = FIGURE.replace("12 percent", "9.5 percent")
    twin = FIGURE.replace("12 percent", "13 percent")
    new = LONG_TEXT.replace(FIGURE, corrected) + "\n\nIn a later statement, it was repeated that " + twin
    a = anchor(new, *stored(LONG_TEXT, FIGURE))
    assert a.status == MOVED and new[a.start : a.end] == corrected


def test_kind_near_matches_with_the_same_context_are_a_tie_and_an_orphan() -> None:
    # Two edited copies with the same surroundings and the same distance from the quote:
    # nothing says which one was meant.
    text = "Intro words here. " + FIGURE + " Tail words here."
    one = FIGURE.replace("12 percent", "14 percent")
    two = FIGURE.replace("12 percent", "15 percent")
    new = "Intro words here. " + one + " Tail words here.\n" + "Intro words here. " + two + " Tail words here."
    quote, prefix, suffix, start, end = stored(text, FIGURE)
    a = anchor(new, quote, prefix, suffix, len(new) // 2, len(new) // 2 + len(quote))
    assert a.status == ORPHAN


def test_kind_long_insertion_inside_a_long_quote() -> None:
    inserted = FIGURE.replace(
        "last year, ", "last year, a drop that officials had not expected and that the opposition called alarming, "
    )
    new = LONG_TEXT.replace(FIGURE, inserted)
    a = anchor(new, *stored(LONG_TEXT, FIGURE))
    assert a.status == MOVED and new[a.start : a.end] == inserted


CJK = (
    "北京（新华社）市政府周一宣布，新的公交线路将于明年开通。"
    "交通局长表示（据初步估计），每天将有约五万名乘客使用这些线路。"
    "部分居民对噪音表示担忧。"
)
CJK_QUOTE = "（据初步估计），"


def test_kind_full_width_and_ascii_brackets_in_cjk_text() -> None:
    new = CJK.replace("（", "(").replace("）", ")").replace("，", ",")
    a = anchor(new, *stored(CJK, CJK_QUOTE))
    assert a.status == MOVED
    assert new[a.start : a.end] == "(据初步估计),"
    back = anchor(CJK, *stored(new, new[a.start : a.end]))  # and the other way
    assert CJK[back.start : back.end] == CJK_QUOTE


def test_kind_rewrite_must_orphan() -> None:
    new = LONG_TEXT.replace(FIGURE, "Parking income dropped sharply, according to the town's treasurer.")
    assert anchor(new, *stored(LONG_TEXT, FIGURE)).status == ORPHAN
    deleted = LONG_TEXT.replace(FIGURE + " ", "")
    assert anchor(deleted, *stored(LONG_TEXT, FIGURE)).status == ORPHAN


def test_a_long_quote_mostly_rewritten_with_its_words_reordered_is_an_orphan() -> None:
    rewritten = "The treasurer said the new bus lanes were cited as parking revenue fell last year by 12 percent."
    new = LONG_TEXT.replace(FIGURE, rewritten)
    assert anchor(new, *stored(LONG_TEXT, FIGURE)).status == ORPHAN


def test_quotes_spaces_and_dashes_are_folded_offsets_stay_real() -> None:
    text = 'He said "the plan - all of it - is off" and left. Then silence.'
    quote = 'He said "the plan - all of it - is off" and left.'
    new = "Preface.\u00a0" + text.replace('"the', "\u201cthe").replace('off"', "off\u201d").replace(
        " - ", "\u00a0\u2014 "
    )
    new = new.replace("plan", "pl\u00adan")
    a = anchor(new, *stored(text, quote))
    assert a.status == MOVED
    assert (
        new[a.start : a.end] == "He said \u201cthe pl\u00adan\u00a0\u2014 all of it\u00a0\u2014 is off\u201d and left."
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab （）()\u00a0\u00ad\u2014-\u201c"ｆ\n\t', max_size=40), st.data())
def test_folded_offsets_map_back_to_the_real_text(text, data) -> None:
    from reader.claims.anchoring import fold, fold_string

    folded = fold(text)
    f_start = data.draw(st.integers(0, len(folded.text)))
    f_end = data.draw(st.integers(f_start, len(folded.text)))
    s, e = folded.start(f_start), folded.end(f_end)
    assert 0 <= s <= len(text) and 0 <= e <= len(text)
    if f_end > f_start:
        assert s < e
        assert folded.text[f_start:f_end] in fold_string(text[s:e])


def test_old_words_copied_right_after_the_edited_ones_are_an_orphan_not_a_guess() -> None:
    # The prefix points to the edited original, the suffix to the copy: either could be meant.
    edited = FIGURE.replace("12 percent", "14 percent")
    new = LONG_TEXT.replace(FIGURE, edited + " Correction: an earlier version said: " + FIGURE)
    assert anchor(new, *stored(LONG_TEXT, FIGURE)).status == ORPHAN


def test_a_quote_that_began_the_text_is_not_taken_to_a_copy_with_its_suffix() -> None:
    first = LONG_TEXT.split(". ")[0] + ". "
    quote = first.strip()
    edited = quote.replace("Monday", "Tuesday")
    new = LONG_TEXT.replace(first, edited + " As first reported: " + quote + " ", 1)
    a = anchor(new, *stored(LONG_TEXT, quote))
    assert a.status == ORPHAN or new[a.start : a.end] == edited


def test_a_long_quote_with_a_sentence_before_it_is_not_taken_with_that_sentence() -> None:
    paragraph_moved = LONG_TEXT.replace(FIGURE + " ", "") + "\n\n" + FIGURE
    a = anchor(paragraph_moved, *stored(LONG_TEXT, FIGURE))
    assert paragraph_moved[a.start : a.end] == FIGURE


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_an_edited_quote_never_goes_to_a_copy_of_its_old_words(data) -> None:
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    base = " ".join(f"w{rng.randrange(10**6)}" for _ in range(120))
    start = data.draw(st.integers(CONTEXT, len(base) // 2))
    start = base.index(" ", start) + 1
    end = base.index(" ", start + data.draw(st.integers(40, 120)))
    quote = base[start:end]
    prefix, suffix = base[start - CONTEXT : start], base[end : end + CONTEXT]
    at = data.draw(st.integers(start, end - 3))
    edited = quote[: at - start] + "x" * data.draw(st.integers(1, 3)) + quote[at - start + 2 :]
    new = base[:start] + edited + base[end:]
    where = data.draw(st.integers(0, len(new)))
    if start - 1 <= where <= start + len(edited) + 1:
        where = len(new)
    new = new[:where] + " " + quote + " " + new[where:]
    original = new.index(edited) if where > start else new.index(edited, where + len(quote) + 2)
    a = anchor(new, quote, prefix, suffix, start, end)
    if a.found:
        assert a.start < original + len(edited) and a.end > original, "attached to the copy"
