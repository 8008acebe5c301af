"""The command line: `reader [--articles DIR] [--db FILE] COMMAND`.

Commands: list, show, problems; claims, annotate, tags, tag rename; export, import.

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

from reader.collection import Collection, LoadError, strip_invisible
from reader.storage import StoreError
from reader.store import ClaimStore, default_store_path, normalise_tags

EXIT_ERROR = 2


class CommandError(Exception):
    """A mistake in what was asked for (such as an unknown id), shown as one line."""


def run() -> None:
    """The `reader` command (and `python -m reader`): `main`, then for a command, not the
    app, an exit that skips tearing the interpreter down, once the output is flushed.

    Freeing a loaded collection's tens of thousands of objects one by one, and the rest of
    the interpreter, took 15-20 ms of every command (a twentieth of a cached `reader
    list`). Nothing here needs that teardown: files and stores are closed by then, and the
    worker pool is shut down. The app exits the usual way."""
    args = _parser().parse_args()
    code = _run_parsed(args)
    if args.command is None:
        raise SystemExit(code)
    os._exit(_flushed(code))


def _flushed(code: int) -> int:
    """`code` once stdout and stderr are flushed; 1 when the reader of the output went away
    (`reader list | head`), 2 when the output could not be written (a full disk)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return code or 1
    except OSError as error:
        print(f"reader: error: could not write the output: {error.strerror or error}", file=sys.stderr)
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
    except (LoadError, CommandError, StoreError) as error:
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
        help="folder of article files (env READER_ARTICLES; default ./articles if it exists, else the bundled collection)",
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        type=Path,
        default=os.environ.get("READER_DB") or None,
        help="annotation store (env READER_DB)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="list the articles")
    listing.add_argument("--json", action="store_true", help="as JSON, one object per article")

    show = commands.add_parser("show", help="show one article")
    show.add_argument("id", metavar="ID", help="article id (or a unique beginning of one)")
    output = show.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="as JSON, with text, subheadings and sentence offsets")
    output.add_argument("--raw", action="store_true", help="the whole file the article comes from, as read")

    problems = commands.add_parser("problems", help="files that could not be loaded, and why")
    problems.add_argument("--json", action="store_true", help="as JSON")

    claims = commands.add_parser("claims", help="list claims, with whether they are still found in the text")
    claims.add_argument("--article", metavar="ID", help="only this article's claims")
    claims.add_argument("--tag", metavar="T", help="only claims with this tag")
    claims.add_argument("--json", action="store_true", help="as JSON")

    annotate = commands.add_parser("annotate", help="mark a quote of an article as a claim; prints it as JSON")
    annotate.add_argument("id", metavar="ID", help="article id (or a unique beginning of one)")
    annotate.add_argument("--quote", required=True, metavar="TEXT", help="the exact words to mark")
    annotate.add_argument("--occurrence", type=int, default=1, metavar="N", help="mark the N-th appearance (default 1)")
    annotate.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    annotate.add_argument("--note", default="", metavar="TEXT", help="a note")

    tags = commands.add_parser("tags", help="the tags in use, with counts")
    tags.add_argument("--json", action="store_true", help="as JSON")

    tag = commands.add_parser("tag", help="change a tag on every claim")
    tag_commands = tag.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    rename = tag_commands.add_parser("rename", help="rename a tag (merging into NEW when it exists)")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")

    export = commands.add_parser("export", help="claims as markdown notes or Web Annotation JSON")
    export.add_argument("--article", metavar="ID", help="only this article")
    export.add_argument("--tag", metavar="T", help="only claims with this tag")
    export.add_argument("--by", choices=("article", "tag"), default="article", help="group by article (default) or tag")
    export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    export.add_argument("-o", "--output", metavar="PATH", default="-", help="file or folder to write, - for stdout (default)")
    export.add_argument("--force", action="store_true", help="replace an existing file")

    imports = commands.add_parser("import", help="read Web Annotation JSON back as claims")
    imports.add_argument("file", metavar="FILE", type=Path)
    return parser


def _dispatch(args: argparse.Namespace) -> int:
    root = articles_folder(args.articles)
    if args.command is None:
        return _start_app(root, args.db)
    store_path = args.db or default_store_path(root)
    if args.command == "tags":
        return _tags(store_path, args.json)
    if args.command == "tag":
        return _rename_tag(store_path, args.old, args.new)
    collection = Collection.load(root)
    if args.command == "list":
        return _list(collection, store_path, args.json)
    if args.command == "show":
        return _show(collection, store_path, args.id, as_json=args.json, raw=args.raw)
    if args.command == "claims":
        return _claims(collection, store_path, args.article, args.tag, args.json)
    if args.command == "annotate":
        return _annotate(collection, store_path, args)
    if args.command == "export":
        return _export(collection, store_path, args)
    if args.command == "import":
        return _import(collection, store_path, args.file)
    return _problems(collection, args.json)


def _reading(store_path: Path) -> ClaimStore:
    """The store opened for reading: no lock taken, nothing created."""
    return ClaimStore.open(store_path, read_only=True)


def _writing(store_path: Path) -> ClaimStore:
    store = ClaimStore.open(store_path)
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

    config, _warnings = load_config()  # the app shows the warnings; here defaults suffice
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
    columns = [
        ("ID", [r["id"] for r in rows]),
        ("TITLE", [r["title"] for r in rows]),
        ("SOURCE", [_source(r) for r in rows]),
        ("WORDS", [str(r["words"]) for r in rows]),
        ("CLAIMS", [str(r["claims"]) for r in rows]),
    ]
    width = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    _write_lines(format_table(columns, width, shrink=(1, 0, 2), right=(3, 4)))
    return 0


def _show(collection: Collection, store_path: Path, wanted: str, *, as_json: bool, raw: bool) -> int:
    article = _find(collection, wanted)
    if raw:
        text = collection.raw_text(article.file)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
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
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    header = [article.title or "(untitled)", "=" * min(_cells(article.title or "(untitled)"), 78)]
    for label, value in (
        ("Subtitle", article.subtitle),
        ("Byline", article.byline),
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
        if article:
            wanted = _find(collection, article).id
            claims = store.for_article(wanted)
        else:
            claims = store.all()
    if tag:
        claims = [c for c in claims if tag in c.tags]

    def lookup(article_id: str):
        try:
            return collection.get(article_id)
        except KeyError:
            return None

    # (Imported here: the anchoring is 6 ms of a start that `list` and `show` needn't pay.)
    from reader.claims import claim_status

    rows = [{**c.record(), "status": claim_status(c, lookup)} for c in claims]
    if as_json:
        _print_json_list(rows, safe=True)
        return 0
    if not rows:
        print("no claims" + (f" tagged {tag!r}" if tag else ""))
        return 0
    # What a claim holds came from the user or an import: shown without escape sequences.
    columns = [
        ("ID", [_shown(r["id"][:8]) for r in rows]),
        ("STATUS", [r["status"] for r in rows]),
        ("ARTICLE", [_shown(r["article"]) for r in rows]),
        ("TAGS", [" ".join("#" + _shown(t) for t in r["tags"]) for r in rows]),
        ("QUOTE", [" ".join(_shown(r["quote"]).split()) for r in rows]),
    ]
    width = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    _write_lines(format_table(columns, width, shrink=(4, 2, 3)))
    return 0


def _annotate(collection: Collection, store_path: Path, args: argparse.Namespace) -> int:
    from reader.claims import find_quote, mark  # (here, as in `_claims`)

    article = _find(collection, args.id)
    try:
        start, end = find_quote(article.text, args.quote, args.occurrence)
    except ValueError as error:
        raise CommandError(f"{error}: {article.id}") from None
    with _writing(store_path) as store:
        claim = mark(store, article, start, end, normalise_tags(args.tag), args.note)
    sys.stdout.write(json.dumps({**claim.record(), "status": "anchored"}, ensure_ascii=False, indent=2) + "\n")
    return 0


def _tags(store_path: Path, as_json: bool) -> int:
    with _reading(store_path) as store:
        counts = store.tags()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        _print_json_list([{"tag": t, "claims": n} for t, n in ordered], safe=True)
    elif ordered:
        _write_lines(format_table([("TAG", [_shown(t) for t, _ in ordered]), ("CLAIMS", [str(n) for _, n in ordered])], None, right=(1,)))
    else:
        print("no tags")
    return 0


def _rename_tag(store_path: Path, old: str, new: str) -> int:
    with _writing(store_path) as store:
        if old not in store.tags():
            raise CommandError(f"no claim has the tag {old!r} (see `reader tags`)")
        changed = store.rename_tag(old, new)
    print(f"renamed {old!r} to {new!r} on {changed} claim{'s' if changed != 1 else ''}")
    return 0


def _lookup(collection: Collection):
    def lookup(article_id: str):
        try:
            return collection.get(article_id)
        except KeyError:
            return None

    return lookup


def _export(collection: Collection, store_path: Path, args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from reader import export

    scope = export.Scope()
    with _reading(store_path) as store:
        if args.article:
            article_id = _find(collection, args.article).id
            claims = store.for_article(article_id)
            scope = export.Scope("article", article_id)
        else:
            claims = store.all()
    if args.tag:
        claims = [c for c in claims if args.tag in c.tags]
        scope = export.Scope("tag", args.tag) if not args.article else scope
    position = {article_id: i for i, article_id in enumerate(collection.ids)}
    groups = export.gather(claims, _lookup(collection), lambda a: position.get(a, len(position)))
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    if args.format == "json":
        content, suffix = export.to_web_annotations(groups, scope, stamp), ".json"
    else:
        content, suffix = export.to_markdown(groups, scope, stamp, by=args.by), ".md"
    if args.output == "-":
        # (Markdown and JSON escape control characters themselves; this is the last guard.)
        sys.stdout.write(content if args.format == "json" else _shown(content))
        return 0
    title = groups[0].title if scope.kind == "article" and groups else "claims " + scope.describe()
    try:
        path = export.output_path(Path(args.output), title, suffix)
    except export.ImportProblem as error:
        raise CommandError(str(error)) from None
    try:
        export.write_new(path, content, force=args.force)
    except FileExistsError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"{path}: cannot write ({error.strerror or error})") from None
    print(f"wrote {sum(len(g.placed) for g in groups)} claims to {path}", file=sys.stderr)
    return 0


def _import(collection: Collection, store_path: Path, file: Path) -> int:
    from reader import export
    from reader.importing import import_annotations

    from reader.store import InvalidRecord

    try:
        data = json.loads(file.read_text("utf-8"))
        incoming, unreadable = export.read_annotations_counted(data)
    except OSError as error:
        raise CommandError(f"{file}: cannot read ({error.strerror or error})") from None
    except (json.JSONDecodeError, UnicodeDecodeError, export.ImportProblem) as error:
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
    result = run_app(root, db)
    return result if isinstance(result, int) else 0


# --------------------------------------------------------------------------- output


def format_table(
    columns: list[tuple[str, list[str]]],
    width: int | None,
    shrink: tuple[int, ...] = (),
    right: tuple[int, ...] = (),
) -> list[str]:
    """Lines of a plain table; when `width` is given, columns in `shrink` (in that order) are
    cut down, their cells truncated with "…", until the table fits."""
    sizes = [max([_cells(head), *(_cells(c) for c in cells)]) for head, cells in columns]
    if width is not None:
        excess = sum(sizes) + 2 * (len(sizes) - 1) - width
        for index in shrink:
            if excess <= 0:
                break
            floor = max(_cells(columns[index][0]), 12)
            cut = min(excess, max(0, sizes[index] - floor))
            sizes[index] -= cut
            excess -= cut
    lines = []
    rows = zip(*([head, *cells] for head, cells in columns))
    for row in rows:
        parts = []
        for i, cell in enumerate(row):
            cell = _truncate(cell, sizes[i])
            pad = " " * (sizes[i] - _cells(cell))
            parts.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


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
        from reader.export import dumps_safe

        sys.stdout.write(dumps_safe(items) + "\n")
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
