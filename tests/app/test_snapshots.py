"""Snapshots of the main screens at a fixed size (update with `--snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

import reader.app.exporting
from reader.app.app import ReaderApp

from .conftest import SIZE, ready


@pytest.fixture
def app(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> ReaderApp:
    # The help screen shows paths, which differ per test run: fixed ones here.
    monkeypatch.setattr(
        ReaderApp,
        "help_notes",
        lambda self: ["Articles: articles/", "Config:   ~/.config/reader/config.toml"],
    )
    return ReaderApp(articles_dir)


def test_main_screen(snap_compare, app: ReaderApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("j", "j")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_main_screen_with_signals_and_find(snap_compare, app: ReaderApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        for _ in range(7):
            await pilot.press("right_square_bracket")
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("slash", *"China", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_search_screen(snap_compare, app: ReaderApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("ctrl+k", *"video")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, app: ReaderApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def _with_claims(articles: Path) -> None:
    """Three claims in the first article (two tags and an untagged one), at fixed offsets."""
    from reader.claims.location import default_store_path
    from reader.claims.model import make_claim
    from reader.claims.store import ClaimStore
    from reader.collection import Collection

    collection = Collection.load(articles)
    article = collection.get(collection.ids[0])
    text = article.text
    spans = [(0, 60, ("economy",), "check the figure"), (200, 320, ("disputed", "economy"), ""), (400, 470, (), "")]
    with ClaimStore.open(default_store_path(articles)) as store:
        for number, (start, end, tags, note) in enumerate(spans):
            claim = make_claim(article.id, article.file, article.title, text, start, end, tags, note)
            # Fixed ids and times, so the picture is the same on every run.
            from dataclasses import replace

            store.add(
                replace(
                    claim, id=f"0000000{number}-claim", created="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z"
                )
            )


def test_claims_panel(snap_compare, articles_dir: Path, app: ReaderApp) -> None:
    _with_claims(articles_dir)

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_export_dialog(snap_compare, articles_dir: Path, app: ReaderApp, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_claims(articles_dir)
    # The dialog shows the full path, which differs per run: a fixed folder instead.
    monkeypatch.setattr(reader.app.exporting, "exports_folder", lambda app: Path("/notes/exports"))

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_board_screen(snap_compare, app: ReaderApp, articles_dir: Path) -> None:
    from reader.claims.location import default_store_path
    from reader.claims.store import ClaimStore

    from .test_board import ADOPT_CN, ADOPT_US, FEB, SEP, mark

    mark(articles_dir, FEB, SEP, ADOPT_CN, ADOPT_US)
    # Fixed ids and times, so the snapshot is the same on every run.
    with ClaimStore.open(default_store_path(articles_dir)) as store:
        from dataclasses import replace

        for number, claim in enumerate(store.all()):
            store.remove(claim.id)
            store.add(
                replace(
                    claim,
                    id=f"0000000{number}-0000-4000-8000-000000000000",
                    created="2026-01-01T00:00:00Z",
                    updated="2026-01-01T00:00:00Z",
                )
            )

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("b")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_conflict_dialog(snap_compare, app: ReaderApp) -> None:
    from reader.app.screens.conflict import ConflictScreen
    from reader.claims.model import make_claim

    text = "Wind and solar made up 30% of the grid last year, the ministry said."
    mine = make_claim("a1", "a.txt", "Title", text, 0, len(text), ("energy",), "check the ministry's figure")

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        reason = "claims.json: claim 0c1f2e3d was changed by another program since it was read; nothing was saved"
        pilot.app.push_screen(ConflictScreen([mine], reason))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
