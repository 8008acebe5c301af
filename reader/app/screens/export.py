"""The export dialog (`x`): what to export, how, and where, with the path shown in full.

The dialog only asks; it returns an `ExportRequest` and the app writes (asking before it
replaces a file) or copies to the clipboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from reader.app.screens.dialog import Dialog
from reader.app.widgets.page_guard import PAGE_KEYS, page_when_laid_out
from reader.notes.files import safe_filename
from reader.notes.formats import formats
from reader.notes.gathering import Scope


@dataclass(frozen=True)
class ExportRequest:
    scope: Scope
    by: str  # "article" or "tag"
    format: str  # a name of reader.notes.formats.formats()
    path: Path
    action: str  # "write" or "copy"


class ExportScreen(Dialog["ExportRequest | None"]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "write", "Write file", id="export.write"),
        Binding("ctrl+y", "copy", "Copy instead", id="export.copy"),
        *PAGE_KEYS,  # a drop-down paged before it is laid out crashed Textual
    ]
    action_guarded_page = page_when_laid_out

    def __init__(
        self, folder: Path, article_id: str | None, article_title: str, tags: list[str], tag: str = ""
    ) -> None:
        super().__init__()
        self.folder = folder
        self.article_id = article_id
        self.article_title = article_title
        self.tags = tags
        self.initial_tag = tag if tag in tags else (tags[0] if tags else "")
        self._path_edited = False  # once the reader types a path, option changes keep it

    def compose(self) -> ComposeResult:
        scopes = []
        if self.article_id:
            scopes.append(("This article", "article"))
        if self.tags:
            scopes.append(("One tag", "tag"))
        scopes.append(("Whole collection", "collection"))
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export claims"
            yield Label("Scope")
            yield Select(scopes, value=scopes[0][1], allow_blank=False, id="export-scope")
            tag_select: Select[str] = Select(
                [(f"#{t}", t) for t in self.tags] or [("(no tags)", "")],
                value=self.initial_tag,
                allow_blank=False,
                id="export-tag",
            )
            tag_select.display = False
            yield tag_select
            yield Label("Group by")
            yield Select([("Article", "article"), ("Tag", "tag")], value="article", allow_blank=False, id="export-by")
            yield Label("Format")
            yield Select(
                [(f.label, name) for name, f in formats().items()],
                value="markdown",
                allow_blank=False,
                id="export-format",
            )
            yield Label("File")
            yield Input(id="export-path")
            yield Static("", id="export-target")
            with Horizontal(id="export-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Copy to clipboard", id="copy")
                yield Button("Write file", id="write", variant="primary")

    def on_mount(self) -> None:
        self._update_path()
        self.query_one("#export-scope", Select).focus()

    # -- Reading the form ----------------------------------------------------------------

    def _value(self, name: str) -> str:
        value = self.query_one(f"#export-{name}", Select).value
        return value if isinstance(value, str) else ""

    @property
    def scope(self) -> Scope:
        kind = self._value("scope")
        if kind == "article" and self.article_id:
            return Scope("article", self.article_id)
        if kind == "tag":
            return Scope("tag", self._value("tag"))
        return Scope()

    def default_path(self) -> Path:
        scope = self.scope
        title = self.article_title if scope.kind == "article" else "claims " + scope.describe()
        return self.folder / safe_filename(title, formats()[self._value("format") or "markdown"].suffix)

    @property
    def path(self) -> Path:
        typed = self.query_one("#export-path", Input).value.strip()
        return Path(typed).expanduser() if typed else self.default_path()

    def _update_path(self) -> None:
        if not self._path_edited:
            self.query_one("#export-path", Input).value = str(self.default_path())
        self._show_target()

    def _show_target(self) -> None:
        path = self.path
        shown = str(path.resolve()) if not path.is_absolute() else str(path)
        note = "  (exists: you will be asked before it is replaced)" if path.exists() else ""
        self.query_one("#export-target", Static).update(Text(f"Writes {shown}{note}"))

    # -- Events --------------------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "export-scope":
            self.query_one("#export-tag", Select).display = event.value == "tag"
        self._update_path()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # A value other than the default path is the reader's own.
        self._path_edited = event.value.strip() != str(self.default_path())
        self._show_target()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "write":
            self.action_write()
        elif event.button.id == "copy":
            self.action_copy()
        else:
            self.action_cancel()

    def _request(self, action: str) -> ExportRequest:
        return ExportRequest(
            self.scope, self._value("by") or "article", self._value("format") or "markdown", self.path, action
        )

    def action_write(self) -> None:
        self.dismiss(self._request("write"))

    def action_copy(self) -> None:
        self.dismiss(self._request("copy"))

    def action_cancel(self) -> None:
        self.dismiss(None)
