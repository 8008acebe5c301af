"""The reading app: the sidebar of articles on the left, the reading pane on the right,
the claims panel (`c`) beside it.

Startup paints the empty layout at once; the collection loads in a thread worker and fills
the sidebar when ready (with progress in the sidebar's status line), so keys never wait.

Claims: the store opens right after the first paint (read-only, saying why, when it is
broken or another reader holds it). Every change goes through `reader.claims.history.History`,
which makes it undoable and keeps it in memory when the store can't save, so nothing typed
is lost.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from reader.app.loading import Library
from reader.app.state import Positions, Session, positions_path
from reader.app.widgets.article_header import ArticleHeader
from reader.app.widgets.article_text import ArticleText
from reader.app.widgets.claims_panel import ARTICLE, ClaimsPanel, Row
from reader.app.widgets.footer import ReaderFooter
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.sidebar import Sidebar
from reader.article import Article, Problem
from reader.claims import history
from reader.claims.history import History
from reader.claims.model import Claim, make_claim, now
from reader.claims.placing import Placed, place, place_and_save, reattached, same_span
from reader.claims.storage import StoreError
from reader.claims.store import ClaimStore, default_store_path
from reader.claims.tags import parse_tags
from reader.config import Config, load_config
from reader.wording import counted

if TYPE_CHECKING:
    from reader.app.screens.claim_prompt import ClaimAnswer
    from reader.app.screens.export import ExportRequest
    from reader.app.screens.search import Hit
    from reader.notes.gathering import Scope

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
        self.store: ClaimStore | None = None
        self.store_problem = ""  # why the store is read-only or not open, "" when writable
        self.history = History(None, "the claim store is not open yet")
        self.placed: list[Placed] = []  # the current article's claims, placed in its text
        self._quit_warned = 0
        self._retrying: Timer | None = None  # retries saving while claim changes wait
        self._gave_way: set[str] = set()  # ids of side panels hidden for a narrow window
        self._width = 0  # the window's width, as the last resize said
        self.library = Library(self.articles_dir)
        self.positions = Positions()
        self.session = Session()
        self.current_id: str | None = None
        self.loaded_at: float | None = None  # seconds from start to the first article shown
        self._signals_counted = False
        self.scanned_at: float | None = None  # seconds from start to the collection scanned
        self._started = time.perf_counter()
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self.config_problems.append(f"{config.path}: unknown theme {config.theme!r}; using {self.theme!r}.")
        if config.keys:
            self.set_keymap(config.keys)

    # -- Layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: `App.query_one` searches the active screen, which is a
        # modal one while search or help is open.
        self.sidebar = Sidebar(id="sidebar")
        self.pane = ReadingPane(id="pane", signals=self.config.signals)
        # The claims panel is mounted when first shown (`c`): hidden, it only slowed the
        # first paint down.
        self.claims_panel = ClaimsPanel(id="claims-panel")
        self.claims_panel.display = False
        self.main = Horizontal(id="main")
        with self.main:
            yield self.sidebar
            yield self.pane
        yield ReaderFooter()

    @property
    def text_view(self) -> ArticleText:
        return self.pane.text_view

    def on_mount(self) -> None:
        self.sub_title = str(self.articles_dir)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)
        self.text_view.focus()
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
        if self.store is None and not self.store_problem:
            self.open_store()
            self._show_claims(save_moved=True)
        # `run_app` keeps the cycle collector off while starting (start-up allocates much
        # and frees little; full collections took 0.1-0.2 s of it). What was made so far
        # lives as long as the app, so it is frozen out of later collections.
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

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
        last = shown = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last, shown
            now = time.perf_counter()
            if now - last > 0.25 or done == total:
                last = now
                self.call_from_thread(self.sidebar.set_status, f"Cleaning {done}/{total} files…")
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
        self.sidebar.set_articles(self.library.summaries, self.library.problems)
        if self.library.pending:
            self.sidebar.set_status(f"Cleaning {self.library.pending} files…")
        if self.current_id is None and self.library.summaries:
            # The article read last time, when it is still there; else the first.
            last = self.session.last_article(self.articles_dir)
            known = last is not None and any(a.id == last for a in self.library.summaries)
            self.open_article(last if known and last is not None else self.library.summaries[0].id)
            self.loaded_at = time.perf_counter() - self._started
        elif not self.library.summaries and not self.library.pending:
            self.pane.query_one(ArticleHeader).show_message(
                "Nothing to read",
                [f"{p.file}: {p.reason}" for p in self.library.problems[:20]],
            )

    # -- Opening -----------------------------------------------------------------------

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        article = self.library.get(article_id)
        if article is None:
            return
        self._remember_position()
        self.current_id = article_id
        if self.session.last_article(self.articles_dir) != article_id:
            # Saved now, not only on q: closing the terminal window (SIGHUP) ends the app
            # without unmounting it, and a restart would open the first article.
            self.session.set_last_article(self.articles_dir, article_id)
            self.session.save()
            self.positions.save()
        if offset is None:
            offset = self.positions.get(article_id) or 0
        self.pane.open(article, offset)
        self.sidebar.select(article_id)
        self._show_claims(save_moved=True)

    def _remember_position(self) -> None:
        if self.current_id is not None and self.pane.article is not None:
            self.positions.set(self.current_id, self.text_view.cursor_offset)

    def on_sidebar_opened(self, event: Sidebar.Opened) -> None:
        self.open_article(event.article_id)
        self.text_view.focus()

    # -- Claim signals in the sidebar ----------------------------------------------------

    def on_article_text_signals_toggled(self, event: ArticleText.SignalsToggled) -> None:
        if not event.shown:
            self.sidebar.show_signals(False)
        elif self._signals_counted:
            self.sidebar.show_signals(True)
        else:
            self._signals_counted = True
            self.count_signals()

    @work(thread=True, exclusive=True, group="signals-count")
    def count_signals(self) -> None:
        """Count each article's signals with the same lexer (texts read as it goes)."""
        from reader.signals import count_signals

        counts: dict[str, dict[str, int]] = {}
        summaries = list(self.library.summaries)
        last = time.perf_counter()
        for number, summary in enumerate(summaries, 1):
            article = self.library.get(summary.id)
            if article is not None:
                counts[summary.id] = count_signals(article.text)
            if time.perf_counter() - last > 0.5:
                last = time.perf_counter()
                self.call_from_thread(self.sidebar.set_status, f"Counting signals {number}/{len(summaries)}…")
        self.call_from_thread(self.sidebar.show_signals, self.text_view.signals_shown, counts)

    # -- Actions -----------------------------------------------------------------------

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        target = self.sidebar.neighbour(self.current_id, step)
        if target is not None:
            self.open_article(target)

    def action_search(self) -> None:
        from reader.app.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return

        def opened(hit: Hit | None) -> None:
            if hit is not None:
                self.open_article(hit.article_id, hit.offset)
                self.text_view.focus()

        self.push_screen(SearchScreen(self.library.articles), opened)

    def action_show_removed(self) -> None:
        from reader.app.screens.removed import RemovedScreen

        article_id = self.current_id
        if article_id is None or isinstance(self.screen, RemovedScreen):
            return
        article = self.library.get(article_id)
        title = article.title if article is not None else article_id
        self.push_screen(RemovedScreen(title, lambda: self.library.removed(article_id)))

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        self._gave_way.discard("sidebar")
        if not sidebar.display and sidebar.has_focus_within:
            self.text_view.focus()
        if sidebar.display:
            self.give_way(keep=sidebar)

    # -- Small screens: the side panels give way to the text -----------------------------

    #: Columns the reading pane keeps at the least; side panels that would leave it fewer
    #: are hidden (the sidebar first), and come back when the window is wide enough again.
    TEXT_MIN_WIDTH: ClassVar[int] = 52

    def _side_panels(self) -> list[Widget]:
        """The side panels in the order they give way: the sidebar, then the claims panel."""
        return [self.sidebar, *([self.claims_panel] if self.claims_panel.is_attached else [])]

    def _side_width(self, widget: Widget) -> int:
        """The columns `widget` takes when shown, by its styles (width, max-width)."""
        from textual.css.scalar import Unit

        width, most = widget.styles.width, widget.styles.max_width
        cells = int(width.value) if width is not None and width.unit == Unit.CELLS else 40
        if most is not None and most.unit == Unit.PERCENT:
            cells = min(cells, int(self._width * most.value / 100))
        return cells

    def _text_width(self, shown: list[Widget]) -> int:
        return self._width - sum(self._side_width(w) for w in shown)

    def give_way(self, keep: Widget | None = None, width: int | None = None) -> None:
        """Hide side panels (not `keep`, which the reader just asked for) while the text
        would be narrower than TEXT_MIN_WIDTH; show again what gave way when there is room."""
        self._width = width or self.size.width
        panels = self._side_panels()
        shown = [w for w in panels if w.display]
        hidden: list[str] = []
        for widget in panels:
            if widget is keep or widget not in shown or self._text_width(shown) >= self.TEXT_MIN_WIDTH:
                continue
            widget.display = False
            shown.remove(widget)
            self._gave_way.add(widget.id or "")
            hidden.append("the sidebar (ctrl+b)" if widget is self.sidebar else "the claims panel (c)")
            if widget.has_focus_within:
                self.text_view.focus()
        if hidden:
            self.notify(
                f"Narrow window: {' and '.join(hidden)} hidden to leave room for the text; "
                "the key in brackets brings it back.",
                timeout=6,
            )
            return
        for widget in reversed(panels):  # room again: what gave way comes back
            if widget.id in self._gave_way and self._text_width([*shown, widget]) >= self.TEXT_MIN_WIDTH:
                widget.display = True
                shown.append(widget)
                self._gave_way.discard(widget.id or "")

    def on_resize(self, event: events.Resize) -> None:
        # (The event has the new size; `self.size` may not have it yet.)
        self.give_way(width=event.size.width)

    def action_switch_focus(self) -> None:
        if self.screen is not self.screen_stack[0]:
            self.screen.focus_next()
            return
        if self.text_view.has_focus:
            if not self.sidebar.display:
                self.sidebar.display = True
                self._gave_way.discard("sidebar")
                self.give_way(keep=self.sidebar)
            self.sidebar.article_list.focus()
        else:
            self.text_view.focus()

    def action_help(self) -> None:
        from reader.app.screens.help import HelpScreen, help_sections

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections(self), self.help_notes()))

    async def action_quit(self) -> None:
        self._remember_position()
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
        self.close_store()
        self.exit()

    def on_unmount(self) -> None:
        self.session.save()
        self.close_store()

    # -- The claim store -----------------------------------------------------------------

    def open_store(self) -> None:
        """Open the store for writing; else read-only, saying why (a broken store is never
        written over: its file stays as it is)."""
        try:
            store, message = ClaimStore.open_or_read_only(self.db_path)
        except OSError as error:  # e.g. its folder can't be made
            store, message = None, f"{self.db_path}: {error.strerror or error}"
        self.store = store
        if store is None:
            self.store_problem = message
            self.notify(
                f"{message}. Claims are read-only for now; the file was left as it is.",
                title="Claim store can't be read",
                severity="error",
                timeout=30,
            )
        elif store.read_only:
            self.store_problem = message or store.read_only_reason
            self.notify(self.store_problem, title="Claims are read-only", severity="warning", timeout=15)
        else:
            self.store_problem = ""
        self.history.store = store
        self.history.unavailable = self.store_problem
        if self.history.pending and not self.history.flush():
            self._keep_retrying()
        self.sidebar.set_claim_counts(self._claim_counts())

    def close_store(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
            self.history.store = None

    def _claim_counts(self) -> dict[str, int]:
        try:
            return dict(self.history.counts())
        except (StoreError, OSError):
            return {}

    def _show_claims(self, *, save_moved: bool = False) -> None:
        """Place the current article's claims in its text and show them."""
        article = self.pane.article
        if article is None:
            self.placed = []
            return
        store = self.store
        try:
            if save_moved and store is not None and not store.read_only and not self.history.pending:
                # Moved claims are saved at their new place, so the next opening is quick.
                self.placed = place_and_save(store, article)
            else:
                self.placed = place(self.history.claims_for(article.id), article)
        except (StoreError, OSError):
            self.placed = place(self.history.claims_for(article.id), article)
        self.text_view.set_claims(self.placed)
        self._refresh_panel()

    def _after_change(self, saved: bool, message: str) -> None:
        """Show the change everywhere; say so when it could not be saved."""
        self._show_claims()
        self.sidebar.set_claim_counts(self._claim_counts())
        if saved:
            self.notify(message, timeout=3)
        else:
            self._keep_retrying()
            self.notify(
                f"{message}, but not saved: {self.history.last_error}. It is kept in memory "
                f"({len(self.history.unsaved)} unsaved) and saved as soon as the store can be "
                f"written (tried every {self.RETRY_SAVING_EVERY:g} s, with the next change, or "
                "with 'Retry saving', ctrl+p); y, Y or x copy it out meanwhile.",
                title="Not saved",
                severity="error",
                timeout=20,
            )

    def _do(self, step: history.Step, message: str) -> None:
        self._after_change(self.history.do(step), message)

    def action_retry_saving(self) -> None:
        if not self.history.pending:
            self.notify("Nothing is waiting to be saved.")
            return
        if self._try_saving():
            self.notify("All claim changes are saved.")
        else:
            self.notify(f"Still not saved: {self.history.last_error}", severity="error")

    def _try_saving(self) -> bool:
        """Save the waiting claim changes; True when all are saved (and the retries stop)."""
        if self.store is None or self.store.read_only:
            # The other reader may have quit, or the file been repaired: open it again.
            self.close_store()
            self.open_store_quietly()
        saved = self.history.flush()
        if saved:
            self._stop_retrying()
        self.sidebar.set_claim_counts(self._claim_counts())
        return saved

    def _keep_retrying(self) -> None:
        """Try saving the waiting changes every RETRY_SAVING_EVERY seconds until it works:
        a disk that gets space again, or a store another reader stops holding, takes them
        without the user having to ask."""
        if self._retrying is None:
            self._retrying = self.set_interval(self.RETRY_SAVING_EVERY, self._retry_quietly)

    def _stop_retrying(self) -> None:
        if self._retrying is not None:
            self._retrying.stop()
            self._retrying = None

    def _retry_quietly(self) -> None:
        """One retry: silent while it fails (the first failure was said), one line once it works."""
        if not self.history.pending:
            self._stop_retrying()
        elif self._try_saving():
            self.notify("All claim changes are saved now: the store could be written again.")
        elif self.history.conflict:
            # Trying again would not help, and writing over the other change would lose it.
            self._stop_retrying()
            self.notify(
                f"Not saved: {self.history.last_error}. Your version is kept in memory "
                "(y, Y or x copy it out); the store keeps the other change.",
                title="Claims changed elsewhere",
                severity="error",
                timeout=30,
            )

    def open_store_quietly(self) -> None:
        try:
            store, message = ClaimStore.open_or_read_only(self.db_path)
        except OSError as error:
            store, message = None, f"{self.db_path}: {error.strerror or error}"
        self.store = store
        self.store_problem = message if store is None or store.read_only else ""
        self.history.store = store
        self.history.unavailable = self.store_problem

    # -- Marking and editing claims ----------------------------------------------------------

    def _known_tags(self) -> list[str]:
        try:
            return list(self.history.tags())
        except (StoreError, OSError):
            return []

    def on_article_text_mark_requested(self, event: ArticleText.MarkRequested) -> None:
        article = self.pane.article
        if article is None:
            return
        from reader.app.screens.claim_prompt import ClaimPrompt

        start, end = event.start, event.end
        existing = same_span([p.claim for p in self.placed if p.found], start, end)
        if existing is not None:
            # The same words again: the claim they already are opens for editing.
            self.text_view.clear_selection()
            self.text_view.move_to_offset(existing.start)
            self.notify("These words are already a claim: editing it.", timeout=4)
            self._edit(existing, "claim")
            return

        def answered(answer: ClaimAnswer | None) -> None:
            self.text_view.focus()
            if answer is None:
                self.notify("New claim abandoned; nothing was stored.", timeout=3)
                return
            claim = make_claim(
                article.id,
                article.file,
                article.title,
                article.text,
                start,
                end,
                parse_tags(answer.tags or ""),
                (answer.note or "").strip(),
            )
            self.text_view.clear_selection()
            self._do(history.create(claim), "Claim marked")

        self.push_screen(
            ClaimPrompt("New claim", article.text[start:end], tags="", note="", known_tags=self._known_tags()),
            answered,
        )

    def on_article_text_claim_command(self, event: ArticleText.ClaimCommand) -> None:
        self.claim_command(event.command, event.claim)

    def claim_command(self, command: str, claim: Claim) -> None:
        if command in ("delete", "tags", "note"):
            # The claim as stored: a claim whose words changed keeps the words marked
            # until they are accepted (n in the claims panel), whatever else is edited.
            claim = self._as_stored(claim)
        if command == "delete":
            self._do(history.delete(claim), "Claim deleted (u undoes)")
        elif command == "copy":
            from reader.notes.gathering import claim_text

            self.copy_text(claim_text(claim, self._lookup(claim.article)), "the claim")
        elif command in ("tags", "note"):
            self._edit(claim, command)

    def _edit(self, claim: Claim, field: str) -> None:
        from reader.app.screens.claim_prompt import ClaimPrompt, tags_text

        def answered(answer: ClaimAnswer | None) -> None:
            self.text_view.focus()
            if answer is None:
                return
            changed = claim
            if answer.tags is not None:
                changed = replace(changed, tags=parse_tags(answer.tags))
            if answer.note is not None:
                changed = replace(changed, note=answer.note.strip())
            if changed.tags == claim.tags and changed.note == claim.note:
                return
            saved = {"tags": "Tags changed", "note": "Note changed"}.get(field, "Claim changed")
            self._do(history.edit(claim, replace(changed, updated=now()), field), saved)

        titles = {"tags": "Tags", "note": "Note"}
        prompt = ClaimPrompt(
            titles.get(field, "Edit claim"),
            claim.quote,
            tags=tags_text(claim.tags) if field in ("tags", "claim") else None,
            note=claim.note if field in ("note", "claim") else None,
            known_tags=self._known_tags(),
        )
        self.push_screen(prompt, answered)

    def action_undo(self) -> None:
        step, saved = self.history.undo()
        if step is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self._after_change(saved, f"Undid: {step.label}")

    def action_redo(self) -> None:
        step, saved = self.history.redo()
        if step is None:
            self.notify("Nothing to redo.", timeout=3)
            return
        self._after_change(saved, f"Redid: {step.label}")

    def action_rename_tag(self) -> None:
        from reader.app.screens.claim_prompt import RenameTagPrompt

        tags = dict(self.history.tags())
        if not tags:
            self.notify("No tags yet: tag a claim first (h, then type tags).")
            return
        current = self.text_view.current_claim
        old = current.tags[0] if current is not None and current.tags else ""

        def answered(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            old, new = answer
            step = history.rename_tag(self.history.all_claims(), old, new)
            self._do(step, f"Renamed #{old} to #{new} on {len(step.pairs)} claim(s)")

        self.push_screen(RenameTagPrompt(tags, old), answered)

    # -- The claims panel --------------------------------------------------------------------

    async def action_toggle_claims(self) -> None:
        panel = self.claims_panel
        if not panel.is_attached:
            await self.main.mount(panel)
        panel.display = not panel.display
        self._gave_way.discard(panel.id or "")
        if panel.display:
            self.give_way(keep=panel)
            self._refresh_panel()
            current = self.text_view.current_claim
            if current is not None:
                panel.highlight(current.id)
            panel.option_list.focus()
        else:
            self.text_view.focus()

    def _refresh_panel(self) -> None:
        panel = self.claims_panel
        if not panel.display:
            return
        panel.set_tags(dict(self.history.tags()))
        if panel.tag == ARTICLE:
            panel.show_article(self.placed)
            return
        titles = {a.id: a.title for a in self.library.summaries}
        rows = [Row(c, True, titles.get(c.article, c.title)) for c in self.history.all_claims() if panel.tag in c.tags]
        panel.show_tag(panel.tag, rows)

    def on_claims_panel_filter_changed(self, event: ClaimsPanel.FilterChanged) -> None:
        self._refresh_panel()

    def on_claims_panel_picked(self, event: ClaimsPanel.Picked) -> None:
        claim = event.claim
        if claim.article != self.current_id:
            self.open_article(claim.article, claim.start)
        placed = next((p for p in self.placed if p.claim.id == claim.id), None)
        if placed is None or not placed.found:
            self.notify(
                "This claim's words are not in the current text: select new text and press a to re-attach it.",
                severity="warning",
            )
            return
        self.text_view.move_to_offset(placed.claim.start, center=True)
        self.text_view.focus()

    def on_claims_panel_delete_requested(self, event: ClaimsPanel.DeleteRequested) -> None:
        self._do(history.delete(event.claim), "Claim deleted (u undoes)")

    def on_claims_panel_reattach_requested(self, event: ClaimsPanel.ReattachRequested) -> None:
        article = self.pane.article
        span = self.text_view.selected_span
        if article is None or event.claim.article != article.id or span is None:
            self.notify("Select the claim's new words in its article first, then press a here.", severity="warning")
            return
        from reader.claims.anchoring import MOVED, Anchor

        moved = reattached(event.claim, article.text, Anchor(span[0], span[1], MOVED))
        self.text_view.clear_selection()
        self._do(history.edit(event.claim, replace(moved, updated=now()), "re-attach"), "Claim re-attached")

    def _as_stored(self, claim: Claim) -> Claim:
        placed = next((p for p in self.placed if p.claim.id == claim.id), None)
        return placed.as_stored if placed is not None else claim

    def on_claims_panel_accept_requested(self, event: ClaimsPanel.AcceptRequested) -> None:
        row = event.row
        if not row.changed:
            self.notify("This claim's words have not changed: there is nothing to accept.", severity="warning")
            return
        step = history.edit(row.as_stored, replace(row.claim, updated=now()), "accept words")
        self._do(step, "New words accepted as the claim's quote (u undoes)")

    def on_claims_panel_left(self, event: ClaimsPanel.Left) -> None:
        self.text_view.focus()

    # -- The claims board ----------------------------------------------------------------------

    def action_board(self) -> None:
        from reader.app.screens.board import BoardScreen

        if not isinstance(self.screen, BoardScreen):
            self.push_screen(BoardScreen(self.history.all_claims, self._lookup, self.library.articles, self._findings))

    def _findings(self) -> dict[str, str]:
        store = self.history.store
        return store.findings() if store is not None else {}

    def _board_changed(self, saved: bool, message: str) -> None:
        self._after_change(saved, message)
        screen = self.screen
        if hasattr(screen, "refresh_board"):
            screen.refresh_board()

    def on_board_screen_open_claim(self, event) -> None:
        board = event.control if hasattr(event, "control") else None
        if board is None or not board.is_active:
            return  # a second enter on a board already closed
        board.dismiss(None)
        claim = event.claim
        self.open_article(claim.article, claim.start)
        placed = next((p for p in self.placed if p.claim.id == claim.id), None)
        if placed is not None and placed.found:
            self.text_view.move_to_offset(placed.claim.start, center=True)
        self.text_view.focus()

    def on_board_screen_put_in(self, event) -> None:
        from reader.claims.board import put_in

        self._board_changed(self.history.do(put_in(event.claim, event.group)), "Claim put in the group (u undoes)")

    def on_board_screen_take_out(self, event) -> None:
        from reader.claims.board import take_out

        self._board_changed(self.history.do(take_out(event.claim)), "Claim taken out of its group (u undoes)")

    def on_board_screen_finding_set(self, event) -> None:
        from reader.claims.board import pin
        from reader.claims.storage import StoreError

        group_id, step = pin(event.group)
        store = self.history.store
        if store is None or store.read_only:
            self.notify(
                f"The finding can't be saved: {self.store_problem or 'the store is read-only'}", severity="error"
            )
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

    # -- Export and clipboard ----------------------------------------------------------------

    def _lookup(self, article_id: str) -> Article | None:
        return self.library.get(article_id)

    def export_text(self, scope: Scope, by: str, format: str) -> tuple[str, int]:
        """The export's content and how many claims it holds."""
        from reader.notes.formats import export, formats

        if scope.kind == "article":
            claims = self.history.claims_for(scope.value)
        else:
            claims = self.history.all_claims()
            if scope.kind == "tag":
                claims = [c for c in claims if scope.value in c.tags]
        position = {a.id: i for i, a in enumerate(self.library.summaries)}
        done, content = export(
            formats()[format],
            claims,
            self._lookup,
            scope,
            order=lambda a: position.get(a, len(position)),
            by=by,
            findings=self._findings(),
        )
        return content, done.count

    @property
    def exports_folder(self) -> Path:
        """The folder the last export went to; at first the user's documents folder's
        `reader` (a place one sees, not the hidden `.reader` beside the store)."""
        from platformdirs import user_documents_path

        return self.session.export_folder or user_documents_path() / "reader"

    def action_export(self) -> None:
        from reader.app.screens.export import ExportScreen

        if isinstance(self.screen, ExportScreen):
            return
        article = self.pane.article
        tags = sorted(self.history.tags(), key=lambda t: (t.casefold(), t))
        current = self.text_view.current_claim
        tag = self.claims_panel.tag or (current.tags[0] if current is not None and current.tags else "")
        screen = ExportScreen(
            self.exports_folder, article.id if article else None, article.title if article else "", tags, tag
        )
        self.push_screen(screen, self._export_answered)

    def _export_answered(self, request: ExportRequest | None) -> None:
        self.text_view.focus()
        if request is None:
            return
        from reader.notes.formats import formats

        content, count = self.export_text(request.scope, request.by, request.format)
        claims = counted(count, "claim")
        # (CSL-JSON holds the articles the claims cite, not the claims)
        what = f"{fmt.what} {claims}" if (fmt := formats()[request.format]).what else claims
        if request.action == "copy":
            self.copy_text(content, f"{claims} ({request.scope.describe()})")
            return
        path = request.path
        if path.exists():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._write_export(path, content, what, force=True)
                else:
                    self.notify(f"{path} was left as it is.", timeout=5)

            from reader.app.screens.claim_prompt import ConfirmScreen

            self.push_screen(ConfirmScreen(f"{path} exists.\nReplace it with this export?"), confirmed)
        else:
            self._write_export(path, content, what)

    def _write_export(self, path: Path, content: str, what: str, *, force: bool = False) -> None:
        from reader.notes.files import write_new

        try:
            write_new(path, content, force=force)
        except FileExistsError:
            self.notify(f"{path} exists; not overwritten.", severity="warning")
        except OSError as error:
            self.notify(f"{path}: cannot write ({error.strerror or error})", severity="error", timeout=15)
        else:
            self.session.export_folder = path.parent.resolve()
            self.session.save()
            self.notify(f"Wrote {what} to {path}", timeout=8)

    def on_article_text_copy_article_requested(self, event: ArticleText.CopyArticleRequested) -> None:
        article = self.pane.article
        if article is None:
            return
        from reader.notes.gathering import Scope

        content, count = self.export_text(Scope("article", article.id), "article", "markdown")
        if not count:
            self.notify("No claims in this article to copy.", severity="warning")
            return
        self.copy_text(content, f"the notes of this article ({count} claims)")

    def copy_text(self, text: str, what: str) -> None:
        """Copy to the system clipboard, else the terminal's; say which, or why neither."""
        from reader.notes import clipboard

        try:
            copied = clipboard.copy(text, fallback=self.copy_to_clipboard)
        except clipboard.ClipboardUnavailable as error:
            self.notify(f"Could not copy {what}: {error}", title="Clipboard", severity="error", timeout=15)
            return
        if copied.via == clipboard.SYSTEM:
            self.notify(f"Copied to the system clipboard: {what}", timeout=5)
        else:
            self.notify(f"Sent to the terminal clipboard (OSC 52): {what}", timeout=8)

    # -- Help and the command palette ----------------------------------------------------

    def help_notes(self) -> list[str]:
        return [
            f"Articles: {self.articles_dir}",
            f"Config:   {self.config.path}",
            f"Positions: {positions_path()}",
            f"Claims store: {self.db_path}" + (f" (read-only: {self.store_problem})" if self.store_problem else ""),
            "Rebind keys in the config's [keys] table by the ids in brackets.",
        ]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Next article", "Open the next article", self.action_next_article)
        yield SystemCommand("Previous article", "Open the previous article", self.action_previous_article)
        yield SystemCommand("Search the collection", "Find text in every article", self.action_search)
        yield SystemCommand("Toggle sidebar", "Show or hide the article list", self.action_toggle_sidebar)
        yield SystemCommand(
            "Toggle claim signals", "Mark figures, quotes, attributions", self.text_view.action_toggle_signals
        )
        yield SystemCommand("Find in article", "Find text in this article", self.text_view.action_find)
        yield SystemCommand(
            "Group or flat list", "Group the sidebar by file, or not", self.sidebar.action_toggle_grouping
        )
        yield SystemCommand("Help", "Show keys and settings", self.action_help)
        yield SystemCommand("Claims panel", "Show or hide this article's claims", self.action_toggle_claims)
        yield SystemCommand("Claims board", "Claims that speak of the same thing, side by side", self.action_board)
        yield SystemCommand("Rename tag", "Rename or merge a tag on every claim", self.action_rename_tag)
        yield SystemCommand("Export claims", "Markdown notes, Web Annotation JSON or CSL-JSON", self.action_export)
        yield SystemCommand("Retry saving", "Save the claim changes that could not be saved", self.action_retry_saving)
        yield SystemCommand("Undo claim change", "Undo the last mark, edit or delete", self.action_undo)
        yield SystemCommand("Redo claim change", "Redo what was undone", self.action_redo)
