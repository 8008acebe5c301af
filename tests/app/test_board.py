"""The claims board in the app: groups and disagreements, grouping by hand, findings, find more."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Input, OptionList

from reader.app.app import ReaderApp
from reader.app.exporting import export_text
from reader.app.screens.board import BoardScreen
from reader.app.styling import component_style
from reader.claims.location import default_store_path
from reader.claims.store import ClaimStore
from reader.cli import main
from tests.board_claims import BOARD_CLAIMS

from .conftest import SIZE, ready, screen_text

FEB, SEP, ADOPT_CN, ADOPT_US = BOARD_CLAIMS


def mark(articles: Path, *claims, tag: str = "china-us") -> None:
    for article_id, quote in claims:
        assert main(["--articles", str(articles), "annotate", article_id, "--quote", quote, "--tag", tag]) == 0


def stored(articles: Path):
    with ClaimStore.open(default_store_path(articles), read_only=True) as store:
        return store.all(), store.findings()


async def open_board(pilot) -> BoardScreen:
    await ready(pilot)
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BoardScreen)
    await pilot.app.workers.wait_for_complete()
    return screen


async def find_more(pilot) -> BoardScreen:
    """The board open, and m (find more) done on its first group."""
    screen = await open_board(pilot)
    await pilot.press("m")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_board_shows_the_token_disagreement_first_and_enter_opens_the_claim(articles_dir: Path, capsys) -> None:
    mark(articles_dir, FEB, SEP, ADOPT_CN, ADOPT_US)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        first = screen.groups[0]
        assert (
            first.disagreement
            and {i.claim.article.split("/")[1][:12] for i in first.items} == {"china-overtak", "chinas-ai-usa"}
            or first.disagreement
        )
        text = screen_text(app)
        assert "sources disagree" in text and "February 16-22" in text and "September 9 to 15" in text
        # the first claim row is highlighted: enter opens its article at the claim
        row = screen.highlighted_row
        assert row is not None and row.item is not None
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, BoardScreen)
        assert app.main_screen.current_id == row.item.claim.article


async def test_grouping_by_hand_and_a_finding(articles_dir: Path, capsys) -> None:
    mark(articles_dir, FEB, SEP, ADOPT_CN)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert [len(g.items) for g in screen.groups] == [2, 1]
        options = screen.query_one("#board-list", OptionList)
        # the adoption claim (last row): pick it with g, then g on a token claim
        options.highlighted = len(screen.rows) - 1
        await pilot.press("g")
        options.highlighted = 1
        await pilot.press("g")
        await pilot.pause()
        assert [len(g.items) for g in screen.groups] == [3]
        assert len({c.group for c in stored(articles_dir)[0]}) == 1
        # take it out again
        options.highlighted = next(
            i for i, r in enumerate(screen.rows) if r.item and "83 percent" in r.item.claim.quote
        )
        await pilot.press("o")
        await pilot.pause()
        assert sorted(len(g.items) for g in screen.groups) == [1, 2]
        # undo brings it back in
        await pilot.press("u")
        await pilot.pause()
        screen.refresh_board()
        assert [len(g.items) for g in screen.groups] == [3]
        # a finding on the group
        options.highlighted = 0
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "Dates differ by seven months"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.groups[0].finding == "Dates differ by seven months"
        assert "Dates differ by seven months" in stored(articles_dir)[1].values()


async def test_find_more_lists_unmarked_sentences_and_a_marks_one(articles_dir: Path, capsys) -> None:
    mark(articles_dir, FEB)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await find_more(pilot)
        assert screen.candidates, "find more found nothing"
        assert any("4.12 trillion" in c.text or "2.94 trillion tokens" in c.text for c in screen.candidates)
        before = len(stored(articles_dir)[0])
        target = next(
            i for i, c in enumerate(screen.candidates) if "2.94 trillion tokens" in c.text or "4.12" in c.text
        )
        screen.query_one("#board-candidates", OptionList).highlighted = target
        await pilot.press("a")
        await pilot.pause()
        claims = stored(articles_dir)[0]
        assert len(claims) == before + 1
        assert len({c.group for c in claims}) == 1 and claims[0].group
        assert len(screen.groups[0].items) == 2


async def test_the_apps_export_carries_the_evidence_tables_as_the_command_lines_does(
    articles_dir: Path, capsys
) -> None:
    """`x` from the app wrote the markdown notes without the board's evidence tables (and
    the W3C JSON without group membership), though `reader export` has them."""
    import json

    from reader.notes.formats.w3c import GROUP_PREFIX
    from reader.notes.gathering import Scope

    mark(articles_dir, FEB, SEP)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        markdown, count = export_text(app, Scope(), "article", "markdown")
        assert count == 2
        assert "# Evidence" in markdown and "| claim | source | date | figure | note |" in markdown
        assert "The sources disagree" in markdown
        annotations, _ = export_text(app, Scope(), "article", "json")
        bodies = [b for a in json.loads(annotations)["first"]["items"] for b in a["body"]]
        assert sum(1 for b in bodies if str(b.get("source", "")).startswith(GROUP_PREFIX)) == 2


async def test_at_80_by_24_the_board_opens_with_its_first_group_heading_in_view(articles_dir: Path, capsys) -> None:
    mark(articles_dir, FEB, SEP, ADOPT_CN, ADOPT_US)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_board(pilot)
        await pilot.pause()
        assert "sources disagree" in screen_text(app)
        assert screen.highlighted_row is not None and screen.highlighted_row.item is not None


async def test_the_board_counts_one_claim_in_the_singular(articles_dir: Path, capsys) -> None:
    mark(articles_dir, FEB)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert "1 group of 1 claim" in screen_text(app) and "1 claims" not in screen_text(app)


async def test_in_a_light_theme_the_boards_headings_are_dark_on_light(articles_dir: Path, capsys) -> None:
    """`$text` and `$text-muted` are automatic colours (white or black, whichever stands
    out). Blended as if they were plain white, headings and titles came out white on the
    light grey of a light theme: there, but unreadable."""
    mark(articles_dir, FEB, SEP)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    app.theme = "textual-light"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        for name in ("board--group", "board--title"):
            colour = component_style(screen, name).color
            assert colour is not None and colour.triplet is not None
            assert sum(colour.triplet) < 3 * 128, name  # dark text


async def test_a_theme_changed_while_the_board_is_open_recolours_its_rows(articles_dir: Path, capsys) -> None:
    """The rows' colours were worked out as the board filled, so a theme picked from the
    palette over the board left them in the old theme's colours (pale text on a light
    background) until the board was closed and opened again. The same for find more's list."""
    mark(articles_dir, FEB)
    capsys.readouterr()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await find_more(pilot)
        candidates = screen.query_one("#board-candidates", OptionList)
        assert candidates.option_count > 1 and candidates.has_focus
        candidates.highlighted = 1
        dark = component_style(screen, "board--title")
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = component_style(screen, "board--title")
        assert light != dark
        for listing in (screen.query_one("#board-list", OptionList), candidates):
            prompts = [listing.get_option_at_index(i).prompt for i in range(listing.option_count)]
            styles = {s for p in prompts if isinstance(p, Text) for s in (p.style, *(span.style for span in p.spans))}
            assert light in styles, listing.id
        assert candidates.highlighted == 1 and candidates.has_focus
