"""Properties of the whole cleaner on generated input (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cleaning import clean
from reader.cleaning.render import as_markdown
from reader.collection.result import words as _words

ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000) | st.lists(
    st.sampled_from(["", "#", "**", "* ", "...", "By X", "(PHOTO: X)", "a-", "b", "Read more http://x.y"]), max_size=200
).map("\n".join)

WORD = st.sampled_from(
    "river council budget year percent school market water city report people health energy plan "
    "committee road science village money police history forest ocean trade music".split()
)


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(WORD, min_size=6, max_size=18))
    return words[0].capitalize() + " " + " ".join(words[1:]) + draw(st.sampled_from([".", ".", ".", "?", "!"]))


paragraph = st.lists(sentence(), min_size=1, max_size=5).map(" ".join)
# Paragraphs differ: a paragraph repeated word for word is a shape of page furniture.
prose = st.lists(paragraph, min_size=1, max_size=12, unique=True).map("\n\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_never_raises_and_gives_well_formed_articles(text: str) -> None:
    for article in clean(text):
        assert "\n\n\n" not in article.text
        assert article.text == article.text.strip()
        assert set(article.subheadings) <= set(article.text.split("\n\n"))
        # Paragraphs hold single spaces only: the collection counts words by spaces.
        for paragraph in article.text.split("\n\n") if article.text else ():
            assert paragraph == " ".join(paragraph.split())
        assert _words(article.text) == article.words


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_idempotent_on_its_own_output(text: str) -> None:
    for article in clean(text):
        assert clean(as_markdown(article)) == [article]


@settings(max_examples=150, deadline=None)
@given(prose)
def test_ordinary_prose_keeps_every_sentence(text: str) -> None:
    # A short opening line may become the title: kept all the same.
    kept = " ".join(f"{a.title} {a.subtitle} {a.text}" for a in clean(text))
    for s in re.findall(r"[^.?!]+[.?!]", text):
        assert s.strip() in kept


def test_thousands_of_tiny_lines_and_one_huge_line() -> None:
    clean("\n".join("x" for _ in range(20000)))
    clean("word " * 200_000)
    clean("." * 100_000)
