"""The colour a claim is shown in: one of a few, picked by its first tag.

The article's text and the claims panel both colour claims this way, so a tag looks the
same in both; the colours themselves are component classes, styled in `reader.tcss`.
"""

from __future__ import annotations

import zlib

# Tag colours: a stable hash of the first tag picks one of these component classes.
CLAIM_COLOURS = 8


def tag_colour(tags: tuple[str, ...]) -> str:
    """The component name (without the widget prefix) a claim with these tags is shown in.

    crc32, not `hash`: Python salts string hashes per process, and a tag must keep its
    colour from one run to the next."""
    if not tags:
        return "claim-untagged"
    return f"claim-{zlib.crc32(tags[0].casefold().encode('utf-8')) % CLAIM_COLOURS}"
