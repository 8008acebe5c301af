"""The article: the cleaner's fast constructor makes the same articles as the dataclass."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from reader.article import Article, make_article

TEXT = st.text(max_size=8)


@given(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, st.booleans(), st.lists(TEXT, max_size=3).map(tuple))
def test_make_article_equals_the_dataclass(title, text, subtitle, byline, section, url, excerpt, subheadings) -> None:
    values = dict(
        title=title,
        text=text,
        subtitle=subtitle,
        byline=byline,
        section=section,
        url=url,
        excerpt=excerpt,
        subheadings=subheadings,
    )
    fast, slow = make_article(**values), Article(**values)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert list(vars(fast).items()) == list(vars(slow).items())


def test_make_article_sets_every_field_and_skips_nothing() -> None:
    # A new field, or a __post_init__, must be added to make_article too.
    assert set(vars(make_article("t", "x"))) == {f.name for f in fields(Article)}
    assert not hasattr(Article, "__post_init__")
