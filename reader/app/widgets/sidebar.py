"""The list of articles: grouped by source file (collapsible) or flat, filtered by typing.

Labels are `Text` objects built from article fields, never markup strings. Files that could
not be loaded come last, dimmed, with their reason. The rows are drawn by `ArticleList`
(`article_list.py`), a screen at a time; the sidebar decides what the rows are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from reader.app.safe import safe_text
from reader.app.styling import component_style
from reader.app.widgets.article_list import ArticleList, Entry, Row, entry_of
from reader.article import Article, Problem

# Above this many files the groups start collapsed, so the list stays short to move in.
_EXPAND_LIMIT = 200
_EXPAND_ARTICLES = 2000


def title_of(article: Article) -> str:
    if article.title:
        return safe_text(article.title)
    first = safe_text(article.text.split("\n", 1)[0].strip())
    if first:
        return first if len(first) <= 60 else first[:60].rsplit(" ", 1)[0] + "…"
    return article.file or article.id


class Sidebar(Vertical):
    HELP_TITLE: ClassVar[str] = "Sidebar"
    HELP_PLACE: ClassVar[int] = 3
    HELP_MORE: ClassVar[list[tuple[str, str]]] = [  # the article list's keys, and the filter's
        ("type", "Filter by title, byline, section"),
        ("enter", "Open the article (on a file: open or close it)"),
        ("space, ← →", "Close or open a file's group"),
        ("escape, ctrl+u", "Clear the filter (in the list too)"),
        ("backspace", "Edit the filter (in the list too)"),
    ]
    BINDINGS: ClassVar = [
        Binding("ctrl+g", "toggle_grouping", "Group/flat", id="sidebar.group"),
    ]

    COMPONENT_CLASSES: ClassVar = {
        "sidebar--count",
        "sidebar--count-zero",
        "sidebar--source",
        "sidebar--excerpt",
        "sidebar--problem",
        "sidebar--file",
        "sidebar--figure",
        "sidebar--quote",
        "sidebar--attribution",
    }

    @dataclass
    class Opened(Message):
        """The reader chose an article (enter or click)."""

        article_id: str

    def __init__(self, *, id: str | None = None, grouped: bool = True) -> None:
        super().__init__(id=id)
        self.grouped = grouped
        self.articles: list[Article] = []
        self.problems: list[Problem] = []
        self.claim_counts: dict[str, int] = {}
        self.filter_text = ""
        self.current_id: str | None = None
        self._groups: dict[str, list[Article]] = {}
        self._open: dict[str, bool] = {}  # groups opened or closed by the reader
        self._open_default = True
        self._index: dict[str, int] | None = None  # article id -> row, made when needed
        self._style_cache: dict[str, Style] = {}
        self.signals_shown = False
        self.signal_counts: dict[str, dict[str, int]] = {}

    def compose(self) -> ComposeResult:
        # No select-on-focus: the first typed character is already in when focus lands.
        yield Input(
            placeholder="Filter: title, byline, section",
            id="filter",
            select_on_focus=False,
        )
        yield ArticleList(self._row_label, id="articles")
        yield Static("Loading…", id="sidebar-status")

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    # -- Content -----------------------------------------------------------------------

    def set_articles(self, articles: list[Article], problems: list[Problem]) -> None:
        self.articles = articles
        self.problems = problems
        self.rebuild()

    def set_status(self, text: str) -> None:
        self.query_one("#sidebar-status", Static).update(Text(text))

    def show_signals(self, shown: bool, counts: dict[str, dict[str, int]] | None = None) -> None:
        """Show (or hide) each article's claim-signal counts in its label."""
        if counts is not None:
            self.signal_counts = counts
        if shown != self.signals_shown or counts is not None:
            self.signals_shown = shown
            self._relabel()

    def set_claim_counts(self, counts: dict[str, int]) -> None:
        self.claim_counts = counts
        self._relabel()

    def _relabel(self) -> None:
        self._style_cache.clear()
        self.article_list.refresh_labels()

    def visible_articles(self) -> list[Article]:
        needle = self.filter_text.casefold().strip()
        if not needle:
            return self.articles
        return [
            a
            for a in self.articles
            if needle in a.title.casefold()
            or needle in a.byline.casefold()
            or needle in a.section.casefold()
            or (not a.title and needle in title_of(a).casefold())
        ]

    def rebuild(self) -> None:
        """Make the rows anew (articles, filter or grouping changed). The cursor stays on
        its row when that is still there (the list refreshes while files are cleaned, and
        someone may be moving in it), else goes to the current article."""
        keep = self.article_list.cursor_entry
        articles = self.visible_articles()
        filtering = bool(self.filter_text.strip())
        self._groups = {}
        if self.grouped:
            for article in articles:
                self._groups.setdefault(article.file, []).append(article)
            # Groups start open while the list stays short enough to move in.
            self._open_default = len(self._groups) <= _EXPAND_LIMIT or (filtering and len(articles) <= _EXPAND_ARTICLES)
        self._set_rows(None)
        total = len(self.articles)
        status = f"{len(articles)} of {total} articles" if filtering else f"{total} articles"
        if self.problems:
            status += f" · {len(self.problems)} unreadable"
        self.set_status(status)
        line = self._line_of(keep) if keep is not None else -1
        if line >= 0:
            self._put_cursor(line)
        elif self.current_id is not None:
            self.select(self.current_id)

    def _line_of(self, entry: Entry) -> int:
        """The row showing `entry`, or -1."""
        if entry.kind == "article":
            return self._row_of(entry.key)
        rows = self.article_list.rows
        return next(
            (i for i, r in enumerate(rows) if r[0] == entry.kind and entry_of(r) == entry),
            -1,
        )

    def _is_open(self, file: str) -> bool:
        return self._open.get(file, self._open_default)

    def _set_rows(self, keep: Entry | None) -> None:
        """The rows as the groups, their state and the problems say; the cursor on the
        file group `keep`."""
        rows: list[Row] = []
        if self.grouped:
            append, extend = rows.append, rows.extend
            for file, group in self._groups.items():
                append(("file", file, 0, False))
                if self._is_open(file):
                    end = len(group) - 1
                    extend([("article", article, 1, i == end) for i, article in enumerate(group)])
        else:
            rows = [("article", article, 0, False) for article in self.visible_articles()]
        if not self.filter_text.strip():
            rows += [("problem", problem, 0, False) for problem in self.problems]
        self._index = None
        self._style_cache.clear()
        cursor = -1
        if keep is not None:
            cursor = next(
                (i for i, row in enumerate(rows) if row[0] == "file" and row[1] == keep.key),
                -1,
            )
        self.article_list.set_rows(rows, self._is_open, cursor)

    def _row_label(self, row: Row) -> Text:
        kind, item, depth, _ = row
        if kind == "article":
            return self._label(item, show_source=not depth)
        if kind == "file":
            label = Text(safe_text(item), style=self._style("file"))
            label.append(f"  {len(self._groups.get(item, ()))}", style=self._style("count-zero"))
            return label
        label = Text(f"{safe_text(item.file)}: {safe_text(item.reason)}")
        label.stylize(self._style("problem"))
        return label

    def _label(self, article: Article, show_source: bool) -> Text:
        count = self.claim_counts.get(article.id, 0)
        label = Text(f"{count:>2} ", style=self._style("count" if count else "count-zero"))
        label.append("✂ " if article.excerpt else "  ", style=self._style("excerpt"))
        counts = self.signal_counts.get(article.id) if self.signals_shown else None
        if counts is not None:
            # Figures, quotes, attributions, in the colours the text gives them.
            for kind in ("figure", "quote", "attribution"):
                label.append(f"{min(counts[kind], 99):>2} ", style=self._style(kind))
        label.append(title_of(article))
        source = article.byline or (article.file if show_source else article.section)
        if source:
            label.append(f" — {safe_text(source)}", style=self._style("source"))
        return label

    def _style(self, name: str) -> Style:
        style = self._style_cache.get(name)
        if style is None:
            style = self._style_cache[name] = component_style(self, f"sidebar--{name}")
        return style

    # -- Groups and the cursor ---------------------------------------------------------

    def _row_of(self, article_id: str) -> int:
        if self._index is None:
            self._index = {row[1].id: i for i, row in enumerate(self.article_list.rows) if row[0] == "article"}
        return self._index.get(article_id, -1)

    def set_group_open(self, file: str, open: bool) -> None:
        """Open or close a file group; the cursor stays on the group's row."""
        if file in self._groups and self._is_open(file) != open:
            self._open[file] = open
            self._set_rows(Entry("file", file))

    def select(self, article_id: str) -> None:
        """Move the list's cursor to an article (when it is shown), without opening it;
        a closed group holding it opens."""
        self.current_id = article_id
        line = self._row_of(article_id)
        if line < 0 and self.grouped:
            file = next((a.file for a in self.visible_articles() if a.id == article_id), None)
            if file is not None and not self._is_open(file):
                self._open[file] = True
                self._set_rows(None)
                line = self._row_of(article_id)
        if line >= 0:
            self._put_cursor(line)

    def _put_cursor(self, line: int) -> None:
        article_list = self.article_list
        article_list.cursor_line = line
        # Scrolled after a refresh, so a list not laid out yet scrolls with its real height.
        article_list.call_after_refresh(article_list.move_cursor, line)

    # -- Events ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._relabel())

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        event.stop()
        kind, item = self._row_at(event.index)
        if kind == "article":
            self.current_id = item.id
            self.post_message(self.Opened(item.id))
        elif kind == "file":
            self.set_group_open(item, not self._is_open(item))

    def on_article_list_toggle(self, event: ArticleList.Toggle) -> None:
        event.stop()
        kind, item = self._row_at(event.index)
        if kind == "file":
            opened = not self._is_open(item) if event.open is None else event.open
            self.set_group_open(item, opened)

    def _row_at(self, index: int) -> tuple[str, Any]:
        """The kind and item of the list's row `index` ("", None when there is none; the
        rows may have changed since the message was sent)."""
        rows = self.article_list.rows
        return rows[index][:2] if 0 <= index < len(rows) else ("", None)

    def on_article_list_typed_filter(self, event: ArticleList.TypedFilter) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.focus()
        filter_input.insert_text_at_cursor(event.character)

    def on_article_list_filter_edited(self, event: ArticleList.FilterEdited) -> None:
        filter_input = self.query_one("#filter", Input)
        if event.how == "clear":
            filter_input.value = ""
        elif filter_input.value:
            filter_input.focus()
            filter_input.cursor_position = len(filter_input.value)
            filter_input.action_delete_left()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.filter_text = event.value
            self._open.clear()  # a new filter shows its groups as the defaults say
            self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the first article shown."""
        if event.input.id != "filter":
            return
        event.stop()
        shown = self.visible_articles()
        self.article_list.focus()
        if shown:
            self.select(shown[0].id)
            self.post_message(self.Opened(shown[0].id))

    def on_key(self, event: events.Key) -> None:
        filter_input = self.query_one("#filter", Input)
        if not filter_input.has_focus:
            return
        if event.key == "escape":
            event.stop()
            filter_input.value = ""
            self.article_list.focus()
        elif event.key == "down":
            event.stop()
            self.article_list.focus()

    def action_toggle_grouping(self) -> None:
        self.grouped = not self.grouped
        self.rebuild()

    def neighbour(self, article_id: str | None, step: int) -> str | None:
        """The article `step` places after `article_id` in the list as shown."""
        shown = self.visible_articles() or self.articles
        if not shown:
            return None
        ids = [a.id for a in shown]
        if article_id not in ids:
            return ids[0] if step > 0 else ids[-1]
        index = ids.index(article_id) + step
        if 0 <= index < len(ids):
            return ids[index]
        return None
