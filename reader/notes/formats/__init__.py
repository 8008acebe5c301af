"""The formats notes are written in, one module each in this package.

A module here that defines `FORMAT` (a `Format`) is an export format: the command line's
`--format` choices, the app's export dialog and `export` below find it by itself, so a new
format is one new module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from reader.article import Article
from reader.claims.model import Claim, now
from reader.notes.gathering import ArticleClaims, Scope, gather


@dataclass(frozen=True)
class Export:
    """Everything a format may draw on: the claims by article, what they cover, when."""

    groups: list[ArticleClaims]
    scope: Scope
    exported: str
    by: str = "article"  # markdown's grouping: "article" or "tag"
    board: list | None = None  # reader.claims.board groups, for formats that use them

    @property
    def count(self) -> int:
        return sum(len(g.placed) for g in self.groups)

    @property
    def title(self) -> str:
        """A title for the file: the article's for one article, else what it covers."""
        if self.scope.kind == "article" and self.groups:
            return self.groups[0].title
        return "claims " + self.scope.describe()


@dataclass(frozen=True)
class Format:
    name: str  # as `--format` takes it
    label: str  # as the export dialog shows it
    suffix: str
    render: Callable[[Export], str]
    order: int = 99  # place among the formats offered
    uses_board: bool = True
    terminal_safe: bool = False  # the text may go to a terminal as it is
    what: str = ""  # what it holds of the claims, for "wrote <what> 12 claims"


@cache
def formats() -> dict[str, Format]:
    """Every format of this package, by name, in the order they are offered."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        fmt = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FORMAT", None)
        if isinstance(fmt, Format):
            found.append(fmt)
    return {f.name: f for f in sorted(found, key=lambda f: (f.order, f.name))}


def export(
    fmt: Format,
    claims: Iterable[Claim],
    lookup: Callable[[str], Article | None],
    scope: Scope,
    *,
    order: Callable[[str], Any] | None = None,
    by: str = "article",
    findings: dict[str, str] | None = None,
    with_board: bool = True,
) -> tuple[Export, str]:
    """The claims gathered by article (in `order`) and written as `fmt`; with the board's
    groups when the format uses them and `with_board` (grouping is most of a large
    export's time)."""
    claims = list(claims)
    board = None
    if fmt.uses_board and with_board:
        from reader.claims.board import board as make_board

        board = make_board(claims, lookup, findings=findings or {})
    done = Export(gather(claims, lookup, order), scope, now(), by, board)
    return done, fmt.render(done)
