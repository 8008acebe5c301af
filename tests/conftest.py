from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled collection, so no test touches the real one."""
    target = tmp_path / "articles"
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config, data and cache dirs point into the test's temporary folder."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("READER_ARTICLES", raising=False)
    monkeypatch.delenv("READER_DB", raising=False)
