"""Small modal prompts for claims: tags and note of a claim, renaming a tag, yes or no.

Each returns its answer with `dismiss` (None when abandoned with escape); the app does the
storing. Tags complete from those already used, on the word being typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from reader.app.safe import safe_text
from reader.app.screens.dialog import Dialog
from reader.claims.tags import TagError, parse_tags, tag_name

_LAST_WORD = re.compile(r"[^,\s]*$")


class TagSuggester(Suggester):
    """Completes the last tag being typed (after a space or comma) from existing tags.

    Case-insensitive, but the suggestion keeps what was typed as it was typed, because the
    input shows only the part of the suggestion beyond the typed value."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(set(tags), key=lambda t: (t.casefold(), t))

    async def get_suggestion(self, value: str) -> str | None:
        word = _LAST_WORD.search(value).group(0)  # type: ignore[union-attr]
        if not word:
            return None
        folded = word.casefold()
        typed = {t.casefold() for t in re.split(r"[,\s]+", value[: len(value) - len(word)]) if t}
        for tag in self.tags:
            if tag.casefold().startswith(folded) and len(tag) > len(word) and tag.casefold() not in typed:
                return value + tag[len(word) :]
        return None


def tags_text(tags: tuple[str, ...]) -> str:
    """Tags as the user types them back: commas when a tag holds a space."""
    return (", " if any(" " in t for t in tags) else " ").join(tags)


@dataclass(frozen=True)
class ClaimAnswer:
    tags: str | None  # as typed (parse with `parse_tags`); None when not asked
    note: str | None


class ClaimPrompt(Dialog["ClaimAnswer | None"]):
    """Tags and/or note for a claim: enter saves, escape abandons."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        quote: str,
        *,
        tags: str | None = None,
        note: str | None = None,
        known_tags: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.quote = quote
        self.tags = tags
        self.note = note
        self.known_tags = list(known_tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="claim-prompt", classes="dialog") as box:
            box.border_title = self.title_text
            quote = " ".join(self.quote.split())
            shown = quote if len(quote) <= 240 else quote[:240].rsplit(" ", 1)[0] + " …"
            yield Static(Text(safe_text(shown)), id="prompt-quote")
            if self.tags is not None:
                yield Label("Tags (space or comma separated; → completes)")
                yield Input(
                    self.tags,
                    placeholder="e.g. economy disputed",
                    id="prompt-tags",
                    suggester=TagSuggester(self.known_tags),
                )
            if self.note is not None:
                yield Label("Note")
                yield Input(self.note, placeholder="optional", id="prompt-note")
            yield Static("", id="prompt-problem")
            both = self.tags is not None and self.note is not None
            keys = "enter saves · escape abandons" + (" · tab next field" if both else "")
            yield Static(Text(keys, style="dim"), id="prompt-help")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = self.answer()
        try:
            parse_tags(answer.tags or "")
        except TagError as error:  # said here, with what was typed kept to be corrected
            self.query_one("#prompt-problem", Static).update(Text(str(error), style="bold"))
            self.query_one("#prompt-tags", Input).focus()
            return
        self.dismiss(answer)

    def answer(self) -> ClaimAnswer:
        tags = self.query_one("#prompt-tags", Input).value if self.tags is not None else None
        note = self.query_one("#prompt-note", Input).value if self.note is not None else None
        return ClaimAnswer(tags, note)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RenameTagPrompt(Dialog["tuple[str, str] | None"]):
    """Rename (or merge) a tag across all claims: the old name and the new one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, tags: dict[str, int], old: str = "") -> None:
        super().__init__()
        self.tags = tags
        self.old = old

    def compose(self) -> ComposeResult:
        with Vertical(id="rename-prompt", classes="dialog") as box:
            box.border_title = "Rename tag"
            listing = ", ".join(f"{t} ({n})" for t, n in sorted(self.tags.items(), key=lambda i: (-i[1], i[0])))
            yield Static(Text(safe_text(listing or "No tags yet."), style="dim"), id="rename-tags")
            yield Label("Tag")
            yield Input(self.old, id="rename-old", suggester=TagSuggester(self.tags))
            yield Label("New name (an existing tag merges the two)")
            yield Input(id="rename-new", suggester=TagSuggester(self.tags))
            yield Static("", id="rename-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        old = self.query_one("#rename-old", Input).value.strip()
        new = self.query_one("#rename-new", Input).value.strip()
        problem = self.query_one("#rename-problem", Static)
        if event.input.id == "rename-old" and not new:
            self.query_one("#rename-new", Input).focus()
        elif old not in self.tags:
            problem.update(Text(f"No claim has the tag {old!r}.", style="bold"))
        else:
            try:
                new = tag_name(new)
            except TagError as error:
                problem.update(Text(str(error), style="bold"))
                return
            if not new:
                problem.update(Text("The new name is empty.", style="bold"))
            else:
                self.dismiss((old, new))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Dialog[bool]):
    """A yes/no question: y or enter on Yes, n or escape for no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog") as box:
            box.border_title = "Confirm"
            yield Static(Text(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("No", id="no", variant="primary")
                yield Button("Yes, replace", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
