"""The commands that compare claims or take them out and back in: `board`, `export`,
`import`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli import CommandError
from reader.cli.lookup import article_lookup, find_article, reading, writing
from reader.cli.output import format_table, print_json_list, shown, terminal_width, write_lines
from reader.collection import Collection
from reader.wording import counted


def show_board(collection: Collection, store_path: Path, tag: str | None, as_json: bool) -> int:
    from reader.claims.board import board
    from reader.claims.placing import place_all

    with reading(store_path) as store:
        claims, findings = store.all(), store.findings()
    if tag:
        claims = [c for c in claims if tag in c.tags]
    lookup = article_lookup(collection)
    rows = {p.as_stored.id: p.row() for p in place_all(claims, lookup)}
    groups = board(claims, lookup, rows=rows, findings=findings)
    if as_json:
        print_json_list([g.record() for g in groups], safe=True)
        return 0
    if not groups:
        print("no claims" + (f" tagged {tag!r}" if tag else ""))
        return 0
    for number, group in enumerate(groups, 1):
        flag = "  DISAGREEMENT" if group.disagreement else ""
        count = counted(len(group.items), "claim")
        # Quotes, findings and ids came from the user or an import: shown without escapes.
        print(shown(f"group {number} [{group.id}] {group.title} ({count}){flag}"))
        for reason in group.reasons:
            print(shown(f"  ! {reason}"))
        if group.finding:
            print(shown(f"  finding: {group.finding}"))
        columns = [
            ("CLAIM", [shown(i.claim.id[:8]) for i in group.items]),
            ("SOURCE", [i.source or i.title for i in group.items]),
            ("DATE", [i.when or i.date or "-" for i in group.items]),
            (
                "FIGURES",
                ["; ".join(f.shown() for f in i.figures if f.kind not in ("date", "year")) or "-" for i in group.items],
            ),
            ("QUOTE", [shown(" ".join(i.claim.quote.split())) for i in group.items]),
        ]
        write_lines("  " + line for line in format_table(columns, terminal_width(), shrink=(4, 1, 2, 3)))
        print()
    return 0


def export_claims(collection: Collection, store_path: Path, args: argparse.Namespace) -> int:
    from reader.notes.files import UnsafeTarget, output_path, write_new
    from reader.notes.formats import export, formats
    from reader.notes.gathering import Scope

    fmt = formats()[args.format]
    scope = Scope()
    with reading(store_path) as store:
        if args.article:
            article_id = find_article(collection, args.article).id
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
        article_lookup(collection),
        scope,
        order=lambda a: position.get(a, len(position)),
        by=args.by,
        findings=findings,
        with_board=not args.no_board,
    )
    if args.output == "-":
        # (Markdown and JSON escape control characters themselves; this is the last guard.)
        sys.stdout.write(content if fmt.terminal_safe else shown(content))
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


def import_claims(collection: Collection, store_path: Path, file: Path) -> int:
    from reader.claims.model import InvalidRecord
    from reader.notes.formats.w3c import ImportProblem, read_annotations_counted
    from reader.notes.importing import import_annotations

    try:
        data = json.loads(file.read_text("utf-8"))
        incoming, unreadable = read_annotations_counted(data)
    except OSError as error:
        raise CommandError(f"{file}: cannot read ({error.strerror or error})") from None
    except (ValueError, ImportProblem) as error:  # (ValueError: not JSON, bad bytes, a huge int)
        raise CommandError(f"{file}: {error}") from None
    except RecursionError:
        raise CommandError(f"{file}: nested too deeply to be Web Annotation JSON") from None
    with writing(store_path) as store:
        try:
            report = import_annotations(incoming, collection, store)
        except InvalidRecord as error:
            raise CommandError(f"{file}: {error}") from None
    report.unreadable = unreadable
    print(report.summary())
    return 0
