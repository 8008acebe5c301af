from __future__ import annotations

from reader.sentences import sentence_spans


def pieces(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_numbers_and_quotes_do_not_split() -> None:
    text = (
        "Usage in the U.S. reached 5.16 trillion tokens. "
        '"We are thankful for Huadian [Corp]," said Wu of Project (Cambodia) Co., Ltd. who lives there. '
        "It rose 83 percent."
    )
    assert pieces(text) == [
        "Usage in the U.S. reached 5.16 trillion tokens.",
        '"We are thankful for Huadian [Corp]," said Wu of Project (Cambodia) Co., Ltd. who lives there.',
        "It rose 83 percent.",
    ]


def test_paragraph_breaks_end_sentences_and_offsets_index_the_text() -> None:
    text = "A heading without a stop\n\nFirst sentence here. Second one!\n\nLast"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "A heading without a stop",
        "First sentence here.",
        "Second one!",
        "Last",
    ]
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert spans == sorted(spans)


def test_empty_text_has_no_sentences() -> None:
    assert sentence_spans("") == []
