"""Monkey test: 2,000 random keys and mouse actions from the app's bindings, fixed seed.

On the bundled articles plus odd files (binary, empty, markup and escapes, CJK, Latin-1).
After every action: no exception in the app, the store's files are valid JSON, every
stored claim belongs to an article of the collection, no claim is stored twice, no
temporary file is left; every 100 actions the store also opens as the app opens it and
holds what the app shows as saved. At the end the app quits with q, leaves no `.*.tmp`
files and the store opens cleanly for writing. The driver is in `tests/app/monkey.py`;
`bench/bench_monkey.py` runs it longer, with several seeds.

Below it, the bugs the monkey found, each as a test of its own.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest
import textual.screen
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Select

from reader.app.app import ReaderApp
from reader.app.screens.claim_prompt import ClaimPrompt
from reader.app.screens.export import ExportScreen
from reader.app.screens.search import SearchScreen
from reader.claims.location import default_store_path
from reader.claims.model import make_claim
from reader.claims.store import ClaimStore
from reader.collection import Collection

from . import monkey
from .conftest import SIZE, ready

SEED = 1234
ACTIONS = 2000


async def test_monkey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an export path typed as relative lands here
    monkeypatch.setattr("reader.notes.clipboard.pyperclip.copy", monkey.no_system_clipboard)
    try:
        result = await monkey.run_monkey(tmp_path, SEED, ACTIONS)
    except BaseException:
        log = monkey.last_result.log if monkey.last_result else []
        print(f"seed {SEED}, failed after {len(log)} actions; last ones:\n" + "\n".join(log[-30:]))
        raise
    print(
        f"{result.actions} actions in {result.seconds:.1f} s ({result.rate:.1f}/s), "
        f"{result.checks} store checks, at most {result.most_claims} claims"
    )
    assert result.actions == ACTIONS
    assert result.checks == ACTIONS + 1  # after every action, and after quitting
    assert result.full_checks == ACTIONS // monkey.FULL_CHECK_EVERY
    assert result.most_claims >= 3, "claims never reached the store: the store checks checked nothing"
    assert {"press", "burst", "mark", "click", "drag", "scroll"} <= set(result.kinds)


def hostile_claims(articles: Path, store_path: Path) -> None:
    """Claims as a hostile import leaves them (issue 20): escape sequences, OSC 52, bidi
    overrides and markup in tags and notes, 100 KB of context, a lone-quote orphan."""
    collection = Collection.load(articles)
    junk = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202e[bold]x[/]"
    with ClaimStore.open(store_path) as store:
        for i, article in enumerate(collection.articles[:4]):
            claim = make_claim(
                article.id,
                article.file,
                article.title,
                article.text,
                0,
                min(20, len(article.text)),
                ("plain",),
                f"note{junk}\n^claim-deadbeef",
            )
            # (tags set past make_claim, which refuses such tags now, as an old import left them)
            store.add(replace(claim, tags=(f"tag{junk}{i}", "plain"), prefix="p" * 100_000, suffix="s" * 100_000))
        orphan = make_claim(collection.articles[0].id, "gone.txt", junk, "x" * 50 + " words that are gone", 50, 70)
        store.add(replace(orphan, quote="words that are gone" + junk))


async def test_monkey_on_a_store_of_hostile_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("reader.notes.clipboard.pyperclip.copy", monkey.no_system_clipboard)
    result = await monkey.run_monkey(tmp_path, SEED + 1, 300, prepare=hostile_claims)
    assert result.actions == 300 and result.most_claims >= 5


# -- What the monkey found -------------------------------------------------------------


def no_screen_updates():
    """Textual lays the screen out only when a Pilot pause asks (not 60 times a second):
    keys that arrive together, before the next update, as on a busy machine."""
    return mock.patch.object(textual.screen, "UPDATE_PERIOD", 60.0)


class SelectApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Select([("One", 1), ("Two", 2)], value=1, allow_blank=False)


@pytest.mark.xfail(
    raises=KeyError,
    strict=True,
    reason="Textual 8.2.8: OptionList._move_page before layout",
)
async def test_textual_pages_a_drop_down_before_its_layout() -> None:
    """The upstream bug, in plain Textual: pagedown on a Select's drop-down opened a moment
    before (not laid out yet) raises KeyError 0 in `OptionList._move_page`. When this
    passes, Textual is fixed and `reader/app/widgets/page_guard.py` can go."""
    app = SelectApp()
    with no_screen_updates():
        async with app.run_test() as pilot:
            await pilot.pause()  # laid out
            monkey.send_key(app, "down")  # the drop-down opens and takes focus
            await monkey.settle(app)
            assert isinstance(app.focused, OptionList) and not app.focused.scrollable_content_region
            monkey.send_key(app, "pagedown")
            await monkey.settle(app)
            await pilot.pause()


def with_claims(articles: Path, count: int = 2) -> None:
    collection = Collection.load(articles)
    first = collection.get(collection.ids[0])
    with ClaimStore.open(default_store_path(articles)) as store:
        for i in range(count):
            store.add(
                make_claim(
                    first.id,
                    first.file,
                    first.title,
                    first.text,
                    20 * i,
                    20 * i + 10,
                    ("econ",),
                )
            )


@pytest.mark.parametrize(
    "opener",
    [("x", "down"), ("c",), ("c", "f")],
    ids=["export", "panel", "panel-filter"],
)
@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_paging_a_list_before_its_layout_pages_once_laid_out(
    articles_dir: Path, opener: tuple[str, ...], key: str
) -> None:
    """The export dialog's drop-downs, the claims panel's list and its tag filter."""
    with_claims(articles_dir, 3)
    app = ReaderApp(articles_dir)
    with no_screen_updates():
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            for opening in opener:
                monkey.send_key(app, opening)
                await monkey.settle(app)
            options = app.focused
            assert isinstance(options, OptionList) and not options.scrollable_content_region
            if key == "pageup":
                options.highlighted = options.option_count - 1
            monkey.send_key(app, key)
            await monkey.settle(app)
            assert app._exception is None
            await pilot.pause()  # the screen update lays the list out,
            await monkey.settle(app)  # then it pages
            assert app._exception is None
            assert options.highlighted == (options.option_count - 1 if key == "pagedown" else 0)
            if opener[0] == "x":
                assert isinstance(app.screen, ExportScreen)


async def test_enter_twice_on_the_claim_prompt_marks_once(articles_dir: Path) -> None:
    """Two enters before the prompt closed dismissed it twice: the second popped the main
    screen (ScreenStackError, the app ended)."""
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h")
        assert isinstance(app.screen, ClaimPrompt)
        monkey.send_key(app, "enter")
        monkey.send_key(app, "enter")
        await monkey.settle(app)
        await pilot.pause()
        assert app._exception is None
        assert len(app.screen_stack) == 1 and len(app.history.all_claims()) == 1


async def test_a_triple_click_on_a_search_hit_opens_it_once(articles_dir: Path) -> None:
    """Each click of a triple click selected the hit: three dismissals of one screen."""
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+k", *"the")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one(OptionList)
        assert results.option_count
        x, y = results.region.x + 2, results.region.y + 1
        for _ in range(3):
            monkey.send_mouse(app, events.MouseDown, x, y)
            monkey.send_mouse(app, events.MouseUp, x, y)
        await monkey.settle(app)
        await pilot.pause()
        assert app._exception is None
        assert len(app.screen_stack) == 1 and app.main_screen.current_id is not None


async def test_a_click_on_a_search_result_that_is_gone_is_ignored() -> None:
    """Found by the monkey on the hostile store: a click on a line drawn before the results
    changed named option 8 of a shorter list (IndexError inside Textual's OptionList)."""
    from types import SimpleNamespace

    from reader.app.screens.search import Results

    class ResultsApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Results("one", "two", "three")

    def click(option: int) -> SimpleNamespace:
        event = SimpleNamespace(style=SimpleNamespace(meta={"option": option}), prevented=False)
        event.prevent_default = lambda: setattr(event, "prevented", True)
        event.stop = lambda: None
        return event

    app = ResultsApp()
    async with app.run_test():
        results = app.query_one(Results)
        stale, live = click(8), click(1)
        await results._on_click(stale)
        await results._on_click(live)
        assert stale.prevented and not live.prevented  # OptionList's own handler runs only for the live one
