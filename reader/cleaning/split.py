from __future__ import annotations

from reader.cleaning.model import Block, Draft


def split_articles(blocks: list[Block]) -> list[Draft]:
    return [Draft(blocks=tuple(blocks))] if blocks else []
