"""The header above the text: title, subtitle, byline, date, site, section, source URL.

Built from `Text` objects, never markup strings: a title like "[Corp] results" stays as is.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.app.safe import safe_text
from reader.app.styling import component_style
from reader.app.widgets.sidebar import title_of
from reader.article import Article
from reader.wording import counted


class ArticleHeader(Static):
    COMPONENT_CLASSES = {
        "article-header--title",
        "article-header--subtitle",
        "article-header--meta",
        "article-header--url",
        "article-header--signals",
        "article-header--figure",
        "article-header--quote",
        "article-header--attribution",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.article: Article | None = None
        self.signal_counts: dict[str, int] | None = None

    def show_article(self, article: Article | None) -> None:
        self.article = article
        self.signal_counts = None
        self._render_header()

    def show_message(self, title: str, lines: list[str]) -> None:
        """No article to show: say why (a missing folder, files that could not be read)."""
        self.article = None
        parts = [Text(title, style=self._style("title"))]
        parts += [Text(safe_text(line), style=self._style("meta")) for line in lines]
        self.update(Text("\n").join(parts))

    def show_signals(self, counts: dict[str, int] | None) -> None:
        self.signal_counts = counts
        self._render_header()

    def on_mount(self) -> None:
        # After the refresh: the styles of the new theme are not all in place when it is announced.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._render_header))

    def _render_header(self) -> None:
        article = self.article
        if article is None:
            self.update(Text("No article open", style=self._style("meta")))
            return
        style = self._style
        title = title_of(article)
        parts = [Text(title, style=style("title"))]
        if article.subtitle:
            parts.append(Text(safe_text(article.subtitle), style=style("subtitle")))
        meta = [safe_text(p) for p in (article.byline, article.date, article.site, article.section, article.file) if p]
        if article.excerpt:
            meta.append("excerpt")
        parts.append(Text(" · ".join(meta), style=style("meta")))
        if article.url:
            parts.append(Text(safe_text(article.url), style=style("url")))
        if self.signal_counts is not None:
            # Each kind in its own colour: the legend for the text and the sidebar.
            c = self.signal_counts
            parts.append(
                Text.assemble(
                    ("Signals: ", style("signals")),
                    (counted(c["figure"], "figure"), style("figure")),
                    (" · ", style("signals")),
                    (counted(c["quote"], "quote"), style("quote")),
                    (" · ", style("signals")),
                    (counted(c["attribution"], "attribution"), style("attribution")),
                )
            )
        self.update(Text("\n").join(parts))

    def _style(self, name: str):
        return component_style(self, f"article-header--{name}")
