"""Undo, redo, and steps kept pending while the store can't save."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reader.claims import history
from reader.claims.history import History
from reader.claims.model import make_claim
from reader.claims.store import ClaimStore

TEXT = "One sentence comes first. The claim is that 83 percent agreed. Another sentence ends it."


def claim(start: int, end: int, tags=("fig",), article: str = "f/t"):
    return make_claim(article, "f.txt", "T", TEXT, start, end, tags)


def test_create_edit_delete_undo_redo(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        h = History(store)
        first = claim(0, 25)
        assert h.do(history.create(first))
        assert [c.id for c in store.for_article("f/t")] == [first.id]
        tagged = replace(first, tags=("a", "b"), note="why")
        assert h.do(history.edit(first, tagged, "tags"))
        assert store.get(first.id).tags == ("a", "b")
        assert h.do(history.delete(tagged))
        assert store.for_article("f/t") == []
        step, saved = h.undo()
        assert step is not None and step.label == "delete" and saved
        assert store.get(first.id) == tagged
        h.undo()
        assert store.get(first.id) == first
        h.undo()
        assert store.for_article("f/t") == []
        assert h.undo() == (None, True)
        h.redo()
        h.redo()
        assert store.get(first.id) == tagged
        # A new step forgets what could be redone.
        second = claim(26, 62)
        h.do(history.create(second))
        assert h.redo() == (None, True)
        assert h.counts() == {"f/t": 2}


def test_rename_tag_is_one_step(tmp_path: Path) -> None:
    with ClaimStore.open(tmp_path / "c.json") as store:
        h = History(store)
        a, b = claim(0, 25, ("old", "keep")), claim(26, 62, ("new", "old"))
        h.do(history.create(a))
        h.do(history.create(b))
        step = history.rename_tag(h.all_claims(), "old", "new")
        h.do(step)
        assert store.tags() == {"new": 2, "keep": 1}
        assert store.get(b.id).tags == ("new",)  # merged
        h.undo()
        assert store.tags() == {"old": 2, "keep": 1, "new": 1}


def test_read_only_store_keeps_steps_pending_and_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    with ClaimStore.open(path) as store:
        kept = claim(0, 25)
        store.add(kept)
    with ClaimStore.open(path, read_only=True) as store:
        h = History(store)
        new = claim(26, 62)
        assert not h.do(history.create(new))
        assert "read-only" in h.last_error
        assert h.do(history.delete(kept)) is False
        assert [c.id for c in h.claims_for("f/t")] == [new.id]
        assert h.counts() == {"f/t": 1}
        assert [c.id for c in h.unsaved] == [new.id, kept.id]
        assert store.for_article("f/t") == [kept]  # nothing stored was touched
    # Writing works again: the pending steps are saved in order.
    with ClaimStore.open(path) as store:
        h.store = store
        assert h.flush() and not h.pending
        assert [c.id for c in store.for_article("f/t")] == [new.id]


def test_no_store_at_all_keeps_everything_pending() -> None:
    h = History(None, "claims.json: cannot be read")
    one = claim(0, 25)
    assert not h.do(history.create(one))
    assert h.last_error == "claims.json: cannot be read"
    assert h.claims_for("f/t") == [one]
    assert h.tags() == {"fig": 1}
    h.undo()
    assert h.claims_for("f/t") == []


def test_a_step_that_failed_is_saved_whole_later(tmp_path: Path, monkeypatch) -> None:
    """A step on many claims is one save: a failure leaves none of it stored, a retry all."""
    import reader.claims.storage as storage

    with ClaimStore.open(tmp_path / "c.json") as store:
        h = History(store)
        a, b = claim(0, 25, ("x",)), claim(26, 62, ("x",))
        h.do(history.create(a))
        h.do(history.create(b))
        real = storage.atomic_write

        def full(path, data):
            raise OSError(28, "No space left on device", str(path))

        monkeypatch.setattr(storage, "atomic_write", full)
        assert not h.do(history.rename_tag(h.all_claims(), "x", "y"))
        assert "No space left" in h.last_error
        assert store.tags() == {"x": 2}  # none of it
        assert h.tags() == {"y": 2}  # shown as it will be
        monkeypatch.setattr(storage, "atomic_write", real)
        assert h.flush()
        assert store.tags() == {"y": 2}
