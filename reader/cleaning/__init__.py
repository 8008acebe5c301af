"""Turning raw article files into clean articles (see `pipeline` for the steps in order).

The steps load on first use: a start-up that finds everything in the cache needs only
`CLEANER_VERSION`, which does not import them.

An install may hold the steps compiled by mypyc (see `setup.py`) beside their sources.
They are used only when they were built from exactly these sources: after an edit, or with
READER_PURE_PYTHON=1 set, the sources are imported instead, so a stale binary can never
run in place of the code you read. `COMPILED` says which is in use.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from typing import Any

from reader.cleaning.version import CLEANER_VERSION

__all__ = ["ARTICLE_STEPS", "CLEANER_VERSION", "COMPILED", "DOCUMENT_STEPS", "clean"]

_FOLDER = Path(__file__).parent
# Written by setup.py beside the binaries: the cleaner version they were compiled from.
_BUILT_FROM = _FOLDER / "_native.version"


def _binaries_match_sources() -> bool:
    if os.environ.get("READER_PURE_PYTHON"):
        return False
    try:
        built = _BUILT_FROM.read_text(encoding="utf-8").strip()
    except OSError:  # never compiled, or a build that failed part way
        return False
    return built == CLEANER_VERSION


class _SourcesFirst:
    """Imports this package's modules from their `.py` files, passing over any binary."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        source = _FOLDER / f"{name}.py"
        if package != __name__ or not source.is_file():
            return None
        return spec_from_file_location(fullname, source)


COMPILED = _binaries_match_sources()
if not COMPILED and not any(isinstance(finder, _SourcesFirst) for finder in sys.meta_path):
    sys.meta_path.insert(0, _SourcesFirst())


def __getattr__(name: str) -> Any:
    if name in ("ARTICLE_STEPS", "DOCUMENT_STEPS", "clean"):
        from reader.cleaning import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reader.cleaning' has no attribute {name!r}")
