"""Claims out of the app: the export dialog's file or copy, and the clipboard.

What an export holds is the core's (`reader.notes`); here is only the asking, the writing
with its confirmations, and saying what happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from reader.article import Article
from reader.wording import counted

if TYPE_CHECKING:
    from reader.app.app import ReaderApp
    from reader.app.screens.export import ExportRequest
    from reader.notes.gathering import Scope


def export_text(app: ReaderApp, scope: Scope, by: str, format: str) -> tuple[str, int]:
    """The export's content and how many claims it holds."""
    from reader.notes.formats import export, formats

    claims = app.history
    if scope.kind == "article":
        chosen = claims.claims_for(scope.value)
    else:
        chosen = claims.all_claims()
        if scope.kind == "tag":
            chosen = [c for c in chosen if scope.value in c.tags]
    position = {a.id: i for i, a in enumerate(app.library.summaries)}
    done, content = export(
        formats()[format],
        chosen,
        app.library.get,
        scope,
        order=lambda a: position.get(a, len(position)),
        by=by,
        findings=app.store_session.findings(),
    )
    return content, done.count


def exports_folder(app: ReaderApp) -> Path:
    """The folder the last export went to; at first the user's documents folder's
    `reader` (a place one sees, not the hidden `.reader` beside the store)."""
    from platformdirs import user_documents_path

    return app.session.export_folder or user_documents_path() / "reader"


def open_export_dialog(app: ReaderApp) -> None:
    from reader.app.screens.export import ExportScreen

    if isinstance(app.screen, ExportScreen):
        return
    main = app.main_screen
    article = main.article
    tags = sorted(app.history.tags(), key=lambda t: (t.casefold(), t))
    current = main.text_view.current_claim
    tag = main.claims_panel.tag or (current.tags[0] if current is not None and current.tags else "")
    screen = ExportScreen(
        exports_folder(app), article.id if article else None, article.title if article else "", tags, tag
    )
    app.push_screen(screen, lambda request: _answered(app, request))


def _answered(app: ReaderApp, request: ExportRequest | None) -> None:
    app.main_screen.text_view.focus()
    if request is None:
        return
    from reader.notes.formats import formats

    content, count = export_text(app, request.scope, request.by, request.format)
    claims = counted(count, "claim")
    # (CSL-JSON holds the articles the claims cite, not the claims)
    what = f"{fmt.what} {claims}" if (fmt := formats()[request.format]).what else claims
    if request.action == "copy":
        copy_text(app, content, f"{claims} ({request.scope.describe()})")
        return
    path = request.path
    if path.exists():

        def confirmed(yes: bool | None) -> None:
            if yes:
                _write(app, path, content, what, force=True)
            else:
                app.notify(f"{path} was left as it is.", timeout=5)

        from reader.app.screens.claim_prompt import ConfirmScreen

        app.push_screen(ConfirmScreen(f"{path} exists.\nReplace it with this export?"), confirmed)
    else:
        _write(app, path, content, what)


def _write(app: ReaderApp, path: Path, content: str, what: str, *, force: bool = False) -> None:
    from reader.notes.files import write_new

    try:
        write_new(path, content, force=force)
    except FileExistsError:
        app.notify(f"{path} exists; not overwritten.", severity="warning")
    except OSError as error:
        app.notify(f"{path}: cannot write ({error.strerror or error})", severity="error", timeout=15)
    else:
        app.session.export_folder = path.parent.resolve()
        app.session.save()
        app.notify(f"Wrote {what} to {path}", timeout=8)


def copy_article_notes(app: ReaderApp, article: Article) -> None:
    """The article's claims as markdown notes, to the clipboard (`Y`)."""
    from reader.notes.gathering import Scope

    content, count = export_text(app, Scope("article", article.id), "article", "markdown")
    if not count:
        app.notify("No claims in this article to copy.", severity="warning")
        return
    copy_text(app, content, f"the notes of this article ({count} claims)")


def copy_text(app: App, text: str, what: str) -> None:
    """Copy to the system clipboard, else the terminal's; say which, or why neither."""
    from reader.notes import clipboard

    try:
        copied = clipboard.copy(text, fallback=app.copy_to_clipboard)
    except clipboard.ClipboardUnavailable as error:
        app.notify(f"Could not copy {what}: {error}", title="Clipboard", severity="error", timeout=15)
        return
    if copied.via == clipboard.SYSTEM:
        app.notify(f"Copied to the system clipboard: {what}", timeout=5)
    else:
        app.notify(f"Sent to the terminal clipboard (OSC 52): {what}", timeout=8)
