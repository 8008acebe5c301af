"""Copying to the system clipboard, and saying which way it went.

pyperclip first (it talks to the desktop's clipboard: xclip/xsel/wl-copy, pbcopy,
Windows). Where it has none (no display, over SSH) it raises, and the app falls back to the
terminal's clipboard through OSC 52 (`App.copy_to_clipboard`), which the terminal may or
may not honour; either way the user is told which was used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyperclip

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"


class ClipboardUnavailable(Exception):
    """No way to copy was found; the message says why."""


@dataclass(frozen=True)
class Copied:
    via: str  # SYSTEM or TERMINAL
    characters: int


def copy(text: str, fallback: Callable[[str], None] | None = None) -> Copied:
    """Copy `text`: to the system clipboard, else through `fallback` (the terminal's)."""
    try:
        pyperclip.copy(text)
        return Copied(SYSTEM, len(text))
    except pyperclip.PyperclipException as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if fallback is None:
        raise ClipboardUnavailable(f"no system clipboard ({reason})")
    try:
        fallback(text)
    except Exception as error:  # noqa: BLE001 - any failure of the fallback is reported, not raised
        raise ClipboardUnavailable(f"no system clipboard ({reason}), and the terminal's failed ({error})") from error
    return Copied(TERMINAL, len(text))
