"""The cleaner compiled by mypyc (setup.py) against its sources.

The binaries must give exactly what the sources give, and must never run in place of
sources edited after the build: `reader.cleaning` then imports the `.py` files. The guard is
tested with stand-in "binaries" that cannot load, so it is tested in any install, compiled
or not: were one of them imported, the import would fail.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import reader
import reader.cleaning
from reader.collection import find_files

PACKAGE = Path(reader.__file__).parent
ROOT = PACKAGE.parent
CLEANING = PACKAGE / "cleaning"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]

# Cleans every file named on the command line; prints the articles, and what ran.
CLEAN_FILES = """
import json, sys
from dataclasses import asdict
from pathlib import Path
import reader.cleaning
import reader.cleaning.blocks
from reader.cleaning import clean
from reader.collection import read_text
print(json.dumps({
    "compiled": reader.cleaning.COMPILED,
    "blocks": reader.cleaning.blocks.__file__,
    "articles": [[asdict(a) for a in clean(read_text(Path(p)))] for p in sys.argv[1:]],
}))
"""


def run_cleaner(paths: list[Path], *, env: dict[str, str] | None = None, tree: Path | None = None) -> dict:
    environ = {k: v for k, v in os.environ.items() if k != "READER_PURE_PYTHON"}
    if tree is not None:
        environ["PYTHONPATH"] = str(tree)
    done = subprocess.run(
        [sys.executable, "-c", CLEAN_FILES, *map(str, paths)],
        env={**environ, **(env or {})},
        cwd=tree or ROOT,
        capture_output=True,
        text=True,
        check=False,  # (the assertion below shows stderr)
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled files and 60 generated ones of the three kinds."""
    folder = tmp_path_factory.mktemp("generated")
    generate = runpy.run_path(str(ROOT / "bench" / "make_collection.py"))["generate"]
    generate(folder, 60, 5)
    return sorted(find_files(ROOT / "articles")) + sorted(find_files(folder))


def test_the_compiled_cleaner_gives_what_its_sources_give(sample: list[Path]) -> None:
    if not reader.cleaning.COMPILED:
        pytest.skip("this install's cleaner is not compiled (READER_PURE_PYTHON, no compiler, or edited)")
    compiled = run_cleaner(sample)
    pure = run_cleaner(sample, env={"READER_PURE_PYTHON": "1"})
    assert compiled["compiled"] and compiled["blocks"].endswith(SUFFIX)
    assert not pure["compiled"] and pure["blocks"].endswith("blocks.py")
    assert sum(map(len, pure["articles"])) > len(sample)  # the index pages split
    assert compiled["articles"] == pure["articles"]


@pytest.fixture
def tree_with_stand_ins(tmp_path: Path) -> Path:
    """A copy of the package whose cleaning modules each have a "binary" that cannot load,
    recorded as built from the current sources."""
    tree = tmp_path / "tree"
    shutil.copytree(PACKAGE, tree / "reader", ignore=shutil.ignore_patterns("__pycache__", "*.so", "_native.*"))
    cleaning = tree / "reader" / "cleaning"
    for source in cleaning.glob("*.py"):
        if source.name not in ("__init__.py", "version.py"):
            (cleaning / f"{source.stem}{SUFFIX}").write_bytes(b"not a shared object")
    (cleaning / "_native.version").write_text(reader.cleaning.CLEANER_VERSION + "\n", encoding="utf-8")
    return tree


def test_binaries_built_from_these_sources_are_the_ones_imported(tree_with_stand_ins: Path) -> None:
    # The stand-ins match the recorded version, so they are what gets imported: and fails.
    done = subprocess.run(
        [sys.executable, "-c", "import reader.cleaning.blocks"],
        env={**os.environ, "PYTHONPATH": str(tree_with_stand_ins)},
        cwd=tree_with_stand_ins,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "ImportError" in done.stderr


def test_an_edited_source_is_imported_instead_of_its_stale_binary(tree_with_stand_ins: Path) -> None:
    blocks = tree_with_stand_ins / "reader" / "cleaning" / "blocks.py"
    blocks.write_text(blocks.read_text(encoding="utf-8") + "\n# edited after the build\n", encoding="utf-8")
    seen = run_cleaner(find_files(ROOT / "articles"), tree=tree_with_stand_ins)
    assert seen["compiled"] is False
    assert seen["blocks"] == str(blocks)
    assert sum(map(len, seen["articles"])) == 13  # the bundled collection, cleaned as ever


def test_no_recorded_version_or_the_pure_switch_means_sources(tree_with_stand_ins: Path) -> None:
    articles = find_files(ROOT / "articles")
    pure = run_cleaner(articles, tree=tree_with_stand_ins, env={"READER_PURE_PYTHON": "1"})
    assert pure["compiled"] is False and pure["blocks"].endswith("blocks.py")
    (tree_with_stand_ins / "reader" / "cleaning" / "_native.version").unlink()
    unrecorded = run_cleaner(articles, tree=tree_with_stand_ins)
    assert unrecorded["compiled"] is False and unrecorded["blocks"].endswith("blocks.py")
    assert unrecorded["articles"] == pure["articles"]


def test_setup_records_the_version_the_package_computes() -> None:
    # setup.py runs version.py on its own; both must digest the same files the same way.
    computed = runpy.run_path(str(CLEANING / "version.py"))["cleaner_version"]()
    assert computed == reader.cleaning.CLEANER_VERSION
