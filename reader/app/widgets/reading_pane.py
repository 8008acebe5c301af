"""The reading pane: the header, the text at a readable measure, and the find bar.

It shows the article it is given (`open`; which one is the main screen's `article`), its
text made safe to show. The pane reports upward with `ArticleText` messages.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from reader.app.safe import safe_text
from reader.app.widgets.article_header import ArticleHeader
from reader.app.widgets.article_text import ArticleText
from reader.app.widgets.find_bar import FindBar
from reader.article import Article


class ReadingPane(Vertical):
    def __init__(self, *, id: str | None = None, signals: bool = False) -> None:
        super().__init__(id=id)
        self._signals = signals

    def compose(self) -> ComposeResult:
        # The measure: header and text share one centred column of at most ~80 cells.
        with Vertical(id="measure"):
            yield ArticleHeader(id="header")
            yield ArticleText(id="text", signals=self._signals)

    def on_mount(self) -> None:
        # The find bar (hidden until asked for) is mounted after the first paint: styling
        # and laying out its input and labels delayed that paint.
        self.call_after_refresh(self._find_bar)

    def _find_bar(self) -> FindBar:
        """The find bar, mounted now if it isn't yet."""
        for find_bar in self.query_children(FindBar):
            return find_bar
        find_bar = FindBar(id="find-bar")
        find_bar.display = False
        self.mount(find_bar)
        return find_bar

    @property
    def text_view(self) -> ArticleText:
        return self.query_one(ArticleText)

    def open(self, article: Article, offset: int = 0) -> None:
        self.query_one(ArticleHeader).show_article(article)
        self.text_view.show_article(article, safe_text(article.text), offset)

    # -- Find --------------------------------------------------------------------------

    def on_article_text_find_requested(self, event: ArticleText.FindRequested) -> None:
        find_bar = self._find_bar()
        if find_bar.is_mounted:
            find_bar.open()
        else:  # mounted just now: its input is there once the mount is done
            find_bar.call_after_refresh(find_bar.open)

    def on_article_text_find_status(self, event: ArticleText.FindStatus) -> None:
        find_bar = self._find_bar()
        find_bar.show_count(event.query, event.current, event.total)
        if not event.query and not find_bar.has_focus_within:
            find_bar.display = False

    def on_find_bar_query_changed(self, event: FindBar.QueryChanged) -> None:
        self.text_view.find(event.query, move=True)

    def on_find_bar_submitted(self, event: FindBar.Submitted) -> None:
        # Keep the matches (n/N step through them) and go back to reading.
        self.text_view.focus()
        if not event.query:
            self._find_bar().display = False

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        self.text_view.find("")
        self._find_bar().display = False
        self.text_view.focus()

    def on_article_text_signals_toggled(self, event: ArticleText.SignalsToggled) -> None:
        self.query_one(ArticleHeader).show_signals(event.counts if event.shown else None)
