"""The command line: `reader [--articles DIR] [--db FILE] COMMAND`.

Commands: list, show, problems; claims, annotate, claim edit/delete, tags, tag rename;
export, import.

Errors become one `reader: error: ...` line on stderr and exit status 2; the collection
raises them where they happen. `reader` without a command starts the app, imported only
then, so the commands never load Textual.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from reader.claims.storage import StoreError
from reader.claims.store import ClaimStore, default_store_path
from reader.claims.tags import TagError, normalise_tags, tag_name
from reader.collection import Collection, LoadError, strip_invisible
from reader.wording import counted

EXIT_ERROR = 2


class CommandError(Exception):
    """A mistake in what was asked for (such as an unknown id), shown as one line."""


def run() -> None:
    """The `reader` command (and `python -m reader`): `main`, then for a command, not the
    app, its output flushed (see `_flushed`) before the interpreter exits."""
    args = _parser().parse_args()
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
    return _run_parsed(_parser().parse_args(argv))


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    from reader.notes.formats import formats

    export.add_argument(
        "--format",
        choices=list(formats()),
        default="markdown",
        help="; ".join(f"{name}: {f.label}" for name, f in formats().items()),
    )
    export.add_argument(
        "-o", "--output", metavar="PATH", default="-", help="file or folder to write, - for stdout (default)"
    )
    export.add_argument("--force", action="store_true", help="replace an existing file")

    imports = commands.add_parser("import", help="read Web Annotation JSON back as claims")
    imports.add_argument("file", metavar="FILE", type=Path)
    return parser


def _dispatch(args: argparse.Namespace) -> int:
    root = articles_folder(args.articles)
    if args.db is not None:
        _check_store_folder(args.db, create=args.create_db)
    if args.command is None:
        return _start_app(root, args.db)
    store_path = args.db or default_store_path(root)
    if args.command == "tags":
        return _tags(store_path, args.json)
    if args.command == "tag":
        return _rename_tag(store_path, args.old, args.new)
    if args.command == "claim":
        return _claim_command(store_path, args)
    collection = Collection.load(root)
    if args.command == "list":
        return _list(collection, store_path, args.json)
    if args.command == "show":
        return _show(collection, store_path, args.id, as_json=args.json, raw=args.raw, removed=args.removed)
    if args.command in ("claims", "export"):
        from reader.gcpause import cycle_collection_paused

        # A record, a row and their strings a claim, and no cycles: no pass of the cycle
        # collector over them while they grow (a tenth of the time at 50,000 claims).
        with cycle_collection_paused():
            if args.command == "claims":
                return _claims(collection, store_path, args.article, args.tag, args.json)
            return _export(collection, store_path, args)
    if args.command == "annotate":
        return _annotate(collection, store_path, args)
    if args.command == "board":
        return _board(collection, store_path, args.tag, args.json)
    if args.command == "import":
        return _import(collection, store_path, args.file)
    return _problems(collection, args.json)


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


def _reading(store_path: Path) -> ClaimStore:
    """The store opened for reading: no lock taken, nothing created; each table read (and
    checked) when a command first needs it."""
    return ClaimStore.open(store_path, read_only=True, lazy=True)


def _writing(store_path: Path) -> ClaimStore:
    store = ClaimStore.open(store_path, lazy=True)
    if store.read_only:
        store.close()
        raise CommandError(f"{store.read_only_reason}; nothing was changed")
    return store


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
    # Imported only for the bundled collection: it cost every start 10-40 ms.
    from importlib.resources import files

    return Path(str(files("reader") / "bundled"))


# --------------------------------------------------------------------------- commands


def _list(collection: Collection, store_path: Path, as_json: bool) -> int:
    with _reading(store_path) as store:
        counts = store.counts()
    # The collection's own heads, the count added to them in place: this command's
    # collection ends with it, and copying 30,000 dicts took 25-30 ms of a cached list.
    rows = list(collection.heads())
    for row in rows:
        row["claims"] = counts.get(row["id"], 0)
    if as_json:
        _print_json_list(rows)
        return 0
    columns = {
        "ID": [r["id"] for r in rows],
        "TITLE": [r["title"] for r in rows],
        "SOURCE": [_source(r) for r in rows],
        "WORDS": [str(r["words"]) for r in rows],
        "CLAIMS": [str(r["claims"]) for r in rows],
    }
    width = _terminal_width()
    # Ids are what one copies: never cut. Titles give way first (to 12 cells), then
    # sources; when that is not enough, the word count, the source, the claim count go.
    for names in (
        ("ID", "TITLE", "SOURCE", "WORDS", "CLAIMS"),
        ("ID", "TITLE", "SOURCE", "CLAIMS"),
        ("ID", "TITLE", "CLAIMS"),
        ("ID", "TITLE"),
    ):
        table = [(name, columns[name]) for name in names]
        numbers = tuple(i for i, name in enumerate(names) if name in ("WORDS", "CLAIMS"))
        lines = format_table(table, width, shrink=(1, 2) if "SOURCE" in names else (1,), right=numbers)
        if width is None or max(map(_cells, lines)) <= width:
            break
    _write_lines(lines)
    return 0


def _show(
    collection: Collection, store_path: Path, wanted: str, *, as_json: bool, raw: bool, removed: bool = False
) -> int:
    article = _find(collection, wanted)
    if raw:
        text = collection.raw_text(article.file)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    if removed:
        _write_lines(f"[{block.step}] {block.text}" for block in collection.removed(article.id))
        return 0
    if as_json:
        from reader.sentences import sentence_spans  # sentencex loads only when needed

        with _reading(store_path) as store:
            count = len(store.for_article(article.id))
        data = {
            **article.summary(),
            "claims": count,
            "text": article.text,
            "subheadings": list(article.subheadings),
            "sentences": [list(span) for span in sentence_spans(article.text)],
            "removed": [block.to_json() for block in collection.removed(article.id)],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    header = [article.title or "(untitled)", "=" * min(_cells(article.title or "(untitled)"), 78)]
    for label, value in (
        ("Subtitle", article.subtitle),
        ("Byline", article.byline),
        ("Date", article.date),
        ("Site", article.site),
        ("Section", article.section),
        ("Source", article.url),
        ("Excerpt", "yes, the text is cut short" if article.excerpt else ""),
        ("Id", article.id),
    ):
        if value:
            header.append(f"{label}: {value}")
    _write_lines([*header, "", article.text])
    return 0


def _claims(collection: Collection, store_path: Path, article: str | None, tag: str | None, as_json: bool) -> int:
    with _reading(store_path) as store:
        records = store.records(_find(collection, article).id if article else None)
    if tag:
        records = [r for r in records if tag in (r.get("tags") or ())]
    # (Imported here: the anchoring is 6 ms of a start that `list` and `show` needn't pay.)
    from reader.claims.placing import rows as placed_rows

    # Where each claim stands now: `start`/`end` index the text `reader show ID --json`
    # gives. Listing saves nothing: it only reads the store (which a running app may hold),
    # and a claim whose words changed keeps the words marked until someone accepts them.
    rows = placed_rows(records, _lookup(collection))
    if as_json:
        _print_json_list(rows, safe=True)
        return 0
    if not rows:
        print("no claims" + (f" tagged {tag!r}" if tag else ""))
        return 0
    # What a claim holds came from the user or an import: shown without escape sequences.
    columns = [
        ("ID", [_shown(r["id"][:8]) for r in rows]),
        ("STATUS", ["changed" if "text_now" in r else r["status"] for r in rows]),
        ("AT", ["-" if r["start"] is None else f"{r['start']}-{r['end']}" for r in rows]),
        ("ARTICLE", [_shown(r["article"]) for r in rows]),
        ("TAGS", [" ".join("#" + _shown(t) for t in r["tags"]) for r in rows]),
        ("QUOTE", [_quote_cell(r) for r in rows]),
    ]
    _write_lines(format_table(columns, _terminal_width(), shrink=(5, 3, 4)))
    return 0


def _quote_cell(row: dict) -> str:
    """The words marked; for a claim whose words changed, the words now after them."""
    quote = " ".join(_shown(row["quote"]).split())
    if "text_now" in row:
        return f"{quote} -> now: {' '.join(_shown(row['text_now']).split())}"
    return quote


def _annotate(collection: Collection, store_path: Path, args: argparse.Namespace) -> int:
    from reader.claims.placing import find_quote, find_quotes, mark, place, same_span  # (here, as in `_claims`)

    article = _find(collection, args.id)
    if args.occurrence < 1:
        raise CommandError("--occurrence counts from 1")
    try:
        start, end = find_quote(article.text, args.quote, args.occurrence)
    except ValueError as error:
        raise CommandError(f"{error}: {article.id}") from None
    appearances = len(find_quotes(article.text, args.quote))
    with _writing(store_path) as store:
        existing = None
        if not args.new:
            found = [p.claim for p in place(store.for_article(article.id), article) if p.found]
            existing = same_span(found, start, end)
        claim = existing or mark(store, article, start, end, normalise_tags(args.tag), args.note)
    if appearances > 1:
        print(
            f"reader: the quote appears {appearances} times in the article; took appearance {args.occurrence} "
            f"(at character {start}; --occurrence N takes another)",
            file=sys.stderr,
        )
    if existing is not None:
        print(
            f"reader: these words are already claim {existing.id[:8]}; returned it unchanged "
            "(`reader claim edit` changes it, --new stores another)",
            file=sys.stderr,
        )
    record = {
        **claim.record(),
        "status": "anchored",
        "existing": existing is not None,
        "occurrence": args.occurrence,
        "occurrences": appearances,
    }
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return 0


def _find_claim(store: ClaimStore, wanted: str):
    try:
        return store.find(wanted)
    except KeyError:
        raise CommandError(f"no claim with id {wanted!r} (see `reader claims`)") from None
    except LookupError as error:
        raise CommandError(str(error)) from None


def _claim_command(store_path: Path, args: argparse.Namespace) -> int:
    from dataclasses import replace

    with _writing(store_path) as store:
        claim = _find_claim(store, args.claim_id)
        if args.claim_command == "delete":
            store.remove(claim.id)
            print(f"deleted claim {claim.id[:8]} ({' '.join(claim.quote.split())[:60]})", file=sys.stderr)
            return 0
        changed = claim
        if args.tag is not None or args.no_tags:
            changed = replace(changed, tags=normalise_tags(args.tag or []))
        if args.note is not None:
            changed = replace(changed, note=args.note.strip())
        if changed != claim:
            changed = store.update(changed)
    sys.stdout.write(json.dumps(changed.record(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _tags(store_path: Path, as_json: bool) -> int:
    with _reading(store_path) as store:
        counts = store.tags()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        _print_json_list([{"tag": t, "claims": n} for t, n in ordered], safe=True)
    elif ordered:
        _write_lines(
            format_table(
                [("TAG", [_shown(t) for t, _ in ordered]), ("CLAIMS", [str(n) for _, n in ordered])], None, right=(1,)
            )
        )
    else:
        print("no tags")
    return 0


def _rename_tag(store_path: Path, old: str, new: str) -> int:
    new = tag_name(new)
    if not new:
        raise CommandError("the new tag name is empty")
    with _writing(store_path) as store:
        if old not in store.tags():
            raise CommandError(f"no claim has the tag {old!r} (see `reader tags`)")
        changed = store.rename_tag(old, new)
    print(f"renamed {old!r} to {new!r} on {counted(changed, 'claim')}")
    return 0


def _lookup(collection: Collection):
    def lookup(article_id: str):
        try:
            return collection.get(article_id)
        except KeyError:
            return None

    return lookup


def _export(collection: Collection, store_path: Path, args: argparse.Namespace) -> int:
    from reader.notes.files import UnsafeTarget, output_path, write_new
    from reader.notes.formats import export, formats
    from reader.notes.gathering import Scope

    fmt = formats()[args.format]
    scope = Scope()
    with _reading(store_path) as store:
        if args.article:
            article_id = _find(collection, args.article).id
            claims = store.for_article(article_id)
            scope = Scope("article", article_id)
        else:
            claims = store.all()
        findings = store.findings()
    if args.tag:
        claims = [c for c in claims if args.tag in c.tags]
        scope = Scope("tag", args.tag) if not args.article else scope
    position = {article_id: i for i, article_id in enumerate(collection.ids)}
    done, content = export(
        fmt,
        claims,
        _lookup(collection),
        scope,
        order=lambda a: position.get(a, len(position)),
        by=args.by,
        findings=findings,
    )
    if args.output == "-":
        # (Markdown and JSON escape control characters themselves; this is the last guard.)
        sys.stdout.write(content if fmt.terminal_safe else _shown(content))
        return 0
    try:
        path = output_path(Path(args.output), done.title, fmt.suffix)
    except UnsafeTarget as error:
        raise CommandError(str(error)) from None
    try:
        write_new(path, content, force=args.force)
    except FileExistsError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"{path}: cannot write ({error.strerror or error})") from None
    print(f"wrote {done.count} claims to {path}", file=sys.stderr)
    return 0


def _board(collection: Collection, store_path: Path, tag: str | None, as_json: bool) -> int:
    from reader.claims.board import board
    from reader.claims.placing import place_all

    with _reading(store_path) as store:
        claims, findings = store.all(), store.findings()
    if tag:
        claims = [c for c in claims if tag in c.tags]
    lookup = _lookup(collection)
    rows = {p.as_stored.id: p.row() for p in place_all(claims, lookup)}
    groups = board(claims, lookup, rows=rows, findings=findings)
    if as_json:
        _print_json_list([g.record() for g in groups])
        return 0
    if not groups:
        print("no claims" + (f" tagged {tag!r}" if tag else ""))
        return 0
    for number, group in enumerate(groups, 1):
        flag = "  DISAGREEMENT" if group.disagreement else ""
        count = counted(len(group.items), "claim")
        print(f"group {number} [{group.id}] {group.title} ({count}){flag}")
        for reason in group.reasons:
            print(f"  ! {reason}")
        if group.finding:
            print(f"  finding: {group.finding}")
        columns = [
            ("CLAIM", [i.claim.id[:8] for i in group.items]),
            ("SOURCE", [i.source or i.title for i in group.items]),
            ("DATE", [i.when or i.date or "-" for i in group.items]),
            (
                "FIGURES",
                ["; ".join(f.shown() for f in i.figures if f.kind not in ("date", "year")) or "-" for i in group.items],
            ),
            ("QUOTE", [" ".join(i.claim.quote.split()) for i in group.items]),
        ]
        _write_lines("  " + line for line in format_table(columns, _terminal_width(), shrink=(4, 1, 2, 3)))
        print()
    return 0


def _import(collection: Collection, store_path: Path, file: Path) -> int:
    from reader.claims.model import InvalidRecord
    from reader.notes.formats.w3c import ImportProblem, read_annotations_counted
    from reader.notes.importing import import_annotations

    try:
        data = json.loads(file.read_text("utf-8"))
        incoming, unreadable = read_annotations_counted(data)
    except OSError as error:
        raise CommandError(f"{file}: cannot read ({error.strerror or error})") from None
    except (json.JSONDecodeError, UnicodeDecodeError, ImportProblem) as error:
        raise CommandError(f"{file}: {error}") from None
    except RecursionError:
        raise CommandError(f"{file}: nested too deeply to be Web Annotation JSON") from None
    with _writing(store_path) as store:
        try:
            report = import_annotations(incoming, collection, store)
        except InvalidRecord as error:
            raise CommandError(f"{file}: {error}") from None
    report.unreadable = unreadable
    print(report.summary())
    return 0


def _problems(collection: Collection, as_json: bool) -> int:
    problems = collection.problems
    if as_json:
        _print_json_list([{"file": p.file, "reason": p.reason} for p in problems])
    elif problems:
        _write_lines(f"{p.file}: {p.reason}" for p in problems)
    else:
        print(f"no problems: all {len(collection.files)} files loaded")
    return 0


def _find(collection: Collection, wanted: str):
    """The article with this id or unique id prefix, or a `CommandError` saying why not."""
    try:
        return collection.find(wanted)
    except KeyError:
        matches = [i for i in collection.ids if i.startswith(wanted)]
        if matches:
            raise CommandError(f"{len(matches)} articles have ids starting with {wanted!r}; give more of it") from None
        raise CommandError(f"no article with id {wanted!r} (see `reader list`)") from None


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


# --------------------------------------------------------------------------- output


def format_table(
    columns: list[tuple[str, list[str]]],
    width: int | None,
    shrink: tuple[int, ...] = (),
    right: tuple[int, ...] = (),
    least: int = 12,
) -> list[str]:
    """Lines of a plain table; when `width` is given, columns in `shrink` (in that order) are
    cut down, their cells truncated with "…", until the table fits: each to 12 cells first,
    then, if `least` is lower, down to that or its heading. Other columns are never cut."""
    sizes = [max([_cells(head), *(_cells(c) for c in cells)]) for head, cells in columns]
    if width is not None:
        excess = sum(sizes) + 2 * (len(sizes) - 1) - width
        for lowest in sorted({12, least}, reverse=True):  # first each to 12 cells, then lower
            for index in shrink:
                if excess <= 0:
                    break
                floor = max(_cells(columns[index][0]), lowest)
                cut = min(excess, max(0, sizes[index] - floor))
                sizes[index] -= cut
                excess -= cut
    lines = []
    rows = zip(*([head, *cells] for head, cells in columns), strict=False)
    for row in rows:
        parts = []
        for i, cell in enumerate(row):
            cell = _truncate(cell, sizes[i])
            pad = " " * (sizes[i] - _cells(cell))
            parts.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def _terminal_width() -> int | None:
    """The terminal's width when the output goes to one; None (no limit) when piped."""
    if not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return None


def _cells(text: str) -> int:
    """Terminal cells `text` takes: wide (East Asian) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _truncate(text: str, size: int) -> str:
    """`text` cut to `size` cells, ending in "…" when cut."""
    if _cells(text) <= size:
        return text
    out, used = [], 0
    for char in text:
        cost = _cells(char)
        if used + cost > size - 1:
            break
        out.append(char)
        used += cost
    return "".join(out) + "…"


def _source(summary: dict) -> str:
    """Where an article comes from, in a few characters: its source link's host ("-" if none;
    the file is already in the id)."""
    host = urlsplit(summary.get("url") or "").hostname or ""
    return host.removeprefix("www.") or "-"


def _shown(text: str) -> str:
    """Text from the store (imported tags and notes may hold anything) as safe for the
    terminal as article text is: escape sequences, controls and bidi controls removed, as
    when a file is decoded. The stored value is not changed."""
    return strip_invisible(text)


def _print_json_list(items: list[dict], *, safe: bool = False) -> None:
    """A JSON list, indented as `show --json` is. Made by orjson: for 30,000 articles the
    standard encoder took a quarter of a second, most of a cached `reader list --json`.
    `safe`: values that came from the store, C1 controls and bidi characters written as
    \\u escapes (the same values once read; ESC and other C0 controls always are)."""
    if safe:
        from reader.notes.escaping import dumps_safe, dumps_safe_utf8

        safe_data = dumps_safe_utf8(items, newline=True)
        if safe_data is None:
            sys.stdout.write(dumps_safe(items) + "\n")
        else:
            _write_utf8(safe_data)
        return
    try:
        data = orjson.dumps(items, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # what orjson refuses (a lone surrogate), json writes
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    _write_utf8(data)


def _write_utf8(data: bytes) -> None:
    """UTF-8 bytes to stdout: to its byte buffer when it writes UTF-8 anyway (decoding 11 MB
    of JSON to text only to have it encoded again took a tenth of a cached `reader list`),
    else through the text layer, which encodes for the terminal."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    buffer = getattr(sys.stdout, "buffer", None)
    if encoding == "utf8" and buffer is not None:
        sys.stdout.flush()  # what the text layer holds goes first
        buffer.write(data)
    else:
        sys.stdout.write(data.decode("utf-8"))


def _write_lines(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


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


__all__ = ["articles_folder", "format_table", "main"]
