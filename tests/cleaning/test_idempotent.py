"""Cleaning is idempotent on its own output."""

from __future__ import annotations

import pytest

from reader.cleaning import clean
from reader.cleaning.render import as_markdown

from ..conftest import BUNDLED

ARTICLES = [a for path in sorted(BUNDLED.glob("*.txt")) for a in clean(path.read_text("utf-8"))]


@pytest.mark.parametrize("article", ARTICLES, ids=[a.title[:30] for a in ARTICLES])
def test_cleaning_the_cleaned_article_changes_nothing(article) -> None:
    again = clean(as_markdown(article))
    assert len(again) == 1
    assert again[0] == article


@pytest.mark.parametrize("article", ARTICLES, ids=[a.title[:30] for a in ARTICLES])
def test_cleaning_the_cleaned_text_keeps_the_text(article) -> None:
    again = clean(article.text)
    assert "\n\n".join(a.text for a in again) == article.text
