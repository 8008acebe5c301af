"""Find's matches and which is current, apart from the widget that shows them."""

from __future__ import annotations

from reader.app.widgets.find_matches import FindMatches

TEXT = "Cat sat. A cat ran. The CAT hid."


def test_matches_ignore_case_and_start_after_the_offset() -> None:
    found = FindMatches.of(TEXT, "cat", 5)
    assert found.spans == [(0, 3), (11, 14), (24, 27)]
    assert found.current == (11, 14) and found.position == 2
    assert FindMatches.of(TEXT, "cat", 30).current == (0, 3)  # round to the first
    assert found.styled()[1] == (11, 14, "match-current")


def test_stepping_goes_round_the_ends() -> None:
    found = FindMatches.of(TEXT, "cat", 0)
    assert found.step(0, -1) and found.current == (24, 27)
    assert found.step(24, 1) and found.current == (0, 3)
    assert found.step(12, 1) and found.current == (24, 27)  # from inside a match: the next


def test_no_query_no_matches() -> None:
    found = FindMatches.of(TEXT, "", 0)
    assert found.spans == [] and found.current is None and found.position == 0
    assert not found.step(0, 1)
