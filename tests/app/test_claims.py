"""Claims in the app: marking, selecting, tagging, editing, undo, the panel, the store's faults.

Every test runs on a private copy of the collection with its own store inside it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from textual.widgets import Input

from reader.app.app import ReaderApp
from reader.app.screens.claim_prompt import ClaimPrompt, RenameTagPrompt
from reader.app.widgets.claims_panel import ClaimsPanel
from reader.claims.location import default_store_path
from reader.claims.model import make_claim
from reader.claims.placing import find_quote
from reader.claims.store import ClaimStore

from .conftest import SIZE, ready, screen_text


def store_path(articles: Path) -> Path:
    return default_store_path(articles)


def stored(articles: Path):
    with ClaimStore.open(store_path(articles), read_only=True) as store:
        return store.all()


def messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


def add_claim(articles: Path, app_article, start: int, end: int, tags=(), note: str = ""):
    claim = make_claim(app_article.id, app_article.file, app_article.title, app_article.text, start, end, tags, note)
    with ClaimStore.open(store_path(articles)) as store:
        store.add(claim)
    return claim


def first_article(articles: Path):
    """The article the app opens first (its full text), read the way the app reads it."""
    from reader.collection import Collection

    collection = Collection.load(articles)
    return collection.get(collection.ids[0]), collection.get(collection.ids[-1])


async def test_mark_the_sentence_with_completed_tags_and_a_note(articles_dir: Path) -> None:
    first, last = first_article(articles_dir)
    add_claim(articles_dir, last, 0, 10, ("economy",))  # a tag to complete from
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.main_screen.text_view
        await pilot.press("j")
        sentence = view.sentence
        assert sentence is not None
        await pilot.press("h")
        assert isinstance(app.screen, ClaimPrompt)
        await pilot.press(*"eco")
        await pilot.pause()
        await pilot.press("right")  # accepts the completion
        tags = app.screen.query_one("#prompt-tags", Input)
        assert tags.value == "economy"
        tags.value += " disputed"
        await pilot.press("tab")
        app.screen.query_one("#prompt-note", Input).value = "check it"
        await pilot.press("enter")
        await pilot.pause()
        claim = next(c for c in stored(articles_dir) if c.article == first.id)
        assert (claim.start, claim.end) == sentence
        assert claim.quote == first.text[sentence[0] : sentence[1]]
        assert claim.tags == ("economy", "disputed") and claim.note == "check it"
        # Shown: highlighted in the text, under the cursor, and counted in the sidebar.
        assert view.current_claim is not None and view.current_claim.id == claim.id
        row = view._map.location(claim.start)[0]
        assert any(
            span.style.bgcolor is not None for span in view.get_line(row).spans if not isinstance(span.style, str)
        )
        assert app.main_screen.sidebar.claim_counts[first.id] == 1
        # Escape abandons a new claim: nothing more is stored.
        await pilot.press("j", "h", *"x", "escape")
        await pilot.pause()
        assert len(stored(articles_dir)) == 2
        assert any("abandoned" in m for m in messages(app))


async def test_keyboard_and_mouse_selection(articles_dir: Path) -> None:
    first, _ = first_article(articles_dir)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.main_screen.text_view
        await pilot.press("j")
        one = view.sentence
        await pilot.press("v")
        assert view.selected_span == one
        await pilot.press("j", "j")
        span = view.selected_span
        assert span is not None and span[0] == one[0] and span[1] > one[1]
        three = view.sentence
        assert span[1] == three[1]
        await pilot.press("k")  # back one sentence
        assert view.selected_span[1] < span[1]
        await pilot.press("j", "shift+left")  # the end back by a word
        shorter = view.selected_span
        assert shorter[0] == one[0] and shorter[1] < span[1]
        await pilot.press("h", "enter")
        await pilot.pause()
        (claim,) = stored(articles_dir)
        assert claim.quote == first.text[claim.start : claim.end].strip()
        assert claim.start == one[0] and claim.end <= shorter[1]
        assert claim.tags == ()
        assert view.selected_span is None  # the selection is let go after marking
        # The mouse: a real drag over the first text line selects, and h marks it.
        view.scroll_home(animate=False)
        await pilot.pause()
        x = view.content_region.x - view.region.x
        await pilot.mouse_down(view, offset=(x + 2, 0))
        await pilot.hover(view, offset=(x + 30, 0))
        await pilot.mouse_up(view, offset=(x + 30, 0))
        await pilot.pause()
        span = view.selected_span
        assert span is not None and span[1] - span[0] >= 20, span
        await pilot.press("h", "m", "enter")
        await pilot.pause()
        dragged = next(c for c in stored(articles_dir) if c.tags == ("m",))
        assert dragged.quote == first.text[span[0] : span[1]].strip()


async def test_edit_tags_note_delete_undo_redo(articles_dir: Path) -> None:
    first, _ = first_article(articles_dir)
    claim = add_claim(articles_dir, first, 0, 20, ("old",), "first note")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.main_screen.text_view
        view.move_to_offset(5)
        await pilot.pause()
        assert view.current_claim is not None and view.current_claim.id == claim.id
        await pilot.press("t")
        tags = app.screen.query_one("#prompt-tags", Input)
        assert tags.value == "old"
        tags.value = ""
        tags.value = "new, two words"
        await pilot.press("enter")
        await pilot.pause()
        (now,) = stored(articles_dir)
        assert now.tags == ("new", "two-words") and now.note == "first note"
        await pilot.press("e")
        note = app.screen.query_one("#prompt-note", Input)
        note.value = "second"
        await pilot.press("enter")
        await pilot.pause()
        assert stored(articles_dir)[0].note == "second"
        await pilot.press("d")
        await pilot.pause()
        assert stored(articles_dir) == []
        assert view.current_claim is None
        await pilot.press("u")
        await pilot.pause()
        assert stored(articles_dir)[0].note == "second"
        assert view.current_claim is not None
        await pilot.press("u", "u")
        await pilot.pause()
        assert stored(articles_dir)[0] == claim
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert stored(articles_dir)[0].tags == ("new", "two-words")
        assert app.main_screen.sidebar.claim_counts[first.id] == 1


async def test_claims_panel_jump_orphan_tag_filter_and_reattach(articles_dir: Path) -> None:
    first, last = first_article(articles_dir)
    sentence = first.text.index(".", 200) + 2
    found = add_claim(articles_dir, first, sentence, sentence + 30, ("fig",), "a note")
    lost = add_claim(articles_dir, first, 0, 10)
    with ClaimStore.open(store_path(articles_dir)) as store:
        gone = "words that were in an older version of the article only"
        lost = store.update(replace(lost, quote=gone, prefix="", suffix="", start=5000, end=5000 + len(gone)))
    elsewhere = add_claim(articles_dir, last, 0, 15, ("fig",))
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("c")
        panel = app.query_one(ClaimsPanel)
        assert panel.display and panel.option_list.has_focus
        assert [r.claim.id for r in panel.rows] == [found.id, lost.id]
        assert panel.rows[1].found is False
        assert "not found in the current text" in str(panel.option_list.get_option_at_index(1).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.text_view.cursor_offset == found.start and app.main_screen.text_view.has_focus
        # Re-attach the orphan to a new selection, from the panel.
        app.main_screen.text_view.move_to_offset(40)
        await pilot.press("v")
        span = app.main_screen.text_view.selected_span
        panel.option_list.focus()
        panel.option_list.highlighted = 1
        await pilot.press("a")
        await pilot.pause()
        again = next(c for c in stored(articles_dir) if c.id == lost.id)
        assert (again.start, again.end) == span and again.quote == first.text[span[0] : span[1]]
        assert all(r.found for r in panel.rows)
        # The tag filter: one tag's claims across the collection; picking opens the article.
        panel.set_filter("fig")
        app.main_screen.refresh_panel()
        await pilot.pause()
        assert {r.claim.id for r in panel.rows} == {found.id, elsewhere.id}
        index = [r.claim.id for r in panel.rows].index(elsewhere.id)
        panel.option_list.focus()
        panel.option_list.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.current_id == last.id and app.main_screen.text_view.cursor_offset == elsewhere.start
        # d in the panel deletes; c hides it.
        panel.option_list.focus()
        await pilot.press("d")
        await pilot.pause()
        assert len(stored(articles_dir)) == 2
        await pilot.press("c")
        assert not panel.display


async def test_rename_tag_from_the_command_palette(articles_dir: Path) -> None:
    first, last = first_article(articles_dir)
    add_claim(articles_dir, first, 0, 10, ("econ", "keep"))
    add_claim(articles_dir, last, 0, 10, ("economy",))
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Rena")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RenameTagPrompt)
        app.screen.query_one("#rename-old", Input).value = "econ"
        app.screen.query_one("#rename-new", Input).value = "economy"
        await pilot.press("enter")
        await pilot.pause()
        with ClaimStore.open(store_path(articles_dir), read_only=True) as store:
            assert store.tags() == {"economy": 2, "keep": 1}
        await pilot.press("u")  # one undo brings the old name back
        await pilot.pause()
        with ClaimStore.open(store_path(articles_dir), read_only=True) as store:
            assert store.tags() == {"economy": 1, "econ": 1, "keep": 1}


async def test_a_broken_store_opens_read_only_and_is_left_as_it_was(articles_dir: Path) -> None:
    path = store_path(articles_dir)
    path.parent.mkdir(parents=True)
    path.write_text("{broken", encoding="utf-8")
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main_screen.current_id is not None  # the app opened all the same
        assert any(str(path) in m and "cannot be read" in m for m in messages(app))
        # A claim marked now is kept in memory and shown, and the user is told.
        await pilot.press("h", *"kept", "enter")
        await pilot.pause()
        assert app.main_screen.text_view.claims and app.history.pending
        assert any("not saved" in m for m in messages(app))
    assert path.read_text(encoding="utf-8") == "{broken"


HOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.claims.store import ClaimStore
    store = ClaimStore.open(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    print("closed", flush=True)
    sys.stdin.readline()
    """
)


async def test_a_store_held_by_another_reader_is_read_only_until_it_lets_go(articles_dir: Path) -> None:
    path = store_path(articles_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        app = ReaderApp(articles_dir)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.store_session.store is not None and app.store_session.store.read_only
            assert any("another reader" in m for m in messages(app))
            await pilot.press("h", *"pending", "enter")
            await pilot.pause()
            assert len(app.main_screen.text_view.claims) == 1 and app.history.pending
            assert stored(articles_dir) == []
            # The other reader quits: "Retry saving" saves what was kept.
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "closed"
            app.action_retry_saving()
            await pilot.pause()
            assert not app.history.pending
            assert [c.tags for c in stored(articles_dir)] == [("pending",)]
            assert any("All claim changes are saved" in m for m in messages(app))
    finally:
        holder.kill()
        holder.wait()


async def test_quit_closes_the_store(articles_dir: Path) -> None:
    first, _ = first_article(articles_dir)
    app = ReaderApp(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h", "enter", "q")
        await pilot.pause()
    assert app.store_session.store is None
    # Another reader can take the store now.
    with ClaimStore.open(store_path(articles_dir)) as store:
        assert not store.read_only and len(store.all()) == 1
    assert find_quote(first.text, stored(articles_dir)[0].quote)


COUNCIL = """# Council weighs the parking budget

The council met on Monday to discuss the budget for the coming year.

Revenue from parking fell by 12 percent last year, the treasurer said, citing the new bus lanes. Several members asked whether the lanes were to blame for the loss of income.

The mayor said the figures would be reviewed before the next meeting of the council. Residents who spoke at the meeting were divided.

A decision is expected in March, after a public consultation.
"""


async def test_claims_whose_words_changed_are_marked_listed_and_accepted_with_undo(tmp_path: Path) -> None:
    """Issue 17 as a user meets it: claims marked, the file edited (a paragraph inserted, a
    figure corrected in a marked sentence, a marked sentence deleted), the app opened."""
    import os

    from reader.collection import Collection

    folder = tmp_path / "council"
    folder.mkdir()
    file = folder / "council.txt"
    file.write_text(COUNCIL, "utf-8")
    article = Collection.load(folder).articles[0]
    figure = "Revenue from parking fell by 12 percent last year, the treasurer said, citing the new bus lanes."
    mayor = "The mayor said the figures would be reviewed before the next meeting of the council."
    decision = "A decision is expected in March, after a public consultation."
    claims = {q: add_claim(folder, article, *find_quote(article.text, q), ("fig",)) for q in (figure, mayor, decision)}
    edited = COUNCIL.replace("The council met", "Editor's note: updated with the final figures.\n\nThe council met")
    edited = edited.replace("12 percent", "14 percent").replace(decision, "")
    mtime = file.stat().st_mtime_ns + 5 * 10**9
    file.write_text(edited, "utf-8")
    os.utime(file, ns=(mtime, mtime))
    app = ReaderApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("c")
        panel = app.query_one(ClaimsPanel)
        by_id = {r.claim.id: r for r in panel.rows}
        text = app.main_screen.article.text
        changed = by_id[claims[figure].id]
        assert changed.changed and text[changed.claim.start : changed.claim.end] == figure.replace("12", "14")
        prompt = str(panel.option_list.get_option_at_index(panel.rows.index(changed)).prompt)
        assert "words changed since marked" in prompt and "was: “" + figure in prompt
        moved = by_id[claims[mayor].id]
        assert moved.found and not moved.changed and text[moved.claim.start : moved.claim.end] == mayor
        assert not by_id[claims[decision].id].found
        assert "1 with changed words" in str(panel.query_one("#panel-status").render())
        await pilot.pause()
        # The status wraps rather than being cut: the key that lists the changed claims shows.
        assert "(w lists them)" in screen_text(app)
        # The store still holds the words marked, until they are accepted.
        assert next(c for c in stored(folder) if c.id == changed.claim.id).quote == figure
        # w lists only the claims whose words changed; n accepts the new words; u undoes it.
        await pilot.press("w")
        assert [r.claim.id for r in panel.rows] == [changed.claim.id]
        await pilot.press("n")
        await pilot.pause()
        accepted = next(c for c in stored(folder) if c.id == changed.claim.id)
        assert accepted.quote == figure.replace("12", "14") and text[accepted.start : accepted.end] == accepted.quote
        assert panel.rows == []  # nothing left to review
        await pilot.press("w")
        assert not any(r.changed for r in panel.rows) and len(panel.rows) == 3
        app.main_screen.text_view.focus()
        await pilot.press("u")
        await pilot.pause()
        assert next(c for c in stored(folder) if c.id == changed.claim.id).quote == figure
        await pilot.press("c", "c")
        assert any(r.changed for r in panel.rows)
