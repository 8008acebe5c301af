"""Listing many claims takes short cuts; each gives what the long way gives."""

from __future__ import annotations

import random

from reader.notes.escaping import json_safe, json_safe_utf8


def test_json_made_safe_as_bytes_is_the_same_as_made_safe_as_text() -> None:
    unsafe = "<>&\x7f\x80\x9f\u200b\u200e\u200f\u2028\u2029\u202a\u202e\u2060\u2064\u2066\u2069\ufeff"
    near = 'a\u2000\u200c\u200d\u2030\u2065\u206a\u00a0\u00e9\u20ac\ufefe\U0001f600"\\'
    rng = random.Random(20)
    for _ in range(3000):
        text = "".join(rng.choice(unsafe + near) for _ in range(rng.randrange(12)))
        assert json_safe_utf8(text.encode("utf-8")) == json_safe(text).encode("utf-8"), repr(text)
