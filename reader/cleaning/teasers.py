from __future__ import annotations

from reader.cleaning.model import Block


def drop_trailing_teasers(blocks: list[Block]) -> list[Block]:
    return blocks
