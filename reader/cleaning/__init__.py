"""Turning raw article files into clean articles (see `pipeline` for the steps in order).

The steps load on first use: a start-up that finds everything in the cache needs only
`CLEANER_VERSION`, which does not import them.
"""

from __future__ import annotations

from typing import Any

from reader.cleaning.version import CLEANER_VERSION

__all__ = ["ARTICLE_STEPS", "CLEANER_VERSION", "DOCUMENT_STEPS", "clean"]


def __getattr__(name: str) -> Any:
    if name in ("ARTICLE_STEPS", "DOCUMENT_STEPS", "clean"):
        from reader.cleaning import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reader.cleaning' has no attribute {name!r}")
