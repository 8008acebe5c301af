"""What start-up leaves for after the first paint: the claim store (counts and the first
article's claims fill in then) and the claims panel (mounted when first shown)."""

from __future__ import annotations

import gc
from pathlib import Path

from reader.app.app import ReaderApp
from reader.app.widgets.footer import ReaderFooter
from reader.claims import history
from reader.claims.location import default_store_path
from reader.claims.model import make_claim
from reader.claims.session import StoreSession
from reader.claims.store import ClaimStore
from reader.collection import Collection

from .conftest import SIZE, ready, screen_text


def first_article(articles: Path):
    collection = Collection.load(articles)
    return collection.get(collection.ids[0])


async def test_store_opens_after_the_first_paint_and_counts_fill_in(
    articles_dir: Path,
) -> None:
    first = first_article(articles_dir)
    claim = make_claim(first.id, first.file, first.title, first.text, 0, 20, ("t",), "")
    with ClaimStore.open(default_store_path(articles_dir)) as store:
        store.add(claim)
    app = ReaderApp(articles_dir)
    seen = []
    open_store = app._after_first_paint

    def watched() -> None:  # what was on screen when the store opened
        seen.append(
            (
                app.main_screen.current_id,
                len(app.main_screen.sidebar.article_list.rows),
                app.store_session.store is None,
            )
        )
        open_store()

    app._after_first_paint = watched  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # The first article and the list were there, the store not yet open.
        assert seen == [(first.id, len(app.main_screen.sidebar.article_list.rows), True)]
        assert app.store_session.store is not None and not app.store_session.store.read_only
        assert app.main_screen.sidebar.claim_counts == {first.id: 1}
        assert [c.id for c in app.main_screen.text_view.claims] == [claim.id]


async def test_a_change_before_the_store_opens_is_saved_when_it_opens(
    articles_dir: Path,
) -> None:
    first = first_article(articles_dir)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.store_session.close()
        app.store_session = StoreSession(app.db_path)  # as before the first paint: not opened yet
        assert app.store_session.store is None and not app.store_session.opened
        claim = make_claim(first.id, first.file, first.title, first.text, 0, 20, (), "early")
        assert not app.history.do(history.create(claim))
        assert app.history.pending
        app._after_first_paint()
        assert not app.history.pending
        assert app.main_screen.sidebar.claim_counts == {first.id: 1}
        with ClaimStore.open(default_store_path(articles_dir), read_only=True) as store:
            assert [c.note for c in store.all()] == ["early"]


async def test_claims_panel_is_mounted_when_first_shown(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.main_screen.claims_panel.is_attached
        await pilot.press("c")
        await pilot.pause()
        assert app.main_screen.claims_panel.is_attached and app.main_screen.claims_panel.display
        assert app.main_screen.claims_panel.option_list.has_focus
        await pilot.press("c")
        assert not app.main_screen.claims_panel.display and app.main_screen.text_view.has_focus
        await pilot.press("c")
        assert app.main_screen.claims_panel.display


async def test_cycle_collector_back_on_after_the_first_paint(
    articles_dir: Path,
) -> None:
    gc.disable()  # as `run_app` starts the app
    try:
        app = ReaderApp(articles_dir)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # start-up's objects kept out of collections
    finally:
        gc.unfreeze()
        gc.enable()


async def test_footer_rebuilt_once_for_a_focus_change(articles_dir: Path) -> None:
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        footer = app.query_one(ReaderFooter)
        rebuilds = []
        recompose = footer.recompose

        async def counted() -> None:
            rebuilds.append(1)
            await recompose()

        footer.recompose = counted  # type: ignore[method-assign]
        await pilot.press("tab")  # to the sidebar: its keys show
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == 1
        assert "Group/flat" in screen_text(app)
        await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == 2
        assert "Group/flat" not in screen_text(app) and "Next sentence" in screen_text(app)


def test_summary_reads_a_full_head_and_one_missing_fields() -> None:
    from reader.app.loading import Summary

    full = {
        "id": "f/t",
        "file": "f.txt",
        "title": "T",
        "subtitle": "S",
        "byline": "B",
        "section": "Sec",
        "url": "u",
        "excerpt": True,
        "words": 7,
    }
    summary = Summary(full)
    assert [getattr(summary, k) for k in full] == list(full.values())
    bare = Summary({"id": "f/t", "file": "f.txt", "title": "T"})  # as a damaged cache might
    assert (bare.title, bare.subtitle, bare.byline, bare.section, bare.url, bare.excerpt, bare.words) == (
        "T",
        "",
        "",
        "",
        "",
        False,
        0,
    )
    assert bare.text == "" and bare.subheadings == ()
