"""The article's text: a read-only TextArea that adds the reader's styles line by line.

TextArea gives soft wrapping, mouse and shift+arrow selection, `selection` locations and a
line cache for fast redraw. Everything the reader adds (subheadings, the sentence cursor,
find matches, claim signals, and next, claims) is a list of `[start, end)` character
offsets into the article text, turned into per-line column ranges once
(`OffsetMap.by_row`) and applied in `get_line`. Colours come from component classes, so
they follow the theme. Long articles wrap with `wrapping.ReaderWrappedDocument`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Document, Selection, WrappedDocument

from reader.app.styling import component_style
from reader.app.textual_private import OwnWrapTextArea
from reader.app.widgets.claim_colours import CLAIM_COLOURS, tag_colour
from reader.app.widgets.find_matches import FindMatches
from reader.app.widgets.offset_map import OffsetMap, Span
from reader.app.widgets.wrapping import ReaderWrappedDocument
from reader.article import Article
from reader.claims.model import Claim
from reader.claims.placing import Placed
from reader.sentences import sentence_spans

LayerRows = dict[int, list[tuple[int, int, "str | Style"]]]
# The built-in style layers, bottom to top: the sentence cursor, signals, claims (and the
# one under the cursor), find matches on top.
LAYER_ORDER = ("sentence", "signals", "claims", "claim-current", "matches")


def trim_span(text: str, start: int, end: int) -> Span | None:
    """`[start, end)` without whitespace at either end; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


# Sentence splitting a long article takes a noticeable moment; beyond this it runs in a thread.
_SYNC_SENTENCES_LIMIT = 100_000


class ArticleText(OwnWrapTextArea, inherit_bindings=True):
    """The text of one article, read-only, with a sentence cursor, find and claim signals."""

    HELP_TITLE: ClassVar[str] = "Reading"
    HELP_PLACE: ClassVar[int] = 1
    HELP_MORE: ClassVar[list[tuple[str, str]]] = [  # TextArea's own keys
        ("↑ ↓ ← →", "Move the cursor"),
        ("pgup, pgdn", "Page up / down"),
        ("shift+arrows, drag", "Select text"),
    ]

    COMPONENT_CLASSES = {
        "article-text--subheading",
        "article-text--sentence",
        "article-text--match",
        "article-text--match-current",
        "article-text--figure",
        "article-text--quote",
        "article-text--attribution",
        "article-text--claim-untagged",
        "article-text--claim-current",
        *(f"article-text--claim-{i}" for i in range(CLAIM_COLOURS)),
    }

    BINDINGS = [
        Binding("j", "next_sentence", "Next sentence", id="sentence.next"),
        Binding("k", "previous_sentence", "Prev sentence", id="sentence.previous"),
        Binding("space", "page_down", "Page down", show=False, id="page.down"),
        Binding("g", "top", "Top", show=False, id="text.top"),
        Binding("G", "bottom", "Bottom", show=False, id="text.bottom"),
        Binding("slash", "find", "Find", id="find.open"),
        Binding("n", "find_next", "Next match", show=False, id="find.next"),
        Binding("N", "find_previous", "Prev match", show=False, id="find.previous"),
        Binding("s", "toggle_signals", "Signals", id="signals.toggle"),
        Binding("escape", "clear", "Clear", show=False, id="text.clear"),
        Binding("h", "mark", "Mark claim", id="claim.mark"),
        Binding("v", "anchor_selection", "Select", id="claim.select"),
        Binding("shift+left", "select_word(-1)", "Select word left", show=False, id="claim.select-word-left"),
        Binding("shift+right", "select_word(1)", "Select word right", show=False, id="claim.select-word-right"),
        Binding("t", "claim('tags')", "Tags", id="claim.tags"),
        Binding("e", "claim('note')", "Note", id="claim.note"),
        Binding("d", "claim('delete')", "Delete claim", show=False, id="claim.delete"),
        Binding("y", "claim('copy')", "Copy claim", show=False, id="claim.copy"),
        Binding("Y", "copy_article", "Copy notes", show=False, id="claim.copy-article"),
    ]

    @dataclass
    class MarkRequested(Message):
        """`h`: mark `[start, end)` of the article's text as a claim."""

        start: int
        end: int

    @dataclass
    class ClaimCommand(Message):
        """A key for the claim under the cursor: "tags", "note", "delete" or "copy"."""

        command: str
        claim: Claim

    class CopyArticleRequested(Message):
        """`Y`: copy the notes of the whole article."""

    class FindRequested(Message):
        """The reader pressed `/`: the pane opens its find bar."""

    @dataclass
    class FindStatus(Message):
        """Where we are among the find matches (0 of 0 when none)."""

        query: str
        current: int
        total: int

    @dataclass
    class SignalsToggled(Message):
        shown: bool
        counts: dict[str, int]

    def __init__(self, *, id: str | None = None, signals: bool = False) -> None:
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            id=id,
        )
        # Brackets in prose are not code: no matching-bracket highlight.
        self.match_cursor_bracket = False
        self.article: Article | None = None
        self.signals_shown = signals
        self._text = ""
        self._map = OffsetMap.of("")
        self._sentences: list[Span] = []
        self._sentence_starts: list[int] = []
        self._sentence_index: int | None = None
        self._subheading_rows: set[int] = set()
        self._found = FindMatches()
        self._find_origin: int | None = None
        self._signals: list[tuple[int, int, str]] | None = None
        # Style layers, painted in this order (later ones win): each maps a row to
        # (start column, end column, style) where style is a component name ("sentence")
        # or a Rich Style (claims will bring tag colours of their own).
        self._layers: dict[str, LayerRows] = {name: {} for name in LAYER_ORDER}
        self._style_cache: dict[str, Style] = {}
        # Claims found in the text, in text order, and the one under the cursor.
        self._claims: list[Claim] = []
        self._current_claim: Claim | None = None
        # Keyboard selection (`v`): the anchor offset, the sentence the selection grows
        # from and the one it reaches, and the selection we made (a different one means
        # the reader selected otherwise since, and the anchor is dropped).
        self._kb_anchor: int | None = None
        self._kb_from = 0
        self._kb_to = 0
        self._kb_selection: Selection | None = None

    # -- Loading -----------------------------------------------------------------------

    @property
    def text(self) -> str:
        # TextArea joins the whole document for `text`, and asks for it on every rendered
        # line (for its placeholder); the document is read-only, so the text is at hand.
        return self.__dict__.get("_text", "")

    @text.setter
    def text(self, value: str) -> None:
        self._text = value
        self.load_text(value)

    def make_wrapped_document(self, document: Document) -> WrappedDocument:
        # Wrapped at the real width at once, so the rewrap after loading finds nothing to do.
        return ReaderWrappedDocument(document, width=self.wrap_width, tab_width=self.indent_width)

    def show_article(self, article: Article, text: str, offset: int = 0) -> None:
        """Show `text` (the article's text made safe, same offsets) with the cursor at `offset`."""
        self.article = article
        self._text = text
        self._map = OffsetMap.of(text)
        self._sentences, self._sentence_starts, self._sentence_index = [], [], None
        self._found = FindMatches(self._found.query)
        self._signals = None
        self._layers = {name: {} for name in LAYER_ORDER}
        self._claims, self._current_claim = [], None
        self._kb_anchor = None
        self._find_origin = None
        headings = set(article.subheadings)
        self._subheading_rows = {row for row, line in enumerate(text.split("\n")) if line and line in headings}
        self.load_text(text)
        self.move_cursor(self._map.location(offset), center=True)
        if len(text) <= _SYNC_SENTENCES_LIMIT:
            self._set_sentences(article.id, sentence_spans(text))
        else:
            self._split_sentences(article.id, text)
        if self.signals_shown:
            self._compute_signals(article.id, text)
        if self._found.query:
            self.find(self._found.query)

    @work(thread=True, exclusive=True, group="sentences")
    def _split_sentences(self, article_id: str, text: str) -> None:
        spans = sentence_spans(text)
        self.app.call_from_thread(self._set_sentences, article_id, spans)

    def _set_sentences(self, article_id: str, spans: list[Span]) -> None:
        if self.article is None or self.article.id != article_id:
            return  # the reader has moved on
        self._sentences = spans
        self._sentence_starts = [start for start, _ in spans]
        self._update_sentence()

    @work(thread=True, exclusive=True, group="signals")
    def _compute_signals(self, article_id: str, text: str) -> None:
        # Imported here: Pygments is not needed for the first paint.
        from reader.signals import signal_spans

        spans = signal_spans(text)
        self.app.call_from_thread(self._set_signals, article_id, spans)

    def _set_signals(self, article_id: str, spans: list[tuple[int, int, str]]) -> None:
        if self.article is None or self.article.id != article_id:
            return
        self._signals = spans
        self._layers["signals"] = self._map.by_row(spans)
        self._restyle()
        self.post_message(self.SignalsToggled(self.signals_shown, self.signal_counts))

    @property
    def signal_counts(self) -> dict[str, int]:
        counts = {"figure": 0, "quote": 0, "attribution": 0}
        for _, _, kind in self._signals or ():
            counts[kind] += 1
        return counts

    # -- Offsets -----------------------------------------------------------------------

    @property
    def cursor_offset(self) -> int:
        """The cursor as a character offset into the article text."""
        return self._map.offset(self.selection.end)

    @property
    def selected_span(self) -> Span | None:
        """The selection as `[start, end)` offsets into the text, or None when empty."""
        start, end = sorted((self._map.offset(self.selection.start), self._map.offset(self.selection.end)))
        return (start, end) if end > start else None

    @property
    def sentence(self) -> Span | None:
        """The sentence under the cursor, as offsets."""
        if self._sentence_index is None:
            return None
        return self._sentences[self._sentence_index]

    @property
    def matches(self) -> list[Span]:
        return list(self._found.spans)

    def move_to_offset(self, offset: int, center: bool = False) -> None:
        self.move_cursor(self._map.location(offset), center=center)

    # -- Styling -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def _restyle(self) -> None:
        self._style_cache.clear()
        self.notify_style_update()
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._style_cache.get(name)
        if style is None:
            style = self._style_cache[name] = component_style(self, f"article-text--{name}")
        return style

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if line_index in self._subheading_rows:
            line.stylize(self._style("subheading"))
        for layer, rows in self._layers.items():
            if layer == "signals" and not self.signals_shown:
                continue
            for start, end, style in rows.get(line_index, ()):
                line.stylize(self._style(style) if isinstance(style, str) else style, start, end)
        return line

    def set_layer(self, name: str, spans: list[tuple[int, int, str | Style]]) -> None:
        """Style `[start, end)` offset spans of the text as layer `name` (replacing it).

        A style is a component name of this widget (its colours follow the theme) or a
        Rich `Style`. New layers paint after the built-in ones.
        """
        self._layers[name] = self._map.by_row(spans)
        self.notify_style_update()
        self.refresh()

    # -- The sentence cursor -----------------------------------------------------------

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        # Kept bubbling: the app may want to know too.
        self._update_sentence()
        self._update_current_claim()

    def _update_sentence(self) -> None:
        index = self._sentence_at(self.cursor_offset)
        if index != self._sentence_index:
            self._sentence_index = index
            span = self.sentence
            self._layers["sentence"] = self._map.by_row([(*span, "sentence")]) if span else {}
            self.notify_style_update()

    def _sentence_at(self, offset: int) -> int | None:
        if not self._sentences:
            return None
        index = bisect_right(self._sentence_starts, offset) - 1
        if index < 0:
            return 0
        start, end = self._sentences[index]
        # Between sentences (the blank line, the space after a full stop), the one before.
        return index

    def action_next_sentence(self) -> None:
        if not self._sentences:
            return
        if self._keyboard_selecting():
            self._extend_selection(1)
            return
        index = bisect_right(self._sentence_starts, self.cursor_offset)
        if index < len(self._sentences):
            self._go_to_sentence(index)

    def action_previous_sentence(self) -> None:
        if not self._sentences:
            return
        if self._keyboard_selecting():
            self._extend_selection(-1)
            return
        index = bisect_left(self._sentence_starts, self.cursor_offset) - 1
        if index >= 0:
            self._go_to_sentence(index)

    def _go_to_sentence(self, index: int) -> None:
        start, end = self._sentences[index]
        self.move_cursor(self._map.location(start))
        # Bring the whole sentence into view when it fits, not just its first line.
        self.call_after_refresh(self._show_span_end, end)

    def _show_span_end(self, end: int) -> None:
        row, column = self._map.location(end)
        x, y = self.wrapped_document.location_to_offset((row, column))
        _, start_y = self.wrapped_document.location_to_offset(self.selection.end)
        if y - start_y < self.scrollable_content_region.height:
            self.scroll_to_region(
                self.region.__class__(0, y, 1, 1).union(self.region.__class__(0, start_y, 1, 1)),
                animate=False,
                force=True,
            )

    # -- Moving ------------------------------------------------------------------------

    def action_page_down(self) -> None:
        self.action_cursor_page_down()

    def action_top(self) -> None:
        self.move_cursor((0, 0))
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.move_cursor(self.document.end)
        self.scroll_end(animate=False)

    def action_clear(self) -> None:
        """Escape: drop the selection, then the find highlights."""
        self._kb_anchor = None
        if self.selected_span:
            self.move_cursor(self.selection.end)
        elif self._found.spans or self._found.query:
            self.find("")

    # -- Find --------------------------------------------------------------------------

    def action_find(self) -> None:
        # Typing the query moves to the first match after where the reader was, not
        # after wherever the previous, shorter query had moved the cursor.
        self._find_origin = self.cursor_offset
        self.post_message(self.FindRequested())

    def find(self, query: str, move: bool = False) -> int:
        """Highlight every match of `query` (case-insensitive); returns how many."""
        offset = self._find_origin if move and self._find_origin is not None else self.cursor_offset
        self._found = FindMatches.of(self._text, query, offset)
        if move:
            self._go_to_match()
        self._update_matches()
        return len(self._found.spans)

    def action_find_next(self) -> None:
        self._step_match(1)

    def action_find_previous(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if self._found.step(self.cursor_offset, step):
            self._go_to_match()
            self._update_matches()

    def _go_to_match(self) -> None:
        current = self._found.current
        if current is not None:
            self.move_cursor(self._map.location(current[0]), center=True)

    def _update_matches(self) -> None:
        found = self._found
        self._layers["matches"] = self._map.by_row(found.styled())
        self.notify_style_update()
        self.post_message(self.FindStatus(found.query, found.position, len(found.spans)))

    # -- Claim signals -----------------------------------------------------------------

    def action_toggle_signals(self) -> None:
        self.set_signals(not self.signals_shown)

    def set_signals(self, shown: bool) -> None:
        self.signals_shown = shown
        if shown and self._signals is None and self.article is not None:
            self._compute_signals(self.article.id, self._text)
        self._restyle()
        self.post_message(self.SignalsToggled(shown, self.signal_counts))

    # -- Claims ------------------------------------------------------------------------

    def set_claims(self, placed: list[Placed]) -> None:
        """Show the claims found in the text, each in its first tag's colour."""
        self._claims = sorted((p.claim for p in placed if p.found), key=lambda c: (c.start, c.end, c.created))
        spans = [(c.start, c.end, tag_colour(c.tags)) for c in self._claims]
        self._layers["claims"] = self._map.by_row(spans)
        self._current_claim = None
        self._update_current_claim(force=True)

    @property
    def claims(self) -> list[Claim]:
        return list(self._claims)

    @property
    def current_claim(self) -> Claim | None:
        """The claim under the cursor (the shortest, where claims overlap)."""
        return self._current_claim

    def claim_at(self, offset: int) -> Claim | None:
        """The shortest claim at `offset`; of claims on the same words, the one painted on
        top (the last in text order, the latest made), which is the one `d` and `t` act on."""
        inside = [c for c in self._claims if c.start <= offset < c.end]
        if not inside:
            return None
        shortest = min(c.end - c.start for c in inside)
        return [c for c in inside if c.end - c.start == shortest][-1]

    def _update_current_claim(self, force: bool = False) -> None:
        claim = self.claim_at(self.cursor_offset)
        if claim == self._current_claim and not force:
            return
        self._current_claim = claim
        self._layers["claim-current"] = self._map.by_row([(claim.start, claim.end, "claim-current")]) if claim else {}
        self.notify_style_update()
        self.refresh()

    def action_mark(self) -> None:
        """`h`: the selection, or with none the sentence under the cursor, as a claim."""
        span = self.selected_span or self.sentence
        span = trim_span(self._text, *span) if span else None
        if span is None:
            self.notify("Nothing to mark here: select some text first.", severity="warning")
            return
        self._kb_anchor = None
        self.post_message(self.MarkRequested(*span))

    def action_claim(self, command: str) -> None:
        claim = self._current_claim
        if claim is None:
            self.notify("No claim under the cursor (marked text is highlighted).", severity="warning")
            return
        self.post_message(self.ClaimCommand(command, claim))

    def action_copy_article(self) -> None:
        if self.article is not None:
            self.post_message(self.CopyArticleRequested())

    def clear_selection(self) -> None:
        self._kb_anchor = None
        self.move_cursor(self.selection.end)

    # -- Keyboard selection ------------------------------------------------------------

    def action_anchor_selection(self) -> None:
        """`v`: select from the cursor to the end of its sentence; `v` again lets go."""
        if self._keyboard_selecting():
            self.clear_selection()
            return
        index = self._sentence_index
        if index is None:
            return
        self._kb_anchor = self.cursor_offset
        self._kb_from = self._kb_to = index
        self._select_to_extent()

    def _keyboard_selecting(self) -> bool:
        if self._kb_anchor is None:
            return False
        if self.selection != self._kb_selection:
            self._kb_anchor = None  # the reader clicked or selected otherwise since
            return False
        return True

    def _extend_selection(self, step: int) -> None:
        self._kb_to = max(0, min(len(self._sentences) - 1, self._kb_to + step))
        self._select_to_extent()

    def _select_to_extent(self) -> None:
        assert self._kb_anchor is not None
        start, end = self._sentences[self._kb_to]
        if self._kb_to >= self._kb_from:
            target = max(end, self._kb_anchor)
        else:
            target = start
        self.selection = Selection(self._map.location(self._kb_anchor), self._map.location(target))
        self._kb_selection = self.selection
        self.scroll_cursor_visible()

    def action_select_word(self, step: int) -> None:
        """shift+left/right: move the selection's moving end by a word."""
        if step < 0:
            self.action_cursor_word_left(select=True)
        else:
            self.action_cursor_word_right(select=True)
        if self._kb_anchor is not None:
            self._kb_selection = self.selection
