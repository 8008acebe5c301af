"""Claims placed in the current text, and moved claims saved at their new place."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.article import Article
from reader.claims.placing import MOVED, ORPHAN, find_quote, mark, place, place_and_save
from reader.claims.store import ClaimStore

TEXT = "One sentence comes first. The claim is that 83 percent agreed. Another sentence ends it."
ARTICLE = Article(title="T", text=TEXT, id="f/t", file="f.txt")


def test_find_quote_occurrences() -> None:
    assert find_quote("a b a b a", "a", 3) == (8, 9)
    with pytest.raises(ValueError):
        find_quote(TEXT, "absent")
    with pytest.raises(ValueError):
        find_quote(TEXT, "sentence", 3)


def test_moved_claims_are_saved_at_their_new_place_and_orphans_are_kept(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        s, e = find_quote(TEXT, "83 percent agreed")
        moving = mark(store, ARTICLE, s, e, ("fig",))
        s, e = find_quote(TEXT, "Another sentence ends it.")
        lost = mark(store, ARTICLE, s, e)
        changed = replace(ARTICLE, text="A new opening line. " + TEXT.replace("Another sentence ends it.", "Fin."))
        placed = {p.claim.id: p for p in place_and_save(store, changed)}
        assert placed[moving.id].status == MOVED
        assert placed[lost.id].status == ORPHAN
        again = store.get(moving.id)
        assert changed.text[again.start : again.end] == "83 percent agreed"
        assert again.updated == moving.updated  # re-anchoring is not an edit
        assert store.get(lost.id).quote == "Another sentence ends it."  # never deleted


def test_place_orders_found_claims_by_position_then_orphans(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        late = mark(store, ARTICLE, *find_quote(TEXT, "Another"))
        early = mark(store, ARTICLE, *find_quote(TEXT, "One sentence"))
        gone = mark(store, ARTICLE, *find_quote(TEXT, "The claim is that"))
        text = TEXT.replace("The claim is that ", "")
        order = [p.claim.id for p in place(store.for_article("f/t"), replace(ARTICLE, text=text))]
    assert order == [early.id, late.id, gone.id]


def test_a_claim_whose_words_changed_is_placed_but_keeps_its_words_in_the_store(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        claim = mark(store, ARTICLE, *find_quote(TEXT, "The claim is that 83 percent agreed."))
        changed = replace(ARTICLE, text="A new opening line. " + TEXT.replace("83 percent", "88 percent"))
        [placed] = place_and_save(store, changed)
        assert placed.status == MOVED and placed.words_changed
        assert placed.as_stored == claim and store.get(claim.id) == claim  # not rewritten
        row = placed.row()
        assert row["quote"] == claim.quote and row["text_now"] == "The claim is that 88 percent agreed."
        assert changed.text[row["start"] : row["end"]] == row["text_now"]


def test_an_orphan_row_has_no_place(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        claim = mark(store, ARTICLE, *find_quote(TEXT, "Another sentence ends it."))
        [placed] = place([claim], replace(ARTICLE, text="Something else entirely."))
        row = placed.row()
        assert (row["status"], row["start"], row["end"], row["quote"]) == (ORPHAN, None, None, claim.quote)
        assert not placed.words_changed
