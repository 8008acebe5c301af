"""The sidebar's rows: one small tuple per row, drawn a screen at a time.

The list is drawn with Textual's Line API, as `Tree` and `OptionList` draw theirs: the
sidebar keeps one small tuple per row, and a row's label is made only when the row is on
screen. So the first paint of a 10,000-file collection costs what a screenful of rows
costs, and rebuilding the list (a typed filter, a new claim count) never blocks keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.app.styling import component_style

# Characters that start a filter when typed in the list (letters and digits of any script,
# and punctuation found in titles). Keys bound to actions ([, ], ?) are left alone.
_FILTER_PUNCTUATION = set("-'\"’.,:;&()$%")

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
