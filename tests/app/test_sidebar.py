"""The sidebar on its own: large lists fill in batches, problems stay last, labels are text."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.app.widgets.sidebar import Sidebar
from reader.article import Article, Problem


class SidebarApp(App[None]):
    CSS_PATH = "../../reader/app/reader.tcss"

    def compose(self) -> ComposeResult:
        yield Sidebar(id="sidebar")


def many(files: int, per_file: int) -> list[Article]:
    return [
        Article(title=f"[bold]Title {f}-{i}[/]", text="", id=f"f{f}/a{i}", file=f"f{f:04d}.txt")
        for f in range(files)
        for i in range(per_file)
    ]


async def test_big_collection_fills_in_batches_with_problems_last() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        articles = many(3000, 2)
        sidebar.set_articles(articles, [Problem("broken.txt", "not text")])
        tree = sidebar.tree
        assert 0 < len(tree.root.children) < 3001  # the first rows only, before the paint
        for _ in range(40):
            await pilot.pause(0.05)
            if len(tree.root.children) == 3001:
                break
        assert len(tree.root.children) == 3001
        last = tree.root.children[-1]
        assert last.data is not None and last.data.kind == "problem"
        assert "broken.txt: not text" in str(last.label)
        # Big collections start collapsed; a group fills when opened.
        first = tree.root.children[0]
        assert not first.is_expanded and not first.children
        first.expand()
        await pilot.pause()
        assert [str(c.label).strip().endswith("[bold]Title 0-0[/]") for c in first.children][0]
        # Selecting an article in a collapsed group opens the group.
        sidebar.select("f2999/a1")
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data.key == "f2999/a1"


async def test_filter_rebuild_cancels_late_batches() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        sidebar.set_articles(many(3000, 1), [])
        sidebar.filter_text = "Title 12-"
        sidebar.rebuild()
        await pilot.pause(0.3)
        assert len(sidebar.tree.root.children) == 1
        assert sidebar.visible_articles()[0].id == "f12/a0"
