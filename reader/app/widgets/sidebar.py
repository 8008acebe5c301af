"""The list of articles: grouped by source file (collapsible) or flat, filtered by typing.

Labels are `Text` objects built from article fields, never markup strings. Files that could
not be loaded come last, dimmed, with their reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from reader.app.styling import component_style
from reader.app.loading import safe_text
from reader.article import Article, Problem

# Characters that start a filter when typed in the list (letters and digits of any script,
# and punctuation found in titles). Keys bound to actions ([, ], ?) are left alone.
_FILTER_PUNCTUATION = set("-'\"’.,:;&()$%")
# Above this many files the groups start collapsed, so the first paint stays small.
_EXPAND_LIMIT = 200
_EXPAND_ARTICLES = 2000
# Tree rows added before the first paint, then per batch afterwards.
_FIRST_ROWS = 400
_BATCH_ROWS = 2000


@dataclass(frozen=True)
class Entry:
    """What a tree node stands for: an article, a file group, or a problem file."""

    kind: str  # "article" | "file" | "problem"
    key: str  # article id or file name


def title_of(article: Article) -> str:
    if article.title:
        return safe_text(article.title)
    first = safe_text(article.text.split("\n", 1)[0].strip())
    if first:
        return first if len(first) <= 60 else first[:60].rsplit(" ", 1)[0] + "…"
    return article.file or article.id


class ArticleTree(Tree[Entry]):
    """The tree itself; printable keys go to the filter instead of being lost."""

    @dataclass
    class TypedFilter(Message):
        character: str

    _batching = False

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Add many nodes with one invalidation at the end instead of one per node.

        `_invalidate` is Tree's private cache reset (Textual is pinned; the snapshot tests
        would show a change): per node it made 10,000 groups take over a second.
        """
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self._invalidate()

    def _invalidate(self) -> None:
        if not self._batching:
            super()._invalidate()

    def get_label_width(self, node: TreeNode[Entry]) -> int:
        # Only the widest line matters (for horizontal scrolling, which is off here), and
        # Tree renders every label to find it: seconds on a 10,000-file collection.
        return len(node.label.plain) + 4

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character and (character.isalnum() or character in _FILTER_PUNCTUATION):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedFilter(character))


class Sidebar(Vertical):
    BINDINGS = [
        Binding("ctrl+g", "toggle_grouping", "Group/flat", id="sidebar.group"),
    ]

    COMPONENT_CLASSES = {
        "sidebar--count",
        "sidebar--count-zero",
        "sidebar--source",
        "sidebar--excerpt",
        "sidebar--problem",
        "sidebar--file",
        "sidebar--figure",
        "sidebar--quote",
        "sidebar--attribution",
    }

    @dataclass
    class Opened(Message):
        """The reader chose an article (enter or click)."""

        article_id: str

    def __init__(self, *, id: str | None = None, grouped: bool = True) -> None:
        super().__init__(id=id)
        self.grouped = grouped
        self.articles: list[Article] = []
        self.problems: list[Problem] = []
        self.claim_counts: dict[str, int] = {}
        self.filter_text = ""
        self.current_id: str | None = None
        self._article_nodes: dict[str, TreeNode[Entry]] = {}
        self._groups: dict[str, tuple[TreeNode[Entry], list[Article]]] = {}
        self._style_cache: dict[str, object] = {}
        self.signals_shown = False
        self.signal_counts: dict[str, dict[str, int]] = {}
        self._generation = 0  # bumped by each rebuild; late batches of older ones stop
        self._expand_groups = True

    def compose(self) -> ComposeResult:
        # No select-on-focus: the first typed character is already in when focus lands.
        yield Input(placeholder="Filter: title, byline, section", id="filter", select_on_focus=False)
        tree = ArticleTree("Articles", id="articles")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static("Loading…", id="sidebar-status")

    @property
    def tree(self) -> ArticleTree:
        return self.query_one(ArticleTree)

    # -- Content -----------------------------------------------------------------------

    def set_articles(self, articles: list[Article], problems: list[Problem]) -> None:
        self.articles = articles
        self.problems = problems
        self.rebuild()

    def set_status(self, text: str) -> None:
        self.query_one("#sidebar-status", Static).update(Text(text))

    def show_signals(self, shown: bool, counts: dict[str, dict[str, int]] | None = None) -> None:
        """Show (or hide) each article's claim-signal counts in its label."""
        if counts is not None:
            self.signal_counts = counts
        if shown != self.signals_shown or counts is not None:
            self.signals_shown = shown
            self.rebuild()

    def set_claim_counts(self, counts: dict[str, int]) -> None:
        self.claim_counts = counts
        self.rebuild()

    def visible_articles(self) -> list[Article]:
        needle = self.filter_text.casefold().strip()
        if not needle:
            return self.articles
        return [
            a
            for a in self.articles
            if needle in a.title.casefold()
            or needle in a.byline.casefold()
            or needle in a.section.casefold()
            or (not a.title and needle in title_of(a).casefold())
        ]

    def rebuild(self) -> None:
        tree = self.tree
        tree.clear()
        self._article_nodes.clear()
        self._groups.clear()
        self._style_cache.clear()
        with tree.batch():
            self._add_nodes()
        if self.current_id is not None:
            self.select(self.current_id)

    def _add_nodes(self) -> None:
        """Fill the tree: the first rows at once, the rest in batches after the paint.

        Tree nodes cost about 0.1 ms each to add; on a 10,000-file collection adding all
        before the first paint would keep the screen blank for a second or more.
        """
        self._generation += 1
        articles = self.visible_articles()
        filtering = bool(self.filter_text.strip())
        rows: list[tuple[str, object]] = []
        if self.grouped:
            by_file: dict[str, list[Article]] = {}
            for article in articles:
                by_file.setdefault(article.file, []).append(article)
            # Groups open at once only while that stays cheap; the others fill on expand.
            self._expand_groups = len(by_file) <= _EXPAND_LIMIT or (
                filtering and len(articles) <= _EXPAND_ARTICLES
            )
            rows = [("file", item) for item in by_file.items()]
        else:
            rows = [("article", article) for article in articles]
        if not filtering:
            rows += [("problem", problem) for problem in self.problems]
        self._add_rows(rows[:_FIRST_ROWS])
        if len(rows) > _FIRST_ROWS:
            self.set_timer(0.05, partial(self._add_later, self._generation, rows[_FIRST_ROWS:]))
        total = len(self.articles)
        status = f"{len(articles)} of {total} articles" if filtering else f"{total} articles"
        if self.problems:
            status += f" · {len(self.problems)} unreadable"
        self.set_status(status)

    def _add_later(self, generation: int, rows: list[tuple[str, object]]) -> None:
        if generation != self._generation:
            return  # a newer rebuild (filter, regroup) replaced these rows
        with self.tree.batch():
            self._add_rows(rows[:_BATCH_ROWS])
        if len(rows) > _BATCH_ROWS:
            self.set_timer(0.02, partial(self._add_later, generation, rows[_BATCH_ROWS:]))
        if self.current_id is not None and self.current_id not in self._article_nodes:
            self.select(self.current_id)

    def _add_rows(self, rows: list[tuple[str, object]]) -> None:
        root = self.tree.root
        for kind, item in rows:
            if kind == "file":
                file, group = item  # type: ignore[misc]
                label = Text(safe_text(file), style=self._style("file"))
                label.append(f"  {len(group)}", style=self._style("count-zero"))
                node = root.add(label, Entry("file", file), expand=False)
                self._groups[file] = (node, group)
                if self._expand_groups:
                    self._fill(file)
                    node.expand()
            elif kind == "article":
                article = item
                self._article_nodes[article.id] = root.add_leaf(  # type: ignore[union-attr]
                    self._label(article, show_source=True), Entry("article", article.id)  # type: ignore[arg-type]
                )
            else:
                problem = item
                label = Text(f"{safe_text(problem.file)}: {safe_text(problem.reason)}")  # type: ignore[union-attr]
                label.stylize(self._style("problem"))
                root.add_leaf(label, Entry("problem", problem.file))  # type: ignore[union-attr]

    def _fill(self, file: str) -> None:
        """Add a file group's articles to the tree, once."""
        node, group = self._groups[file]
        if node.children:
            return
        for article in group:
            self._article_nodes[article.id] = node.add_leaf(
                self._label(article, show_source=False), Entry("article", article.id)
            )

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        entry = event.node.data
        if entry is not None and entry.kind == "file" and entry.key in self._groups:
            self._fill(entry.key)

    def _label(self, article: Article, show_source: bool) -> Text:
        count = self.claim_counts.get(article.id, 0)
        label = Text(
            f"{count:>2} ", style=self._style("count" if count else "count-zero")
        )
        label.append("✂ " if article.excerpt else "  ", style=self._style("excerpt"))
        counts = self.signal_counts.get(article.id) if self.signals_shown else None
        if counts is not None:
            # Figures, quotes, attributions, in the colours the text gives them.
            for kind in ("figure", "quote", "attribution"):
                label.append(f"{min(counts[kind], 99):>2} ", style=self._style(kind))
        label.append(title_of(article))
        source = article.byline or (article.file if show_source else article.section)
        if source:
            label.append(f" — {safe_text(source)}", style=self._style("source"))
        return label

    def _style(self, name: str):
        style = self._style_cache.get(name)
        if style is None:
            style = self._style_cache[name] = component_style(self, f"sidebar--{name}")
        return style

    def select(self, article_id: str) -> None:
        """Move the tree's cursor to an article (when it is shown), without opening it."""
        self.current_id = article_id
        node = self._article_nodes.get(article_id)
        if node is None and self.grouped:
            file = next((a.file for a in self.visible_articles() if a.id == article_id), None)
            if file in self._groups:
                self._fill(file)
                node = self._article_nodes.get(article_id)
        if node is None:
            return
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
        tree = self.tree
        tree.call_after_refresh(self._move_cursor, node)

    def _move_cursor(self, node: TreeNode[Entry]) -> None:
        if node.line >= 0:
            self.tree.cursor_line = node.line
            self.tree.scroll_to_node(node, animate=False)

    # -- Events ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.rebuild())

    def on_tree_node_selected(self, event: Tree.NodeSelected[Entry]) -> None:
        event.stop()
        entry = event.node.data
        if entry is not None and entry.kind == "article":
            self.current_id = entry.key
            self.post_message(self.Opened(entry.key))

    def on_article_tree_typed_filter(self, event: ArticleTree.TypedFilter) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.focus()
        filter_input.insert_text_at_cursor(event.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.filter_text = event.value
            self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the first article shown."""
        if event.input.id != "filter":
            return
        event.stop()
        shown = self.visible_articles()
        self.tree.focus()
        if shown:
            self.select(shown[0].id)
            self.post_message(self.Opened(shown[0].id))

    def on_key(self, event: events.Key) -> None:
        filter_input = self.query_one("#filter", Input)
        if not filter_input.has_focus:
            return
        if event.key == "escape":
            event.stop()
            filter_input.value = ""
            self.tree.focus()
        elif event.key == "down":
            event.stop()
            self.tree.focus()

    def action_toggle_grouping(self) -> None:
        self.grouped = not self.grouped
        self.rebuild()

    def neighbour(self, article_id: str | None, step: int) -> str | None:
        """The article `step` places after `article_id` in the list as shown."""
        shown = self.visible_articles() or self.articles
        if not shown:
            return None
        ids = [a.id for a in shown]
        if article_id not in ids:
            return ids[0] if step > 0 else ids[-1]
        index = ids.index(article_id) + step
        if 0 <= index < len(ids):
            return ids[index]
        return None
