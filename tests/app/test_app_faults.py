"""A full disk or a read-only folder while the app saves a claim.

The disk is made to fail inside `reader.claims.storage`'s atomic write: the temporary file's
`write` stores half of the bytes and raises `OSError(errno)`, as a disk that fills up
part way does. The app must say so, keep the claim in memory (shown, and copyable), leave
what was stored byte for byte, and save the claim once writing works again: by itself
(it retries on a timer), with the next change, or with "Retry saving" from the command
palette. The real read-only folder
(chmod) is skipped for root, whom permissions don't stop; `bench/bench_app_full_disk.py`
does the same on a real 64 KiB tmpfs.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import reader.claims.storage
from reader.app.app import ReaderApp
from reader.claims.location import default_store_path
from reader.claims.model import make_claim
from reader.claims.store import ClaimStore
from reader.collection import Collection

from .conftest import SIZE, ready


class Disk:
    """Switches the store's writes between working and failing with `errno`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.error: int | None = None
        self.refused = 0  # writes refused so far
        real_open = open

        def storage_open(file, mode="r", *args, **kwargs):
            handle = real_open(file, mode, *args, **kwargs)
            if self.error is None or "w" not in mode:
                return handle
            return _FailingWrites(handle, self)

        # `atomic_write` opens its temporary file with the module's `open`: only the store's
        # writes fail, nothing else in the process.
        monkeypatch.setattr(reader.claims.storage, "open", storage_open, raising=False)

    def fail(self, code: int) -> None:
        self.error = code

    def work(self) -> None:
        self.error = None


class _FailingWrites:
    def __init__(self, handle, disk: Disk) -> None:
        self._handle = handle
        self._disk = disk

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])  # part of it lands, as on a filling disk
        self._handle.flush()
        self._disk.refused += 1
        raise OSError(self._disk.error, os.strerror(self._disk.error))

    def __getattr__(self, name: str):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()


def store_files(articles: Path) -> dict[str, bytes]:
    """Every file of the store folder (head, tables, anything else), by relative path."""
    folder = articles / ".reader"  # not default_store_path: elsewhere once it is read-only
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "claims.json.lock"
    }


def stored_ids(articles: Path) -> set[str]:
    with ClaimStore.open(articles / ".reader" / "claims.json", read_only=True) as store:
        return {c.id for c in store.all()}


def messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def one_claim(articles_dir: Path) -> str:
    """A claim stored before the app starts, on the article it opens first; its id."""
    collection = Collection.load(articles_dir)
    first = collection.get(collection.ids[0])
    claim = make_claim(first.id, first.file, first.title, first.text, 0, 12, ("before",))
    with ClaimStore.open(default_store_path(articles_dir)) as store:
        store.add(claim)
    return claim.id


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    yield Disk(monkeypatch)


async def mark(pilot, tags: str) -> None:
    """Mark the sentence after the cursor with `tags` (j: next sentence, h: mark)."""
    await pilot.press("j", "h", *tags, "enter")
    await pilot.pause()


@pytest.mark.parametrize(
    ("code", "said"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
async def test_a_claim_marked_while_the_disk_refuses_is_kept_and_saved_with_the_next_change(
    articles_dir: Path, one_claim: str, disk: Disk, code: int, said: str
) -> None:
    before = store_files(articles_dir)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        disk.fail(code)
        await mark(pilot, "kept")
        assert disk.refused, "the app never tried to write"
        # Said, with the reason and what to do meanwhile.
        shown = [m for m in messages(app) if "not saved" in m]
        assert shown and said in shown[-1], messages(app)
        assert "kept in memory" in shown[-1] and "Retry saving" in shown[-1]
        # Kept in memory and shown in the text and the panel.
        assert [c.tags for c in app.history.unsaved] == [("kept",)]
        kept = app.history.unsaved[0]
        assert {c.id for c in app.main_screen.text_view.claims} == {one_claim, kept.id}
        await pilot.press("c")
        await pilot.pause()
        assert kept.id in {row.claim.id for row in app.main_screen.claims_panel.rows}
        await pilot.press("escape")
        # Nothing stored was touched: the same files, byte for byte, no temporary left.
        assert store_files(articles_dir) == before
        # Quitting warns, and says how to keep the claim.
        app.main_screen.text_view.focus()
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is None
        assert any("not saved" in m and "Copy them with Y" in m for m in messages(app))
        # Writing works again: the next change saves the kept claim first, then its own.
        disk.work()
        await mark(pilot, "after")
        assert not app.history.pending
        assert any(m.startswith("Claim marked") for m in messages(app)[-2:])
        after = next(c for c in app.main_screen.text_view.claims if c.tags == ("after",))
        assert stored_ids(articles_dir) == {one_claim, kept.id, after.id}
    assert store_files(articles_dir)["claims.json"] == before["claims.json"]


async def test_retry_saving_from_the_command_palette(articles_dir: Path, one_claim: str, disk: Disk) -> None:
    before = store_files(articles_dir)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        disk.fail(errno.ENOSPC)
        await mark(pilot, "one")
        await mark(pilot, "two")
        assert [c.tags for c in app.history.unsaved] == [("one",), ("two",)]
        # A retry while the disk is still full says so and keeps both.
        await retry_from_palette(pilot)
        assert any(m.startswith("Still not saved") and "No space left on device" in m for m in messages(app))
        assert len(app.history.pending) == 2
        assert store_files(articles_dir) == before
        disk.work()
        await retry_from_palette(pilot)
        assert not app.history.pending
        assert any("All claim changes are saved" in m for m in messages(app))
        assert stored_ids(articles_dir) == {
            one_claim,
            *(c.id for c in app.main_screen.text_view.claims),
        }
        assert len(app.main_screen.text_view.claims) == 3
        # Undo works on what was saved late, as on anything else.
        await pilot.press("u")
        await pilot.pause()
        assert len(stored_ids(articles_dir)) == 2


async def test_changes_are_saved_by_themselves_once_the_disk_has_room_again(
    articles_dir: Path, one_claim: str, disk: Disk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReaderApp, "RETRY_SAVING_EVERY", 0.05)
    before = store_files(articles_dir)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        disk.fail(errno.ENOSPC)
        await mark(pilot, "waiting")
        refused = disk.refused
        shown = len(messages(app))
        await pilot.pause(0.3)
        # Tried again (and refused) meanwhile, without a message for each try.
        assert disk.refused > refused and len(messages(app)) == shown
        assert len(app.history.pending) == 1 and store_files(articles_dir) == before
        disk.work()
        await pilot.pause(0.3)
        assert not app.history.pending
        assert any(m.startswith("All claim changes are saved now") for m in messages(app))
        waiting = next(c for c in app.main_screen.text_view.claims if c.tags == ("waiting",))
        assert stored_ids(articles_dir) == {one_claim, waiting.id}
        # Nothing left to save: the retries stop.
        assert app._checking is None


async def retry_from_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*"Retry saving")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


def permissions_hold(folder: Path) -> bool:
    """Whether a folder made read-only stops this process: not for root, unless it runs
    without CAP_DAC_OVERRIDE (`capsh --drop=cap_dac_override,cap_dac_read_search -- -c ...`)."""
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o500)
    try:
        (probe / "x").write_bytes(b"")
    except PermissionError:
        return True
    else:
        return False
    finally:
        probe.chmod(0o700)


async def test_a_read_only_store_folder(articles_dir: Path, one_claim: str, tmp_path: Path) -> None:
    """The store's folders made read-only (chmod 0o500) while the app runs."""
    if os.geteuid() == 0 and not permissions_hold(tmp_path):
        pytest.skip("root writes into a read-only folder all the same")
    before = store_files(articles_dir)
    path = default_store_path(articles_dir)
    assert path.parent == articles_dir / ".reader"
    folders = [path.parent, path.with_name(path.name + ".d")]
    app = ReaderApp(articles_dir)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            for folder in folders:
                folder.chmod(0o500)
            await mark(pilot, "kept")
            shown = [m for m in messages(app) if "not saved" in m]
            assert shown and "Permission denied" in shown[-1], messages(app)
            assert [c.tags for c in app.history.unsaved] == [("kept",)]
            kept = app.history.unsaved[0]
            assert store_files(articles_dir) == before
            for folder in folders:
                folder.chmod(0o700)
            await retry_from_palette(pilot)
            assert not app.history.pending
            assert stored_ids(articles_dir) == {one_claim, kept.id}
    finally:
        for folder in folders:
            folder.chmod(0o700)


async def _conflict(pilot, app: ReaderApp, articles_dir: Path, one_claim: str, monkeypatch) -> None:
    """App B, read-only while A held the store, edits a claim's note; A quits;
    `reader tag rename` runs; B's timed retry meets the rename."""
    from dataclasses import replace

    from reader.claims import history
    from reader.cli import main

    await ready(pilot)
    assert app.store_session.store is not None and app.store_session.store.read_only
    before = next(c for c in app.history.all_claims() if c.id == one_claim)
    app.do(history.edit(before, replace(before, note="from B")), "Note changed")
    assert app.history.pending
    app.holder.close()  # A quits
    assert main(["--articles", str(articles_dir), "tag", "rename", "before", "renamed"]) == 0
    await pilot.pause(0.4)


async def test_a_stale_change_never_undoes_a_rename_made_while_the_app_was_read_only(
    articles_dir: Path, one_claim: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: B's timed retry must not write its stale copy over the rename; it stops
    retrying and asks, and escape leaves both as they are."""
    from reader.app.screens.conflict import ConflictScreen

    monkeypatch.setattr(ReaderApp, "RETRY_SAVING_EVERY", 0.05)
    app = ReaderApp(articles_dir)
    app.holder = ClaimStore.open(default_store_path(articles_dir))  # app A
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(pilot, app, articles_dir, one_claim, monkeypatch)
        assert app._checking is None  # no endless retries
        assert isinstance(app.screen, ConflictScreen)
        assert "changed by another program" in str(app.screen.query_one("#conflict-reason").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.history.pending  # still waiting, still shown as the user left it
        assert any("Retry saving" in m for m in messages(app))
    with ClaimStore.open(default_store_path(articles_dir), read_only=True) as store:
        (kept,) = store.all()
    assert kept.tags == ("renamed",) and kept.note == ""


@pytest.mark.parametrize("key", ["s", "m"])
async def test_a_conflict_is_settled_by_the_users_choice_and_later_changes_save(
    articles_dir: Path, one_claim: str, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """Tried by hand: after a conflict every later change queued behind the step that
    could never save, and was said to be "saved as soon as the store can be written"."""
    from dataclasses import replace

    from reader.claims import history

    monkeypatch.setattr(ReaderApp, "RETRY_SAVING_EVERY", 0.05)
    app = ReaderApp(articles_dir)
    app.holder = ClaimStore.open(default_store_path(articles_dir))
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(pilot, app, articles_dir, one_claim, monkeypatch)
        await pilot.press(key)
        await pilot.pause()
        assert not app.history.pending and not app.store_session.give_up
        (shown,) = app.history.all_claims()
        if key == "s":  # the store's: the rename stays, B's note is dropped
            assert shown.tags == ("renamed",) and shown.note == ""
            assert any("dropped your 1 unsaved change" in m for m in messages(app))
        else:  # mine: B's version replaces the other change
            assert shown.tags == ("before",) and shown.note == "from B"
        app.do(history.edit(shown, replace(shown, note="later")), "Note changed")
        assert not app.history.pending
    with ClaimStore.open(default_store_path(articles_dir), read_only=True) as store:
        (kept,) = store.all()
    assert kept.note == "later"


async def test_a_read_only_app_shows_what_the_other_reader_saves_and_when_it_can_write(
    articles_dir: Path, one_claim: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tried by hand: an app opened read-only kept showing the claims of the moment it opened."""
    from reader.cli import main

    monkeypatch.setattr(ReaderApp, "RETRY_SAVING_EVERY", 0.05)
    holder = ClaimStore.open(default_store_path(articles_dir))
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.store_session.writable
        (first,) = app.history.all_claims()
        holder.close()
        # A writes a claim (a second program, as A's own save would), then holds again.
        assert (
            main(["--articles", str(articles_dir), "annotate", first.article, "--quote", first.quote[:10], "--new"])
            == 0
        )
        await pilot.pause(0.3)
        assert len(app.history.all_claims()) == 2
        assert app.store_session.writable
        assert any("can be written again" in m for m in messages(app))


async def test_an_edit_the_store_refuses_never_says_it_was_saved(articles_dir: Path, one_claim: str) -> None:
    """Tried by hand with two apps: B's tag edit said "Tags saved, but not saved: <store>
    <store>: in use by another reader ...", the path twice and "saved" for what was not."""
    path = default_store_path(articles_dir)
    holder = ClaimStore.open(path)  # app A
    try:
        app = ReaderApp(articles_dir)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.store_session.store is not None and app.store_session.store.read_only
            await pilot.press("t", "end", "space", "m", "o", "r", "e", "enter")
            await pilot.pause()
            assert [c.tags for c in app.history.unsaved] == [("before", "more")]
            (shown,) = [m for m in messages(app) if "not saved" in m]
            assert not shown.startswith("Tags saved") and shown.count(str(path)) == 1, shown
            assert "in use by another reader" in shown
    finally:
        holder.close()


async def test_the_conflict_dialog_opens_at_its_top_on_a_small_screen(articles_dir: Path) -> None:
    """Walked through at 80x24 with many claims: it opened scrolled down to its buttons,
    the reason and the user's version out of sight (and no key scrolls up to them)."""
    from dataclasses import replace

    from reader.app.screens.conflict import ConflictScreen
    from reader.claims.model import make_claim

    text = "A claim whose note is long. " * 4
    mine = [replace(make_claim("a", "a.txt", "T", text, 0, 20), note=f"note {i}") for i in range(30)]
    app = ReaderApp(articles_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.push_screen(ConflictScreen(mine, "claims.json: claim 1 was changed by another program"))
        await pilot.pause()
        await pilot.pause()
        box = app.screen.query_one("#conflict")
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("escape")
