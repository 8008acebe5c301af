"""bench/bench_instructions.py without valgrind: the sample it picks, the child it runs
(outside valgrind), and its exit when valgrind is missing. The counting itself takes a
minute under valgrind and is left to running the bench."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from reader.cleaning import clean, pipeline
from reader.collection import find_files, read_text

from .conftest import ROOT

BENCH = ROOT / "bench" / "bench_instructions.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_instructions", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def write_collection(root: Path) -> None:
    for index in range(30):
        (root / f"{index:02}.txt").write_text(f"Title {index}\n\n" + "Some words here. " * 40)


def test_the_sample_is_the_seeded_shuffle_cut_at_the_size(bench: ModuleType, tmp_path: Path) -> None:
    write_collection(tmp_path)
    sample, size = bench.pick_sample(tmp_path, 5)
    assert bench.pick_sample(tmp_path, 5) == (sample, size)
    expected = sorted(find_files(tmp_path))
    random.Random(3).shuffle(expected)
    assert sample == expected[: len(sample)]
    assert size == sum(len(read_text(path).encode("utf-8")) for path in sample)
    # Taken until it reaches the size: one file fewer falls short of it.
    last = len(read_text(sample[-1]).encode("utf-8"))
    assert size - last < 5 * 1024 <= size


def test_every_prefix_of_the_stages_runs(bench: ModuleType, articles_dir: Path) -> None:
    names = bench.stage_names(pipeline)
    assert len(names) == len(pipeline.DOCUMENT_STEPS) + len(pipeline.ARTICLE_STEPS) + 3
    assert (names[0], names[-1]) == ("parse", "render")
    texts = [read_text(path) for path in find_files(articles_dir)]
    for stages in range(len(names)):
        for text in texts:
            bench.clean_prefix(text, stages)


def test_the_child_cleans_the_sample_with_this_tree(bench: ModuleType, articles_dir: Path, tmp_path: Path) -> None:
    paths = find_files(articles_dir)
    report, count = bench.run_child(bench.THIS_TREE, bench.ALL, paths, tmp_path / "pyc", counted=False)
    assert count is None
    assert Path(report["reader"]).is_relative_to(ROOT / "reader")
    assert report["stages"] == bench.stage_names(pipeline)
    assert report["articles"] == sum(len(clean(read_text(path))) for path in paths)


def test_without_valgrind_it_says_so_and_exits_2(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as exit:
        bench.main([])
    assert exit.value.code == 2
    assert "valgrind not found" in capsys.readouterr().err
