"""The help screen (`?`, `F1`): every key, as currently bound, and where settings live.

The keys come from the bindings themselves (`help_sections`; the command palette reads
the same ones, `help_classes` and `described`): every class of the app's
(the app's own and its widgets') that names a `HELP_TITLE` is a section, at its
`HELP_PLACE`, listing its bindings that have a description, and its `HELP_MORE` rows for
keys it handles without a binding of its own. A new widget with keys adds its section by
naming one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Static

from reader.app.screens.dialog import Dialog
from reader.app.textual_private import current_keymap

Section = tuple[str, list[tuple[str, str]]]

#: The last section: what Textual's App gives every screen.
APP_SECTION: Section = ("App", [("ctrl+p", "Command palette (themes, keys, actions)")])


def help_sections(app: App, among: type = DOMNode) -> list[Section]:
    """Each section's keys as currently bound (the keymap applied), with descriptions;
    from the classes that name a `HELP_TITLE` among `among` and its subclasses."""
    keymap = current_keymap(app)
    sections = []
    for cls in help_classes(among):
        rows = [(keys, f"{binding.description}  ({binding.id})") for binding, keys in described(app, cls, keymap)]
        sections.append((cls.HELP_TITLE, rows + list(getattr(cls, "HELP_MORE", []))))  # type: ignore[attr-defined]
    return [*sections, APP_SECTION]


def help_classes(among: type = DOMNode) -> list[type]:
    """The classes that name a `HELP_TITLE` among `among` and its subclasses, in
    `HELP_PLACE` order (the help screen's sections, the command palette's commands)."""
    return sorted(_with_help(among), key=lambda cls: cls.HELP_PLACE)  # type: ignore[attr-defined]


def _with_help(cls: type) -> Iterator[type]:
    """`cls` and its subclasses that name their own `HELP_TITLE` (a subclass of one that
    does is no section of its own)."""
    if "HELP_TITLE" in vars(cls):
        yield cls
    subclass: type
    for subclass in cls.__subclasses__():
        yield from _with_help(subclass)


def described(app: App, cls: type, keymap: Mapping[str, str] | None = None) -> list[tuple[Binding, str]]:
    """The bindings `cls` itself declares that have a description, each with its keys as
    currently bound, for showing."""
    if keymap is None:
        keymap = current_keymap(app)
    rows = []
    for binding in vars(cls).get("BINDINGS", []):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        display = ", ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
        rows.append((binding, display))
    return rows


class HelpScreen(Dialog[None]):
    CSS_PATH = ["dialog.tcss", "help.tcss"]

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
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

    def action_close(self) -> None:
        self.dismiss(None)
