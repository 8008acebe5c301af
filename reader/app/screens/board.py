"""The claims board (`b`): the claims that speak of the same thing, side by side.

Groups come from `reader.claims.board`, disagreements first; each claim shows its quote (figures
highlighted), article title, source, date, tags and note. The screen keeps its own state
(the tag filter, the claim picked to move, the candidates found) and reports what the
reader asks for upward, as messages the app acts on: open a claim, regroup one, note a
finding, mark a candidate. "Find more" runs in a thread worker over a sentence index built
in the background when the board opens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.app.safe import safe_text
from reader.app.screens.dialog import Dialog
from reader.app.styling import component_style
from reader.article import Article
from reader.claims.board import Candidate, Group, Item, SentenceIndex, board
from reader.claims.model import Claim
from reader.wording import counted

ALL = ""  # the tag filter for every claim
KEYS_HINT = (
    "enter open · f tag · g group with… · o take out · n group note · m find more · "
    "a mark candidate · u undo · esc close"
)
_QUOTE_CHARS = 240
MAX_REASONS = 6  # disagreements listed under a group's heading
MAX_ROWS = 100  # claims listed at once: a list of thousands takes seconds to lay out


@dataclass(frozen=True)
class Row:
    """One line of the board list: a group's heading, or one of its claims."""

    group: Group
    item: Item | None = None


class BoardScreen(Dialog[None]):
    CSS_PATH = ["dialog.tcss", "board.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Close", id="board.close"),
        Binding("f", "filter", "Tag filter", id="board.filter"),
        Binding("n", "finding", "Group note", id="board.finding"),
        Binding("g", "move", "Group with…", id="board.move"),
        Binding("o", "take_out", "Take out", id="board.out"),
        Binding("m", "find_more", "Find more", id="board.more"),
        Binding("a", "mark_candidate", "Mark candidate", id="board.mark"),
        Binding("u", "history('undo')", "Undo", id="board.undo"),
        Binding("ctrl+r", "history('redo')", "Redo", show=False, id="board.redo"),
    ]

    COMPONENT_CLASSES = {
        "board--group",
        "board--disagreement",
        "board--reason",
        "board--finding",
        "board--title",
        "board--meta",
        "board--tags",
        "board--note",
        "board--figure",
        "board--moving",
        "board--candidate-figure",
    }

    @dataclass
    class OpenClaim(Message):
        """Enter on a claim: open its article at it (the app closes the board)."""

        board: BoardScreen
        claim: Claim

        @property
        def control(self) -> BoardScreen:
            return self.board

    @dataclass
    class PutIn(Message):
        """Put `claim` into `group` (by hand)."""

        claim: Claim
        group: Group

    @dataclass
    class TakeOut(Message):
        claim: Claim

    @dataclass
    class FindingSet(Message):
        group: Group
        text: str

    @dataclass
    class MarkCandidate(Message):
        """Mark a sentence found by "find more" as a claim of `group`."""

        candidate: Candidate
        group: Group

    def __init__(
        self,
        claims: Callable[[], list[Claim]],
        lookup: Callable[[str], Article | None],
        articles: Callable[[], Iterable[Article]],
        findings: Callable[[], dict[str, str]] = dict,
        tag: str = ALL,
    ) -> None:
        super().__init__()
        self.claims = claims
        self.lookup = lookup
        self.articles = articles
        self.findings = findings
        self.tag = tag
        self.groups: list[Group] = []
        self.rows: list[Row] = []
        self.moving: Claim | None = None  # picked with g, put where g is pressed next
        self.candidates: list[Candidate] = []
        self.more_for: Group | None = None
        self.index: SentenceIndex | None = None
        self._index_lock = threading.Lock()
        self._styles: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="board-box") as box:
            box.border_title = "Claims board"
            yield Select([], prompt="All claims", id="board-filter", allow_blank=True)
            yield Static("", id="board-status")
            yield OptionList(id="board-list")
            yield Static(Text(KEYS_HINT), id="board-keys")
            yield Label("", id="board-more-status")
            yield OptionList(id="board-candidates")

    def on_mount(self) -> None:
        self.query_one("#board-candidates").display = False
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())
        self.refresh_board()
        self.query_one("#board-list", OptionList).focus()
        self.call_after_refresh(self._first_claim)
        self.build_index()

    def _first_claim(self) -> None:
        options = self.query_one("#board-list", OptionList)
        if len(self.rows) > 1 and options.highlighted in (None, 0):
            options.highlighted = 1

    # -- Content -----------------------------------------------------------------------

    def refresh_board(self) -> None:
        """Group the claims anew (after a change), keeping the highlighted claim."""
        claims = self.claims()
        tags: dict[str, int] = {}
        for claim in claims:
            for tag in claim.tags:
                tags[tag] = tags.get(tag, 0) + 1
        select: Select[str] = self.query_one("#board-filter", Select)
        with self.prevent(Select.Changed):
            select.set_options(
                [(Text(f"#{t}  ({n})"), t) for t, n in sorted(tags.items(), key=lambda x: x[0].casefold())]
            )
            if self.tag in tags:
                select.value = self.tag
            else:
                self.tag = ALL
        self.groups = board(claims, self.lookup, tag=self.tag or None, findings=self.findings())
        self._show()

    def _show(self) -> None:
        options = self.query_one("#board-list", OptionList)
        previous = self.highlighted_row
        keep = previous.item.claim.id if previous and previous.item else None
        self._styles = {name.removeprefix("board--"): component_style(self, name) for name in self.COMPONENT_CLASSES}
        self.rows = []
        prompts: list[Option] = []
        shown = self._shown_groups()
        for number, group in enumerate(shown, 1):
            self.rows.append(Row(group))
            prompts.append(Option(self._heading(number, group), id=f"group-{group.id}"))
            listed = group.items[:MAX_ROWS]
            for last, item in enumerate(listed, 1 - len(listed)):
                self.rows.append(Row(group, item))
                prompt = self._claim(item)
                if not last and len(listed) < len(group.items):
                    prompt.append(
                        f"\n  … {len(group.items) - len(listed)} more claims in this group (a tag narrows it)",
                        style=self._style("title"),
                    )
                if not last and number < len(shown):
                    prompt.append("\n")  # a blank line before the next group
                prompts.append(Option(prompt, id=f"claim-{item.claim.id}"))
        options.clear_options()
        options.add_options(prompts)
        disagreements = sum(g.disagreement for g in self.groups)
        claims = sum(len(g.items) for g in self.groups)
        status = f"{counted(len(self.groups), 'group')} of {counted(claims, 'claim')}"
        if disagreements:
            status += f" · {disagreements} in disagreement"
        if len(shown) < len(self.groups):
            status += f" · the first {len(shown)} shown (a tag narrows the board)"
        if self.moving is not None:
            status += " · g on a claim of another group puts the picked claim there"
        self.query_one("#board-status", Static).update(Text(status))
        if self.rows:
            ids = [f"claim-{r.item.claim.id}" if r.item else None for r in self.rows]
            wanted = f"claim-{keep}" if keep else None
            options.highlighted = ids.index(wanted) if wanted in ids else (1 if len(self.rows) > 1 else 0)

    def _restyle(self) -> None:
        """A new theme: the rows were coloured for the old one."""
        self._show()
        listing = self.query_one("#board-candidates", OptionList)
        if listing.display and self.more_for is not None:
            focused, highlighted = self.focused, listing.highlighted
            self._show_candidates(self.more_for, self.candidates)
            listing.highlighted = highlighted
            if focused is not None:
                focused.focus()

    def _shown_groups(self) -> list[Group]:
        """The groups listed: all, up to MAX_ROWS claims (disagreements and big groups come first)."""
        shown: list[Group] = []
        rows = 0
        for group in self.groups:
            if rows >= MAX_ROWS and shown:
                break
            shown.append(group)
            rows += min(len(group.items), MAX_ROWS)
        return shown

    def _style(self, name: str):
        return self._styles[name]

    def _heading(self, number: int, group: Group) -> Text:
        text = Text()
        size = counted(len(group.items), "claim")
        text.append(f"{number}. {safe_text(group.title)} · {size}", style=self._style("group"))
        if group.disagreement:
            text.append("  ⚠ sources disagree", style=self._style("disagreement"))
            for reason in group.reasons[:MAX_REASONS]:
                text.append("\n   " + safe_text(reason), style=self._style("reason"))
            if len(group.reasons) > MAX_REASONS:
                text.append(f"\n   … {len(group.reasons) - MAX_REASONS} more", style=self._style("reason"))
        if group.finding:
            text.append("\n   finding: " + safe_text(" ".join(group.finding.split())), style=self._style("finding"))
        return text

    def _claim(self, item: Item) -> Text:
        claim = item.claim
        quote = " ".join(claim.quote.split())
        text = Text("  ")
        if self.moving is not None and self.moving.id == claim.id:
            text.append("» moving ", style=self._style("moving"))
        body = Text(safe_text(quote[:_QUOTE_CHARS] + ("…" if len(quote) > _QUOTE_CHARS else "")))
        flat = " ".join(claim.quote.split())
        for fig in item.figures:
            # figures' offsets are into the quote; whitespace runs were folded, so find it again
            at = flat.find(" ".join(fig.text.split()))
            if 0 <= at < _QUOTE_CHARS:
                body.stylize(self._style("figure"), at, at + len(" ".join(fig.text.split())))
        text.append("“")
        text.append_text(body)
        text.append("”")
        meta = " · ".join(x for x in (item.title, item.source, item.when or item.date) if x)
        text.append("\n  " + safe_text(meta), style=self._style("title"))
        figures = "; ".join(f.shown() for f in item.figures if f.kind not in ("date", "year"))
        if figures:
            text.append("\n  " + safe_text(figures), style=self._style("meta"))
        if claim.tags:
            text.append("\n  " + " ".join("#" + safe_text(t) for t in claim.tags), style=self._style("tags"))
        if claim.note.strip():
            text.append("\n  " + safe_text(" ".join(claim.note.split())), style=self._style("note"))
        return text

    @property
    def highlighted_row(self) -> Row | None:
        options = self.query_one("#board-list", OptionList)
        index = options.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    # -- Events and actions ------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "board-candidates":
            self.action_mark_candidate()
            return
        row = self.rows[event.option_index]
        if row.item is not None:
            self.post_message(self.OpenClaim(self, row.item.claim))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.tag = event.value if isinstance(event.value, str) else ALL
        self.refresh_board()
        self.query_one("#board-list", OptionList).focus()

    def action_filter(self) -> None:
        select = self.query_one("#board-filter", Select)
        select.focus()
        select.expanded = True

    async def action_history(self, which: str) -> None:
        """Undo or redo (the app's history) from the board, and show the result."""
        await self.app.run_action(which)
        self.refresh_board()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_move(self) -> None:
        row = self.highlighted_row
        if row is None or row.item is None:
            return
        if self.moving is None or self.moving.id == row.item.claim.id:
            self.moving = None if self.moving is not None else row.item.claim
            self._show()
            return
        moving, self.moving = self.moving, None
        if any(it.claim.id == moving.id for it in row.group.items):
            self._show()
            return
        self.post_message(self.PutIn(moving, row.group))

    def action_take_out(self) -> None:
        row = self.highlighted_row
        if row is not None and row.item is not None and len(row.group.items) > 1:
            self.post_message(self.TakeOut(row.item.claim))

    def action_finding(self) -> None:
        row = self.highlighted_row
        if row is None:
            return
        group = row.group

        def answered(text: str | None) -> None:
            if text is not None:
                self.post_message(self.FindingSet(group, text))

        self.app.push_screen(FindingPrompt(group.title, group.finding), answered)

    # -- Find more ---------------------------------------------------------------------

    def _index(self) -> SentenceIndex:
        with self._index_lock:
            if self.index is None:
                self.index = SentenceIndex.build(self.articles())
            return self.index

    @work(thread=True, exclusive=True, group="board-index")
    def build_index(self) -> None:
        self._index()

    def action_find_more(self) -> None:
        row = self.highlighted_row
        if row is None:
            return
        self.more_for = row.group
        self.query_one("#board-more-status", Label).update(Text(f"finding more for “{row.group.title}”…"))
        self.find_more(row.group)

    @work(thread=True, exclusive=True, group="board-more")
    def find_more(self, group: Group) -> None:
        index = self._index()
        found = index.find(group, self.claims())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_candidates, group, found)

    def _show_candidates(self, group: Group, found: list[Candidate]) -> None:
        self.candidates = found
        listing = self.query_one("#board-candidates", OptionList)
        listing.display = True
        listing.clear_options()
        options = []
        for candidate in found:
            text = Text(safe_text(candidate.title) + "\n", style=self._style("title"))
            line = Text(safe_text(" ".join(candidate.text.split())[:300]))
            if candidate.counted:
                at = line.plain.lower().find(candidate.counted)
                if at >= 0:
                    line.stylize(self._style("candidate-figure"), at, at + len(candidate.counted))
            text.append_text(line)
            options.append(Option(text))
        listing.add_options(options)
        if found:
            listing.highlighted = 0
            listing.focus()
        status = (
            (
                f"{counted(len(found), 'candidate sentence')} for “{group.title}”: "
                "a marks one as a claim of the group, escape goes back"
            )
            if found
            else (f"nothing more found for “{group.title}”")
        )
        self.query_one("#board-more-status", Label).update(Text(status))

    def action_mark_candidate(self) -> None:
        listing = self.query_one("#board-candidates", OptionList)
        if not listing.display or listing.highlighted is None or self.more_for is None:
            return
        if listing.highlighted >= len(self.candidates):
            return
        candidate = self.candidates[listing.highlighted]
        self.post_message(self.MarkCandidate(candidate, self.more_for))

    def candidate_marked(self, candidate: Candidate) -> None:
        """The app marked it: it is no longer a candidate."""
        self.candidates = [c for c in self.candidates if c != candidate]
        if self.more_for is not None:
            self.more_for = next((g for g in self.groups if g.id == self.more_for.id), self.more_for)
            self._show_candidates(self.more_for, self.candidates)

    def on_key(self, event) -> None:
        # escape in the candidates goes back to the groups rather than closing the board
        listing = self.query_one("#board-candidates", OptionList)
        if event.key == "escape" and listing.display and listing.has_focus:
            event.stop()
            listing.display = False
            self.query_one("#board-more-status", Label).update("")
            self.query_one("#board-list", OptionList).focus()


class FindingPrompt(Dialog["str | None"]):
    """A note on a board group (a "finding"): enter keeps it, escape abandons."""

    CSS_PATH = ["dialog.tcss", "board.tcss"]

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="finding.cancel")]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.group_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Finding"
            yield Static(Text(safe_text(self.group_title)), id="finding-group")
            yield Label("What the sources show, together (empty removes it)")
            yield Input(self.text, id="finding-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
