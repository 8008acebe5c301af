"""reader.collection.result: one file cleaned, its texts packed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.article import Article
from reader.collection import (
    pack_texts,
    unpack_texts,
)

# What decode leaves in a text: anything but C0 controls other than tab and newline.
_DECODED = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs",),
        exclude_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n"),
    )
)


@given(st.lists(st.tuples(_DECODED, st.lists(_DECODED, max_size=3)), min_size=1, max_size=4))
def test_packed_texts_round_trip(parts: list[tuple[str, list[str]]]) -> None:
    articles = [Article(title="t", text=text, subheadings=tuple(subs)) for text, subs in parts]
    assert unpack_texts(pack_texts(articles)) == [{"text": t, "subheadings": s} for t, s in parts]
