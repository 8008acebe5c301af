"""Every key of the reading app, driven with Pilot on a private copy of the collection."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual.widgets import Input, OptionList

from reader.app.app import ReaderApp
from reader.app.screens.help import HelpScreen
from reader.app.screens.search import SearchScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.find_bar import FindBar

from .conftest import SIZE, ready, screen_text


def open_longest(app: ReaderApp) -> None:
    app.main_screen.open_article(max(app.library.articles(), key=lambda a: len(a.text)).id)


async def test_startup_fills_sidebar_and_opens_first_article(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert len(app.articles) >= 3
        assert app.main_screen.current_id == app.articles[0].id
        assert app.main_screen.text_view.text == app.library.get(app.articles[0].id).text != ""
        shown = screen_text(app)
        assert app.articles[0].title[:30] in shown
        assert "articles" in shown  # the sidebar's status line
        assert app.main_screen.text_view.has_focus


async def test_next_and_previous_article(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        ids = [a.id for a in app.articles]
        await pilot.press("right_square_bracket")
        assert app.main_screen.current_id == ids[1]
        await pilot.press("right_square_bracket")
        assert app.main_screen.current_id == ids[2]
        await pilot.press("left_square_bracket")
        assert app.main_screen.current_id == ids[1]
        assert app.main_screen.sidebar.current_id == ids[1]
        assert app.main_screen.text_view.text == app.library.get(ids[1]).text


async def test_sentence_cursor(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.main_screen.text_view
        first = view.sentence
        assert first is not None and first[0] == 0
        await pilot.press("j")
        second = view.sentence
        assert second is not None and second[0] > first[0]
        assert view.cursor_offset == second[0]
        await pilot.press("j", "j")
        await pilot.press("k")
        assert view.sentence is not None and view.sentence[0] > second[0]
        await pilot.press("k", "k")
        assert view.sentence == first
        # The sentence is shown: its characters carry the sentence style in the line.
        row = view.selection.end[0]
        line = view.get_line(row)
        assert any(span.style for span in line.spans)
        # A layer of one's own (claims, next) paints over the text with a Rich style.
        view.set_layer("claims", [(2, 6, Style(bgcolor="red"))])
        assert any(
            span.style == Style(bgcolor="red") and (span.start, span.end) == (2, 6) for span in view.get_line(0).spans
        )


async def test_sentence_cursor_scrolls_into_view(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=(100, 20)) as pilot:
        await ready(pilot)
        open_longest(app)
        await pilot.pause()
        view = app.main_screen.text_view
        for _ in range(25):
            await pilot.press("j")
        await pilot.pause()
        assert view.scroll_y > 0
        _, y = view.wrapped_document.location_to_offset(view.selection.end)
        assert view.scroll_y <= y < view.scroll_y + view.scrollable_content_region.height


async def test_moving_keys(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=(100, 20)) as pilot:
        await ready(pilot)
        open_longest(app)
        await pilot.pause()
        view = app.main_screen.text_view
        await pilot.press("down", "down")
        assert view.cursor_offset > 0  # two wrapped lines down
        await pilot.press("right")
        moved = view.cursor_offset
        await pilot.press("left", "up", "up")
        assert view.cursor_offset < moved
        await pilot.press("G")
        await pilot.pause()
        assert view.selection.end == view.document.end
        assert view.scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert view.selection.end == (0, 0) and view.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        after_page = view.scroll_y
        assert after_page > 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > after_page
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y < after_page + 1


async def test_find_in_article(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.main_screen.text_view
        find_bar = app.query_one(FindBar)
        assert not find_bar.display
        await pilot.press("slash")
        assert find_bar.display
        assert isinstance(app.focused, Input)
        await pilot.press(*"AI")
        await pilot.pause()
        expected = view.text.lower().count("ai")
        assert len(view.matches) == expected > 2
        count = str(find_bar.query_one("#find-count").render())
        assert count.endswith(f"/{expected}")
        await pilot.press("enter")
        assert view.has_focus
        first = view.cursor_offset
        assert first == view.matches[0][0] or first in [m[0] for m in view.matches]
        await pilot.press("n")
        second = view.cursor_offset
        assert second in [m[0] for m in view.matches] and second != first
        await pilot.press("N")
        assert view.cursor_offset == first
        # Matches are highlighted in the line.
        line = view.get_line(view.selection.end[0])
        assert line.spans
        await pilot.press("escape")
        assert view.matches == []
        await pilot.pause()
        assert not find_bar.display


async def test_find_with_no_match_says_so(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"zqzqzq")
        await pilot.pause()
        assert "no matches" in screen_text(app)
        await pilot.press("escape")
        assert app.main_screen.text_view.has_focus


async def test_search_the_collection(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        target = app.articles[-1]
        word = "electricity is cheap"
        assert word in app.library.get(target.id).text
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*word[:3])
        app.screen.query_one(Input).value = word  # the rest at once: keys are slow in Pilot
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(OptionList)
        assert results.option_count >= 1
        assert word in screen_text(app)
        assert "1 match in 1 article" in screen_text(app)  # not "1 matches in 1 articles"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        hit_article = app.main_screen.current_id
        assert hit_article is not None
        text = app.main_screen.text_view.text
        offset = app.main_screen.text_view.cursor_offset
        assert text[offset : offset + len(word)].lower() == word.lower()


async def test_search_escape_closes(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        before = app.main_screen.current_id
        await pilot.press("ctrl+k", "escape")
        assert not isinstance(app.screen, SearchScreen)
        assert app.main_screen.current_id == before


async def test_tab_and_ctrl_b(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main_screen.text_view.has_focus
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert app.main_screen.text_view.has_focus
        await pilot.press("ctrl+b")
        assert not app.main_screen.sidebar.display
        await pilot.pause()
        assert app.main_screen.text_view.size.width > 0
        await pilot.press("ctrl+b")
        assert app.main_screen.sidebar.display


async def test_sidebar_filter_and_enter(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        target = app.articles[-1]
        await pilot.press(*"hydro")
        filter_input = app.main_screen.sidebar.query_one("#filter", Input)
        assert filter_input.value == "hydro"
        shown = app.main_screen.sidebar.visible_articles()
        assert [a.id for a in shown] == [target.id]
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.current_id == target.id
        assert app.main_screen.text_view.has_focus
        # Escape in the filter clears it.
        await pilot.press("tab")
        await pilot.press("x", "escape")
        assert filter_input.value == ""
        assert len(app.main_screen.sidebar.visible_articles()) == len(app.articles)


async def test_sidebar_enter_opens_and_grouping(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        rows = app.main_screen.sidebar.article_list
        await pilot.press("down", "down")
        entry = rows.cursor_entry
        assert entry is not None and entry.kind == "article"
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.current_id == entry.key
        files = {a.file for a in app.articles}
        assert [r[0] for r in rows.rows].count("file") == len(files)
        assert len(rows.rows) == len(files) + len(app.articles) + len(app.problems)
        await pilot.press("tab", "ctrl+g")
        assert [r[0] for r in rows.rows] == ["article"] * len(app.articles) + ["problem"] * len(app.problems)


async def test_signals_toggle(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        open_longest(app)
        view = app.main_screen.text_view
        assert not view.signals_shown
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.signals_shown
        assert sum(view.signal_counts.values()) > 0
        assert "figures" in screen_text(app)
        # The sidebar counts them too, for every article, with the same lexer.
        await app.workers.wait_for_complete()
        await pilot.pause()
        sidebar = app.main_screen.sidebar
        assert sidebar.signals_shown
        assert set(sidebar.signal_counts) == {a.id for a in app.articles}
        current = sidebar.signal_counts[app.main_screen.current_id]
        assert current == view.signal_counts
        await pilot.press("s")
        await pilot.pause()
        assert not view.signals_shown
        assert "figures" not in screen_text(app)
        assert not app.main_screen.sidebar.signals_shown


async def test_help_screen(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            assert isinstance(app.screen, HelpScreen)
            shown = screen_text(app)
            assert "Next sentence" in shown and "sentence.next" in shown
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_lists_our_commands(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Next article", "Search all", "Signals", "Find", "Help", "Rename tag", "Retry saving"} <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"next art")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.current_id == app.articles[1].id


async def test_every_described_key_is_in_the_command_palette(articles_dir: Path) -> None:
    """The palette is built from the bindings: each key the help lists is a command there,
    and choosing it runs the key's action on its widget."""
    from reader.app.screens.help import described, help_classes

    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("c")  # the claims panel is mounted when first shown
        await pilot.pause()
        commands = {(c.title, c.help) for c in app.get_system_commands(app.screen)}
        shown = [app, *app.main_screen.query("*")]
        expected = {
            (binding.description, f"{cls.HELP_TITLE}: {keys}")
            for cls in help_classes()
            if any(isinstance(node, cls) for node in shown)
            for binding, keys in described(app, cls)
        }
        assert {"Next article", "Next sentence", "Group/flat", "Tag filter"} <= {title for title, _ in expected}
        assert expected <= commands
        # A command runs its key's action where the key is bound: the sidebar's grouping.
        grouped = app.main_screen.sidebar.grouped
        (toggle,) = [c for c in app.get_system_commands(app.screen) if c.title == "Group/flat"]
        await toggle.callback()
        assert app.main_screen.sidebar.grouped is not grouped


async def test_q_quits_and_position_is_remembered(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "j")
        offset = app.main_screen.text_view.cursor_offset
        first = app.main_screen.current_id
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert not app.is_running
    again = ReaderApp(articles_dir)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.main_screen.current_id == first
        assert again.main_screen.text_view.cursor_offset == offset > 0


async def test_key_overrides_from_config(articles_dir: Path) -> None:
    from reader.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"article.next" = "ctrl+n"\n', encoding="utf-8")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")
        assert app.main_screen.current_id == app.articles[1].id


async def test_broken_config_is_a_notification(articles_dir: Path) -> None:
    from reader.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord"\nsignals = tru\n', encoding="utf-8")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m and "line 2" in m for m in messages)
        assert app.main_screen.current_id is not None


async def test_config_theme_and_signals(articles_dir: Path) -> None:
    from reader.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord"\nsignals = true\n', encoding="utf-8")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"
        assert app.main_screen.text_view.signals_shown


async def test_theme_change_restyles_the_text(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.main_screen.text_view
        before = view._style("sentence")
        app.theme = "textual-light"
        await pilot.pause()
        after = view._style("sentence")
        assert before != after and after.bgcolor is not None
