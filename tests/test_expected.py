"""The bundled collection against expected.json: what a good cleaner makes of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.cleaning import clean

from .conftest import BUNDLED

EXPECTED = json.loads((Path(__file__).parent / "data" / "expected.json").read_text("utf-8"))
CASES = [
    (name, i, spec) for name, file_spec in EXPECTED["files"].items() for i, spec in enumerate(file_spec["articles"])
]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def articles_of(name: str):
    return clean((BUNDLED / name).read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_titles_in_order(name: str) -> None:
    wanted = [spec["title"] for spec in EXPECTED["files"][name]["articles"]]
    assert [a.title for a in articles_of(name)] == wanted


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_nothing_else_is_a_title(name: str) -> None:
    titles = {a.title for a in articles_of(name)}
    for bad in EXPECTED["files"][name].get("must_not_be_a_title", []):
        assert bad not in titles


@pytest.mark.parametrize(("name", "index", "spec"), CASES, ids=[f"{n[:3]}-{i}" for n, i, _ in CASES])
def test_article_matches_expectation(name: str, index: int, spec: dict) -> None:
    found = {a.title: a for a in articles_of(name)}
    assert spec["title"] in found, f"no article titled {spec['title']!r}"
    article = found[spec["title"]]
    text = squash(article.text)
    for key in ("excerpt", "subtitle", "section", "url"):
        if key in spec:
            assert squash(str(getattr(article, key))) == squash(str(spec[key])), key
    if "byline" in spec:
        assert spec["byline"] in article.byline
    if "subheadings" in spec:
        assert list(article.subheadings) == spec["subheadings"]
    if "text_starts_with" in spec:
        assert text.startswith(squash(spec["text_starts_with"]))
    for phrase in spec.get("must_contain", []):
        assert squash(phrase) in text
    for phrase in spec.get("must_not_contain", []):
        assert squash(phrase) not in text
    assert not text.startswith(squash(article.title))
