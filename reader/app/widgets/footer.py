"""The footer of keys, rebuilt once for a burst of binding changes.

Textual's `Footer` rebuilds its keys (a widget each) after every change of the active
bindings: five times while the app starts and twice for each focus change, 60-90 ms each
here, and keys wait meanwhile. This one rebuilds once for all the changes made before it
gets to run, and only when the keys it would show differ from those it shows.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

from reader.app.textual_private import mark_footer_bindings_ready


class ReaderFooter(Footer):
    _rebuild_queued = False
    _shown: tuple | None = None  # what the keys were made from

    def bindings_changed(self, screen: Screen) -> None:
        # As `Footer.bindings_changed` (Textual is pinned), with the repeats merged.
        mark_footer_bindings_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_queued:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        shown = tuple(
            (key, binding.action, binding.description, binding.group, enabled, tooltip)
            for key, (
                _,
                binding,
                enabled,
                tooltip,
            ) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
