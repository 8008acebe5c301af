"""Figures read from claim sentences: values, scales, units, what is counted, and when."""

from __future__ import annotations

import pytest

from reader.claims.figures import claim_figures, content_words, extract, first_time, parse_number


def only(text: str, kind: str | None = None):
    figures = [f for f in extract(text) if kind is None or f.kind == kind]
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("sentence", "value", "kind", "unit", "counted"),
    [
        ("Usage reached 5.16 trillion tokens that week.", 5.16e12, "number", "", "tokens"),
        ("It found that 83 percent of Chinese respondents used it.", 83, "percent", "percent", "respondents"),
        ("Sales rose 12% last year.", 12, "percent", "percent", ""),
        ("The startup raised $95 million from investors.", 95e6, "money", "USD", ""),
        ("A survey of 1,600 managers was run.", 1600, "number", "", "managers"),
        ("Revenue hit 2.5 billion yuan.", 2.5e9, "money", "CNY", ""),
        ("The plant employs 3,900 workers.", 3900, "number", "", "workers"),
        ("Prices fell by 0.75 per cent.", 0.75, "percent", "percent", ""),
    ],
)
def test_values_scales_units_and_what_is_counted(sentence, value, kind, unit, counted) -> None:
    fig = only(sentence)
    assert fig.value == pytest.approx(value)
    assert (fig.kind, fig.unit, fig.counted) == (kind, unit, counted)
    assert sentence[fig.start : fig.end] == fig.text


def test_a_date_range_and_the_period_of_a_figure() -> None:
    sentence = "For the week of February 16–22, Chinese models passed U.S. models, reaching 5.16 trillion tokens."
    date = only(sentence, "date")
    assert date.text == "February 16–22" and date.high == 22
    fig = only(sentence, "number")
    assert fig.period == "week of February 16–22"
    assert fig.counted == "tokens"


def test_a_range_written_with_to_and_a_counted_thing_given_by_another_figure() -> None:
    sentence = (
        "During the week of September 9 to 15, usage of Chinese models reached 4.12 trillion, "
        "above the 2.94 trillion tokens of U.S. models."
    )
    assert only(sentence, "date").text == "September 9 to 15"
    numbers = [f for f in extract(sentence) if f.kind == "number"]
    assert [f.value for f in numbers] == [pytest.approx(4.12e12), pytest.approx(2.94e12)]
    assert {f.counted for f in numbers} == {"tokens"}
    assert {f.period for f in numbers} == {"week of September 9 to 15"}


def test_measured_in_gives_the_counted_thing() -> None:
    fig = only("Usage, measured in tokens processed, reached 4.12 trillion.", "number")
    assert fig.counted == "tokens"


def test_a_year_is_a_period() -> None:
    sentence = "The company had 40 stores in 2019."
    fig = only(sentence, "number")
    assert fig.counted == "stores" and fig.period == "2019"
    assert only(sentence, "year").value == 2019


def test_number_ranges_with_a_dash() -> None:
    fig = only("Between 10-12 million people moved.", "number")
    assert fig.value == pytest.approx(10e6) and fig.high == pytest.approx(12e6) and fig.counted == "people"


def test_claim_figures_use_the_sentence_but_keep_quote_offsets() -> None:
    sentence = "The report shows that 83 percent of Chinese respondents used generative AI daily."
    quote = "83 percent of Chinese respondents"
    figures = claim_figures(quote, sentence)
    assert len(figures) == 1
    assert quote[figures[0].start : figures[0].end] == "83 percent"
    assert figures[0].counted == "respondents"


def test_helpers() -> None:
    assert parse_number("about 1,234.5 units") == 1234.5
    assert first_time("passed them for the first time") and not first_time("the time came")
    assert content_words("The Tokens of the models") == {"token", "model"}
