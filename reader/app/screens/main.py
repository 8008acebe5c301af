"""The main screen: the sidebar of articles, the reading pane, the claims panel beside it.

It coordinates the widgets: it holds the article being read (`article`, the one place it
is kept: opening one is setting it, and the watcher shows it everywhere), places its
claims, and handles the widgets' messages. What outlives a screen (the collection, the
store session, positions, help, the palette) is the app's (`reader/app/app.py`).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from reader.app.widgets.article_header import ArticleHeader
from reader.app.widgets.article_text import ArticleText
from reader.app.widgets.claims_panel import ARTICLE, ClaimsPanel, Row
from reader.app.widgets.footer import ReaderFooter
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.sidebar import Sidebar
from reader.article import Article, Problem
from reader.claims import history
from reader.claims.errors import StoreError
from reader.claims.model import Claim, make_claim, now
from reader.claims.placing import Placed, place, place_and_save, reattached, same_span
from reader.claims.tags import parse_tags
from reader.wording import counted

if TYPE_CHECKING:
    from reader.app.app import ReaderApp
    from reader.app.screens.claim_prompt import ClaimAnswer


class MainScreen(Screen[None]):
    #: The article being read; None until the collection has one. Set it (`open_article`)
    #: to open another: the watcher shows it in the pane, the sidebar and the claims.
    article: reactive[Article | None] = reactive(None, always_update=True, init=False)

    #: Columns the reading pane keeps at the least; side panels that would leave it fewer
    #: are hidden (the sidebar first), and come back when the window is wide enough again.
    TEXT_MIN_WIDTH: ClassVar[int] = 52

    def __init__(self, *, signals: bool = False) -> None:
        super().__init__()
        self.placed: list[Placed] = []  # the current article's claims, placed in its text
        # Kept as attributes: `query_one` from the app searches the active screen, which
        # is a modal one while search or help is open.
        self.sidebar = Sidebar(id="sidebar")
        self.pane = ReadingPane(id="pane", signals=signals)
        # The claims panel is mounted when first shown (`c`): hidden, it only slowed the
        # first paint down.
        self.claims_panel = ClaimsPanel(id="claims-panel")
        self.claims_panel.display = False
        self.main = Horizontal(id="main")
        self._gave_way: set[str] = set()  # ids of side panels hidden for a narrow window
        self._width = 0  # the window's width, as the last resize said
        self._signals_counted = False

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def compose(self) -> ComposeResult:
        with self.main:
            yield self.sidebar
            yield self.pane
        yield ReaderFooter()

    @property
    def text_view(self) -> ArticleText:
        return self.pane.text_view

    def on_mount(self) -> None:
        self.text_view.focus()
        self.reader.start()

    # -- The collection and the current article --------------------------------------------

    @property
    def current_id(self) -> str | None:
        return self.article.id if self.article is not None else None

    def show_library(self, summaries: list[Article], problems: list[Problem], pending: int) -> None:
        self.sidebar.set_articles(summaries, problems)
        if pending:
            self.sidebar.set_status(f"Cleaning {pending} files…")
        if not summaries and not pending:
            self.pane.query_one(ArticleHeader).show_message(
                "Nothing to read", [f"{p.file}: {p.reason}" for p in problems[:20]]
            )

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        article = self.reader.library.get(article_id)
        if article is None:
            return
        self.remember_position()
        if offset is not None:
            self.reader.positions.set(article_id, offset)
        self.article = article

    def watch_article(self, article: Article | None) -> None:
        if article is None:
            return
        self.reader.article_opened(article.id)
        self.pane.open(article, self.reader.positions.get(article.id) or 0)
        self.sidebar.select(article.id)
        self.show_claims(save_moved=True)

    def remember_position(self) -> None:
        if self.article is not None:
            self.reader.positions.set(self.article.id, self.text_view.cursor_offset)

    def on_sidebar_opened(self, event: Sidebar.Opened) -> None:
        self.open_article(event.article_id)
        self.text_view.focus()

    def step_article(self, step: int) -> None:
        target = self.sidebar.neighbour(self.current_id, step)
        if target is not None:
            self.open_article(target)

    # -- Claim signals in the sidebar ----------------------------------------------------

    def on_article_text_signals_toggled(self, event: ArticleText.SignalsToggled) -> None:
        if not event.shown:
            self.sidebar.show_signals(False)
        elif self._signals_counted:
            self.sidebar.show_signals(True)
        else:
            self._signals_counted = True
            self.count_signals()

    @work(thread=True, exclusive=True, group="signals-count")
    def count_signals(self) -> None:
        """Count each article's signals with the same lexer (texts read as it goes)."""
        from reader.signals import count_signals

        library = self.reader.library
        counts: dict[str, dict[str, int]] = {}
        summaries = list(library.summaries)
        last = time.perf_counter()
        for number, summary in enumerate(summaries, 1):
            article = library.get(summary.id)
            if article is not None:
                counts[summary.id] = count_signals(article.text)
            if time.perf_counter() - last > 0.5:
                last = time.perf_counter()
                self.app.call_from_thread(self.sidebar.set_status, f"Counting signals {number}/{len(summaries)}…")
        self.app.call_from_thread(self.sidebar.show_signals, self.text_view.signals_shown, counts)

    # -- Side panels: shown, hidden, and giving way to the text on small screens ---------------

    def toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        self._gave_way.discard("sidebar")
        if not sidebar.display and sidebar.has_focus_within:
            self.text_view.focus()
        if sidebar.display:
            self.give_way(keep=sidebar)

    def switch_focus(self) -> None:
        if self.text_view.has_focus:
            if not self.sidebar.display:
                self.sidebar.display = True
                self._gave_way.discard("sidebar")
                self.give_way(keep=self.sidebar)
            self.sidebar.article_list.focus()
        else:
            self.text_view.focus()

    def _side_panels(self) -> list[Widget]:
        """The side panels in the order they give way: the sidebar, then the claims panel."""
        return [self.sidebar, *([self.claims_panel] if self.claims_panel.is_attached else [])]

    def _side_width(self, widget: Widget) -> int:
        """The columns `widget` takes when shown, by its styles (width, max-width)."""
        from textual.css.scalar import Unit

        width, most = widget.styles.width, widget.styles.max_width
        cells = int(width.value) if width is not None and width.unit == Unit.CELLS else 40
        if most is not None and most.unit == Unit.PERCENT:
            cells = min(cells, int(self._width * most.value / 100))
        return cells

    def _text_width(self, shown: list[Widget]) -> int:
        return self._width - sum(self._side_width(w) for w in shown)

    def give_way(self, keep: Widget | None = None, width: int | None = None) -> None:
        """Hide side panels (not `keep`, which the reader just asked for) while the text
        would be narrower than TEXT_MIN_WIDTH; show again what gave way when there is room."""
        self._width = width or self.app.size.width
        panels = self._side_panels()
        shown = [w for w in panels if w.display]
        hidden: list[str] = []
        for widget in panels:
            if widget is keep or widget not in shown or self._text_width(shown) >= self.TEXT_MIN_WIDTH:
                continue
            widget.display = False
            shown.remove(widget)
            self._gave_way.add(widget.id or "")
            hidden.append("the sidebar (ctrl+b)" if widget is self.sidebar else "the claims panel (c)")
            if widget.has_focus_within:
                self.text_view.focus()
        if hidden:
            self.notify(
                f"Narrow window: {' and '.join(hidden)} hidden to leave room for the text; "
                f"{'the key in brackets brings it' if len(hidden) == 1 else 'their keys bring them'} back.",
                timeout=6,
            )
            return
        for widget in reversed(panels):  # room again: what gave way comes back
            if widget.id in self._gave_way and self._text_width([*shown, widget]) >= self.TEXT_MIN_WIDTH:
                widget.display = True
                shown.append(widget)
                self._gave_way.discard(widget.id or "")

    # -- Claims in the text ----------------------------------------------------------------

    def show_claims(self, *, save_moved: bool = False) -> None:
        """Place the current article's claims in its text and show them."""
        article = self.article
        if article is None:
            self.placed = []
            return
        session = self.reader.store_session
        claims = session.history
        try:
            if save_moved and session.writable and not claims.pending:
                # Moved claims are saved at their new place, so the next opening is quick.
                assert session.store is not None
                self.placed = place_and_save(session.store, article)
            else:
                self.placed = place(claims.claims_for(article.id), article)
        except (StoreError, OSError):
            self.placed = place(claims.claims_for(article.id), article)
        self.text_view.set_claims(self.placed)
        self.refresh_panel()

    def _placed(self, claim: Claim) -> Placed | None:
        return next((p for p in self.placed if p.claim.id == claim.id), None)

    def go_to_claim(self, claim: Claim, *, say_when_lost: bool = False) -> None:
        """Open the claim's article at the claim, the cursor on it when its words are found
        (else, with `say_when_lost`, say so and leave the focus where it is)."""
        if claim.article != self.current_id:
            self.open_article(claim.article, claim.start)
        placed = self._placed(claim)
        if placed is not None and placed.found:
            self.text_view.move_to_offset(placed.claim.start, center=True)
        elif say_when_lost:
            self.notify(
                "This claim's words are not in the current text: select new text and press a to re-attach it.",
                severity="warning",
            )
            return
        self.text_view.focus()

    def _as_stored(self, claim: Claim) -> Claim:
        placed = self._placed(claim)
        return placed.as_stored if placed is not None else claim

    def on_article_text_mark_requested(self, event: ArticleText.MarkRequested) -> None:
        article = self.article
        if article is None:
            return
        from reader.app.screens.claim_prompt import ClaimPrompt

        start, end = event.start, event.end
        existing = same_span([p.claim for p in self.placed if p.found], start, end)
        if existing is not None:
            # The same words again: the claim they already are opens for editing.
            self.text_view.clear_selection()
            self.text_view.move_to_offset(existing.start)
            self.notify("These words are already a claim: editing it.", timeout=4)
            self._edit(existing, "claim")
            return

        def answered(answer: ClaimAnswer | None) -> None:
            self.text_view.focus()
            if answer is None:
                self.notify("New claim abandoned; nothing was stored.", timeout=3)
                return
            claim = make_claim(
                article.id,
                article.file,
                article.title,
                article.text,
                start,
                end,
                parse_tags(answer.tags or ""),
                (answer.note or "").strip(),
            )
            self.text_view.clear_selection()
            self.reader.do(history.create(claim), "Claim marked")

        known_tags = self.reader.store_session.tags()
        self.app.push_screen(
            ClaimPrompt("New claim", article.text[start:end], tags="", note="", known_tags=known_tags),
            answered,
        )

    def on_article_text_claim_command(self, event: ArticleText.ClaimCommand) -> None:
        self.claim_command(event.command, event.claim)

    def claim_command(self, command: str, claim: Claim) -> None:
        if command in ("delete", "tags", "note"):
            # The claim as stored: a claim whose words changed keeps the words marked
            # until they are accepted (n in the claims panel), whatever else is edited.
            claim = self._as_stored(claim)
        if command == "delete":
            self.reader.do(history.delete(claim), "Claim deleted (u undoes)")
        elif command == "copy":
            from reader.app.exporting import copy_text
            from reader.notes.gathering import claim_text

            copy_text(self.app, claim_text(claim, self.reader.library.get(claim.article)), "the claim")
        elif command in ("tags", "note"):
            self._edit(claim, command)

    def _edit(self, claim: Claim, field: str) -> None:
        from reader.app.screens.claim_prompt import ClaimPrompt, tags_text

        def answered(answer: ClaimAnswer | None) -> None:
            self.text_view.focus()
            if answer is None:
                return
            changed = claim
            if answer.tags is not None:
                changed = replace(changed, tags=parse_tags(answer.tags))
            if answer.note is not None:
                changed = replace(changed, note=answer.note.strip())
            if changed.tags == claim.tags and changed.note == claim.note:
                return
            saved = {"tags": "Tags changed", "note": "Note changed"}.get(field, "Claim changed")
            self.reader.do(history.edit(claim, replace(changed, updated=now()), field), saved)

        titles = {"tags": "Tags", "note": "Note"}
        prompt = ClaimPrompt(
            titles.get(field, "Edit claim"),
            claim.quote,
            tags=tags_text(claim.tags) if field in ("tags", "claim") else None,
            note=claim.note if field in ("note", "claim") else None,
            known_tags=self.reader.store_session.tags(),
        )
        self.app.push_screen(prompt, answered)

    def rename_tag(self) -> None:
        from reader.app.screens.claim_prompt import RenameTagPrompt

        claims = self.reader.history
        tags = dict(claims.tags())
        if not tags:
            self.notify("No tags yet: tag a claim first (h, then type tags).")
            return
        current = self.text_view.current_claim
        old = current.tags[0] if current is not None and current.tags else ""

        def answered(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            old, new = answer
            step = history.rename_tag(claims.all_claims(), old, new)
            self.reader.do(step, f"Renamed #{old} to #{new} on {counted(len(step.pairs), 'claim')}")

        self.app.push_screen(RenameTagPrompt(tags, old), answered)

    def on_article_text_copy_article_requested(self, event: ArticleText.CopyArticleRequested) -> None:
        if self.article is not None:
            from reader.app.exporting import copy_article_notes

            copy_article_notes(self.reader, self.article)

    # -- The claims panel --------------------------------------------------------------------

    async def toggle_claims(self) -> None:
        panel = self.claims_panel
        if not panel.is_attached:
            await self.main.mount(panel)
        panel.display = not panel.display
        self._gave_way.discard(panel.id or "")
        if panel.display:
            self.give_way(keep=panel)
            self.refresh_panel()
            current = self.text_view.current_claim
            if current is not None:
                panel.highlight(current.id)
            panel.option_list.focus()
        else:
            self.text_view.focus()

    def refresh_panel(self) -> None:
        panel = self.claims_panel
        if not panel.display:
            return
        claims = self.reader.history
        panel.set_tags(dict(claims.tags()))
        if panel.tag == ARTICLE:
            panel.show_article(self.placed)
            return
        titles = {a.id: a.title for a in self.reader.library.summaries}
        rows = [Row(c, True, titles.get(c.article, c.title)) for c in claims.all_claims() if panel.tag in c.tags]
        panel.show_tag(panel.tag, rows)

    def on_claims_panel_filter_changed(self, event: ClaimsPanel.FilterChanged) -> None:
        self.refresh_panel()

    def on_claims_panel_picked(self, event: ClaimsPanel.Picked) -> None:
        self.go_to_claim(event.claim, say_when_lost=True)

    def on_claims_panel_delete_requested(self, event: ClaimsPanel.DeleteRequested) -> None:
        self.reader.do(history.delete(event.claim), "Claim deleted (u undoes)")

    def on_claims_panel_reattach_requested(self, event: ClaimsPanel.ReattachRequested) -> None:
        article = self.article
        span = self.text_view.selected_span
        if article is None or event.claim.article != article.id or span is None:
            self.notify("Select the claim's new words in its article first, then press a here.", severity="warning")
            return
        from reader.claims.anchoring import MOVED, Anchor

        moved = reattached(event.claim, article.text, Anchor(span[0], span[1], MOVED))
        self.text_view.clear_selection()
        self.reader.do(history.edit(event.claim, replace(moved, updated=now()), "re-attach"), "Claim re-attached")

    def on_claims_panel_accept_requested(self, event: ClaimsPanel.AcceptRequested) -> None:
        row = event.row
        if not row.changed:
            self.notify("This claim's words have not changed: there is nothing to accept.", severity="warning")
            return
        step = history.edit(row.as_stored, replace(row.claim, updated=now()), "accept words")
        self.reader.do(step, "New words accepted as the claim's quote (u undoes)")

    def on_claims_panel_left(self, event: ClaimsPanel.Left) -> None:
        self.text_view.focus()
