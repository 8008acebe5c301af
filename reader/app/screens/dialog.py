"""The base of the app's modal screens: dismissed once, however many keys or clicks ask.

Keys and clicks that arrive together (enter held down, a double click on a search hit)
are all handed to the screen's widgets before the first of them is handled. Textual's
`Screen.dismiss` does not check that the screen is still on top: a second dismiss ran
the result callback again and popped whatever screen was below (with one screen left,
`ScreenStackError` ended the app). Found by the monkey test (`tests/app/monkey.py`).
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, ScreenResultType


class Dialog(ModalScreen[ScreenResultType]):
    # Styles load when the first dialog opens: the first paint needs none of them.
    CSS_PATH = ["dialog.tcss"]

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        if not self.is_active:  # dismissed already (or covered by another screen)
            return AwaitComplete.nothing()
        return super().dismiss(result)
