"""`r` shows what the cleaner removed, dimmed in place, with the step that removed each."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from reader.app.app import ReaderApp
from reader.app.screens.removed import RemovedScreen
from reader.article import Article
from reader.cleaning.removed import Removed, in_place
from tests.app.conftest import SIZE, ready, screen_text
from tests.cleaning.test_removed import BODY, PAGE


def test_in_place_puts_each_piece_where_the_file_has_it() -> None:
    raw = "menu\n\nFirst paragraph.\n\nAd here\n\nSecond paragraph.\n\nfooter\n"
    article = Article(title="T", text="First paragraph.\n\nSecond paragraph.")
    removed = [
        Removed("menu", "a", 0),
        Removed("Ad here", "b", raw.index("Ad")),
        Removed("footer", "c", raw.index("footer")),
    ]
    assert in_place(raw, article, removed) == [
        ("menu", "a"),
        ("First paragraph.", None),
        ("Ad here", "b"),
        ("Second paragraph.", None),
        ("footer", "c"),
    ]


def test_a_piece_the_file_does_not_hold_as_written_follows_the_one_before() -> None:
    raw = "nav\n\nfirst words here\n"
    article = Article(title="T", text="first words here\n\nre-joined text")
    removed = [Removed("nav", "a", 0), Removed("[link](x) words", "b", None)]
    assert [t for t, _ in in_place(raw, article, removed)] == [
        "nav",
        "[link](x) words",
        "first words here",
        "re-joined text",
    ]


def one_page(tmp_path: Path, text: str = PAGE) -> ReaderApp:
    """The app on a folder of one page, with its store in `tmp_path`."""
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "page.txt").write_text(text, "utf-8")
    return ReaderApp(folder, tmp_path / "claims.json")


async def open_removed(pilot) -> RemovedScreen:
    """`r` pressed in the reading pane, and the view filled."""
    app = pilot.app
    await ready(pilot)
    app.main_screen.text_view.focus()
    await pilot.press("r")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RemovedScreen)
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_r_shows_the_removed_menu_dimmed_between_the_kept_text(tmp_path: Path) -> None:
    app = one_page(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pieces = (await open_removed(pilot)).pieces
        assert pieces is not None
        steps = [step for _, step in pieces]
        assert steps[:6] == ["select_main_content"] * 6  # the menu above the article
        assert [text for text, step in pieces if step is None] == BODY
        shown = screen_text(app)
        assert "[select_main_content] Menu entry 0" in shown
        assert "10 removed blocks" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RemovedScreen)


async def test_the_count_of_removed_blocks_is_whole_at_80x24(tmp_path: Path) -> None:
    """At 80x24 the frame's last line read "1 removed blocks, dimmed, with the step that
    removed each · escap…": a plural slip, and the key that closes it cut off."""
    app = one_page(tmp_path, "The Old Bridge\n\nBy Jo Writer\n\n" + "\n\n".join(BODY) + "\n")
    async with app.run_test(size=(80, 24)) as pilot:
        pieces = (await open_removed(pilot)).pieces
        assert pieces is not None
        assert sum(1 for _, step in pieces if step) == 1
        shown = screen_text(app)
        assert "1 removed block, dimmed, each with its step · escape closes" in shown


async def test_g_and_G_move_through_a_long_view(tmp_path: Path) -> None:
    app = one_page(tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        body = (await open_removed(pilot)).query_one("#removed-body")
        assert body.max_scroll_y > 0  # (the view is longer than the screen)
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0


async def test_a_theme_changed_while_the_view_is_open_recolours_it(tmp_path: Path) -> None:
    """The view's colours were taken once, as it filled: a theme picked from the palette
    over it left the old theme's colours until it was opened again."""
    app = one_page(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_removed(pilot)
        dark = screen.get_component_rich_style("removed--block")
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = screen.get_component_rich_style("removed--block")
        assert light != dark
        shown = screen.query_one("#removed-text", Static).content
        assert isinstance(shown, Text)
        assert light in {span.style for span in shown.spans}
