"""Issue 20: the store under attack. Each test makes a store in a temporary folder, attacks
it, and checks that no claim was lost, nothing was written outside the store, and that a
refusal is one line without a traceback."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

import reader.claims.storage as storage
from reader.claims import history
from reader.claims.history import History
from reader.claims.location import default_store_path
from reader.claims.model import make_claim
from reader.claims.storage import StoreError, StoreWriteError
from reader.claims.store import ClaimStore
from reader.cli import main

ARTICLE = "002_b844eaa0fd022baa/how-china"
QUOTE = "China is pushing hard to develop cheap, widely used AI tools"
TEXT = "A claim about things that matter a great deal to everyone who reads. " * 8
REAL_ATOMIC_WRITE = storage.atomic_write


def claim(article: str = "a/one", start: int = 2, tags=("fact",), note: str = ""):
    return make_claim(article, "a.txt", "Title", TEXT, start, start + 30, tags, note)


def source(articles: Path) -> str:
    from reader.collection import Collection

    return "urn:reader:article:" + Collection.load(articles).find(ARTICLE).id


def run(capsys, articles: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--articles", str(articles), *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(code: int, err: str) -> None:
    assert code == 2
    assert err.startswith("reader: error:") and err.count("\n") == 1, err
    assert "Traceback" not in err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as their target's name), to see that nothing changed."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            files[str(path)] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            files[str(path)] = path.read_bytes()
    return files


def tables(path: Path) -> list[Path]:
    return sorted(path.with_name(path.name + ".d").glob("*.json"))


def stored(path: Path) -> list:
    with ClaimStore.open(path, read_only=True) as store:
        return store.all()


def full_disk_at(call: int):
    """An `atomic_write` that works until its `call`-th use, which finds the disk full."""
    calls = []

    def write(file: Path, data: bytes) -> None:
        calls.append(file)
        if len(calls) == call:
            raise OSError(28, "No space left on device", str(file))
        REAL_ATOMIC_WRITE(file, data)

    return write


def many_claims(path: Path, count: int, articles: int = 20) -> list:
    with ClaimStore.open(path) as store:
        made = [claim(f"art/{i % articles}", i % 300, ("old", f"t{i % 3}")) for i in range(count)]
        for c in made:
            store.add(c)
    return made


# --------------------------------------------------------------------------- lost data


def test_an_exported_backup_comes_back_whole_into_an_empty_store(capsys, articles_dir: Path, tmp_path: Path) -> None:
    """Two claims on the same words with different tags and notes are two claims."""
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--tag", "a", "--note", "first")
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--new", "--tag", "b", "--note", "second")
    run(
        capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE, "--new", "--tag", "a", "--note", "first"
    )  # the same again
    dump = tmp_path / "backup.json"
    code, _, _ = run(capsys, articles_dir, "export", "--format", "json", "-o", str(dump))
    assert code == 0
    empty = tmp_path / "restored" / "claims.json"
    code, out, _ = run(capsys, articles_dir, "--db", str(empty), "--create-db", "import", str(dump))
    assert code == 0 and out.startswith("imported 3 claims") and "skipped" not in out
    assert sorted(c.note for c in stored(empty)) == ["first", "first", "second"]
    code, out, _ = run(capsys, articles_dir, "--db", str(empty), "import", str(dump))
    assert out.startswith("imported 0 claims; skipped 3 already in the store")
    assert len(stored(empty)) == 3


def test_annotations_without_ids_are_skipped_only_when_the_same(articles_dir: Path, tmp_path: Path, capsys) -> None:
    dump = tmp_path / "in.json"
    base = {
        "type": "Annotation",
        "target": {"source": source(articles_dir), "selector": [{"type": "TextQuoteSelector", "exact": QUOTE}]},
    }
    items = [
        {**base, "body": [{"type": "TextualBody", "purpose": "tagging", "value": "x"}]},
        {**base, "body": [{"type": "TextualBody", "purpose": "tagging", "value": "y"}]},
        {**base, "body": [{"type": "TextualBody", "purpose": "tagging", "value": "x"}]},  # the same as the first
        {"type": "Annotation", "target": {"source": "x"}},  # not an annotation of a quote
    ]
    dump.write_text(json.dumps(items))
    code, out, _ = run(capsys, articles_dir, "import", str(dump))
    assert code == 0
    assert out.strip() == (
        "imported 2 claims; skipped 1 already in the store (the same id, or the same content); "
        "skipped 1 that are not annotations of a text quote"
    )


@pytest.mark.parametrize("head", ["{}", '{"_default": {}}'])
def test_a_reset_head_never_removes_the_tables(tmp_path: Path, head: str) -> None:
    path = tmp_path / "claims.json"
    made = many_claims(path, 5)
    path.write_text(head)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match="nothing was changed. To recover") as refused:
        ClaimStore.open(path)
    assert "tables-in-files" in str(refused.value) and "\n" not in str(refused.value)
    assert snapshot(tmp_path) == {k: v for k, v in before.items()} or set(snapshot(tmp_path)) >= set(before)
    assert all(snapshot(tmp_path)[k] == v for k, v in before.items())
    path.write_text('{"layout": "tables-in-files", "schema": 1}')  # the recovery the message gives
    assert sorted(c.id for c in stored(path)) == sorted(c.id for c in made)


def test_a_reset_head_through_the_command_line_is_one_line(capsys, articles_dir: Path) -> None:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    head = articles_dir / ".reader" / "claims.json"
    head.write_text("{}")
    before = snapshot(articles_dir / ".reader")
    code, _, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    one_error_line(code, err)
    assert all(snapshot(articles_dir / ".reader").get(k) == v for k, v in before.items())


def test_a_head_naming_missing_tables_is_an_error_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    many_claims(path, 10, articles=4)
    gone = tables(path)[1]
    gone.unlink()
    with pytest.raises(StoreError, match=gone.name):
        ClaimStore.open(path, read_only=True)
    with pytest.raises(StoreError, match="missing"):
        ClaimStore.open(path)


def test_a_missing_table_folder_is_not_an_empty_store(capsys, articles_dir: Path) -> None:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    folder = articles_dir / ".reader" / "claims.json.d"
    folder.rename(folder.with_name("elsewhere"))
    code, out, err = run(capsys, articles_dir, "claims")
    one_error_line(code, err)
    assert "missing" in err and out == ""
    code, _, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    one_error_line(code, err)
    assert not folder.exists()


def test_a_store_in_a_read_only_reader_folder_is_not_replaced_by_a_second_one(
    capsys, articles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    reader_dir = articles_dir / ".reader"
    real_access = os.access
    # (Run as root, chmod does not stop writes: the folder is made unwritable to reader.)
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: False if Path(p) in (reader_dir, articles_dir) else real_access(p, mode, **kw),
    )
    assert default_store_path(articles_dir) == reader_dir / "claims.json"
    code, out, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China")
    one_error_line(code, err)
    assert str(reader_dir) in err and "can't be written" in err
    assert not (tmp_path / "xdg_data_home").exists() or not list((tmp_path / "xdg_data_home").rglob("claims.json"))
    code, out, _ = run(capsys, articles_dir, "claims", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_a_stale_copy_never_undoes_a_rename_made_meanwhile(tmp_path: Path) -> None:
    """App B opened read-only and edited a claim; `tag rename` ran after A quit; B's retry
    must not write its stale copy over the rename."""
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        first = store.add(claim(tags=("econ",)))
    holder = ClaimStore.open(path)  # app A
    app_b = ClaimStore.open(path)
    assert app_b.read_only
    h = History(app_b)
    assert not h.do(history.edit(first, replace(first, note="from B")))  # pending: read-only
    holder.close()  # A quits
    with ClaimStore.open(path) as cli:
        assert cli.rename_tag("econ", "economy") == 1
    app_b.close()
    h.store = ClaimStore.open(path)  # B's timed retry reopens the store
    assert not h.flush()
    assert "changed by another program" in h.last_error
    (now,) = stored(path)
    assert now.tags == ("economy",) and now.note == ""
    h.store.close()


def test_a_save_refused_by_another_readers_lock_names_the_store_once(tmp_path: Path) -> None:
    """App B's "not saved" message said the store's path twice ("claims.json claims.json:
    in use by another reader ...")."""
    path = tmp_path / "claims.json"
    holder = ClaimStore.open(path)  # app A
    app_b = ClaimStore.open(path)
    with pytest.raises(storage.StoreReadOnly) as refused:
        app_b.add(claim())
    message = str(refused.value)
    assert message.count(str(path)) == 1 and "in use by another reader" in message, message
    app_b.close()
    holder.close()
    with ClaimStore.open(path, read_only=True) as reading, pytest.raises(storage.StoreReadOnly) as refused:
        reading.add(claim())
    assert str(refused.value) == f"{path}: opened read-only; nothing was saved"


def test_a_tag_rename_that_fails_halfway_renames_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "claims.json"
    many_claims(path, 100)
    before = snapshot(tmp_path)
    with ClaimStore.open(path) as store:
        monkeypatch.setattr(storage, "atomic_write", full_disk_at(6))
        with pytest.raises(StoreWriteError):
            store.rename_tag("old", "new")
        monkeypatch.setattr(storage, "atomic_write", REAL_ATOMIC_WRITE)
        assert store.tags()["old"] == 100
    assert snapshot(tmp_path) == before
    assert {t for c in stored(path) for t in c.tags} == {"old", "t0", "t1", "t2"}


KILLED_RENAME = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import reader.claims.storage as storage
    from reader.claims.store import ClaimStore
    real, calls = storage.atomic_write, []
    def write(path, data):
        calls.append(path)
        if len(calls) == int(sys.argv[2]):
            os._exit(9)  # killed between two files of one save
        real(path, data)
    storage.atomic_write = write
    with ClaimStore.open(Path(sys.argv[1])) as store:
        store.rename_tag("old", "new")
    """
)


@pytest.mark.parametrize("kill_at", [1, 2, 5, 20, 21])
def test_a_tag_rename_killed_midway_is_all_or_nothing(tmp_path: Path, kill_at: int) -> None:
    path = tmp_path / "claims.json"
    many_claims(path, 100)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", KILLED_RENAME, str(path), str(kill_at)], env=env, timeout=60)
    assert done.returncode in (0, 9)
    tags = {t for c in stored(path) for t in c.tags}
    with ClaimStore.open(path) as store:  # a writer finishes an interrupted save
        tags_after = {t for c in store.all() for t in c.tags}
    assert tags_after in ({"old", "t0", "t1", "t2"}, {"new", "t0", "t1", "t2"})
    assert tags == tags_after
    assert len(stored(path)) == 100
    assert not (path.with_name("claims.json.d") / "journal").exists()


def test_an_import_that_fails_halfway_adds_nothing(capsys, articles_dir: Path, tmp_path: Path, monkeypatch) -> None:
    for quote in ("China", "AI tools", QUOTE):
        run(capsys, articles_dir, "annotate", ARTICLE, "--quote", quote)
    run(capsys, articles_dir, "annotate", "003_2482174482ea82ec/china-leads", "--quote", "83 percent")
    dump = tmp_path / "all.json"
    run(capsys, articles_dir, "export", "--format", "json", "-o", str(dump))
    empty = tmp_path / "new" / "claims.json"
    monkeypatch.setattr(storage, "atomic_write", full_disk_at(3))
    code, _, err = run(capsys, articles_dir, "--db", str(empty), "import", str(dump))
    one_error_line(code, err)
    monkeypatch.setattr(storage, "atomic_write", REAL_ATOMIC_WRITE)
    assert not empty.exists() or stored(empty) == []


# --------------------------------------------------------------------------- written where it shouldn't


def test_a_lock_file_that_is_a_link_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = tmp_path / "store" / "claims.json"
    path.parent.mkdir()
    (path.parent / "claims.json.lock").symlink_to(victim)
    store = ClaimStore.open(path)
    assert store.read_only and "link" in store.read_only_reason
    store.close()
    assert victim.read_text() == "precious"


def test_temporary_files_are_never_written_through_a_planted_link(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = path.with_name("claims.json.d")
    (table,) = tables(path)
    for pid in range(os.getpid() - 50, os.getpid() + 50):  # the names the old code used
        for name in (table.name, "claims.json", "journal"):
            for where in (folder, tmp_path):
                link = where / f".{name}.{pid}.tmp"
                if not link.exists():
                    link.symlink_to(victim)
    with ClaimStore.open(path) as store:
        store.add(claim(start=40))
        store.add(claim("b/other"))
    assert victim.read_text() == "precious"
    assert len(stored(path)) == 3


@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_export_never_replaces_what_is_not_a_regular_file(
    capsys, articles_dir: Path, tmp_path: Path, kind: str
) -> None:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
        held = None
    else:
        held = socket.socket(socket.AF_UNIX)
        held.bind(str(target))
    try:
        code, _, err = run(capsys, articles_dir, "export", "-o", str(target), "--force")
        one_error_line(code, err)
        assert "not a regular file" in err
        mode = target.lstat().st_mode
        assert stat.S_ISFIFO(mode) if kind == "fifo" else stat.S_ISSOCK(mode)
    finally:
        if held is not None:
            held.close()


def test_db_at_another_programs_tinydb_file_is_refused(capsys, articles_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"_default": {"1": {"name": "alice", "age": 3}}, "users": {"1": {"x": 1}}}))
    original = other.read_bytes()
    code, _, err = run(capsys, articles_dir, "--db", str(other), "annotate", ARTICLE, "--quote", QUOTE)
    one_error_line(code, err)
    assert "not a reader store" in err and "record 1" in err
    assert other.read_bytes() == original
    assert sorted(p.name for p in tmp_path.glob("other*")) == ["other.json", "other.json.lock"]  # no backup, no tables


# --------------------------------------------------------------------------- tracebacks and hangs


def _store_with_one_claim(articles_dir: Path, capsys) -> Path:
    run(capsys, articles_dir, "annotate", ARTICLE, "--quote", QUOTE)
    return articles_dir / ".reader" / "claims.json"


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("head-schema-text", "schema"),
        ("head-schema-null", "schema"),
        ("empty-record", "record 1: no id"),
        ("key-not-a-number", "record 'one'"),
        ("key-5000-digits", "the key is not a number"),
        ("start-5000-digits", "cannot be read"),
        ("start-text", "record 1: start and end"),
        ("tags-text", "record 1: tags"),
        ("id-number", "record 1: id is not text"),
        ("deep", "nested too deeply"),
        ("surrogate", "record 1: a tag is not valid Unicode"),
    ],
)
def test_a_damaged_store_is_one_line_naming_the_file_and_record(
    capsys, articles_dir: Path, damage: str, said: str
) -> None:
    path = _store_with_one_claim(articles_dir, capsys)
    (table,) = tables(path)
    record = json.loads(table.read_text())["1"]
    if damage.startswith("head"):
        head = json.loads(path.read_text())
        head["schema"] = "2" if damage == "head-schema-text" else None
        path.write_text(json.dumps(head))
        named = path.name
    else:
        content = {
            "empty-record": '{"1": {}}',
            "key-not-a-number": json.dumps({"one": record}),
            # (past Python's 4,300 digits for turning text into an int)
            "key-5000-digits": json.dumps({"9" * 5000: record}),
            "start-5000-digits": json.dumps({"1": {**record, "start": 0}}).replace(
                '"start": 0', '"start": ' + "9" * 5000
            ),
            "start-text": json.dumps({"1": {**record, "start": "3"}}),
            "tags-text": json.dumps({"1": {**record, "tags": "abc"}}),
            "id-number": json.dumps({"1": {**record, "id": 12345}}),
            "deep": '{"1": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "surrogate": json.dumps({"1": {**record, "tags": ["\ud800"]}}),
        }[damage]
        table.write_text(content)
        named = table.name
    before = snapshot(articles_dir / ".reader")
    for command in (["claims"], ["tags"], ["export"], ["annotate", ARTICLE, "--quote", "China"]):
        code, _, err = run(capsys, articles_dir, *command)
        one_error_line(code, err)
        assert named in err and said in err, err
    assert snapshot(articles_dir / ".reader") == before


@pytest.mark.parametrize("where", ["tag", "note", "rename"])
def test_a_lone_surrogate_given_on_the_command_line_is_one_line(capsys, articles_dir: Path, where: str) -> None:
    _store_with_one_claim(articles_dir, capsys)
    run(capsys, articles_dir, "tag", "rename", "x", "y")
    if where == "rename":
        run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China", "--tag", "econ")
        code, _, err = run(capsys, articles_dir, "tag", "rename", "econ", "bad\udcff")
    else:
        option = "--tag" if where == "tag" else "--note"
        code, _, err = run(capsys, articles_dir, "annotate", ARTICLE, "--quote", "China", option, "bad\udcff")
    one_error_line(code, err)
    # (a tag is refused by the tag rule before the store sees it; a note by the store)
    assert "surrogate" in err or where != "note" and "a tag is letters" in err
    code, out, _ = run(capsys, articles_dir, "claims", "--json")
    assert code == 0


def test_an_import_nested_too_deeply_or_with_bad_text_is_one_line(capsys, articles_dir: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = run(capsys, articles_dir, "import", str(deep))
    one_error_line(code, err)
    assert "deep.json" in err
    huge = tmp_path / "huge.json"  # a number past Python's 4,300 digits for an int
    huge.write_text('[{"type": "Annotation", "id": ' + "9" * 5000 + "}]")
    code, _, err = run(capsys, articles_dir, "import", str(huge))
    one_error_line(code, err)
    assert "huge.json" in err
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {
                    "type": "Annotation",
                    "id": "a",
                    "target": {
                        "source": source(articles_dir),
                        "selector": {"type": "TextQuoteSelector", "exact": QUOTE},
                    },
                },
                {
                    "type": "Annotation",
                    "id": "b",
                    "target": {
                        "source": source(articles_dir),
                        "selector": {"type": "TextQuoteSelector", "exact": QUOTE},
                    },
                    "body": {"purpose": "tagging", "value": "\ud800"},
                },
            ]
        )
    )
    code, _, err = run(capsys, articles_dir, "import", str(bad))
    one_error_line(code, err)
    assert "bad.json" in err and "annotation 2" in err and "nothing was imported" in err
    assert (
        not (articles_dir / ".reader" / "claims.json").exists()
        or stored(articles_dir / ".reader" / "claims.json") == []
    )


def test_a_store_file_that_is_a_fifo_never_blocks(articles_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "claims.json"
    os.mkfifo(store)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for command in (["claims"], ["annotate", ARTICLE, "--quote", QUOTE]):
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--articles", str(articles_dir), "--db", str(store), *command],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
        one_error_line(done.returncode, done.stderr)
        assert "not a regular file" in done.stderr
    assert stat.S_ISFIFO(store.lstat().st_mode)


def test_a_table_file_that_is_a_fifo_never_blocks(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    many_claims(path, 3, articles=1)
    (table,) = tables(path)
    table.unlink()
    os.mkfifo(table)
    with pytest.raises(StoreError, match="not a regular file"):
        ClaimStore.open(path, read_only=True)


def test_an_imported_context_of_100_kb_is_cut_to_32_characters(capsys, articles_dir: Path, tmp_path: Path) -> None:
    dump = tmp_path / "big.json"
    dump.write_text(
        json.dumps(
            [
                {
                    "type": "Annotation",
                    "target": {
                        "source": source(articles_dir),
                        "selector": [
                            {
                                "type": "TextQuoteSelector",
                                "exact": "words that are not in the article at all",
                                "prefix": "p" * 100_000,
                                "suffix": "s" * 100_000,
                            }
                        ],
                    },
                }
            ]
        )
    )
    code, out, _ = run(capsys, articles_dir, "import", str(dump))
    assert code == 0 and "imported 1 claim" in out
    # The tag rule leaves such tags out of an import now; a store written before the rule
    # (or by hand) can still hold them, so they are put back as that store would have them.
    with ClaimStore.open(articles_dir / ".reader" / "claims.json") as store:
        (claim,) = store.all()
        assert claim.tags == ()
        store.update(replace(claim, tags=(f"evil{OSC52}{CLEAR}", f"<script>alert(1)</script>{C1_CSI}\u202e")))
    (kept,) = stored(articles_dir / ".reader" / "claims.json")
    assert len(kept.prefix) <= 32 and len(kept.suffix) <= 32


def test_context_stored_long_is_read_back_short(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(replace(claim(), prefix="p" * 100_000, suffix="s" * 100_000))
    (kept,) = stored(path)
    assert kept.prefix == "p" * 32 and kept.suffix == "s" * 32


# --------------------------------------------------------------------------- escapes through imports

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
CLEAR = "\x1b[2J"
C1_CSI = "\x9b2J"


def _hostile_import(capsys, articles_dir: Path, tmp_path: Path) -> None:
    dump = tmp_path / "hostile.json"
    dump.write_text(
        json.dumps(
            [
                {
                    "type": "Annotation",
                    "id": "urn:uuid:6f0c9d4e-1d8a-4a57-9d36-0c0c3a0e4b11",
                    "target": {
                        "source": source(articles_dir),
                        "selector": [{"type": "TextQuoteSelector", "exact": QUOTE}],
                    },
                    "body": [
                        {"type": "TextualBody", "purpose": "tagging", "value": f"evil{OSC52}{CLEAR}"},
                        {
                            "type": "TextualBody",
                            "purpose": "tagging",
                            "value": f"<script>alert(1)</script>{C1_CSI}\u202e",
                        },
                        {
                            "type": "TextualBody",
                            "purpose": "commenting",
                            "value": f"note{OSC52} and\n^claim-deadbeef\n{CLEAR}end",
                        },
                    ],
                }
            ],
            ensure_ascii=False,
        )
    )
    code, out, _ = run(capsys, articles_dir, "import", str(dump))
    assert code == 0 and "imported 1 claim" in out
    # The tag rule leaves such tags out of an import now; a store written before the rule
    # (or by hand) can still hold them, so they are put back as that store would have them.
    with ClaimStore.open(articles_dir / ".reader" / "claims.json") as store:
        (claim,) = store.all()
        assert claim.tags == ()
        store.update(
            replace(
                claim,
                tags=(f"evil{OSC52}{CLEAR}", f"<script>alert(1)</script>{C1_CSI}\u202e"),
                quote=f"{OSC52}{C1_CSI}\u202e{QUOTE}",  # an orphan's quote is shown as stored
            )
        )


def _no_escape(out: str) -> None:
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out and "\u202e" not in out, repr(out)


@pytest.mark.parametrize(
    "command",
    [
        ["tags"],
        ["tags", "--json"],
        ["claims"],
        ["claims", "--json"],
        ["export"],
        ["export", "--by", "tag"],
        ["export", "--format", "json"],
        ["board"],
        ["board", "--json"],
        ["claim", "edit", "6f0c9d4e"],
        ["claim", "delete", "6f0c9d4e"],
    ],
    ids=" ".join,
)
def test_hostile_imported_tags_and_notes_never_reach_the_terminal(
    capsys, articles_dir: Path, tmp_path: Path, command
) -> None:
    _hostile_import(capsys, articles_dir, tmp_path)
    code, out, err = run(capsys, articles_dir, *command)
    assert code == 0, err
    _no_escape(out)
    _no_escape(err)
    if "--json" in command or "json" in command:
        json.loads(out)  # still valid JSON, the values kept
    if "delete" in command:
        return
    (kept,) = stored(articles_dir / ".reader" / "claims.json")
    assert OSC52 in kept.tags[0] and OSC52 in kept.note  # the stored value is as imported


def test_markdown_escapes_controls_script_and_block_references(capsys, articles_dir: Path, tmp_path: Path) -> None:
    _hostile_import(capsys, articles_dir, tmp_path)
    target = tmp_path / "notes.md"
    code, _, _ = run(capsys, articles_dir, "export", "-o", str(target))
    assert code == 0
    text = target.read_text("utf-8")
    _no_escape(text)
    front = text.split("---")[1]
    assert "<script" not in front and "\\u003cscript\\u003e" in front
    assert "\n^claim-deadbeef" not in text and "\\^claim-deadbeef" in text
    assert text.count("^claim-") == 2  # the claim's own block id and the escaped note line


# --------------------------------------------------------------------------- properties

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["\ud800", "\x1b]52;c;x\x07", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
FIELDS = [
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
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_damage_to_a_record_or_head_is_a_store_error_or_harmless(tmp_path_factory, data) -> None:
    """A record or head changed to anything JSON can hold: the store opens and works, or
    opening raises StoreError; never another exception, and never a write."""
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "claims.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
    (table,) = tables(path)
    record = json.loads(table.read_text())["1"]
    where = data.draw(st.sampled_from(["field", "drop", "key", "table", "head"]))
    if where == "field":
        record[data.draw(st.sampled_from(FIELDS))] = data.draw(json_value)
        table.write_text(json.dumps({"1": record}))
    elif where == "drop":
        dropped = data.draw(st.sampled_from(FIELDS))
        table.write_text(json.dumps({"1": {k: v for k, v in record.items() if k != dropped}}))
    elif where == "key":
        table.write_text(json.dumps({data.draw(st.text(max_size=4)): record}))
    elif where == "table":
        table.write_text(json.dumps(data.draw(json_value)))
    else:
        head = json.loads(path.read_text())
        head[data.draw(st.sampled_from(["schema", "tables", "layout"]))] = data.draw(json_value)
        path.write_text(json.dumps(head))
    before = snapshot(folder)
    for read_only in (True, False):
        try:
            store = ClaimStore.open(path, read_only=read_only)
        except StoreError as error:
            assert "\n" not in str(error)
            continue
        with store:
            for c in store.all():
                json.dumps(c.record())
            store.tags()
            store.counts()
    after = snapshot(folder)
    after.pop(str(path) + ".lock", None)
    before.pop(str(path) + ".lock", None)
    assert after == before


annotation_part = st.one_of(json_value, st.text(max_size=40))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_hostile_import_adds_all_or_nothing_and_raises_only_import_errors(tmp_path_factory, data) -> None:
    from reader.claims.model import InvalidRecord
    from reader.collection import Collection
    from reader.notes.formats.w3c import ImportProblem, read_annotations
    from reader.notes.importing import import_annotations

    folder = tmp_path_factory.mktemp("import")
    articles = folder / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Title\n\nA claim about things that matter a great deal to everyone who reads.\n")
    collection = Collection.load(articles)
    article = collection.articles[0]
    items = []
    for _ in range(data.draw(st.integers(1, 4))):
        item = {
            "type": "Annotation",
            "id": data.draw(annotation_part),
            "target": {
                "source": "urn:reader:article:" + article.id,
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": data.draw(st.sampled_from(["things that matter", "nowhere"])),
                        "prefix": data.draw(annotation_part),
                        "suffix": data.draw(annotation_part),
                    },
                    {
                        "type": "TextPositionSelector",
                        "start": data.draw(annotation_part),
                        "end": data.draw(annotation_part),
                    },
                ],
            },
            "body": [
                {
                    "type": "TextualBody",
                    "purpose": data.draw(st.sampled_from(["tagging", "commenting"])),
                    "value": data.draw(annotation_part),
                }
            ],
        }
        items.append(item)
    path = folder / "claims.json"
    with ClaimStore.open(path) as store:
        try:
            report = import_annotations(read_annotations(items), collection, store)
        except (InvalidRecord, ImportProblem) as error:
            assert "\n" not in str(error)
            assert store.all() == []
            report = None
    count = len(stored(path)) if path.exists() else 0
    assert count == (report.added if report else 0)
    for c in stored(path) if path.exists() else []:
        assert len(c.prefix) <= 32 and len(c.suffix) <= 32


def test_markdown_keeps_emoji_joiners_and_escapes_only_what_could_act() -> None:
    from reader.notes.escaping import escape_line

    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert escape_line(f"{family} x\x1b[2J\u202e") == f"{family} x&#27;\\[2J&#8238;"


def test_an_older_head_gets_its_tables_named_so_a_lost_table_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    many_claims(path, 10, articles=4)
    path.write_text('{"layout": "tables-in-files", "schema": 1}')  # as heads were before they named tables
    with ClaimStore.open(path):
        pass
    assert len(json.loads(path.read_text())["tables"]) == 4
    tables(path)[0].unlink()
    with pytest.raises(StoreError, match="missing"):
        ClaimStore.open(path, read_only=True)
