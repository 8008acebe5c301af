"""The list of articles: grouped by source file (collapsible) or flat, filtered by typing.

Labels are `Text` objects built from article fields, never markup strings. Files that could
not be loaded come last, dimmed, with their reason.

The list is drawn a screen at a time (Textual's Line API, as `Tree` and `OptionList` draw
theirs): the sidebar keeps one small tuple per row, and a row's label is made only when the
row is on screen. So the first paint of a 10,000-file collection costs what a screenful of
rows costs, and rebuilding the list (a typed filter, a new claim count) never blocks keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from reader.app.safe import safe_text
from reader.app.styling import component_style
from reader.article import Article, Problem

# Characters that start a filter when typed in the list (letters and digits of any script,
# and punctuation found in titles). Keys bound to actions ([, ], ?) are left alone.
_FILTER_PUNCTUATION = set("-'\"’.,:;&()$%")
# Above this many files the groups start collapsed, so the list stays short to move in.
_EXPAND_LIMIT = 200
_EXPAND_ARTICLES = 2000

#: A row of the list: (kind, item, depth, last). kind is "file" (item: the file name),
#: "article" (item: the `Article`) or "problem" (item: the `Problem`); depth 1 for an
#: article inside a file group; last marks the last article of its group.
Row = tuple[str, Any, int, bool]


@dataclass(frozen=True)
class Entry:
    """What a row stands for: an article, a file group, or a problem file."""

    kind: str  # "article" | "file" | "problem"
    key: str  # article id or file name


def entry_of(row: Row) -> Entry:
    kind, item, _, _ = row
    if kind == "file":
        return Entry("file", item)
    if kind == "article":
        return Entry("article", item.id)
    return Entry("problem", item.file)


def title_of(article: Article) -> str:
    if article.title:
        return safe_text(article.title)
    first = safe_text(article.text.split("\n", 1)[0].strip())
    if first:
        return first if len(first) <= 60 else first[:60].rsplit(" ", 1)[0] + "…"
    return article.file or article.id


class ArticleList(ScrollView, can_focus=True):
    """The sidebar's rows, drawn only where they are on screen.

    Looks and moves like the `Tree` it replaces: `▶`/`▼` before a file group, `├`/`└`
    guides before its articles, the cursor on the label. Keys: up/down, page up/down,
    home/end; enter opens an article or opens/closes a group; space opens/closes a group;
    left closes a group (or goes to it from one of its articles), right opens it. Printable
    keys go to the filter instead of being lost.
    """

    BINDINGS: ClassVar = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
        Binding("space", "toggle_group", "Open/close group", show=False),
        Binding("left,shift+left", "close", "Close group", show=False),
        Binding("right", "open", "Open group", show=False),
        Binding("backspace", "edit_filter", "Edit the filter", show=False, id="sidebar.filter-edit"),
        Binding("escape,ctrl+u", "clear_filter", "Clear the filter", show=False, id="sidebar.filter-clear"),
    ]

    COMPONENT_CLASSES: ClassVar = {
        "article-list--cursor",
        "article-list--hover",
        "article-list--guides",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        & > .article-list--guides {
            color: $surface-lighten-2;
        }
        & > .article-list--cursor {
            text-style: $block-cursor-blurred-text-style;
            background: $block-cursor-blurred-background;
        }
        & > .article-list--hover {
            background: $block-hover-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .article-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
            & > .article-list--guides {
                color: $surface-lighten-3;
            }
        }
        &:light > .article-list--guides {
            color: $surface-darken-1;
        }
    }
    """

    @dataclass
    class TypedFilter(Message):
        character: str

    @dataclass
    class FilterEdited(Message):
        """Backspace ("edit": back into the filter, its last character gone) or escape and
        ctrl+u ("clear") in the list."""

        how: str

    @dataclass
    class Chosen(Message):
        """Enter or a click on a row."""

        index: int

    @dataclass
    class Toggle(Message):
        """Open (True), close (False) or flip (None) the file group at `index`."""

        index: int
        open: bool | None = None

    def __init__(self, label: Callable[[Row], Text], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._make_label = label
        self.rows: list[Row] = []
        self.cursor_line = -1
        self.hover_line = -1
        self._open: Callable[[str], bool] = lambda _file: True
        self._labels = 0  # bumped when labels change; part of each cached line's key
        self._lines: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[tuple, tuple[Style, Style, Style, Style]] = {}

    # -- Content -----------------------------------------------------------------------

    def set_rows(self, rows: list[Row], is_open: Callable[[str], bool], cursor: int) -> None:
        self.rows = rows
        self._open = is_open
        self._labels += 1
        self.cursor_line = min(cursor, len(rows) - 1)
        self.hover_line = -1
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        self.refresh()

    def refresh_labels(self) -> None:
        """Draw the rows again (counts, theme or styles changed; the rows did not)."""
        self._labels += 1
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh_labels()

    @property
    def cursor_row(self) -> Row | None:
        return self.rows[self.cursor_line] if 0 <= self.cursor_line < len(self.rows) else None

    @property
    def cursor_entry(self) -> Entry | None:
        row = self.cursor_row
        return None if row is None else entry_of(row)

    def move_cursor(self, line: int, *, center: bool = False) -> None:
        if not self.rows:
            return
        self.cursor_line = max(0, min(line, len(self.rows) - 1))
        self.scroll_to_region(
            Region(0, self.cursor_line, 1, 1),
            animate=False,
            force=True,
            center=center,
            x_axis=False,
        )
        self.refresh()

    # -- Drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        styles = self._row_styles()
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, styles[0])
        cursor = index == self.cursor_line
        hover = index == self.hover_line
        key = (index, self._labels, width, cursor, hover, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._render_row(index, width, styles, cursor, hover)
        return strip

    def _row_styles(self) -> tuple[Style, Style, Style, Style]:
        """The base, hover, guide and cursor styles (asking Textual for a component's
        style takes about a millisecond, so once per redraw of the labels, not per row)."""
        key = (self._labels, self.has_focus)
        styles = self._styles.get(key)
        if styles is None:
            self._styles.clear()
            base = self.rich_style
            styles = self._styles[key] = (
                base,
                base + component_style(self, "article-list--hover"),
                component_style(self, "article-list--guides"),
                self.get_component_rich_style("article-list--cursor", partial=False),
            )
        return styles

    def _render_row(
        self,
        index: int,
        width: int,
        styles: tuple[Style, Style, Style, Style],
        cursor: bool,
        hover: bool,
    ) -> Strip:
        base, hover_style, guide_style, cursor_style = styles
        kind, item, depth, last = row = self.rows[index]
        line_style = hover_style if hover else base
        line = Text(style=line_style, no_wrap=True, end="")
        if depth:
            line.append("└ " if last else "├ ", style=guide_style)
        if kind == "file":
            line.append("▼ " if self._open(item) else "▶ ")
        label = self._make_label(row)
        if cursor:
            label.stylize(cursor_style)
        line.append_text(label)
        segments = list(line.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, line_style)

    # -- Keys and mouse ----------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character and (character.isalnum() or character in _FILTER_PUNCTUATION):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedFilter(character))

    def action_edit_filter(self) -> None:
        self.post_message(self.FilterEdited("edit"))

    def action_clear_filter(self) -> None:
        self.post_message(self.FilterEdited("clear"))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_line - 1 if self.cursor_line >= 0 else len(self.rows) - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_line + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_line - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self.move_cursor(max(0, self.cursor_line) + max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_choose(self) -> None:
        if self.cursor_row is not None:
            self.post_message(self.Chosen(self.cursor_line))

    def action_toggle_group(self) -> None:
        if self.cursor_row is not None:
            self.post_message(self.Toggle(self.cursor_line))

    def action_open(self) -> None:
        if self.cursor_row is not None:
            self.post_message(self.Toggle(self.cursor_line, True))

    def action_close(self) -> None:
        row = self.cursor_row
        if row is None:
            return
        if row[2]:  # an article in a group: to its group's row
            line = self.cursor_line
            while line > 0 and self.rows[line][2]:
                line -= 1
            self.move_cursor(line)
        else:
            self.post_message(self.Toggle(self.cursor_line, False))

    def _row_at(self, event: events.MouseEvent) -> int:
        offset = event.get_content_offset(self)
        if offset is None:
            return -1
        index = offset.y + self.scroll_offset.y
        return index if 0 <= index < len(self.rows) else -1

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index >= 0:
            self.cursor_line = index
            self.refresh()
            self.post_message(self.Chosen(index))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event)
        if index != self.hover_line:
            self.hover_line = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self.hover_line != -1:
            self.hover_line = -1
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


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
