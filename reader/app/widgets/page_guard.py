"""pageup/pagedown on an option list that is shown but not laid out yet, made safe.

Textual 8.2.8's `OptionList._move_page` looks the highlighted option up in a line table
that is only filled once the list has a size; until the next screen update lays it out
(a drop-down just opened, the claims panel just shown) the table is empty and the key
raises `KeyError: 0`, which ends the app. Keys that arrive together do that: the claims
panel's `c` then pagedown, or a Select opened with down then pageup. Found by the monkey
test (`tests/app/monkey.py`). Minimal repro, in Pilot:

    class SelectApp(App):
        def compose(self):
            yield Select([("One", 1), ("Two", 2)], value=1, allow_blank=False)

    with mock.patch.object(textual.screen, "UPDATE_PERIOD", 60.0):  # no update unless asked
        async with SelectApp().run_test() as pilot:
            await pilot.pause()  # laid out
            pilot.app.post_message(events.Key("down", None))  # the drop-down opens, takes focus
            await settle(pilot.app)  # handled; no screen update since
            pilot.app.post_message(events.Key("pagedown", None))  # KeyError: 0 in _move_page

(`tests/app/test_monkey.py` runs it, expecting the error while Textual has it.) A screen or
container holding option lists adds
`PAGE_KEYS` to its bindings and `page_when_laid_out` as its `action_guarded_page`: a list
laid out pages as always (the binding steps aside); one not laid out yet pages once the
screen update has laid it out.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import OptionList

PAGE_KEYS = [
    Binding("pageup", "guarded_page(-1)", show=False, priority=True),
    Binding("pagedown", "guarded_page(1)", show=False, priority=True),
]


def page_when_laid_out(node: DOMNode, direction: int) -> None:
    options = node.screen.focused
    if not isinstance(options, OptionList) or options.scrollable_content_region:
        raise SkipAction()  # not an option list, or one laid out: its own binding runs

    def page() -> None:
        if options.has_focus and options.scrollable_content_region:
            if direction < 0:
                options.action_page_up()
            else:
                options.action_page_down()

    node.call_after_refresh(page)
