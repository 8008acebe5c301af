"""The article header shows what the file says of the article: byline, date, site, URL."""

from __future__ import annotations

from pathlib import Path

from reader.app.app import ReaderApp

from ..conftest import SAVED_PAGE
from .conftest import SIZE, ready, screen_text


async def test_the_header_shows_date_and_site_of_a_saved_page(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "tides.html").write_text(SAVED_PAGE, encoding="utf-8")
    app = ReaderApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main_screen.current_id == "tides/tide-tables-change"
        shown = screen_text(app)
        assert "Ines Moreau · 2026-03-04 · Coast Weekly · tides.html" in shown
        assert "https://coast.example/tides" in shown
        assert "The harbour office printed new tide tables" in shown


async def test_the_signal_counts_say_one_in_the_singular(articles_dir: Path) -> None:
    """Tried by hand: the header said "1 quotes · 1 attributions"."""
    from reader.app.widgets.article_header import ArticleHeader

    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        header = app.main_screen.query_one(ArticleHeader)
        header.show_signals({"figure": 1, "quote": 1, "attribution": 2})
        await pilot.pause()
        assert "Signals: 1 figure · 1 quote · 2 attributions" in screen_text(app)
