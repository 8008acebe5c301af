"""The claim-signal lexer: exact spans, so the app's styles line up with the text."""

from __future__ import annotations

import pytest

from reader.signals import count_signals, signal_spans


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], kind) for s, e, kind in signal_spans(text)]


@pytest.mark.parametrize(
    "phrase",
    [
        "5.16 trillion",
        "5.16 trillion yuan",
        "83 percent",
        "12.5%",
        "4 percentage points",
        "$260 billion",
        "US$5 billion",
        "€3m",
        "3,900 days",
        "40 companies",
        "July 5",
        "July 5, 2024",
        "5 July 2024",
        "March 2025",
        "2024",
        "1990s",
        "12,000",
    ],
)
def test_figures(phrase: str) -> None:
    text = f"It was {phrase} then."
    assert signal_spans(text) == [(7, 7 + len(phrase), "figure")]


def test_exact_offsets_in_a_sentence() -> None:
    text = "China spent 5.16 trillion yuan, 83 percent more, officials said."
    assert signal_spans(text) == [
        (12, 30, "figure"),
        (32, 42, "figure"),
        (59, 63, "attribution"),
    ]
    assert text[59:63] == "said"


def test_quotations_curly_and_straight() -> None:
    text = '“It works,” he told us. She wrote "fine" later.'
    assert spans(text) == [
        ("“It works,”", "quote"),
        ("told", "attribution"),
        ("wrote", "attribution"),
        ('"fine"', "quote"),
    ]
    assert signal_spans(text)[0] == (0, 11, "quote")


def test_quotation_does_not_cross_paragraphs() -> None:
    text = 'He said "open\n\nnever closed.'
    assert spans(text) == [("said", "attribution")]


def test_attributions() -> None:
    text = "According to the memo, analysts say so; according to him, she added."
    assert spans(text) == [
        ("According to", "attribution"),
        ("say", "attribution"),
        ("according to", "attribution"),
        ("added", "attribution"),
    ]


def test_not_figures() -> None:
    # Model names and network generations are not figures; neither are words in words.
    assert signal_spans("Seedance 2.0 and 6G networks; unsaid things.") == []


def test_offsets_with_wide_and_odd_characters() -> None:
    text = "漢字 [bold]x[/] 😀 “引用” said 83 percent"
    for start, end, _kind in signal_spans(text):
        assert text[start:end] in {"“引用”", "said", "83 percent"}
    assert count_signals(text) == {"figure": 1, "quote": 1, "attribution": 1}


def test_count_signals_lists_every_kind() -> None:
    assert count_signals("") == {"figure": 0, "quote": 0, "attribution": 0}
    assert count_signals("They said 5 percent.") == {"figure": 1, "quote": 0, "attribution": 1}


def test_spans_cover_only_the_text() -> None:
    text = "x" * 10 + " 2024 " + "y" * 10
    for start, end, _ in signal_spans(text):
        assert 0 <= start < end <= len(text)
