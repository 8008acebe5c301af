"""The find bar under the text: the query, and how many matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class FindBar(Horizontal):
    HELP_TITLE: ClassVar[str] = "Find"
    HELP_PLACE: ClassVar[int] = 2
    BINDINGS = [Binding("escape", "close", "Close find", id="find.close")]

    @dataclass
    class QueryChanged(Message):
        query: str

    @dataclass
    class Submitted(Message):
        query: str

    class Closed(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Label("Find", id="find-label")
        yield Input(placeholder="text in this article", id="find-input")
        yield Label("", id="find-count")

    def open(self) -> None:
        self.display = True
        self.query_one("#find-input", Input).focus()

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def show_count(self, query: str, current: int, total: int) -> None:
        if not query:
            text = ""
        elif total == 0:
            text = "no matches"
        else:
            text = f"{current}/{total}"
        self.query_one("#find-count", Label).update(Text(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
