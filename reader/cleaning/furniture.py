from __future__ import annotations

from reader.cleaning.model import Block


def drop_page_furniture(blocks: list[Block]) -> list[Block]:
    return blocks


def mark_source_lines(blocks: list[Block]) -> list[Block]:
    return blocks
