"""The help screen (`?`, `F1`): every key, as currently bound, and where settings live."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.app.screens.dialog import Dialog


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], notes: list[str]) -> None:
        super().__init__()
        self.sections = sections
        self.notes = notes

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for title, rows in self.sections:
            table.add_row(Text(""), Text(title, style="bold underline"))
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            table.add_row(Text(""), Text(""))
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(table, id="help-keys")
            yield Static(Text("\n".join(self.notes)), id="help-notes")

    def action_dismiss(self) -> None:
        self.dismiss(None)
