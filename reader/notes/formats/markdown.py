"""Markdown notes, written for pasting into a notebook or an Obsidian vault without editing:
front matter, a heading per article (or per tag), each claim as a blockquote of its exact
words, its tags, its note, and a reference ending in a stable block id `^claim-<id>` so
that links to it survive a re-export. Everything taken from the text is escaped, so a quote
that begins with "#" or holds "---" stays inside its blockquote and comes back exactly when
the markdown is parsed. The same claims always give the same bytes, apart from the export
time in the front matter. With the board, an evidence table for each group of claims.
"""

from __future__ import annotations

import json
from typing import Any

from reader.claims.placing import Placed
from reader.notes.escaping import cell, code, escape_block, escape_line, json_safe, tag_text
from reader.notes.formats import Export, Format
from reader.notes.gathering import ArticleClaims, Scope, citation, export_title, short_id


def _yaml(value: Any) -> str:
    return json_safe(json.dumps(value, ensure_ascii=False))


def _front_matter(title: str, exported: str, scope: Scope, groups: list[ArticleClaims]) -> list[str]:
    claims = [p for g in groups for p in g.placed]
    tags = sorted({t for p in claims for t in p.claim.tags})
    return [
        "---",
        f"title: {_yaml(title)}",
        f"exported: {exported}",
        f"scope: {_yaml(scope.describe())}",
        f"tags: {_yaml(tags)}",
        "counts:",
        f"  articles: {len(groups)}",
        f"  claims: {len(claims)}",
        f"  orphans: {sum(1 for p in claims if not p.found)}",
        "---",
        "",
    ]


def _source_line(group: ArticleClaims) -> str:
    article = group.article
    if article is None:
        return f"*From {code(group.file)}; the article is no longer in the collection.*"
    cited = citation(article, group.title)
    if cited == f"“{article.title or group.title}”.":  # the title alone, which the heading says
        return code(article.file)
    return escape_line(cited)


def _claim_lines(group: ArticleClaims, placed: Placed, *, with_title: bool = False, first: bool = True) -> list[str]:
    claim = placed.claim
    lines: list[str] = []
    if with_title:
        lines += [f"**{escape_line(group.title or group.article_id)}**", "", _source_line(group), ""]
    lines += escape_block(claim.quote, "> ")
    lines.append("")
    if placed.words_changed:  # the words now are quoted; the words marked are kept here
        lines += [
            "*The words changed since this claim was marked; they were:* "
            + escape_line(" ".join(placed.as_stored.quote.split())),
            "",
        ]
    if claim.tags:
        lines += [" ".join(tag_text(t) for t in claim.tags), ""]
    if claim.note.strip():
        lines += [*escape_block(claim.note), ""]
    # Where the words are now; an orphan has no place (its old one is in another text).
    where = f"{claim.start}–{claim.end}" if placed.found else "(not found in the current text)"
    # A block id may stand once in a note; a claim shown again (under its next tag) links to it.
    anchor = f"^claim-{short_id(claim)}" if first else f"(see [[#^claim-{short_id(claim)}]])"
    lines += [f"{code(claim.article)} · {where} {anchor}", ""]
    return lines


def to_markdown(
    groups: list[ArticleClaims], scope: Scope, exported: str, by: str = "article", board: list | None = None
) -> str:
    """The claims as markdown notes, grouped by article (default) or by tag; with `board`
    (reader.claims.board groups), an evidence table for each group of two or more claims."""
    lines = _front_matter(export_title(scope, groups), exported, scope, groups)
    if by == "tag":
        lines += _by_tag(groups)
    else:
        lines += _by_article(groups)
    if board:
        lines += evidence_tables(board)
    return "\n".join(lines).rstrip("\n") + "\n"


def evidence_tables(board: list) -> list[str]:
    """A table per board group (claim | source | date | figure | note), disagreements
    flagged; each claim links to its block in the notes above."""
    shown = [g for g in board if len(g.items) > 1]
    if not shown:
        return []
    lines = ["# Evidence", ""]
    for group in shown:
        flag = " (disagreement)" if group.disagreement else ""
        lines += [f"## {escape_line(group.title)}{flag}", ""]
        if group.disagreement:
            lines += ["> [!warning] The sources disagree", *(f"> - {escape_line(r)}" for r in group.reasons), ""]
        if group.finding:
            lines += [f"**Finding:** {escape_line(' '.join(group.finding.split()))}", ""]
        lines += ["| claim | source | date | figure | note |", "|---|---|---|---|---|"]
        for item in group.items:
            figures = "; ".join(f.shown() for f in item.figures if f.kind not in ("date", "year")) or "–"
            claim = f"{cell(item.claim.quote)} [[#^claim-{short_id(item.claim)}]]"
            cells = [
                claim,
                cell(item.source or item.title),
                cell(item.when or item.date or "–"),
                cell(figures),
                cell(item.claim.note),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _by_article(groups: list[ArticleClaims]) -> list[str]:
    lines: list[str] = []
    for group in groups:
        lines += [f"# {escape_line(group.title or group.article_id)}", "", _source_line(group), ""]
        for placed in group.found:
            lines += _claim_lines(group, placed)
        if group.orphans:
            lines += ["## Not found in the current text", ""]
            for placed in group.orphans:
                lines += _claim_lines(group, placed)
    return lines


def _by_tag(groups: list[ArticleClaims]) -> list[str]:
    by_tag: dict[str, list[tuple[ArticleClaims, Placed]]] = {}
    for group in groups:
        for placed in [*group.found, *group.orphans]:
            for tag in placed.claim.tags or ("",):
                by_tag.setdefault(tag, []).append((group, placed))
    lines: list[str] = []
    shown: set[str] = set()
    for tag in sorted(by_tag, key=lambda t: (t == "", t.lower(), t)):
        lines += [f"# {tag_text(tag) if tag else 'Untagged'}", ""]
        for group, placed in by_tag[tag]:
            lines += _claim_lines(group, placed, with_title=True, first=placed.claim.id not in shown)
            shown.add(placed.claim.id)
    return lines


def render(export: Export) -> str:
    return to_markdown(export.groups, export.scope, export.exported, by=export.by, board=export.board)


FORMAT = Format("markdown", "Markdown notes", ".md", render, order=0)
