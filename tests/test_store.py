"""The claim store: records, persistence, locking, broken files, migration, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reader.claims.location import default_store_path
from reader.claims.model import SCHEMA_VERSION, make_claim
from reader.claims.storage import StoreConflict, StoreError, StoreReadOnly, atomic_write
from reader.claims.store import ClaimStore
from reader.claims.tags import parse_tags

TEXT = "First sentence here. The second sentence makes a claim about 83 percent of things. Third."


def claim(article: str = "a/one", tags=("fact",), note: str = "") -> object:
    start = TEXT.index("The second")
    end = TEXT.index("things.") + len("things.")
    return make_claim(article, "a.txt", "One", TEXT, start, end, tags, note)


def test_a_claim_record_has_every_field(tmp_path: Path) -> None:
    c = claim(note="check the source")
    with ClaimStore.open(tmp_path / "claims.json") as store:
        store.add(c)
    record = next(iter(json.loads(p.read_text()) for p in (tmp_path / "claims.json.d").glob("*.json")))
    (doc,) = record.values()
    assert set(doc) >= {
        "id",
        "article",
        "file",
        "title",
        "quote",
        "prefix",
        "suffix",
        "start",
        "end",
        "tags",
        "note",
        "created",
        "updated",
        "schema",
    }
    assert doc["quote"] == TEXT[doc["start"] : doc["end"]]
    assert doc["prefix"] == TEXT[max(0, doc["start"] - 32) : doc["start"]]
    assert doc["created"].endswith("Z") and doc["schema"] == SCHEMA_VERSION


def test_claims_persist_and_update_and_delete(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        a = store.add(claim("a/one"))
        b = store.add(claim("b/two", tags=("x", "y")))
    with ClaimStore.open(path) as store:
        assert {c.id for c in store.all()} == {a.id, b.id}
        assert [c.id for c in store.for_article("b/two")] == [b.id]
        changed = store.update(replace(store.get(a.id), note="new note"))
        assert store.get(a.id).note == "new note" and changed.updated >= a.updated
        store.remove(b.id)
    with ClaimStore.open(path) as store:
        assert [c.id for c in store.all()] == [a.id]
        assert store.get(a.id).note == "new note"
        with pytest.raises(KeyError):
            store.get(b.id)


def test_tags_count_rename_and_merge(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        store.add(claim(tags=("econ", "check")))
        store.add(claim("b/x", tags=("economy",)))
        assert store.tags() == {"econ": 1, "check": 1, "economy": 1}
        assert store.rename_tag("econ", "economy") == 1
        assert store.tags() == {"economy": 2, "check": 1}


def test_parse_tags_accepts_commas_or_spaces() -> None:
    assert parse_tags("a b  #c") == ("a", "b", "c")
    assert parse_tags("big claim, numbers,, big claim") == ("big-claim", "numbers")


def test_make_claim_rejects_spans_outside_the_text() -> None:
    with pytest.raises(ValueError):
        make_claim("a", "a.txt", "A", "short", 2, 99)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"{not json", "cannot be read"), (b"[1, 2]", "not a reader store"), (b"\xff\xfe\x00", "cannot be read")],
)
def test_a_broken_store_is_an_error_and_is_never_overwritten(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "claims.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=reason):
        ClaimStore.open(path)
    store, message = ClaimStore.open_or_read_only(path)
    assert store is None and str(path) in message
    assert path.read_bytes() == content


def test_a_broken_table_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
    (table,) = (tmp_path / "claims.json.d").glob("*.json")
    table.write_text('{"1": ')
    with pytest.raises(StoreError, match=table.name):
        ClaimStore.open(path)


def test_a_store_from_a_newer_reader_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
    head = json.loads(path.read_text())
    path.write_text(json.dumps({**head, "schema": SCHEMA_VERSION + 1}))
    with pytest.raises(StoreError, match="newer"):
        ClaimStore.open(path)


def test_a_plain_tinydb_file_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    old = claim().record()
    old.pop("schema")
    original = json.dumps({"_default": {"1": old}})
    path.write_text(original)
    with ClaimStore.open(path) as store:
        (migrated,) = store.all()
        assert migrated.quote == old["quote"] and migrated.schema == SCHEMA_VERSION
    assert (tmp_path / "claims.json.schema0.bak").read_text() == original


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
    with ClaimStore.open(path, read_only=True) as store:
        assert len(store.all()) == 1
        with pytest.raises(StoreReadOnly):
            store.add(claim())


def test_a_store_changed_by_another_program_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
        (table,) = (tmp_path / "claims.json.d").glob("*.json")
        edited = table.read_text().replace("fact", "edited-by-hand")
        time.sleep(0.01)
        table.write_text(edited)
        with pytest.raises(StoreConflict):
            store.add(claim())
    assert "edited-by-hand" in table.read_text()


def test_default_store_is_inside_the_articles_folder_or_in_user_data(tmp_path: Path, monkeypatch) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    assert default_store_path(articles) == articles / ".reader" / "claims.json"
    monkeypatch.setattr(os, "access", lambda *_: False)
    elsewhere = default_store_path(articles)
    assert articles not in elsewhere.parents
    assert (tmp_path / "xdg_data_home") in elsewhere.parents


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.claims.store import ClaimStore
    store = ClaimStore.open(Path(sys.argv[1]))
    print("read_only" if store.read_only else "writer", flush=True)
    time.sleep(30)
    """
)


def test_a_second_process_opens_read_only_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    first = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().strip() == "writer"
        store = ClaimStore.open(path)
        assert store.read_only and "another reader" in store.read_only_reason
        with pytest.raises(StoreReadOnly):
            store.add(claim())
        store.close()
    finally:
        first.kill()
        first.wait()
    with ClaimStore.open(path) as store:  # the lock goes with the process
        assert not store.read_only


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.claims.store import ClaimStore
    from reader.claims.model import make_claim
    text = "A claim about things that matter a great deal to everyone. " * 40
    store = ClaimStore.open(Path(sys.argv[1]))
    i = 0
    while True:
        c = make_claim(f"art/{i % 7}", "f.txt", "T", text, 2, 40, (f"t{i % 5}",), "n" * (i % 300))
        store.add(c)
        print(c.id, flush=True)
        i += 1
    """
)


def test_kill_9_mid_save_never_breaks_the_store_or_loses_a_saved_claim(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    saved: set[str] = set()
    for round_ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        time.sleep(0.35 + 0.03 * (round_ % 5))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        saved.update(line for line in out.splitlines() if len(line) == 36)
        with ClaimStore.open(path) as store:
            ids = {c.id for c in store.all()}
        assert saved <= ids
    assert saved


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    atomic_write(target, b"1")
    atomic_write(target, b"2")
    assert target.read_bytes() == b"2"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
