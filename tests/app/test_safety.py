"""Article text is shown as it is: no markup, no escape sequences, columns kept."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from reader.app.app import ReaderApp
from reader.app.safe import safe_text

from .conftest import SIZE, ready, screen_text


async def test_markup_escapes_and_wide_text_are_shown_as_is(special_dir: Path) -> None:
    app = ReaderApp(special_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main_screen.current_id is not None
        shown = screen_text(app)
        # Title and text: the brackets are there, literally, nothing turned bold.
        assert "Markup [Corp] and [bold]x[/] title" in shown
        assert "The text has [bold]x[/] in it" in shown
        # No escape character reaches the terminal (the collection strips it; had it not,
        # the pane would show a visible picture of it instead).
        assert "\x1b" not in shown
        assert "[31m" not in shown or "␛[31m" in shown
        assert "red colour" in shown
        assert "C:\\temp\\new" in shown
        assert "漢字のテキストです" in shown and "😀" in shown and "עברית" in shown
        # The problem file is listed, with its reason.
        assert "empty.txt" in shown
        # Wide characters keep their columns: every row is exactly the screen's width.
        lines = app.screen._compositor.render_strips()
        assert all(strip.cell_length == SIZE[0] for strip in lines)
        # Moving over the wide text and signals on do not raise.
        await pilot.press("j", "j", "s", "G", "g", "k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+k")
        await pilot.press(*"bold")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "[bold]x[/]" in screen_text(app)


def test_safe_text_keeps_offsets() -> None:
    raw = "a\x1b[31mb\tc\r\nd\x07\x9b"
    safe = safe_text(raw)
    assert len(safe) == len(raw)
    assert "\x1b" not in safe and "\t" not in safe and "\r" not in safe and "\x9b" not in safe
    assert safe.index("\n") == raw.index("\n")
    assert Text(safe).plain == safe


async def test_missing_folder_is_a_message_not_a_crash(tmp_path: Path) -> None:
    app = ReaderApp(tmp_path / "nowhere")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main_screen.current_id is None
        assert "not found" in screen_text(app)
        await pilot.press("j", "right_square_bracket", "ctrl+k", "escape", "q")
