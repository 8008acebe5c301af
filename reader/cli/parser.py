"""The command line's arguments: `reader [--articles DIR] [--db FILE] COMMAND ...`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _Parser(argparse.ArgumentParser):
    """An `ArgumentParser` that adds its `late` arguments when it is first used (to parse,
    or for its usage or help): `export --format` lists the formats, and finding them
    imports every format module, with the claims and the board they use, which `reader
    list` has no need of."""

    late: Callable[[argparse.ArgumentParser], None] | None = None

    def _add_late(self) -> None:
        late, self.late = self.late, None
        if late is not None:
            late(self)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._add_late()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._add_late()
        return super().format_usage()

    def format_help(self) -> str:
        self._add_late()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read and annotate a collection of news articles. Without a command, starts the app.",
    )
    parser.add_argument(
        "--articles",
        metavar="DIR",
        type=Path,
        default=os.environ.get("READER_ARTICLES") or None,
        help="folder of article files (env READER_ARTICLES; default ./articles if it exists, "
        "else the bundled collection)",
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        type=Path,
        default=os.environ.get("READER_DB") or None,
        help="annotation store (env READER_DB)",
    )
    parser.add_argument(
        "--create-db",
        action="store_true",
        help="make the folders of --db when they don't exist (without it, a missing folder is an error)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="list the articles")
    listing.add_argument("--json", action="store_true", help="as JSON, one object per article")

    show = commands.add_parser("show", help="show one article")
    show.add_argument("id", metavar="ID", help="article id (or a unique beginning of one)")
    output = show.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="as JSON, with text, subheadings and sentence offsets")
    output.add_argument("--raw", action="store_true", help="the whole file the article comes from, as read")
    output.add_argument(
        "--removed", action="store_true", help="what the cleaner removed, and the step that removed each"
    )

    problems = commands.add_parser("problems", help="files that could not be loaded, and why")
    problems.add_argument("--json", action="store_true", help="as JSON")

    claims = commands.add_parser("claims", help="list claims, with whether they are still found in the text")
    claims.add_argument("--article", metavar="ID", help="only this article's claims")
    claims.add_argument("--tag", metavar="T", help="only claims with this tag")
    claims.add_argument("--json", action="store_true", help="as JSON")

    annotate = commands.add_parser("annotate", help="mark a quote of an article as a claim; prints it as JSON")
    annotate.add_argument("id", metavar="ID", help="article id (or a unique beginning of one)")
    annotate.add_argument(
        "--quote",
        required=True,
        metavar="TEXT",
        help="the words to mark (quote marks, dashes and spaces match however typed)",
    )
    annotate.add_argument(
        "--occurrence",
        type=int,
        default=1,
        metavar="N",
        help="mark the N-th appearance (default 1); how many there are is said on stderr",
    )
    annotate.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    annotate.add_argument("--note", default="", metavar="TEXT", help="a note")
    annotate.add_argument(
        "--new",
        action="store_true",
        help="store a new claim even when these words are one already (default: return that one)",
    )

    claim = commands.add_parser("claim", help="edit or delete one claim")
    claim_commands = claim.add_subparsers(dest="claim_command", metavar="ACTION", required=True)
    edit = claim_commands.add_parser("edit", help="change a claim's tags or note; prints it as JSON")
    edit.add_argument("claim_id", metavar="ID", help="claim id (or a unique beginning of one)")
    edit.add_argument("--tag", action="append", metavar="T", help="a tag (repeatable): these replace the claim's tags")
    edit.add_argument("--no-tags", action="store_true", help="remove every tag")
    edit.add_argument("--note", metavar="TEXT", help='the new note ("" removes it)')
    delete = claim_commands.add_parser("delete", help="delete a claim")
    delete.add_argument("claim_id", metavar="ID", help="claim id (or a unique beginning of one)")

    tags = commands.add_parser("tags", help="the tags in use, with counts")
    tags.add_argument("--json", action="store_true", help="as JSON")

    tag = commands.add_parser("tag", help="change a tag on every claim")
    tag_commands = tag.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    rename = tag_commands.add_parser("rename", help="rename a tag (merging into NEW when it exists)")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")

    board = commands.add_parser("board", help="claims that speak of the same thing, side by side, disagreements first")
    board.add_argument("--tag", metavar="T", help="only claims with this tag")
    board.add_argument(
        "--json", action="store_true", help="as JSON: a list of groups, each with its claims and figures"
    )

    export = commands.add_parser(
        "export", help="claims as markdown notes or Web Annotation JSON; references as CSL-JSON"
    )
    export.add_argument("--article", metavar="ID", help="only this article")
    export.add_argument("--tag", metavar="T", help="only claims with this tag")
    export.add_argument("--by", choices=("article", "tag"), default="article", help="group by article (default) or tag")
    export.late = _export_output

    imports = commands.add_parser("import", help="read Web Annotation JSON back as claims")
    imports.add_argument("file", metavar="FILE", type=Path)
    return parser


def _export_output(parser: argparse.ArgumentParser) -> None:
    """`export`'s arguments from `--format` on (in the order its help has always shown)."""
    from reader.notes.formats import formats

    parser.add_argument(
        "--format",
        choices=list(formats()),
        default="markdown",
        help="; ".join(f"{name}: {f.label}" for name, f in formats().items()),
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH", default="-", help="file or folder to write, - for stdout (default)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument(
        "--no-board",
        action="store_true",
        help="leave out the board's groups (markdown's evidence tables, JSON's group membership): "
        "much faster for tens of thousands of claims",
    )
