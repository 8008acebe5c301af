"""The research workflow without snags (issue 18): duplicates, small screens, moving around."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Input

from reader.app.app import ReaderApp
from reader.app.screens.claim_prompt import ClaimPrompt
from reader.claims.store import ClaimStore

from .conftest import ready
from .test_claims import add_claim, first_article, store_path, stored

SMALL = (80, 24)


def app_with_a_claim(articles_dir: Path):
    """The app, on a collection whose first article has one claim tagged "fig"."""
    first, _ = first_article(articles_dir)
    add_claim(articles_dir, first, 0, 40, ("fig",))
    return ReaderApp(articles_dir), first


async def test_marking_a_claim_again_opens_it_for_editing(articles_dir: Path) -> None:
    from reader.sentences import sentence_spans

    first, _ = first_article(articles_dir)
    sentence = sentence_spans(first.text)[0]
    original = add_claim(articles_dir, first, *sentence, ("econ",), "the note")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert app.main_screen.text_view.sentence == sentence
        await pilot.press("h")
        assert isinstance(app.screen, ClaimPrompt)
        assert app.screen.query_one("#prompt-tags", Input).value == "econ"
        assert app.screen.query_one("#prompt-note", Input).value == "the note"
        app.screen.query_one("#prompt-tags", Input).value = "econ disputed"
        await pilot.press("enter")
        await pilot.pause()
        (claim,) = stored(articles_dir)
        assert claim.id == original.id and claim.tags == ("econ", "disputed") and claim.note == "the note"


async def test_d_deletes_the_claim_shown_as_current(articles_dir: Path) -> None:
    first, _ = first_article(articles_dir)
    older = add_claim(articles_dir, first, 0, 20, (), "the note")
    newer = add_claim(articles_dir, first, 0, 20)
    newer = replace(newer, created="9999")  # surely later, whatever the clock says
    with ClaimStore.open(store_path(articles_dir)) as store:
        store.update(newer, touch=False)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        app.main_screen.text_view.move_to_offset(5)
        await pilot.pause()
        assert app.main_screen.text_view.current_claim.id == newer.id
        await pilot.press("d")
        await pilot.pause()
        (left,) = stored(articles_dir)
        assert left.id == older.id and left.note == "the note"


async def test_a_tag_that_breaks_the_rule_is_refused_in_the_prompt(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("h")
        app.screen.query_one("#prompt-tags", Input).value = "ok a#b"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimPrompt)  # kept open, to be corrected
        assert "a tag is letters" in str(app.screen.query_one("#prompt-problem").render())
        assert stored(articles_dir) == []
        app.screen.query_one("#prompt-tags", Input).value = "ok two words, b"
        await pilot.press("enter")
        await pilot.pause()
        (claim,) = stored(articles_dir)
        assert claim.tags == ("ok-two-words", "b")


async def test_a_restart_opens_the_last_article_read(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        first = app.main_screen.current_id
        await pilot.press("right_square_bracket", "right_square_bracket")
        second = app.main_screen.current_id
        assert second != first
        # Written when the article opens, not only on q: a closed terminal window (SIGHUP)
        # ends the app without unmounting it.
        from reader.app.state import Session

        assert Session(app.session.path).last_article(articles_dir) == second
        await pilot.press("q")
    again = ReaderApp(articles_dir)
    async with again.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert again.main_screen.current_id == second


async def test_the_export_folder_is_visible_and_remembered(articles_dir: Path, tmp_path: Path) -> None:
    from reader.app.screens.export import ExportScreen

    first, _ = first_article(articles_dir)
    add_claim(articles_dir, first, 0, 40, ("fig",))
    mine = tmp_path / "my notes"
    mine.mkdir()
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("x")
        assert ".reader" not in app.screen.path.parts
        app.screen.query_one("#export-path", Input).value = str(mine / "out.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (mine / "out.md").exists()
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen) and app.screen.path.parent == mine
        content = (mine / "out.md").read_text("utf-8")
        assert f'title: "Claims: {first.title}' in content or 'title: "Claims: ' + first.title[:20] in content


async def test_the_sidebar_filter_is_cleared_and_edited_from_the_list(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        sidebar = app.main_screen.sidebar
        await pilot.press("tab", *"chi", "down")
        assert sidebar.article_list.has_focus and sidebar.filter_text == "chi"
        await pilot.press("backspace")
        assert sidebar.filter_text == "ch"
        await pilot.press("down", "escape")
        await pilot.pause()
        assert sidebar.filter_text == "" and sidebar.article_list.has_focus


async def test_the_claims_panel_after_f_and_its_words(articles_dir: Path) -> None:
    from reader.app.widgets.claims_panel import ClaimsPanel

    first, _ = first_article(articles_dir)
    add_claim(articles_dir, first, 0, 20, ("fig",))
    app = ReaderApp(articles_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        panel = app.query_one(ClaimsPanel)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # past "This article" to #fig
        await pilot.pause()
        assert panel.tag == "fig"
        assert panel.option_list.has_focus
        assert "#fig: 1 claim in 1 article" in str(panel.query_one("#panel-status").render())
        # A quote that opens with a quote mark is not given a second one.
        quoted = replace(panel.rows[0].claim, quote="“By 2030,” he said")
        prompt = str(panel._prompt(replace(panel.rows[0], claim=quoted)))
        assert "““" not in prompt and "“By 2030,” he said" in prompt


async def test_every_dialog_fits_or_scrolls_at_80x24(articles_dir: Path) -> None:
    from reader.app.screens.export import ExportScreen

    app, first = app_with_a_claim(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        for _ in range(12):
            if screen.focused is not None and screen.focused.id == "write":
                break
            await pilot.press("tab")
            await pilot.pause()
        write = screen.query_one("#write")
        assert screen.focused is write
        box = screen.query_one("#export-box").region
        assert write.region.height > 0 and box.contains_region(write.region)
        assert box.bottom <= SMALL[1]
        await pilot.press("escape", "h")
        await pilot.pause()
        box = app.screen.query_one("#claim-prompt").region
        assert box.bottom <= SMALL[1] and app.screen.query_one("#prompt-note").region.height == 1


async def test_side_panels_give_way_to_the_text_on_a_small_screen(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert not app.main_screen.sidebar.display and app.main_screen.pane.size.width >= 50
        assert any("ctrl+b" in n.message for n in app._notifications)
        await pilot.press("c")
        await pilot.pause()
        assert app.main_screen.claims_panel.display and not app.main_screen.sidebar.display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.main_screen.sidebar.display and not app.main_screen.claims_panel.display
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert app.main_screen.sidebar.display and app.main_screen.claims_panel.display


async def test_the_export_dialog_writes_csl_json(articles_dir: Path) -> None:
    import json

    app, first = app_with_a_claim(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("x")
        app.screen.query_one("#export-format").value = "csl"
        await pilot.pause()
        path = app.screen.path
        assert path.name.endswith(".csl.json")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (item,) = json.loads(path.read_text("utf-8"))
        assert item["id"] == first.id and item["title"] == first.title


async def test_a_restart_opens_the_last_article_read_when_its_file_changed_meanwhile(articles_dir: Path) -> None:
    """A file changed since the last run is cleaned again in a worker after the first paint.
    Its articles were not known when the app chose what to open: it opened the first
    article and, on opening it, remembered that one as the last read; the article read
    last was lost for this run and every run after."""
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        second = app.main_screen.current_id
        file = articles_dir / app.library.get(second).file
        await pilot.press("q")
    file.write_text(file.read_text("utf-8").replace(" the ", " the  ", 1), "utf-8")
    again = ReaderApp(articles_dir)
    async with again.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert again.main_screen.current_id == second
