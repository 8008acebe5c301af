"""Turning raw article files into clean articles (see `pipeline` for the steps in order)."""

from reader.cleaning.pipeline import ARTICLE_STEPS, CLEANER_VERSION, DOCUMENT_STEPS, clean

__all__ = ["ARTICLE_STEPS", "CLEANER_VERSION", "DOCUMENT_STEPS", "clean"]
