"""Snapshots of the main screens at a fixed size (update with `--snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

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
