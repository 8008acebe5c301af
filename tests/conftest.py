from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so CI never turns red by chance;
# `HYPOTHESIS_PROFILE=explore pytest` draws new ones to hunt for bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "articles"
SHARED = ROOT.parent / "shared"

# A saved web page with the metadata a page states: author, date, site, canonical URL.
SAVED_PAGE = """<!DOCTYPE html>
<html><head><title>Tide Tables Change - Coast Weekly</title>
<meta name="author" content="Ines Moreau">
<meta property="og:site_name" content="Coast Weekly">
<meta property="article:published_time" content="2026-03-04">
<link rel="canonical" href="https://coast.example/tides">
</head><body><article><h1>Tide Tables Change</h1>
<p>The harbour office printed new tide tables on Monday after a survey found the channel had silted up along its northern edge.</p>
<p>Skippers were told to allow an extra half hour at low water until dredging begins in the spring, the office said.</p>
</article></body></html>
"""


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled collection, so no test touches the real one.

    Only the article files: a store the app left in `articles/.reader` when someone ran it
    in the repository is not part of the collection the tests start from."""
    target = tmp_path / "articles"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns(".*"))
    return target


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config, data, cache, state and documents dirs point into the test's temporary folder."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("READER_ARTICLES", raising=False)
    monkeypatch.delenv("READER_DB", raising=False)
