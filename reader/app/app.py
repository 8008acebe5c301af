"""The reading app: the sidebar of articles on the left, the reading pane on the right.

Startup paints the empty layout at once; the collection loads in a thread worker and fills
the sidebar when ready (with progress in the sidebar's status line), so keys never wait.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from reader.app.loading import Library
from reader.app.screens.help import HelpScreen
from reader.app.screens.search import Hit, SearchScreen
from reader.app.state import Positions, positions_path
from reader.app.widgets.article_header import ArticleHeader
from reader.app.widgets.article_text import ArticleText
from reader.app.widgets.find_bar import FindBar
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.sidebar import Sidebar
from reader.article import Article, Problem
from reader.config import Config, load_config


def _bundled_articles() -> Path:
    return Path(__file__).resolve().parent.parent / "bundled"


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("right_square_bracket", "next_article", "Next article", id="article.next"),
        Binding("left_square_bracket", "previous_article", "Prev article", id="article.previous"),
        # priority: the text area would otherwise take ctrl+k (delete to end of line).
        Binding("ctrl+k", "search", "Search all", id="app.search", priority=True),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", id="app.sidebar", priority=True),
        Binding("tab", "switch_focus", "Sidebar/text", show=False, id="app.focus", priority=True),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
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
        self.db_path = db_path
        self.library = Library(self.articles_dir)
        self.positions = Positions()
        self.current_id: str | None = None
        self.loaded_at: float | None = None  # seconds from start to the first article shown
        self._signals_counted = False
        self.scanned_at: float | None = None  # seconds from start to the collection scanned
        self._started = time.perf_counter()
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self.config_problems.append(
                    f"{config.path}: unknown theme {config.theme!r}; using {self.theme!r}."
                )
        if config.keys:
            self.set_keymap(config.keys)

    # -- Layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: `App.query_one` searches the active screen, which is a
        # modal one while search or help is open.
        self.sidebar = Sidebar(id="sidebar")
        self.pane = ReadingPane(id="pane", signals=self.config.signals)
        with Horizontal(id="main"):
            yield self.sidebar
            yield self.pane
        yield Footer()

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

    def scan(self) -> None:
        try:
            self.library.scan()
        except Exception as error:  # an unreadable folder is a message, not a crash
            self.library.problems = [
                Problem(str(self.articles_dir), str(error) or type(error).__name__)
            ]
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
            self.call_from_thread(
                self.notify, f"Cleaning stopped: {type(error).__name__}: {error}", severity="error"
            )
        self.call_from_thread(self._show_library)

    def _show_library(self) -> None:
        self.sidebar.set_articles(self.library.summaries, self.library.problems)
        if self.library.pending:
            self.sidebar.set_status(f"Cleaning {self.library.pending} files…")
        if self.current_id is None and self.library.summaries:
            self.open_article(self.library.summaries[0].id)
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
        if offset is None:
            offset = self.positions.get(article_id) or 0
        self.pane.open(article, offset)
        self.sidebar.select(article_id)

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
                self.call_from_thread(
                    self.sidebar.set_status, f"Counting signals {number}/{len(summaries)}…"
                )
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
        if isinstance(self.screen, SearchScreen):
            return

        def opened(hit: Hit | None) -> None:
            if hit is not None:
                self.open_article(hit.article_id, hit.offset)
                self.text_view.focus()

        self.push_screen(SearchScreen(self.library.articles), opened)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus_within:
            self.text_view.focus()

    def action_switch_focus(self) -> None:
        if self.screen is not self.screen_stack[0]:
            self.screen.focus_next()
            return
        if self.text_view.has_focus:
            if not self.sidebar.display:
                self.sidebar.display = True
            self.sidebar.tree.focus()
        else:
            self.text_view.focus()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections(), self.help_notes()))

    def action_quit(self) -> None:
        self._remember_position()
        self.positions.save()
        self.exit()

    # -- Help and the command palette ----------------------------------------------------

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each section's bindings, with keys as currently bound (keymap applied)."""
        keymap = self._keymap
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        sources = [
            ("Collection", type(self)),
            ("Reading", ArticleText),
            ("Find", FindBar),
            ("Sidebar", Sidebar),
        ]
        for title, cls in sources:
            rows = []
            for binding in cls.BINDINGS:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
                display = ", ".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                rows.append((display, f"{binding.description}  ({binding.id})"))
            if title == "Reading":
                rows += [
                    ("↑ ↓ ← →", "Move the cursor"),
                    ("pgup, pgdn", "Page up / down"),
                    ("shift+arrows, drag", "Select text"),
                ]
            if title == "Sidebar":
                rows += [
                    ("type", "Filter by title, byline, section"),
                    ("enter", "Open the article"),
                    ("escape", "Clear the filter"),
                ]
            sections.append((title, rows))
        sections.append(("App", [("ctrl+p", "Command palette (themes, keys, actions)")]))
        return sections

    def help_notes(self) -> list[str]:
        return [
            f"Articles: {self.articles_dir}",
            f"Config:   {self.config.path}",
            f"Positions: {positions_path()}",
            f"Claims store: {self.db_path or '(not open yet)'}",
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
        yield SystemCommand("Group or flat list", "Group the sidebar by file, or not", self.sidebar.action_toggle_grouping)
        yield SystemCommand("Help", "Show keys and settings", self.action_help)
