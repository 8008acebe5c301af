"""Counts in words."""

from __future__ import annotations

from reader.wording import counted


def test_counted_says_one_in_the_singular_and_others_in_the_plural() -> None:
    assert counted(1, "claim") == "1 claim"
    assert [counted(n, "claim") for n in (0, 2)] == ["0 claims", "2 claims"]
    assert counted(3, "match", "matches") == "3 matches"
