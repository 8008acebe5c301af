"""reader.collection.pool: cleaning in worker processes, results spooled back."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import collection
from reader.collection import (
    Collection,
    pool,
)
from tests.collection.common import ARTICLE, write


def test_process_pool_gives_the_same_result(articles_dir: Path, tmp_path: Path) -> None:
    # Results cross from the workers as plain tuples (`_to_wire`): problems included.
    (articles_dir / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (articles_dir / "blank.md").write_text("   \n", "utf-8")
    alone = Collection.load(articles_dir, use_cache=False, workers=1)
    pooled = Collection.load(articles_dir, cache_dir=tmp_path / "pool-cache", workers=2)
    assert pooled.summaries() == alone.summaries() and len(alone.summaries()) == 13
    assert pooled.articles == alone.articles
    assert pooled.problems == alone.problems and len(alone.problems) == 2
    reread = Collection.load(articles_dir, cache_dir=tmp_path / "pool-cache", workers=2)
    assert reread.pending == [] and reread.articles == alone.articles


def test_a_spooled_chunk_reads_back_unchanged_and_leaves_no_file(articles_dir: Path, tmp_path: Path) -> None:
    from reader.collection.pool import _clean_chunk, _unspool

    (articles_dir / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    jobs = [(file, 0, 0, False) for file in collection.find_names(articles_dir)]
    direct = _clean_chunk(str(articles_dir), jobs)
    spool = tmp_path / "spool"
    spool.mkdir()
    spooled = _clean_chunk(str(articles_dir), jobs, str(spool))
    assert isinstance(spooled, str) and Path(spooled).parent == spool
    assert _unspool(spooled) == direct and len(direct) == 4
    assert list(spool.iterdir()) == []
    # A spool folder that can't be written to: the results come back themselves.
    assert _clean_chunk(str(articles_dir), jobs, str(tmp_path / "missing")) == direct


def test_a_pooled_load_leaves_no_spool_behind(
    articles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for n in range(30):
        write(articles_dir / f"more/{n:02}.txt", f"Title Number {n}\n\n{ARTICLE}")
    monkeypatch.setattr(pool, "POOL_CHUNK", 4)
    pooled = Collection.load(articles_dir, use_cache=False, workers=2)
    assert len(pooled.files) == 33 and not pooled.problems
    assert list(scratch.iterdir()) == []


def test_a_result_crosses_from_a_worker_unchanged(articles_dir: Path) -> None:
    from reader.collection import Job, clean_file
    from reader.collection.pool import _from_wire, _to_wire

    (articles_dir / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    for file in ("000_7feee96b41956d04.txt", "binary.txt"):
        result = clean_file(articles_dir, Job(file, 1, 2))
        assert _from_wire(_to_wire(result)) == result
