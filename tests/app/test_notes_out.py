"""Notes out of the app: the export dialog, and copying claims to a clipboard."""

from __future__ import annotations

from pathlib import Path

import pyperclip
import pytest

from reader.app.app import ReaderApp
from reader.app.screens.claim_prompt import ConfirmScreen
from reader.app.screens.export import ExportScreen
from reader.notes.escaping import escape_block

from .conftest import SIZE, ready
from .test_claims import add_claim, first_article, messages


async def test_export_dialog_writes_and_never_replaces_without_a_yes(articles_dir: Path) -> None:
    first, _ = first_article(articles_dir)
    add_claim(articles_dir, first, 0, 40, ("fig",), "a note")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        path = screen.path
        documents = articles_dir.parent / "xdg_documents_dir"
        assert path.parent == documents / "reader" and path.suffix == ".md"
        assert str(path) in str(screen.query_one("#export-target").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        content = path.read_text(encoding="utf-8")
        assert "\n".join(escape_block(first.text[0:40], "> ")) in content and "#fig" in content
        assert any(f"Wrote 1 claim to {path}" in m for m in messages(app))
        # Again: the file exists, so the app asks; "n" keeps it as it was.
        path.write_text("mine", encoding="utf-8")
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == "mine"
        # "y" replaces it.
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert path.read_text(encoding="utf-8").startswith("---\n")


@pytest.fixture
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism for your system")

    monkeypatch.setattr(pyperclip, "copy", fail)


async def test_copy_claim_and_notes_fall_back_to_the_terminal(articles_dir: Path, no_system_clipboard) -> None:
    first, _ = first_article(articles_dir)
    claim = add_claim(articles_dir, first, 0, 40, ("fig",))
    app = ReaderApp(articles_dir)
    sent: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.copy_to_clipboard = sent.append  # type: ignore[method-assign]
        app.main_screen.text_view.move_to_offset(3)
        await pilot.press("y")
        await pilot.pause()
        assert sent[-1].startswith("> " + claim.quote.splitlines()[0])
        assert first.title in sent[-1] and "(claim " in sent[-1]
        assert any("Sent to the terminal clipboard (OSC 52)" in m for m in messages(app))
        await pilot.press("Y")
        await pilot.pause()
        assert sent[-1].startswith("---\n") and "#fig" in sent[-1]
        # And the export dialog copies instead of writing.
        await pilot.press("x", "ctrl+y")
        await pilot.pause()
        assert len(sent) == 3 and not (articles_dir.parent / "xdg_documents_dir").exists()
        assert "(OSC 52): 1 claim (" in messages(app)[-1]  # not "1 claims"

        # With no terminal clipboard either: an error that says why, never silence.
        def broken(text: str) -> None:
            raise OSError("terminal gone")

        app.copy_to_clipboard = broken  # type: ignore[method-assign]
        await pilot.press("y")
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "Could not copy" in errors[-1].message and "terminal gone" in errors[-1].message


async def test_a_csl_export_says_it_wrote_references_not_claims(articles_dir: Path) -> None:
    from textual.widgets import Select

    first, _ = first_article(articles_dir)
    add_claim(articles_dir, first, 0, 40, ("fig",), "a note")
    add_claim(articles_dir, first, 50, 90, ("fig",), "")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format", Select).value = "csl"
        await pilot.pause()
        path = screen.path
        assert path.name.endswith(".csl.json")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.exists()
        assert any(f"Wrote the references cited by 2 claims to {path}" in m for m in messages(app))
