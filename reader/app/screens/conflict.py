"""Claims changed elsewhere: the user's waiting changes and the store's, and a choice.

Asked when a save meets claims another program changed since this app read them (a
`reader tag rename` while this app was read-only, say). Neither side is dropped unasked:
`m` writes the user's version over the other, `s` keeps the store's and drops the user's
waiting changes, escape decides later (the changes wait; 'Retry saving' asks again).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from reader.app.safe import safe_text
from reader.app.screens.dialog import Dialog
from reader.claims.model import Claim
from reader.wording import counted

MINE, THEIRS = "mine", "theirs"


def describe(claim: Claim) -> str:
    quote = " ".join(claim.quote.split())
    quote = quote if len(quote) <= 70 else quote[:69] + "…"
    tags = " ".join("#" + t for t in claim.tags) or "no tags"
    note = " ".join(claim.note.split())
    return f"“{quote}” · {tags}" + (f" · note: {note[:60]}" if note else "")


class ConflictScreen(Dialog[str | None]):
    BINDINGS = [
        Binding("m", "answer('mine')", "Keep mine", id="conflict.mine"),
        Binding("s", "answer('theirs')", "Keep the store's", id="conflict.theirs"),
        Binding("escape", "answer(None)", "Decide later", id="conflict.later"),
    ]

    def __init__(self, mine: list[Claim], reason: str) -> None:
        super().__init__()
        self.mine = mine
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict", classes="dialog") as box:
            box.border_title = "Claims changed elsewhere"
            yield Static(Text(safe_text(self.reason)), id="conflict-reason")
            waiting = counted(len(self.mine), "claim")
            yield Static(f"Your unsaved version of {waiting}:", classes="conflict-label")
            yield Static(Text("\n".join(safe_text(describe(c)) for c in self.mine)), id="conflict-mine")
            yield Static(
                "m keeps mine: your version is written over the other change. s keeps the "
                "store's: your unsaved changes are dropped and what the store holds is shown. "
                "escape decides later: your changes wait, and 'Retry saving' asks again.",
                id="conflict-help",
            )
            with Horizontal(id="conflict-buttons"):
                yield Button("Later (esc)", id="later")
                yield Button("Keep the store's (s)", id=THEIRS, variant="primary")
                yield Button("Keep mine (m)", id=MINE, variant="warning")

    def on_mount(self) -> None:
        self.query_one("#later", Button).focus(scroll_visible=False)
        # On a small screen the reason and the user's version come first; m, s and escape
        # work wherever the dialog is scrolled.
        self.call_after_refresh(self.query_one("#conflict").scroll_home, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id if event.button.id in (MINE, THEIRS) else None)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
