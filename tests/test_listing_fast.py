"""Listing many claims takes short cuts; each gives what the long way gives."""

from __future__ import annotations

import random

from reader.article import Article
from reader.claims.model import Claim, make_claim
from reader.claims.placing import place_all, rows
from reader.notes.escaping import json_safe, json_safe_utf8

TEXT = "First sentence here. The second sentence makes a claim about 83 percent of things. Third one ends it."


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, file=article_id + ".txt", title="T", text=text)


def records() -> list[dict]:
    def made(article_id: str, words: str, **changes) -> dict:
        start = TEXT.index(words)
        record = make_claim(article_id, "a.txt", "T", TEXT, start, start + len(words), ("x",), "n").record()
        record.update(changes)
        return record

    grouped = made("a/same", "Third one")
    grouped["group"] = "g-1"
    empty_group = made("a/same", "First sentence")
    empty_group["group"] = ""
    no_note = made("a/same", "83 percent")
    del no_note["note"]
    extra = made("a/same", "sentence here")
    extra["kept"] = "from an import"
    return [
        made("a/same", "The second sentence"),  # anchored where it was
        made("a/same", "claim about", prefix="x" * 200),  # a long context, cut when read
        grouped,
        empty_group,
        no_note,
        extra,
        made("a/moved", "The second sentence"),  # the text changed before it
        made("a/changed", "83 percent"),  # its words changed
        made("a/gone", "Third one"),  # its article is gone
        made("a/same", "Third", start=999, end=1004),  # offsets beyond the text
    ]


def test_rows_are_the_rows_of_the_claims_placed() -> None:
    texts = {
        "a/same": TEXT,
        "a/moved": "A new opening. " + TEXT,
        "a/changed": TEXT.replace("83 percent", "84 percent"),
    }

    def lookup(article_id: str) -> Article | None:
        return article(article_id, texts[article_id]) if article_id in texts else None

    stored = records()
    expected = [p.row() for p in place_all([Claim.from_record(r) for r in stored], lookup)]
    got = rows(stored, lookup)
    assert got == expected
    assert [list(r) for r in got] == [list(r) for r in expected]  # the same fields in the same order
    assert {r["status"] for r in got} == {"anchored", "moved", "orphan"} and "text_now" in got[7]


def test_json_made_safe_as_bytes_is_the_same_as_made_safe_as_text() -> None:
    unsafe = "<>&\x7f\x80\x9f\u200b\u200e\u200f\u2028\u2029\u202a\u202e\u2060\u2064\u2066\u2069\ufeff"
    near = 'a\u2000\u200c\u200d\u2030\u2065\u206a\u00a0\u00e9\u20ac\ufefe\U0001f600"\\'
    rng = random.Random(20)
    for _ in range(3000):
        text = "".join(rng.choice(unsafe + near) for _ in range(rng.randrange(12)))
        assert json_safe_utf8(text.encode("utf-8")) == json_safe(text).encode("utf-8"), repr(text)


def test_records_are_copies_that_change_nothing_stored(tmp_path) -> None:
    from reader.claims.store import ClaimStore

    path = tmp_path / "claims.json"
    with ClaimStore.open(path, lazy=True) as store:
        start = TEXT.index("Third")
        kept = store.add(make_claim("a/one", "a.txt", "T", TEXT, start, start + 5, ("x",), "n"))
        for given in (store.records(), store.records("a/one")):
            assert [r["id"] for r in given] == [kept.id]
            given[0]["tags"].append("changed")
            given[0]["note"] = "changed"
        store.add(make_claim("a/one", "a.txt", "T", TEXT, 0, 5))  # a save of the same table
    with ClaimStore.open(path, read_only=True) as store:
        assert store.get(kept.id) == kept
