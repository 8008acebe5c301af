"""A store opened lazy reads each table when first needed, and stays as safe as one read whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.claims.model import make_claim
from reader.claims.storage import StoreConflict, StoreError
from reader.claims.store import ClaimStore, _bucket
from reader.cli import main

TEXT = "A claim about things that matter a great deal to everyone who reads. " * 8
ARTICLE = "002_b844eaa0fd022baa/how-china"
QUOTE = "China is pushing hard to develop cheap, widely used AI tools"


def claim(article: str, start: int = 2):
    return make_claim(article, "a.txt", "Title", TEXT, start, start + 30, ("fact",), "")


def two_articles(path: Path, first: str = "art/1", second: str = "art/2") -> tuple[Path, Path]:
    """A store with claims on two articles in two tables; their table files."""
    assert _bucket(first) != _bucket(second)
    with ClaimStore.open(path) as store:
        store.add_many([claim(first), claim(first, 9), claim(second)])
    folder = path.with_name(path.name + ".d")
    return folder / f"{_bucket(first)}.json", folder / f"{_bucket(second)}.json"


def damage(table: Path) -> None:
    records = json.loads(table.read_text())
    next(iter(records.values()))["start"] = "nine"
    table.write_text(json.dumps(records))


def test_one_article_reads_only_its_table_and_the_damage_is_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    _, other = two_articles(path)
    damage(other)
    with ClaimStore.open(path, read_only=True, lazy=True) as store:
        assert len(store.for_article("art/1")) == 2
        for read_whole in (store.all, store.counts, store.tags, lambda: store.find("x")):
            with pytest.raises(StoreError, match=f"{other.name}: record 1: start"):
                read_whole()
        with pytest.raises(StoreError, match=other.name):  # asked again: said again
            store.for_article("art/2")
        assert len(store.for_article("art/1")) == 2
    with pytest.raises(StoreError, match=other.name):  # opened whole, as before: at once
        ClaimStore.open(path, read_only=True)


def test_a_claim_added_lazily_leaves_the_other_tables_named_and_whole(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    mine, other = two_articles(path)
    before = other.read_bytes()
    with ClaimStore.open(path, lazy=True) as store:
        added = store.add(claim("art/1", 20))
        assert len(store.for_article("art/1")) == 3
    assert other.read_bytes() == before
    head = json.loads(path.read_text())
    assert head["tables"] == sorted([mine.stem, other.stem])
    with ClaimStore.open(path, read_only=True) as store:
        assert len(store.all()) == 4 and store.get(added.id) == added


def test_a_finding_saved_lazily_keeps_every_table_in_the_head(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    mine, other = two_articles(path)
    with ClaimStore.open(path, lazy=True) as store:
        store.set_finding("g-1", "checked")
    assert json.loads(path.read_text())["tables"] == sorted([mine.stem, other.stem])
    with ClaimStore.open(path, read_only=True) as store:
        assert len(store.all()) == 3


def test_a_missing_table_named_in_the_head_is_an_error_at_once(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    _, other = two_articles(path)
    other.unlink()
    with pytest.raises(StoreError, match=f"1 of its 2 table files are missing.*{other.name}"):
        ClaimStore.open(path, read_only=True, lazy=True)


def test_a_table_removed_after_the_opening_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    _, other = two_articles(path)
    with ClaimStore.open(path, read_only=True, lazy=True) as store:
        other.unlink()
        assert len(store.for_article("art/1")) == 2
        with pytest.raises(StoreError, match=f"{other.name}: the table file is missing"):
            store.all()


def test_a_table_changed_by_another_program_before_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    mine, _ = two_articles(path)
    with ClaimStore.open(path, lazy=True) as store:
        records = json.loads(mine.read_text())
        records["1"]["note"] = "written by another program"
        mine.write_text(json.dumps(records))
        changed = mine.read_bytes()
        with pytest.raises(StoreConflict, match=mine.name):
            store.add(claim("art/1", 30))
    assert mine.read_bytes() == changed


def test_a_change_of_many_tables_is_all_or_nothing_when_opened_lazy(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    mine, other = two_articles(path)
    with ClaimStore.open(path, lazy=True) as store:
        store.for_article("art/1")  # one table read, then the whole store for the rename
        other.write_text(other.read_text().replace('"note":""', '"note":"edited"'))
        with pytest.raises(StoreConflict, match=other.name):
            store.rename_tag("fact", "checked")
    assert "checked" not in mine.read_text() and "checked" not in other.read_text()
    assert not (path.with_name("claims.json.d") / "journal").exists()


def test_annotate_needs_only_the_articles_table(articles_dir: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "claims.json"
    base = ["--articles", str(articles_dir), "--db", str(db)]
    from reader.collection import Collection

    mine = _bucket(Collection.load(articles_dir).find(ARTICLE).id)
    first, second = [a for a in (f"art/{i}" for i in range(20)) if _bucket(a) != mine][:2]
    _, other = two_articles(db, first, second)
    damage(other)
    assert main([*base, "annotate", ARTICLE, "--quote", QUOTE]) == 0
    assert json.loads(capsys.readouterr().out)["quote"] == QUOTE
    assert main([*base, "claims", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: error:") and other.name in err and err.count("\n") == 1


def test_read_only_and_lazy_a_table_is_read_as_a_save_under_way_will_leave_it(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    mine, _ = two_articles(path)
    with ClaimStore.open(path, read_only=True, lazy=True) as store:
        records = json.loads(mine.read_text())
        records["1"]["note"] = "from the journal"
        journal = path.with_name("claims.json.d") / "journal"
        head = json.loads(path.read_text())
        journal.write_text(json.dumps({"head": head, "removed": [], "tables": {mine.stem: records}}))
        assert "from the journal" in {c.note for c in store.for_article("art/1")}
    journal.unlink()
    with ClaimStore.open(path, read_only=True, lazy=True) as store:
        journal.write_text(json.dumps({"head": head, "removed": [], "tables": {mine.stem: {"1": {"id": 3}}}}))
        with pytest.raises(StoreError, match=f"{mine.name}: record 1"):  # checked as the file would be
            store.for_article("art/1")
