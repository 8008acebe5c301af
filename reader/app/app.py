"""The reading app: what outlives a screen. The collection (scanned before the first
paint, cleaned in a thread worker while the sidebar shows progress, so keys never wait),
the claim store session, reading positions, the keys that work everywhere, help and the
command palette. The widgets are coordinated by the main screen (`screens/main.py`).

Claims: the store opens right after the first paint (read-only, saying why, when it is
broken or another reader holds it: `reader.claims.session`). Every change goes through
its `History`, which makes it undoable and keeps it in memory when the store can't save,
so nothing typed is lost; here is only the timer that retries and what is said.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from reader.app.loading import Library
from reader.app.screens.main import MainScreen
from reader.app.state import Positions, Session, positions_path
from reader.article import Article, Problem
from reader.claims.history import History, Step
from reader.claims.location import default_store_path
from reader.claims.session import StoreSession
from reader.config import Config, load_config
from reader.wording import counted

if TYPE_CHECKING:
    from reader.app.screens.search import Hit

# Start-up imports only what the first screen needs: the screens, export and clipboard
# modules load when first used (together they took about a tenth of a second).


def _bundled_articles() -> Path:
    return Path(__file__).resolve().parent.parent / "bundled"


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    #: Seconds between tries to save claim changes that could not be saved.
    RETRY_SAVING_EVERY: ClassVar[float] = 15.0

    HELP_TITLE: ClassVar[str] = "Collection"
    HELP_PLACE: ClassVar[int] = 0
    # On the app, not the main screen: these keys work over the dialogs too (as `u` on
    # the board, ctrl+k from help), and the priority ones before any widget's.
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("right_square_bracket", "next_article", "Next article", id="article.next"),
        Binding("left_square_bracket", "previous_article", "Prev article", id="article.previous"),
        # priority: the text area would otherwise take ctrl+k (delete to end of line).
        Binding("ctrl+k", "search", "Search all", id="app.search", priority=True),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", id="app.sidebar", priority=True),
        Binding("tab", "switch_focus", "Sidebar/text", show=False, id="app.focus", priority=True),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("c", "toggle_claims", "Claims", id="claims.panel"),
        Binding("b", "board", "Board", id="claims.board"),
        Binding("u", "undo", "Undo", id="claims.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="claims.redo"),
        Binding("x", "export", "Export", id="claims.export"),
        Binding("r", "show_removed", "Removed text", id="article.removed"),
    ]

    def __init__(
        self,
        articles_dir: Path | None = None,
        db_path: Path | None = None,
        *,
        config: Config | None = None,
        config_problems: list[str] | None = None,
    ) -> None:
        if config is None:
            config, config_problems = load_config()
        super().__init__()
        self.config = config
        self.config_problems = list(config_problems or [])
        self.articles_dir = articles_dir or config.articles or _bundled_articles()
        self.db_path = db_path or default_store_path(self.articles_dir)
        self.store_session = StoreSession(self.db_path)
        self.main_screen = MainScreen(signals=config.signals)  # the default screen, under every dialog
        self._quit_warned = 0
        # Looks at the store again while changes wait or it is read-only (`_check_store`).
        self._checking: Timer | None = None
        self.library = Library(self.articles_dir)
        self.positions = Positions()
        self.session = Session()
        self.loaded_at: float | None = None  # seconds from start to the first article shown
        # The article opened while the one read last may still come from files not cleaned yet.
        self._stand_in: str | None = None
        self.scanned_at: float | None = None  # seconds from start to the collection scanned
        self._started = time.perf_counter()
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self.config_problems.append(f"{config.path}: unknown theme {config.theme!r}; using {self.theme!r}.")
        if config.keys:
            self.set_keymap(config.keys)

    def get_default_screen(self) -> Screen:
        return self.main_screen

    @property
    def history(self) -> History:
        """The claims as shown, with undo and redo (the store session's)."""
        return self.store_session.history

    def on_mount(self) -> None:
        self.sub_title = str(self.articles_dir)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)

    def start(self) -> None:
        """Fill the main screen once it is mounted: the collection, then the claims."""
        # The scan (file list and cached summaries) runs here, before the first paint:
        # it is bounded (no cleaning), and in a worker thread it fought Textual's own
        # startup for the GIL and took three times as long. Cleaning is the worker's.
        self.scan()
        if self.library.pending:
            self.load()
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        # The claim store opens now; the claim counts and the first article's claims fill
        # in. A change made before (hardly possible) waits in the history and is saved
        # when the store opens.
        if not self.store_session.opened:
            self.open_store()
            self.main_screen.show_claims(save_moved=True)
        # `run_app` keeps the cycle collector off while starting (start-up allocates much
        # and frees little; full collections took 0.1-0.2 s of it). What was made so far
        # lives as long as the app, so it is frozen out of later collections.
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    # -- The collection --------------------------------------------------------------------

    def scan(self) -> None:
        try:
            self.library.scan()
        except Exception as error:  # an unreadable folder is a message, not a crash
            self.library.problems = [Problem(str(self.articles_dir), str(error) or type(error).__name__)]
        self.scanned_at = time.perf_counter() - self._started
        self._show_library()

    @property
    def articles(self) -> list[Article]:
        """The articles in collection order, as summaries (their text is read on opening)."""
        return self.library.summaries

    @property
    def problems(self) -> list[Problem]:
        return self.library.problems

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Clean what the cache lacked, with progress, showing articles as they come."""
        library = self.library
        sidebar = self.main_screen.sidebar
        last = shown = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last, shown
            now = time.perf_counter()
            if now - last > 0.25 or done == total:
                last = now
                self.call_from_thread(sidebar.set_status, f"Cleaning {done}/{total} files…")
            # What is cleaned so far can be read already: shown at once, then now and
            # then (rebuilding a big list costs a moment, so not at every file).
            if done < total and (not shown or now - shown > 5):
                shown = now
                library.refresh()
                self.call_from_thread(self._show_library)

        try:
            library.load_pending(progress)
        except Exception as error:  # the files cleaned so far still show
            self.call_from_thread(self.notify, f"Cleaning stopped: {type(error).__name__}: {error}", severity="error")
        self.call_from_thread(self._show_library)

    def _show_library(self) -> None:
        main, library = self.main_screen, self.library
        main.show_library(library.summaries, library.problems, library.pending)
        if not library.summaries:
            return
        last = self.session.last_article(self.articles_dir)
        known = last is not None and any(a.id == last for a in library.summaries)
        if main.article is None or (known and main.current_id == self._stand_in):
            # The article read last time, when it is there; else the first, standing in
            # for it (not remembered) while the files still to clean may bring it.
            first = main.article is None
            self._stand_in = None if known or not library.pending else library.summaries[0].id
            main.open_article(last if known and last is not None else library.summaries[0].id)
            if first:
                self.loaded_at = time.perf_counter() - self._started

    def article_opened(self, article_id: str) -> None:
        """Remember the article being read (the main screen says when it opens one)."""
        if article_id == self._stand_in:
            return
        self._stand_in = None  # another article chosen: the last one is not brought back
        if self.session.last_article(self.articles_dir) != article_id:
            # Saved now, not only on q: closing the terminal window (SIGHUP) ends the app
            # without unmounting it, and a restart would open the first article.
            self.session.set_last_article(self.articles_dir, article_id)
            self.session.save()
            self.positions.save()

    # -- Keys that work everywhere --------------------------------------------------------

    def action_next_article(self) -> None:
        self.main_screen.step_article(1)

    def action_previous_article(self) -> None:
        self.main_screen.step_article(-1)

    def action_toggle_sidebar(self) -> None:
        self.main_screen.toggle_sidebar()

    async def action_toggle_claims(self) -> None:
        await self.main_screen.toggle_claims()

    def action_rename_tag(self) -> None:
        self.main_screen.rename_tag()

    def action_export(self) -> None:
        from reader.app.exporting import open_export_dialog

        open_export_dialog(self)

    def action_search(self) -> None:
        from reader.app.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return

        def opened(hit: Hit | None) -> None:
            if hit is not None:
                self.main_screen.open_article(hit.article_id, hit.offset)
                self.main_screen.text_view.focus()

        self.push_screen(SearchScreen(self.library.articles), opened)

    def action_show_removed(self) -> None:
        from reader.app.screens.removed import RemovedScreen

        article = self.main_screen.article
        if article is None or isinstance(self.screen, RemovedScreen):
            return
        self.push_screen(RemovedScreen(article.title, partial(self.library.removed, article.id)))

    def action_board(self) -> None:
        from reader.app.screens.board import BoardScreen

        if not isinstance(self.screen, BoardScreen):
            screen = BoardScreen(
                self.history.all_claims, self.library.get, self.library.articles, self.store_session.findings
            )
            self.push_screen(screen)

    def on_resize(self, event: events.Resize) -> None:
        # (The event has the new size; `self.size` may not have it yet.)
        self.main_screen.give_way(width=event.size.width)

    def action_switch_focus(self) -> None:
        if self.screen is not self.main_screen:
            self.screen.focus_next()
        else:
            self.main_screen.switch_focus()

    def action_help(self) -> None:
        from reader.app.screens.help import HelpScreen, help_sections

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections(self), self.help_notes()))

    async def action_quit(self) -> None:
        self.main_screen.remember_position()
        self.positions.save()
        self.session.save()
        if self.history.pending:
            self.notify(
                f"{len(self.history.unsaved)} claim change(s) are not saved ({self.history.last_error}). "
                "Copy them with Y or export them with x; q again quits anyway.",
                severity="error",
                timeout=15,
            )
            self._quit_warned += 1
            if self._quit_warned < 2:
                return
        self.store_session.close()
        self.exit()

    def on_unmount(self) -> None:
        self.session.save()
        self.store_session.close()

    # -- The claim store: changes, saving, retrying -------------------------------------------

    def open_store(self) -> None:
        """Open the store (the session says why when it is read-only) and say so."""
        session = self.store_session
        if not session.open() or not session.writable:
            self._keep_checking()
        if session.store is None:
            self.notify(
                f"{session.problem}. Claims are read-only for now; the file was left as it is.",
                title="Claim store can't be read",
                severity="error",
                timeout=30,
            )
        elif session.problem:
            self.notify(session.problem, title="Claims are read-only", severity="warning", timeout=15)
        self.main_screen.sidebar.set_claim_counts(session.counts())

    def do(self, step: Step, message: str) -> None:
        """Make a change to claims, show it everywhere, and say how it went."""
        self.after_change(self.store_session.do(step), message)

    def after_change(self, saved: bool, message: str) -> None:
        """Show the change everywhere; say so when it could not be saved."""
        self.main_screen.show_claims()
        self.main_screen.sidebar.set_claim_counts(self.store_session.counts())
        if saved:
            self.notify(message, timeout=3)
        elif self.store_session.give_up:
            self.ask_about_conflict()
        else:
            self._keep_checking()
            self.notify(
                f"{message}, but not saved: {self.history.last_error}. It is kept in memory "
                f"({len(self.history.unsaved)} unsaved) and saved as soon as the store can be "
                f"written (tried every {self.RETRY_SAVING_EVERY:g} s, with the next change, or "
                "with 'Retry saving', ctrl+p); y, Y or x copy it out meanwhile.",
                title="Not saved",
                severity="error",
                timeout=20,
            )

    def action_undo(self) -> None:
        step, saved = self.history.undo()
        if step is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self.after_change(saved, f"Undid: {step.label}")

    def action_redo(self) -> None:
        step, saved = self.history.redo()
        if step is None:
            self.notify("Nothing to redo.", timeout=3)
            return
        self.after_change(saved, f"Redid: {step.label}")

    def action_retry_saving(self) -> None:
        if not self.history.pending:
            self.notify("Nothing is waiting to be saved.")
            return
        if self._try_saving():
            self._stop_checking()
            self.notify("All claim changes are saved.")
        elif self.store_session.give_up:
            self.ask_about_conflict()
        else:
            self.notify(f"Still not saved: {self.history.last_error}", severity="error")

    def _try_saving(self) -> bool:
        """Save the waiting claim changes; True when all are saved."""
        saved = self.store_session.retry()
        self.main_screen.sidebar.set_claim_counts(self.store_session.counts())
        return saved

    def _keep_checking(self) -> None:
        """Look at the store every RETRY_SAVING_EVERY seconds while changes wait (a disk
        that gets room again, or a store another reader lets go of, takes them without the
        user asking) or while it is read-only (to show what the other reader saved, and to
        say when it can be written again)."""
        if self._checking is None:
            self._checking = self.set_interval(self.RETRY_SAVING_EVERY, self._check_store)

    def _stop_checking(self) -> None:
        if self._checking is not None:
            self._checking.stop()
            self._checking = None

    def _check_store(self) -> None:
        """One look: silent while nothing changed (a failure was said once), one line when
        something did."""
        session = self.store_session
        if session.pending:
            if self._try_saving():
                self._stop_checking()
                self.notify("All claim changes are saved now: the store could be written again.")
            elif session.give_up:
                # Trying again would not help, and writing over the other change would lose it.
                self.ask_about_conflict()
            return
        if session.writable:
            self._stop_checking()
            return
        writable = session.refresh()
        self.main_screen.show_claims()
        self.main_screen.sidebar.set_claim_counts(session.counts())
        if writable:
            self._stop_checking()
            self.notify("The claim store can be written again.", timeout=5)

    def ask_about_conflict(self) -> None:
        """Waiting changes met claims another program changed: the user chooses."""
        from reader.app.screens.conflict import MINE, THEIRS, ConflictScreen

        self._stop_checking()
        if isinstance(self.screen, ConflictScreen):
            return
        session = self.store_session

        def answered(answer: str | None) -> None:
            if answer == MINE:
                saved = session.keep_mine()
                self.after_change(saved, "Your version is saved; it replaced the other change")
            elif answer == THEIRS:
                dropped = session.keep_theirs()
                changes = counted(len(dropped), "unsaved change")
                self.after_change(True, f"Kept the store's claims; dropped your {changes}")
            else:
                self.notify(
                    "Your changes wait, not saved (y, Y or x copy them out); 'Retry saving' (ctrl+p) asks again.",
                    title="Claims changed elsewhere",
                    severity="warning",
                    timeout=15,
                )

        self.push_screen(ConflictScreen(self.history.unsaved, self.history.last_error), answered)

    # -- The claims board's messages (it is a dialog: they come here, not to the main screen)

    def _board_changed(self, saved: bool, message: str) -> None:
        self.after_change(saved, message)
        screen = self.screen
        if hasattr(screen, "refresh_board"):
            screen.refresh_board()

    def on_board_screen_open_claim(self, event) -> None:
        board = event.control if hasattr(event, "control") else None
        if board is None or not board.is_active:
            return  # a second enter on a board already closed
        board.dismiss(None)
        self.main_screen.go_to_claim(event.claim)

    def on_board_screen_put_in(self, event) -> None:
        from reader.claims.board import put_in

        self._board_changed(self.history.do(put_in(event.claim, event.group)), "Claim put in the group (u undoes)")

    def on_board_screen_take_out(self, event) -> None:
        from reader.claims.board import take_out

        self._board_changed(self.history.do(take_out(event.claim)), "Claim taken out of its group (u undoes)")

    def on_board_screen_finding_set(self, event) -> None:
        from reader.claims.board import pin
        from reader.claims.errors import StoreError

        group_id, step = pin(event.group)
        store = self.store_session.store
        if store is None or store.read_only:
            problem = self.store_session.problem or "the store is read-only"
            self.notify(f"The finding can't be saved: {problem}", severity="error")
            return
        if step is not None and step.pairs:
            self.history.do(step)
        try:
            store.set_finding(group_id, event.text)
        except (StoreError, OSError) as error:
            self.notify(f"The finding was not saved: {error}", severity="error")
            return
        self._board_changed(True, "Finding saved" if event.text.strip() else "Finding removed")

    def on_board_screen_mark_candidate(self, event) -> None:
        from reader.claims.board import mark_candidate

        article = self.library.get(event.candidate.article)
        if article is None:
            return
        _, step = mark_candidate(event.candidate, event.group, article)
        self._board_changed(self.history.do(step), "Sentence marked as a claim of the group (u undoes)")
        if hasattr(self.screen, "candidate_marked"):
            self.screen.candidate_marked(event.candidate)

    # -- Help and the command palette ----------------------------------------------------

    def help_notes(self) -> list[str]:
        problem = self.store_session.problem
        return [
            f"Articles: {self.articles_dir}",
            f"Config:   {self.config.path}",
            f"Positions: {positions_path()}",
            f"Claims store: {self.db_path}" + (f" (read-only: {problem})" if problem else ""),
            "Rebind keys in the config's [keys] table by the ids in brackets.",
        ]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then every described key of the app and of the main
        screen's widgets (the help screen's sections: a new key shows here by itself),
        then the commands that have no key."""
        from reader.app.screens.help import described, help_classes

        yield from super().get_system_commands(screen)
        for cls in help_classes():
            node = self if isinstance(self, cls) else next(iter(self.main_screen.query(cls)), None)
            if node is None:  # (the claims panel before it is first shown)
                continue
            for binding, keys in described(self, cls):
                action = partial(self.run_action, binding.action, node)
                yield SystemCommand(binding.description, f"{cls.HELP_TITLE}: {keys}", action)  # type: ignore[attr-defined]
        yield SystemCommand("Rename tag", "Rename or merge a tag on every claim", self.action_rename_tag)
        yield SystemCommand("Retry saving", "Save the claim changes that could not be saved", self.action_retry_saving)
