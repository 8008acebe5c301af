"""The commands about claims: `claims`, `annotate`, `claim edit|delete`, `tags`,
`tag rename`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.claims.model import Claim
from reader.claims.store import ClaimStore
from reader.claims.tags import normalise_tags, tag_name
from reader.cli import CommandError
from reader.cli.lookup import article_lookup, find_article, reading, writing
from reader.cli.output import format_table, print_json, print_json_list, shown, terminal_width, write_lines
from reader.collection import Collection
from reader.wording import counted


def list_claims(collection: Collection, store_path: Path, article: str | None, tag: str | None, as_json: bool) -> int:
    with reading(store_path) as store:
        records = store.records(find_article(collection, article).id if article else None)
    if tag:
        records = [r for r in records if tag in (r.get("tags") or ())]
    # (Imported here: the anchoring is 6 ms of a start that `list` and `show` needn't pay.)
    from reader.claims.placing import rows as placed_rows

    # Where each claim stands now: `start`/`end` index the text `reader show ID --json`
    # gives. Listing saves nothing: it only reads the store (which a running app may hold),
    # and a claim whose words changed keeps the words marked until someone accepts them.
    rows = placed_rows(records, article_lookup(collection))
    if as_json:
        print_json_list(rows, safe=True)
        return 0
    if not rows:
        print("no claims" + (f" tagged {tag!r}" if tag else ""))
        return 0
    # What a claim holds came from the user or an import: shown without escape sequences.
    columns = [
        ("ID", [shown(r["id"][:8]) for r in rows]),
        ("STATUS", ["changed" if "text_now" in r else r["status"] for r in rows]),
        ("AT", ["-" if r["start"] is None else f"{r['start']}-{r['end']}" for r in rows]),
        ("ARTICLE", [shown(r["article"]) for r in rows]),
        ("TAGS", [" ".join("#" + shown(t) for t in r["tags"]) for r in rows]),
        ("QUOTE", [_quote_cell(r) for r in rows]),
    ]
    write_lines(format_table(columns, terminal_width(), shrink=(5, 3, 4)))
    return 0


def _quote_cell(row: dict) -> str:
    """The words marked; for a claim whose words changed, the words now after them."""
    quote = " ".join(shown(row["quote"]).split())
    if "text_now" in row:
        return f"{quote} -> now: {' '.join(shown(row['text_now']).split())}"
    return quote


def annotate(collection: Collection, store_path: Path, args: argparse.Namespace) -> int:
    from reader.claims.placing import find_quote, find_quotes, mark, place, same_span  # (as in `list_claims`)

    article = find_article(collection, args.id)
    if args.occurrence < 1:
        raise CommandError("--occurrence counts from 1")
    try:
        start, end = find_quote(article.text, args.quote, args.occurrence)
    except ValueError as error:
        raise CommandError(f"{error}: {article.id}") from None
    appearances = len(find_quotes(article.text, args.quote))
    with writing(store_path) as store:
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
    print_json(
        {
            **claim.record(),
            "status": "anchored",
            "existing": existing is not None,
            "occurrence": args.occurrence,
            "occurrences": appearances,
        },
        safe=True,  # an existing claim's note may be an import's
    )
    return 0


def _find_claim(store: ClaimStore, wanted: str) -> Claim:
    try:
        return store.find(wanted)
    except KeyError:
        raise CommandError(f"no claim with id {wanted!r} (see `reader claims`)") from None
    except LookupError as error:
        raise CommandError(str(error)) from None


def edit_or_delete(store_path: Path, args: argparse.Namespace) -> int:
    """`claim edit` and `claim delete`."""
    from dataclasses import replace

    with writing(store_path) as store:
        claim = _find_claim(store, args.claim_id)
        if args.claim_command == "delete":
            store.remove(claim.id)
            print(f"deleted claim {claim.id[:8]} ({shown(' '.join(claim.quote.split()))[:60]})", file=sys.stderr)
            return 0
        changed = claim
        if args.tag is not None or args.no_tags:
            changed = replace(changed, tags=normalise_tags(args.tag or []))
        if args.note is not None:
            changed = replace(changed, note=args.note.strip())
        if changed != claim:
            changed = store.update(changed)
    print_json(changed.record(), safe=True)
    return 0


def tags(store_path: Path, as_json: bool) -> int:
    with reading(store_path) as store:
        counts = store.tags()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        print_json_list([{"tag": t, "claims": n} for t, n in ordered], safe=True)
    elif ordered:
        write_lines(
            format_table(
                [("TAG", [shown(t) for t, _ in ordered]), ("CLAIMS", [str(n) for _, n in ordered])], None, right=(1,)
            )
        )
    else:
        print("no tags")
    return 0


def rename_tag(store_path: Path, old: str, new: str) -> int:
    new = tag_name(new)
    if not new:
        raise CommandError("the new tag name is empty")
    with writing(store_path) as store:
        if old not in store.tags():
            raise CommandError(f"no claim has the tag {old!r} (see `reader tags`)")
        changed = store.rename_tag(old, new)
    print(f"renamed {old!r} to {new!r} on {counted(changed, 'claim')}")
    return 0
