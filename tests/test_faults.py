"""Faults while saving claims: a full or read-only disk, a store changed or removed by
another program. Whatever happens, nothing already stored is lost, a failed change is not
half-applied in memory, and the same change can be retried once writing works again.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import reader.claims.storage as storage
from reader.claims.model import Claim, make_claim
from reader.claims.storage import StoreConflict, StoreError, StoreReadOnly, StoreWriteError
from reader.claims.store import ClaimStore
from reader.cli import main

REAL_ATOMIC_WRITE = storage.atomic_write
TEXT = "A claim about things that matter a great deal to everyone who reads. " * 8


def claim(article: str = "a/one", start: int = 2, note: str = "") -> Claim:
    return make_claim(article, "a.txt", "Title", TEXT, start, start + 30, ("fact",), note)


def ids_on_disk(path: Path) -> list[str]:
    """The claim ids a fresh reader would see, sorted (opened read-only: no lock needed)."""
    with ClaimStore.open(path, read_only=True) as store:
        return sorted(c.id for c in store.all())


def every_file_is_json(path: Path) -> None:
    for file in [path, *shard_files(path)]:
        json.loads(file.read_text("utf-8"))


def shard_files(path: Path) -> list[Path]:
    return sorted(path.with_name(path.name + ".d").glob("*.json"))


def refuse(code: int):
    """An `atomic_write` that fails the way a full or read-only disk does."""

    def write(path: Path, data: bytes) -> None:
        raise OSError(code, os.strerror(code), str(path))

    return write


# --------------------------------------------------------------------------- simulated faults


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS], ids=["disk-full", "read-only"])
@pytest.mark.parametrize("change", ["add", "update", "remove"])
def test_a_failed_save_names_the_file_keeps_the_store_and_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, change: str
) -> None:
    path = tmp_path / "claims.json"
    store = ClaimStore.open(path)
    kept = [store.add(claim("a/one")), store.add(claim("a/one", 10)), store.add(claim("b/two"))]
    before_disk = {f.name: f.read_bytes() for f in [path, *shard_files(path)]}
    before_memory = store.all()

    new = claim("a/one", 20)
    do = {
        "add": lambda: store.add(new),
        "update": lambda: store.update(Claim(**{**kept[0].record(), "tags": ("edited",), "note": "changed"})),
        "remove": lambda: store.remove(kept[1].id),
    }[change]
    monkeypatch.setattr(storage, "atomic_write", refuse(code))
    with pytest.raises(StoreWriteError) as failure:
        do()
    assert isinstance(failure.value, StoreError)
    assert failure.value.errno == code
    message = str(failure.value)
    assert str(path.with_name("claims.json.d")) in message and os.strerror(code) in message
    # Nothing on disk changed, and memory is exactly as before the failed change.
    assert {f.name: f.read_bytes() for f in [path, *shard_files(path)]} == before_disk
    assert store.all() == before_memory
    for c in kept:
        assert store.get(c.id) == c
    assert ids_on_disk(path) == sorted(c.id for c in kept)

    monkeypatch.setattr(storage, "atomic_write", REAL_ATOMIC_WRITE)
    do()  # the caller retries once the disk works again
    store.close()
    expected = {
        "add": sorted([*(c.id for c in kept), new.id]),
        "update": sorted(c.id for c in kept),
        "remove": sorted([kept[0].id, kept[2].id]),
    }[change]
    assert ids_on_disk(path) == expected  # in particular: a retried add is stored once
    with ClaimStore.open(path, read_only=True) as reopened:
        if change == "update":
            assert reopened.get(kept[0].id).note == "changed"
    every_file_is_json(path)


def test_the_first_save_of_a_new_store_failing_creates_no_half_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new" / "claims.json"
    store = ClaimStore.open(path)
    monkeypatch.setattr(storage, "atomic_write", refuse(errno.ENOSPC))
    with pytest.raises(StoreWriteError, match="No space left"):
        store.add(claim())
    assert store.all() == []
    assert not path.exists()
    monkeypatch.setattr(storage, "atomic_write", REAL_ATOMIC_WRITE)  # (undo() would undo the isolated user folders too)
    first = store.add(claim())
    store.close()
    assert ids_on_disk(path) == [first.id]


def test_a_failing_rename_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last step of an atomic write failing (os.replace) leaves the old file and no litter."""
    path = tmp_path / "claims.json"
    store = ClaimStore.open(path)
    kept = store.add(claim())
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StoreWriteError, match="Read-only file system"):
        store.add(claim("a/one", 40))
    monkeypatch.setattr(os, "replace", real_replace)
    assert [f.name for f in path.with_name("claims.json.d").iterdir()] == [f.name for f in shard_files(path)]
    store.close()
    assert ids_on_disk(path) == [kept.id]


def test_a_failed_migration_keeps_the_old_store_and_succeeds_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.json"
    old = {"_default": {"1": claim().record()}}
    path.write_text(json.dumps(old))
    original = path.read_bytes()
    calls = []

    def fail_on_second(file: Path, data: bytes) -> None:  # the tables get written, the head not
        calls.append(file)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        REAL_ATOMIC_WRITE(file, data)

    monkeypatch.setattr("reader.claims.store.atomic_write", fail_on_second)
    with pytest.raises(StoreWriteError):
        ClaimStore.open(path)
    assert path.read_bytes() == original  # still the old store, whole
    monkeypatch.setattr("reader.claims.store.atomic_write", REAL_ATOMIC_WRITE)
    with ClaimStore.open(path) as store:
        assert [c.id for c in store.all()] == [old["_default"]["1"]["id"]]


def test_the_command_line_reports_a_full_disk_in_one_line(
    articles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    main(["--articles", str(articles_dir), "list", "--json"])
    first = json.loads(capsys.readouterr().out)[0]["id"]
    monkeypatch.setattr(storage, "atomic_write", refuse(errno.ENOSPC))
    code = main(["--articles", str(articles_dir), "annotate", first, "--quote", "the"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("reader: error: ") and "No space left on device" in err and err.count("\n") == 1


# --------------------------------------------------------------------------- another program


def test_a_store_removed_while_open_is_not_recreated(tmp_path: Path) -> None:
    """Decided: a save into a store another program removed fails with StoreConflict and
    recreates nothing (a recreated store would hold only the one table saved); the claims in
    memory stay readable, so the user can export them or reopen and start anew."""
    path = tmp_path / ".reader" / "claims.json"
    store = ClaimStore.open(path)
    kept = store.add(claim())
    shutil.rmtree(path.parent)
    with pytest.raises(StoreConflict, match="removed by another program"):
        store.add(claim("b/two"))
    assert not path.exists() and not path.with_name("claims.json.d").exists()
    assert [c.id for c in store.all()] == [kept.id]
    store.close()


def test_a_table_file_removed_while_open_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    store = ClaimStore.open(path)
    first = store.add(claim())
    (table,) = shard_files(path)
    table.unlink()
    with pytest.raises(StoreConflict, match="removed by another program"):
        store.add(claim(start=40))  # the same article: the same table
    assert not table.exists()
    assert store.all() == [first]
    store.close()


def test_a_table_replaced_with_the_same_size_and_time_is_a_conflict(tmp_path: Path) -> None:
    """An editor that saves by renaming, keeping size and modification time, still shows."""
    path = tmp_path / "claims.json"
    store = ClaimStore.open(path)
    store.add(claim())
    (table,) = shard_files(path)
    stat = table.stat()
    edited = table.read_text("utf-8").replace('"fact"', '"FACT"')
    replacement = table.with_name("edited.tmp")
    replacement.write_text(edited, "utf-8")
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, table)
    assert table.stat().st_size == stat.st_size and table.stat().st_mtime_ns == stat.st_mtime_ns
    with pytest.raises(StoreConflict, match="changed by another program"):
        store.add(claim(start=40))
    assert table.read_text("utf-8") == edited
    store.close()


def test_a_store_created_by_another_program_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    store = ClaimStore.open(path)  # nothing on disk yet
    path.write_text('{"layout": "tables-in-files", "schema": 1, "by": "someone else"}')
    with pytest.raises(StoreConflict, match="appeared"):
        store.add(claim())
    assert "someone else" in path.read_text()
    assert store.all() == []
    store.close()


# --------------------------------------------------------------------------- a real small disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (needs root and mount; skipped where that is not possible)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("mount is not available here")
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + mounted.stderr.decode(errors="replace").strip())
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=10)


def test_a_really_full_disk_loses_nothing_and_saves_once_there_is_room(small_disk: Path) -> None:
    path = small_disk / "claims.json"
    filler = small_disk / "filler"
    filler.write_bytes(b"x" * 24 * 1024)
    store = ClaimStore.open(path)
    saved: list[Claim] = []
    failed: Claim | None = None
    for i in range(200):
        new = claim(f"art/{i % 3}", 2 + i % 50, note="n" * 1500)
        try:
            saved.append(store.add(new))
        except StoreWriteError as error:
            assert error.errno == errno.ENOSPC and "No space left on device" in str(error)
            failed = new
            break
    assert failed is not None and saved, "the disk never filled up"
    assert sorted(c.id for c in store.all()) == sorted(c.id for c in saved)
    assert ids_on_disk(path) == sorted(c.id for c in saved)
    every_file_is_json(path)
    assert not [f for f in path.with_name("claims.json.d").iterdir() if f.name.endswith(".tmp")]

    filler.unlink()  # room again: the same claim saves
    store.add(failed)
    store.close()
    assert ids_on_disk(path) == sorted([*(c.id for c in saved), failed.id])


def test_a_store_on_a_read_only_disk_opens_read_only_and_says_why(small_disk: Path) -> None:
    """A real read-only mount (remounting needs no file open for writing, hence the close)."""
    path = small_disk / "claims.json"
    with ClaimStore.open(path) as store:
        first = store.add(claim())
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, timeout=10)
    if remount.returncode != 0:
        pytest.skip("cannot remount read-only here")
    try:
        with ClaimStore.open(path) as store:
            assert store.read_only and "Read-only file system" in store.read_only_reason
            assert [c.id for c in store.all()] == [first.id]
            with pytest.raises(StoreReadOnly, match="nothing was saved"):
                store.add(claim("b/two"))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], capture_output=True, timeout=10)
    with ClaimStore.open(path) as store:
        second = store.add(claim("b/two"))
    assert ids_on_disk(path) == sorted([first.id, second.id])
