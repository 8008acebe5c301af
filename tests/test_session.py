"""The store session: read-only opening with the reason, saving later, giving up on conflicts."""

from __future__ import annotations

import errno
from dataclasses import replace
from pathlib import Path

import pytest

import reader.claims.storage
from reader.claims import history
from reader.claims.model import make_claim
from reader.claims.session import StoreSession
from reader.claims.store import ClaimStore

TEXT = "One sentence comes first. The claim is that 83 percent agreed. Another sentence ends it."


def claim(start: int = 26, end: int = 62, tags=("fig",)):
    return make_claim("f/t", "f.txt", "T", TEXT, start, end, tags)


def test_not_open_yet_keeps_changes_and_saves_them_on_opening(tmp_path: Path) -> None:
    session = StoreSession(tmp_path / "claims.json")
    assert not session.opened and session.store is None
    assert not session.do(history.create(claim()))
    assert session.pending and "not open yet" in session.history.last_error
    assert session.open()
    assert session.opened and session.writable and session.problem == "" and not session.pending
    assert session.counts() == {"f/t": 1}
    session.close()
    assert session.store is None and session.history.store is None


def test_read_only_while_another_reader_holds_it_then_saved_by_retry(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    holder = ClaimStore.open(path)
    session = StoreSession(path)
    try:
        assert session.open()
        assert session.store is not None and session.store.read_only
        assert "another reader" in session.problem and not session.writable
        assert not session.do(history.create(claim()))
        assert session.pending and session.counts() == {"f/t": 1}  # shown as if saved
        assert not session.retry()  # still held
        assert not session.give_up
    finally:
        holder.close()
    assert session.retry()  # the other reader quit: opened for writing, saved
    assert session.writable and session.problem == "" and not session.pending
    session.close()
    with ClaimStore.open(path, read_only=True) as store:
        assert [c.quote for c in store.all()] == [claim().quote]


def test_a_failed_save_waits_and_the_retry_saves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = StoreSession(tmp_path / "claims.json")
    session.open()
    real_open = open
    full = True

    def storage_open(file, mode="r", *args, **kwargs):
        if full and "w" in mode:
            raise OSError(errno.ENOSPC, "No space left on device", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(reader.claims.storage, "open", storage_open, raising=False)
    assert not session.do(history.create(claim()))
    assert session.pending and "No space left" in session.history.last_error
    assert not session.retry()
    full = False
    assert session.retry() and not session.pending
    session.close()


def test_a_claim_changed_elsewhere_is_not_written_over(tmp_path: Path) -> None:
    session, path, first = _conflicted(tmp_path)  # the retry met the other change
    assert session.give_up and session.pending
    session.close()
    with ClaimStore.open(path, read_only=True) as store:
        assert store.get(first.id).note == "theirs"


def test_a_store_that_cannot_be_read_is_not_open_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_text("{ not json", encoding="utf-8")
    session = StoreSession(path)
    session.open()
    assert session.store is None and session.problem and not session.writable
    assert session.counts() == {} and session.tags() == [] and session.findings() == {}
    assert not session.do(history.create(claim()))
    assert path.read_text(encoding="utf-8") == "{ not json"  # left as it was


def _conflicted(tmp_path: Path) -> tuple[StoreSession, Path, object]:
    """A session whose waiting note edit met another program's note on the same claim."""
    path = tmp_path / "claims.json"
    first = claim()
    with ClaimStore.open(path) as store:
        store.add(first)
    holder = ClaimStore.open(path)
    session = StoreSession(path)
    session.open()
    assert not session.do(history.edit(first, replace(first, note="mine"), "note"))
    holder.update(replace(first, note="theirs"))
    holder.close()
    assert not session.retry() and session.give_up
    return session, path, first


def test_keep_mine_writes_the_waiting_change_over_the_other(tmp_path: Path) -> None:
    session, path, first = _conflicted(tmp_path)
    assert session.keep_mine()
    assert not session.pending and not session.give_up
    assert [c.note for c in session.history.all_claims()] == ["mine"]
    session.close()
    with ClaimStore.open(path, read_only=True) as store:
        assert store.get(first.id).note == "mine"


def test_keep_theirs_drops_the_waiting_change_and_shows_the_store(tmp_path: Path) -> None:
    session, path, first = _conflicted(tmp_path)
    (dropped,) = session.keep_theirs()
    assert dropped.claims[0].note == "mine"
    assert not session.pending and not session.give_up
    assert [c.note for c in session.history.all_claims()] == ["theirs"]
    assert session.history.undo() == (None, True)  # undoing would only meet the other change again
    # Later changes save again: the conflict no longer blocks them.
    now = session.history.all_claims()[0]
    assert session.do(history.edit(now, replace(now, note="after"), "note"))
    session.close()
    with ClaimStore.open(path, read_only=True) as store:
        assert store.get(first.id).note == "after"


def test_refresh_shows_what_another_reader_saved_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    holder = ClaimStore.open(path)
    session = StoreSession(path)
    session.open()
    assert session.problem and session.history.all_claims() == []
    holder.add(claim())
    assert not session.refresh()  # still held: read-only, but it reads what is there now
    assert len(session.history.all_claims()) == 1
    holder.close()
    assert session.refresh() and not session.problem
    session.close()


def test_refresh_reads_a_held_store_again_only_when_its_files_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only app looks every 15 s; reading a large store each time froze it."""
    path = tmp_path / "claims.json"
    holder = ClaimStore.open(path)
    holder.add(claim())
    session = StoreSession(path)
    session.open()
    opened = []
    real = ClaimStore.open_or_read_only
    monkeypatch.setattr(ClaimStore, "open_or_read_only", lambda p: opened.append(p) or real(p))
    assert not session.refresh() and opened == []  # nothing changed, still held
    holder.add(claim(start=0, end=20))
    assert not session.refresh() and len(opened) == 1  # a save: read again
    assert len(session.history.all_claims()) == 2
    holder.close()
    assert session.refresh() and len(opened) == 2  # let go: opened for writing
    session.close()
