"""Every use of Textual's private parts, in one place.

Textual is pinned exactly (8.2.8, pyproject.toml): the uses below were written against it.
Each says why it is needed, what it depends on in Textual, and what would let it go. When
Textual is upgraded, this module is the one to check (with the tests that cover each use:
wrapping in tests/app/, the footer and the keys in the snapshots). Nothing else in
reader/ reaches into Textual's private modules or attributes: tests/app/test_textual_private.py
greps the tree to keep it that way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Footer, OptionList, TextArea
from textual.widgets.text_area import Document, DocumentNavigator, WrappedDocument

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Keymap


class WrapTable(WrappedDocument):
    """A `WrappedDocument` whose wrapping a subclass may compute itself (`set_wraps`), and
    whose `height` costs nothing.

    Private: `WrappedDocument` keeps its wrap in `_wrap_offsets`, `_offset_to_line_info`,
    `_line_index_to_offsets`, `_tab_width_cache`, `_width` and `_tab_width`, with no public
    way to fill them, and its public `height` sums over every line each time it is asked
    (once per rendered line: 50 ms a screen on a 1 MB article). Written against Textual
    8.2.8's `textual/document/_wrapped_document.py`. Let go when `WrappedDocument.height`
    is cheap (the count of wrapped lines is at hand) and its `wrap` is fast enough on long
    ASCII lines, so that the reader's `ArticleText` can use it as it is.
    """

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)

    @property
    def tab_width(self) -> int:
        """The tab width last wrapped with."""
        return self._tab_width

    def set_wraps(self, width: int, tab_width: int | None, wrap_offsets: list[list[int]]) -> None:
        """The document wrapped at `width`, with each line broken at its `wrap_offsets`
        (lines without tabs, as `WrappedDocument.wrap` would break them)."""
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        current = 0
        for line_index, offsets in enumerate(wrap_offsets):
            sections = len(offsets) + 1
            line_info.extend((line_index, section) for section in range(sections))
            line_offsets.append(list(range(current, current + sections)))
            current += sections
        self._wrap_offsets = wrap_offsets
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets
        self._tab_width_cache = [[0] for _ in wrap_offsets]  # as Textual: no tabs


class OwnWrapTextArea(TextArea):
    """A `TextArea` for plain text whose wrapped document a subclass makes
    (`make_wrapped_document`).

    Private: `TextArea._set_document` is where the text area makes its `Document`,
    `WrappedDocument` and `DocumentNavigator` when text is loaded; there is no public hook
    to give it another wrapped document. Overridden as Textual 8.2.8 has it for a text
    area without a language (no syntax highlighting), which is all the reader needs; it
    calls the private `_build_highlight_map` and `_rewrap_and_refresh_virtual_size` and
    clears `_highlight_query` as the original does. Let go with `WrapTable` (when
    Textual's own wrapped document is fast enough), or when `TextArea` takes a factory for
    its wrapped document.
    """

    def make_wrapped_document(self, document: Document) -> WrappedDocument:
        return WrappedDocument(document, width=self.wrap_width, tab_width=self.indent_width)

    def _set_document(self, text: str, language: str | None) -> None:
        self._highlight_query = None
        document = Document(text)
        self.document = document
        self.wrapped_document = self.make_wrapped_document(document)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()


def mark_footer_bindings_ready(footer: Footer) -> None:
    """What `Footer.bindings_changed` does first, for a footer that overrides it.

    Private: Textual 8.2.8's `Footer` composes no keys until its reactive
    `_bindings_ready` is set, which its own `bindings_changed` does; the reader's
    `ReaderFooter` replaces that method (to rebuild once for a burst of changes) and so
    must set it too. Let go when `Footer` merges its own rebuilds, or exposes the flag.
    """
    footer._bindings_ready = True


def current_keymap(app: App) -> Keymap:
    """The keymap given to `App.set_keymap` (binding id -> keys), as the app applies it.

    Private: Textual 8.2.8 keeps it in `App._keymap`, with no public getter. Let go when
    `App` exposes its keymap (or the reader keeps its own copy of what it set).
    """
    return app._keymap


__all__ = ["OwnWrapTextArea", "WrapTable", "current_keymap", "mark_footer_bindings_ready"]


class ClickSafeOptionList(OptionList):
    """An `OptionList` that ignores a click on a line drawn before its options last changed.

    Private: the click handler `_on_click`, which Textual 8.2.8's `OptionList` uses to index
    its options with the line's `option` meta without checking it (IndexError, and the app
    ends, when the option is gone). Found by the monkey test on a store of hostile claims
    clicking search results as they were replaced. Let go when `OptionList._on_click`
    checks the index it is given.
    """

    async def _on_click(self, event: events.Click) -> None:
        # Textual calls each class's handler in turn; prevent_default keeps OptionList's away.
        clicked = event.style.meta.get("option")
        if clicked is not None and not 0 <= clicked < self.option_count:
            event.prevent_default()
            event.stop()
