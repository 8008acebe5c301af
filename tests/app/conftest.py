from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.app.app import ReaderApp

SIZE = (120, 40)

SPECIAL = (
    "Markup [Corp] and [bold]x[/] title\n\n"
    "The text has [bold]x[/] in it and \x1b[31mred\x1b[0m colour, a path C:\\temp\\new "
    "and 漢字のテキストです 😀 and עברית here. It said 83 percent of firms agreed.\n\n"
    "Second paragraph with more words so that the cleaner keeps it as the body of an "
    "article of some length, as articles go.\n"
)


@pytest.fixture
def special_dir(tmp_path: Path) -> Path:
    """A collection with one article full of characters that must not become markup."""
    folder = tmp_path / "special"
    folder.mkdir()
    (folder / "special.txt").write_text(SPECIAL, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


async def ready(pilot: Pilot) -> ReaderApp:
    """Wait until the collection is loaded and the first article shown."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app


def screen_text(app: ReaderApp) -> str:
    """Everything on screen as plain text, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
