"""The claims panel (`c`): the article's claims in text order, or one tag's across the collection.

The panel shows what the app gives it (`show_article`, `show_tag`) and reports the
reader's choices upward: a claim picked (jump to it), deleted, re-attached, its new words
accepted, or another tag filter chosen. Orphans (claims whose words are no longer in the
text) come last, marked; a claim found on words other than the ones marked (a figure
corrected, say) is marked too, with the words marked beside the words now, and `w` lists
only these, for one pass of review after the text changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from reader.app.safe import safe_text
from reader.app.styling import component_style
from reader.app.widgets.claim_colours import CLAIM_COLOURS, tag_colour
from reader.app.widgets.page_guard import PAGE_KEYS, page_when_laid_out
from reader.claims.model import Claim
from reader.claims.placing import Placed
from reader.wording import counted

ARTICLE = ""  # the filter value for "this article"
_QUOTE_CHARS = 160


@dataclass(frozen=True)
class Row:
    """One claim as listed: with its status, and the article title in the tag view."""

    claim: Claim
    found: bool = True
    title: str = ""
    stored: Claim | None = None  # the claim as stored, when it stands on other words now

    @property
    def changed(self) -> bool:
        """Found on words other than the ones marked."""
        return self.found and self.stored is not None and self.stored.quote != self.claim.quote

    @property
    def as_stored(self) -> Claim:
        return self.stored if self.stored is not None else self.claim


_OPENING_QUOTES = "“‘\"'«„‚"


class ClaimsPanel(Vertical):
    HELP_TITLE: ClassVar[str] = "Claims panel"
    HELP_PLACE: ClassVar[int] = 4
    BINDINGS = [
        Binding("d", "delete", "Delete claim", id="panel.delete"),
        Binding("a", "reattach", "Re-attach to selection", id="panel.reattach"),
        Binding("n", "accept", "Accept new words", id="panel.accept"),
        Binding("w", "changed_only", "Only changed words", id="panel.changed"),
        Binding("f", "filter", "Tag filter", id="panel.filter"),
        Binding("escape", "leave", "Back to text", show=False, id="panel.leave"),
        *PAGE_KEYS,  # the list or the tag filter paged before it is laid out crashed Textual
    ]
    action_guarded_page = page_when_laid_out

    COMPONENT_CLASSES = {
        "claims-panel--tags",
        "claims-panel--note",
        "claims-panel--orphan",
        "claims-panel--changed",
        "claims-panel--title",
        "claims-panel--claim-untagged",
        *(f"claims-panel--claim-{i}" for i in range(CLAIM_COLOURS)),
    }

    @dataclass
    class Picked(Message):
        """Enter on a claim: show it in the text."""

        claim: Claim
        found: bool

    @dataclass
    class DeleteRequested(Message):
        claim: Claim

    @dataclass
    class ReattachRequested(Message):
        """Attach this claim to the text selected in the article."""

        claim: Claim

    @dataclass
    class AcceptRequested(Message):
        """Take the words the claim stands on now as its quote."""

        row: Row

    @dataclass
    class FilterChanged(Message):
        tag: str  # ARTICLE for this article's claims

    class Left(Message):
        """Escape: the reader goes back to the text."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tag = ARTICLE
        self.changed_only = False  # list only the claims whose words changed
        self.rows: list[Row] = []
        self._placed: list[Placed] = []
        self._tags: list[str] = []

    def compose(self) -> ComposeResult:
        yield Select([], prompt="This article", id="panel-filter", allow_blank=True)
        yield Static("", id="panel-status")
        yield OptionList(id="panel-list")

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#panel-list", OptionList)

    # -- Content -----------------------------------------------------------------------

    def set_tags(self, tags: dict[str, int]) -> None:
        """The tags offered by the filter (tag -> claims)."""
        ordered = sorted(tags, key=lambda t: (t.casefold(), t))
        if ordered == self._tags:
            return
        self._tags = ordered
        select: Select[str] = self.query_one("#panel-filter", Select)
        with self.prevent(Select.Changed):
            select.set_options([(Text(f"#{t}  ({tags[t]})"), t) for t in ordered])
            if self.tag in tags:
                select.value = self.tag
        if self.tag != ARTICLE and self.tag not in tags:
            self.tag = ARTICLE  # the tag is gone (renamed, last claim deleted)

    def show_article(self, placed: list[Placed]) -> None:
        self._placed = placed
        rows = [Row(p.claim, p.found, stored=p.stored) for p in placed]
        orphans = sum(1 for r in rows if not r.found)
        changed = sum(1 for r in rows if r.changed)
        status = f"{counted(len(rows), 'claim')} in this article"
        if orphans:
            status += f" · {orphans} not found"
        if self.changed_only:
            rows = [r for r in rows if r.changed]
            status = f"{changed} of {status} with changed words (w lists all, n accepts)"
        elif changed:
            status += f" · {changed} with changed words (w lists them)"
        self._show(rows, status)

    def show_tag(self, tag: str, rows: list[Row]) -> None:
        articles = len({r.claim.article for r in rows})
        claims = counted(len(rows), "claim")
        self._show(rows, f"#{tag}: {claims} in {counted(articles, 'article')}")

    def _show(self, rows: list[Row], status: str) -> None:
        options = self.option_list
        highlighted = options.highlighted
        previous = self.rows[highlighted].claim.id if highlighted is not None and highlighted < len(self.rows) else None
        self.rows = rows
        self.query_one("#panel-status", Static).update(Text(status))
        options.clear_options()
        prompts = [self._prompt(row) for row in rows]
        for prompt in prompts[:-1]:
            prompt.append("\n")  # a blank line between claims
        options.add_options([Option(prompt, id=row.claim.id) for prompt, row in zip(prompts, rows, strict=False)])
        if rows:
            ids = [r.claim.id for r in rows]
            options.highlighted = ids.index(previous) if previous in ids else 0

    def _prompt(self, row: Row) -> Text:
        claim = row.claim
        text = Text()
        if row.title:
            text.append(safe_text(row.title) + "\n", style=self._style("title"))
        if not row.found:
            text.append("not found in the current text\n", style=self._style("orphan"))
        if row.changed:
            text.append("words changed since marked (n accepts them)\n", style=self._style("changed"))
        quote = _shortened(claim.quote)
        # A quote that opens with its own quote mark is not given a second one.
        text.append(safe_text(quote) if quote and quote[0] in _OPENING_QUOTES else f"“{safe_text(quote)}”")
        if row.changed:
            text.append(f"\nwas: “{safe_text(_shortened(row.as_stored.quote))}”", style=self._style("note"))
        if claim.tags:
            text.append("\n")
            for tag in claim.tags:
                text.append(f"#{safe_text(tag)}", style=self._tag_style(claim.tags, tag))
                text.append(" ")
        if claim.note.strip():
            text.append("\n" + safe_text(" ".join(claim.note.split())), style=self._style("note"))
        return text

    def _style(self, name: str):
        return component_style(self, f"claims-panel--{name}")

    def _tag_style(self, tags: tuple[str, ...], tag: str):
        # Each tag in the colour its claims have in the text.
        return component_style(self, f"claims-panel--{tag_colour((tag,))}")

    @property
    def highlighted_row(self) -> Row | None:
        index = self.option_list.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def highlight(self, claim_id: str) -> None:
        ids = [r.claim.id for r in self.rows]
        if claim_id in ids:
            self.option_list.highlighted = ids.index(claim_id)

    # -- Events ------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows[event.option_index]
        self.post_message(self.Picked(row.claim, row.found))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        tag = event.value if isinstance(event.value, str) else ARTICLE
        self.option_list.focus()  # back to the claims, which Tab would not reach from here
        if tag != self.tag:
            self.tag = tag
            self.post_message(self.FilterChanged(tag))

    def action_delete(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.DeleteRequested(row.claim))

    def action_reattach(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.ReattachRequested(row.as_stored))

    def action_accept(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.AcceptRequested(row))

    def action_changed_only(self) -> None:
        """List only the claims whose words changed, or all of them again."""
        self.changed_only = not self.changed_only
        if self.tag == ARTICLE:
            self.show_article(self._placed)

    def action_filter(self) -> None:
        select = self.query_one("#panel-filter", Select)
        select.focus()
        select.expanded = True

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def set_filter(self, tag: str) -> None:
        """Show one tag's claims (or ARTICLE: this article's); the app fills the list."""
        self.tag = tag
        select: Select[str] = self.query_one("#panel-filter", Select)
        with self.prevent(Select.Changed):
            if tag == ARTICLE:
                select.clear()
            elif tag in self._tags:
                select.value = tag


def _shortened(quote: str) -> str:
    quote = " ".join(quote.split())
    if len(quote) > _QUOTE_CHARS:
        quote = quote[:_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return quote
