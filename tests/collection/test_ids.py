"""reader.collection.ids: slugs and article ids."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.collection import (
    Collection,
    article_ids,
    slugify,
)
from tests.collection.common import ARTICLE, write


def test_slug_rule() -> None:
    assert slugify("Café Naïve: the “Best” Story!") == "cafe-naive-the-best-story"
    assert slugify("") == "article"
    assert slugify("   ") == "article"
    chinese = slugify("人工智能的未来")
    assert chinese.startswith("t-") and len(chinese) == 10
    assert chinese == slugify("人工智能的未来")
    long = slugify("word " * 40)
    assert len(long) <= 60 and not long.endswith("-") and long.endswith("word")


def test_ids_are_deduplicated_within_a_file() -> None:
    assert article_ids("sub/page.txt", ["Same", "Other", "Same", "Same"]) == [
        "sub/page/same",
        "sub/page/other",
        "sub/page/same-2",
        "sub/page/same-3",
    ]


def test_ids_stable_unique_and_resolvable(articles_dir: Path) -> None:
    first = Collection.load(articles_dir, use_cache=False)
    second = Collection.load(articles_dir, use_cache=False)
    ids = [a.id for a in first.articles]
    assert ids == [a.id for a in second.articles]
    assert len(ids) == len(set(ids)) > 0
    for article in first.articles:
        assert article.file in first.files
        assert article.id.startswith(article.file.rsplit(".", 1)[0] + "/")
        assert first.get(article.id) == article
    with pytest.raises(KeyError):
        first.get("no/such-article")


def test_files_differing_only_by_extension_keep_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.md", ARTICLE)
    loaded = Collection.load(tmp_path, use_cache=False)
    assert len(set(loaded.ids)) == len(loaded.ids) == 2
    assert {i.split("/")[0] for i in loaded.ids} == {"a.md", "a.txt"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_slugify_ascii_shortcut_folds_as_unicode_folding_would(title: str) -> None:
    # For ASCII, NFKD folding and dropping non-ASCII change nothing but case: the shortcut
    # must agree with the full folding, done here by hand.
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    assert folded == title.lower()
    slug = slugify(title)
    assert slug == "article" or slug.startswith("t-") or set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
