"""Text made safe to show in the terminal: control characters made visible, offsets kept."""

from __future__ import annotations

import re

# Control characters would reach the terminal (escape sequences) or move the cursor.
# Each is replaced by one visible character, so every offset into the text still holds.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x0A,)}
_CONTROL_PICTURES[0x7F] = 0x2421
_CONTROL_PICTURES.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_CONTROL_PICTURES[0x09] = 0x20  # a tab would take a variable width: one space keeps columns


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """`text` with control characters made visible, same length, same offsets."""
    # The search runs in C; `translate` is slow on a long text, and rarely needed.
    return text.translate(_CONTROL_PICTURES) if _CONTROL.search(text) else text


__all__ = ["safe_text"]
