"""The sidebar on its own: rows drawn only where seen, groups open and close by key and
mouse, problems stay last, labels are text."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.app.widgets.article_list import ArticleList, Entry
from reader.app.widgets.sidebar import Sidebar
from reader.article import Article, Problem


class SidebarApp(App[None]):
    CSS_PATH = "../../reader/app/reader.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield Sidebar(id="sidebar")

    def on_sidebar_opened(self, event: Sidebar.Opened) -> None:
        self.opened.append(event.article_id)


def many(files: int, per_file: int) -> list[Article]:
    return [
        Article(
            title=f"[bold]Title {f}-{i}[/]",
            text="",
            id=f"f{f}/a{i}",
            file=f"f{f:04d}.txt",
        )
        for f in range(files)
        for i in range(per_file)
    ]


def shown_lines(app: App) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_big_collection_labels_only_what_is_seen() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        rows = sidebar.article_list
        made: list[object] = []
        label = rows._make_label
        rows._make_label = lambda row: made.append(row) or label(row)
        sidebar.set_articles(many(10_000, 3), [Problem("broken.txt", "not text")])
        # Every row at once (groups closed: one row a file), the problem file last.
        assert len(rows.rows) == 10_001
        assert rows.rows[-1][0] == "problem"
        await pilot.pause()
        # Only the rows on screen got labels.
        assert 0 < len(made) <= rows.size.height
        assert "▶ f0000.txt  3" in "\n".join(shown_lines(app))
        rows.focus()
        await pilot.press("end")
        assert rows.cursor_entry == Entry("problem", "broken.txt")
        assert any("broken.txt: not text" in line for line in shown_lines(app))
        assert len(made) <= 4 * rows.size.height  # two screens drawn, not 10,001 rows


async def test_groups_open_and_close_by_key_and_mouse() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        rows = sidebar.article_list
        sidebar.set_articles(many(300, 2), [])  # above the limit: groups start closed
        rows.focus()
        await pilot.press("down")
        assert rows.cursor_entry == Entry("file", "f0000.txt")
        await pilot.press("right")
        await pilot.pause()
        assert [entry_kind for entry_kind, *_ in rows.rows[:4]] == [
            "file",
            "article",
            "article",
            "file",
        ]
        # Markup-like titles stay text.
        assert any("[bold]Title 0-0[/]" in line for line in shown_lines(app))
        await pilot.press("down", "down")
        assert rows.cursor_entry == Entry("article", "f0/a1")
        assert rows.rows[rows.cursor_line][3]  # the last of its group: drawn with └
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == ["f0/a1"]
        await pilot.press("left")  # from an article to its group
        assert rows.cursor_entry == Entry("file", "f0000.txt")
        await pilot.press("left")  # closes it
        await pilot.pause()
        assert len(rows.rows) == 300
        await pilot.press("space")  # opens it again
        await pilot.pause()
        assert len(rows.rows) == 302
        await pilot.press("enter")  # enter on a group closes it too
        await pilot.pause()
        assert len(rows.rows) == 300
        # The mouse: a click on a group opens it, a click on an article opens the article.
        await pilot.click(ArticleList, offset=(2, 1))
        await pilot.pause()
        assert len(rows.rows) == 302 and rows.cursor_entry == Entry("file", "f0001.txt")
        await pilot.click(ArticleList, offset=(5, 2))
        await pilot.pause()
        assert app.opened[-1] == "f1/a0"


async def test_select_opens_the_closed_group_and_scrolls_to_it() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        rows = sidebar.article_list
        sidebar.set_articles(many(3000, 2), [])
        sidebar.select("f2999/a1")
        await pilot.pause()
        assert rows.cursor_entry == Entry("article", "f2999/a1")
        assert any("Title 2999-1" in line for line in shown_lines(app))


async def test_filter_and_counts() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        rows = sidebar.article_list
        sidebar.set_articles(many(3000, 1), [Problem("broken.txt", "not text")])
        rows.focus()
        await pilot.press(*"Title 12-")  # typed in the list, it goes to the filter
        await pilot.pause()
        assert sidebar.filter_text == "Title 12-"
        assert [kind for kind, *_ in rows.rows] == ["file", "article"]  # opened: few
        assert sidebar.visible_articles()[0].id == "f12/a0"
        assert "1 of 3000 articles" in "\n".join(shown_lines(app))
        # A claim count redraws the labels, not the rows.
        before = rows.rows
        sidebar.set_claim_counts({"f12/a0": 7})
        await pilot.pause()
        assert rows.rows is before
        assert any(" 7 " in line and "Title 12-0" in line for line in shown_lines(app))
        await pilot.press("escape")
        await pilot.pause()
        assert len(rows.rows) == 3001 and rows.rows[-1][0] == "problem"
        sidebar.action_toggle_grouping()
        await pilot.pause()
        assert len(rows.rows) == 3001 and {kind for kind, *_ in rows.rows[:-1]} == {"article"}


async def test_cursor_stays_on_its_row_when_the_list_refreshes() -> None:
    app = SidebarApp()
    async with app.run_test(size=(80, 30)) as pilot:
        sidebar = app.query_one(Sidebar)
        rows = sidebar.article_list
        articles = many(3000, 2)
        sidebar.set_articles(articles[:4000], [])
        sidebar.select("f0/a0")  # the article being read
        await pilot.pause()
        rows.focus()
        await pilot.press("pagedown", "down")  # the reader moves on in the list
        moved = rows.cursor_entry
        assert moved is not None and moved.kind == "file" and moved.key != "f0000.txt"
        # More files cleaned: the list is made anew, the cursor stays where it was.
        sidebar.set_articles(articles, [])
        await pilot.pause()
        assert len(rows.rows) == 3002 and rows.cursor_entry == moved  # f0000 stays open
        assert rows.scroll_offset.y <= rows.cursor_line < rows.scroll_offset.y + rows.size.height
        # A filter that hides it: the cursor goes back to the article being read.
        sidebar.filter_text = "Title 0-"
        sidebar.rebuild()
        await pilot.pause()
        assert rows.cursor_entry == Entry("article", "f0/a0")
