"""The command line: `reader [--articles DIR] [--db FILE] COMMAND`.

Commands: list, show, problems (`articles.py`); claims, annotate, claim edit/delete, tags,
tag rename (`claims.py`); board, export, import (`notes.py`). `parser.py` holds the
arguments, `output.py` the tables and JSON, `lookup.py` the store and article a command
names; this module runs one and turns its errors into an exit status.

Errors become one `reader: error: ...` line on stderr and exit status 2; the collection
raises them where they happen. `reader` without a command starts the app, imported only
then, so the commands never load Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reader.claims.errors import StoreError
from reader.claims.location import default_store_path
from reader.claims.tags import TagError
from reader.cli.parser import build_parser
from reader.collection import Collection, LoadError

EXIT_ERROR = 2


class CommandError(Exception):
    """A mistake in what was asked for (such as an unknown id), shown as one line."""


def run() -> None:
    """The `reader` command (and `python -m reader`): `main`, then for a command, not the
    app, its output flushed (see `_flushed`) before the interpreter exits."""
    args = build_parser().parse_args()
    code = _run_parsed(args)
    if args.command is not None:
        code = _flushed(code)
    raise SystemExit(code)


def _flushed(code: int) -> int:
    """`code` once stdout and stderr are flushed; 1 when the reader of the output went away
    (`reader list | head`), 2 when the output could not be written (a full disk). Then
    stdout goes nowhere, so that Python's own flush at the exit doesn't fail again."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return code or 1
    except OSError as error:
        print(f"reader: error: could not write the output: {error.strerror or error}", file=sys.stderr)
        _silence_stdout()
        code = code or EXIT_ERROR
    try:
        sys.stderr.flush()
    except OSError:
        pass
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    return _run_parsed(build_parser().parse_args(argv))


def _run_parsed(args: argparse.Namespace) -> int:
    _tolerant_output()
    try:
        return _dispatch(args)
    except (LoadError, CommandError, StoreError, TagError) as error:
        print(f"reader: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()  # `reader list | head`: the reader went away, which is fine
        return 1
    except OSError as error:  # what reached no file of ours: the output (a full disk, say)
        where = f" ({error.filename})" if error.filename else ""
        print(f"reader: error: could not write the output{where}: {error.strerror or error}", file=sys.stderr)
        _silence_stdout()  # (and don't try the rest of it again at the exit)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    # Each command's module is imported only for it: `reader list` loads neither the
    # claim commands nor the notes, and `reader` alone (the app) none of them.
    root = articles_folder(args.articles)
    if args.db is not None:
        _check_store_folder(args.db, create=args.create_db)
    if args.command is None:
        return _start_app(root, args.db)
    store_path = args.db or default_store_path(root)
    if args.command in ("tags", "tag", "claim"):  # the store alone, no articles
        from reader.cli import claims

        if args.command == "tags":
            return claims.tags(store_path, args.json)
        if args.command == "tag":
            return claims.rename_tag(store_path, args.old, args.new)
        return claims.edit_or_delete(store_path, args)
    collection = Collection.load(root)
    if args.command in ("list", "show", "problems"):
        from reader.cli import articles

        if args.command == "list":
            return articles.list_articles(collection, store_path, args.json)
        if args.command == "show":
            return articles.show(collection, store_path, args.id, as_json=args.json, raw=args.raw, removed=args.removed)
        return articles.problems(collection, args.json)
    # A record, a row and their strings a claim, and no cycles: no pass of the cycle
    # collector over them while `claims` and `export` make them.
    from reader.gcpause import cycle_collection_paused

    if args.command in ("claims", "annotate"):
        from reader.cli import claims

        if args.command == "claims":
            with cycle_collection_paused():
                return claims.list_claims(collection, store_path, args.article, args.tag, args.json)
        return claims.annotate(collection, store_path, args)
    from reader.cli import notes

    if args.command == "board":
        return notes.show_board(collection, store_path, args.tag, args.json)
    if args.command == "export":
        with cycle_collection_paused():
            return notes.export_claims(collection, store_path, args)
    return notes.import_claims(collection, store_path, args.file)


def _check_store_folder(db: Path, *, create: bool) -> None:
    """A store asked for by name (--db, READER_DB) must be in a folder that exists: a typo
    in it would otherwise show "no claims", or quietly start a new store elsewhere."""
    folder = db.expanduser().parent
    if folder.is_dir():
        return
    if folder.exists():
        raise CommandError(f"the claim store's folder is not a folder: {folder} (from --db {db})")
    if not create:
        raise CommandError(
            f"the claim store's folder does not exist: {folder} (from --db {db}); "
            "check the path, or add --create-db to make it"
        )
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        raise CommandError(f"cannot make the claim store's folder {folder}: {error.strerror or error}") from None


def articles_folder(given: Path | None) -> Path:
    """The folder asked for (option or READER_ARTICLES); else the config's `articles`;
    else `./articles` when it exists; else the collection bundled with the package."""
    if given is not None:
        return given
    from reader.config import load_config

    config, warnings = load_config()
    for warning in warnings:  # (the app shows them too, as notifications)
        print(f"reader: warning: {warning}", file=sys.stderr)
    if config.articles is not None:
        return config.articles
    local = Path("articles")
    if local.is_dir():
        return local
    # Imported only for the bundled collection: every start would pay for it.
    from importlib.resources import files

    return Path(str(files("reader") / "bundled"))


def _start_app(root: Path, db: Path | None) -> int:
    """Start the app (imported only now, so that the commands never load Textual)."""
    if not root.is_dir():
        raise LoadError(f"articles folder not found: {root}" if not root.exists() else f"not a folder: {root}")
    try:
        from reader.app import run_app
    except ImportError as error:
        print(f"reader: the app is not available ({error}); try `reader list` or `reader --help`", file=sys.stderr)
        return 1
    run_app(root, db)
    return 0


def _tolerant_output() -> None:
    """Never fail on a character the terminal's encoding lacks."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush doesn't fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


__all__ = ["CommandError", "EXIT_ERROR", "articles_folder", "main", "run"]
