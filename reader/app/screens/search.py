"""Search the whole collection (`ctrl+k`): results with the matching line; enter opens.

The scan runs in a thread worker, so typing never waits for a big collection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.app.safe import safe_text
from reader.app.screens.dialog import Dialog
from reader.app.textual_private import ClickSafeOptionList
from reader.app.widgets.sidebar import title_of
from reader.article import Article
from reader.wording import counted

MAX_RESULTS = 200
PER_ARTICLE = 5
CONTEXT = 40


class Results(ClickSafeOptionList):
    """The results; a click on one that has just gone is ignored (see the base class)."""


@dataclass(frozen=True)
class Hit:
    article_id: str
    offset: int
    title: str
    line: str  # the text around the match, made safe
    start: int  # the match within `line`
    end: int


def search_articles(articles: Iterable[Article], query: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """Case-insensitive matches of `query`, a few per article, with a line of context."""
    hits: list[Hit] = []
    if not query.strip():
        return hits
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    for article in articles:
        for count, match in enumerate(pattern.finditer(article.text)):
            if count >= PER_ARTICLE or len(hits) >= limit:
                break
            hits.append(_hit(article, match.start(), match.end()))
        if len(hits) >= limit:
            break
    return hits


def _hit(article: Article, start: int, end: int) -> Hit:
    text = article.text
    line_start = max(text.rfind("\n", 0, start) + 1, start - CONTEXT)
    line_end = text.find("\n", end)
    line_end = min(len(text) if line_end < 0 else line_end, end + CONTEXT)
    prefix = "…" if line_start > 0 and text[line_start - 1] != "\n" else ""
    suffix = "…" if line_end < len(text) and text[line_end] != "\n" else ""
    line = prefix + safe_text(text[line_start:line_end]) + suffix
    offset = len(prefix) + start - line_start
    return Hit(article.id, start, title_of(article), line, offset, offset + end - start)


class SearchScreen(Dialog["Hit | None"]):
    CSS_PATH = ["dialog.tcss", "search.tcss"]

    BINDINGS = [Binding("escape", "close", "Close", id="search.close")]

    def __init__(self, articles: Callable[[], Iterable[Article]], query: str = "") -> None:
        super().__init__()
        self.articles = articles  # called for each search: full texts, read as needed
        self.initial_query = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Search the collection"
            yield Input(self.initial_query, placeholder="words to find in every article", id="search-input")
            yield Static("", id="search-status")
            yield Results(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.initial_query:
            self.run_search(self.initial_query)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip():
            # Texts are read as the search goes: on a big collection that takes a moment.
            self.query_one("#search-status", Static).update(Text("searching…"))
        self.run_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one(OptionList)
        index = results.highlighted if results.highlighted is not None else 0
        if self.hits:
            self.dismiss(self.hits[index])

    def on_key(self, event) -> None:
        # Up and down move through the results while typing.
        if event.key in ("down", "up") and self.query_one("#search-input", Input).has_focus:
            results = self.query_one(OptionList)
            if results.option_count:
                event.stop()
                if event.key == "down":
                    results.action_cursor_down()
                else:
                    results.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hits[event.option_index])

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        worker = get_current_worker()

        def articles() -> Iterable[Article]:
            for article in self.articles():
                if worker.is_cancelled:  # a newer query replaced this one
                    return
                yield article

        hits = search_articles(articles(), query)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[Hit]) -> None:
        self.hits = hits
        results = self.query_one(OptionList)
        results.clear_options()
        options = []
        for hit in hits:
            prompt = Text(hit.title, style="bold", overflow="ellipsis", no_wrap=True)
            line = Text(hit.line, style="dim", overflow="ellipsis", no_wrap=True)
            line.stylize("reverse", hit.start, hit.end)
            prompt.append("\n")
            prompt.append_text(line)
            options.append(Option(prompt))
        results.add_options(options)
        if hits:
            results.highlighted = 0
        if not query.strip():
            status = ""
        elif not hits:
            status = "no matches"
        else:
            more = "+" if len(hits) >= MAX_RESULTS else ""
            articles = len({h.article_id for h in hits})
            matches = "match" if len(hits) == 1 else "matches"
            status = f"{len(hits)}{more} {matches} in {counted(articles, 'article')}"
        self.query_one("#search-status", Static).update(Text(status))

    def action_close(self) -> None:
        self.dismiss(None)
