"""The article header shows what the file says of the article: byline, date, site, URL."""

from __future__ import annotations

from pathlib import Path

from reader.app.app import ReaderApp

from .conftest import SIZE, ready, screen_text

PAGE = """<!DOCTYPE html>
<html><head><title>Tide Tables Change - Coast Weekly</title>
<meta name="author" content="Ines Moreau">
<meta property="og:site_name" content="Coast Weekly">
<meta property="article:published_time" content="2026-03-04">
<link rel="canonical" href="https://coast.example/tides">
</head><body><article><h1>Tide Tables Change</h1>
<p>The harbour office printed new tide tables on Monday after a survey found the channel had silted up along its northern edge.</p>
<p>Skippers were told to allow an extra half hour at low water until dredging begins in the spring, the office said.</p>
</article></body></html>
"""


async def test_the_header_shows_date_and_site_of_a_saved_page(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "tides.html").write_text(PAGE, encoding="utf-8")
    app = ReaderApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.current_id == "tides/tide-tables-change"
        shown = screen_text(app)
        assert "Ines Moreau · 2026-03-04 · Coast Weekly · tides.html" in shown
        assert "https://coast.example/tides" in shown
        assert "The harbour office printed new tide tables" in shown
