"""What the cleaner removed (`r`): the article as the file has it, removed blocks dimmed in place.

A reader who suspects a loss sees at once what was taken out around and inside the article,
and which cleaning step took each block. The file is cleaned again for it in a thread worker,
so a big file never holds the keys up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.app.safe import safe_text
from reader.app.screens.dialog import Dialog
from reader.wording import counted

Pieces = list[tuple[str, str | None]]


class RemovedScreen(Dialog[None]):
    CSS_PATH = ["dialog.tcss", "removed.tcss"]

    BINDINGS = [
        Binding("escape,q,r", "close", "Close", id="removed.close"),
        Binding("g,home", "top", "Top", show=False, id="removed.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="removed.bottom"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"removed--block", "removed--step", "removed--kept"}

    def __init__(self, title: str, explain: Callable[[], Pieces]) -> None:
        super().__init__()
        self.article_title = title
        self._explain = explain
        self.pieces: Pieces | None = None  # None until the worker has cleaned the file again

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="removed-body") as body:
            body.border_title = f"Removed by the cleaner: {safe_text(self.article_title)}"
            body.border_subtitle = "removed blocks dimmed, each with its step · escape closes"
            yield Static("Cleaning the file again…", id="removed-text")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())
        self._load()

    def _restyle(self) -> None:
        """A new theme: the text was coloured for the old one."""
        if self.pieces is not None:
            self._show(self.pieces)

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        try:
            pieces = self._explain()
        except Exception as error:  # a file gone or changed since: say so, never crash
            self.app.call_from_thread(self._show_error, f"{type(error).__name__}: {error}")
            return
        self.app.call_from_thread(self._show, pieces)

    def _show_error(self, message: str) -> None:
        self.query_one("#removed-text", Static).update(Text(f"Could not show what was removed: {safe_text(message)}"))

    def _show(self, pieces: Pieces) -> None:
        self.pieces = pieces
        removed = sum(1 for _, step in pieces if step)
        block, step_style, kept = (
            self.get_component_rich_style(name) for name in ("removed--block", "removed--step", "removed--kept")
        )
        text = Text()
        if not removed:
            text.append("Nothing was removed from this article's part of the file.\n\n", style=step_style)
        previous: str | None = None
        for piece, step in pieces:
            if text:  # removed blocks in a row stand as a list; paragraphs apart
                text.append("\n" if step and previous else "\n\n")
            if step:
                text.append(f"[{step}] ", style=step_style)
                text.append(safe_text(piece), style=block)
            else:
                text.append(safe_text(piece), style=kept)
            previous = step
        self.query_one("#removed-text", Static).update(text)
        # Short enough to stand whole in the frame at 80 columns.
        blocks = counted(removed, "removed block")
        self.query_one("#removed-body").border_subtitle = f"{blocks}, dimmed, each with its step · escape closes"

    def action_top(self) -> None:
        self.query_one("#removed-body", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#removed-body", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
