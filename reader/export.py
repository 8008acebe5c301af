"""Claims out: markdown notes, W3C Web Annotation JSON-LD, CSL-JSON references for the
articles cited, and reading the annotation JSON back.

Markdown is written for pasting into a notebook or an Obsidian vault without editing:
front matter, a heading per article (or per tag), each claim as a blockquote of its exact
words, its tags, its note, and a reference ending in a stable block id `^claim-<id>` so
that links to it survive a re-export. Everything taken from the text is escaped, so a quote
that begins with "#" or holds "---" stays inside its blockquote and comes back exactly when
the markdown is parsed. The same claims always give the same bytes, apart from the export
time in the front matter.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.anchoring import ORPHAN
from reader.article import Article
from reader.claims import Placed, place
from reader.store import CONTEXT, Claim

CONTEXT_IRI = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "urn:reader:article:"


@dataclass(frozen=True)
class Scope:
    """What an export covers: the whole collection, one article, or one tag."""

    kind: str = "collection"  # "collection", "article" or "tag"
    value: str = ""

    def describe(self) -> str:
        return "collection" if self.kind == "collection" else f"{self.kind} {self.value}"


@dataclass(frozen=True)
class ArticleClaims:
    """The claims of one article, placed in its current text (article None: it is gone)."""

    article_id: str
    title: str
    file: str
    article: Article | None
    placed: list[Placed] = field(default_factory=list)

    @property
    def found(self) -> list[Placed]:
        return [p for p in self.placed if p.found]

    @property
    def orphans(self) -> list[Placed]:
        return [p for p in self.placed if not p.found]


def gather(
    claims: Iterable[Claim], lookup: Callable[[str], Article | None], order: Callable[[str], Any] | None = None
) -> list[ArticleClaims]:
    """Group claims by article and place them in its current text, articles in `order`."""
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article, []).append(claim)
    groups = []
    for article_id, items in by_article.items():
        article = lookup(article_id)
        if article is not None:
            placed = place(items, article)
        else:
            placed = [Placed(c, ORPHAN) for c in sorted(items, key=lambda c: (c.start, c.id))]
        first = items[0]
        groups.append(ArticleClaims(article_id, article.title if article else first.title, first.file, article, placed))
    key = order or (lambda article_id: article_id)
    return sorted(groups, key=lambda g: (key(g.article_id), g.article_id))


# --------------------------------------------------------------------------- escaping

# Inline markup, Obsidian's too (#tags, [[links]], ==highlights==, %%comments%%, ![[embeds]],
# ^block-ids); a backslash before any ASCII punctuation is a literal in CommonMark. Only what
# would be markup is escaped: "83%", "n=1,600" or "Wow!" stay as they are; "%%", "==" and "![" don't.
_INLINE = re.compile(r"[\\`*_\[\]<>#|~^]|%(?=%)|(?<=%)%|=(?==)|(?<==)=|!(?=\[)|&(?=#?\w+;)")
# Raw control characters (a terminal would act on ESC, CSI, OSC), bidi and invisible
# format characters (not the joiners emoji and some scripts need): written as character
# references, which markdown shows as the character itself and no terminal acts on.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LINE_START = re.compile(r"^([-+>]|\d{1,9}(?=[.)]))")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def escape_line(line: str) -> str:
    """One line of text as markdown that renders as exactly these characters."""
    line = _INLINE.sub(lambda m: "\\" + m.group(0), line)
    line = _CONTROL.sub(lambda m: f"&#{ord(m.group(0))};", line)
    digits = _LINE_START.match(line)
    if digits and digits.group(1).isdigit():
        line = digits.group(1) + "\\" + line[digits.end() :]  # "1." opens a list, "1\." does not
    elif digits:
        line = "\\" + line
    # Whitespace at either end (any kind) would be dropped; as character references it stays.
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), line)


def escape_block(text: str, prefix: str = "") -> list[str]:
    """A text of paragraphs as markdown lines, each with `prefix` ("> " for a blockquote)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        if out:
            out.append(prefix.rstrip())
        out.extend(prefix + escape_line(line) for line in paragraph.split("\n"))
    return out


def tag_text(tag: str) -> str:
    """A tag as an Obsidian `#tag`: spaces and other characters tags can't hold become `-`."""
    cleaned = re.sub(r"[^\w/-]+", "-", tag.strip(), flags=re.UNICODE).strip("-")
    return "#" + (cleaned or "tag")


def site_name(article: Article) -> str:
    """The site or publisher: the article's own `site` field when it has one, else the
    host of its source URL."""
    site = getattr(article, "site", "") or ""
    if not site and article.url:
        site = (urlsplit(article.url).hostname or "").removeprefix("www.")
    return site


def citation(article: Article | None, title: str = "") -> str:
    """The article cited as a researcher would, in plain text, with what it has of byline,
    title, site or publisher, date and URL: `Jane Doe, “Title”, site.com, 2025-01-02. URL`."""
    if article is None:
        return f"“{title}” (no longer in the collection)" if title else "(an article no longer in the collection)"
    byline = re.sub(r"^by\s+", "", " ".join(article.byline.split()), flags=re.IGNORECASE)
    title = article.title or title
    parts = [byline, f"“{title}”" if title else "", site_name(article), getattr(article, "date", "") or ""]
    seen: list[str] = []
    for part in parts:  # a byline that is the publisher ("The Conversation") is said once
        if part and part.casefold() not in (p.casefold() for p in seen):
            seen.append(part)
    text = ", ".join(seen) + "." if seen else ""
    return f"{text} {article.url}".strip() if article.url else text


def claim_text(claim: Claim, article: Article | None) -> str:
    """One claim as plain text (for the clipboard): the quote, the article's citation, then
    the claim's reference; its tags and note. Nothing is escaped: it is not markdown."""
    lines = ["> " + line if line else ">" for line in claim.quote.strip().splitlines()]
    lines += ["", f"— {citation(article, claim.title or claim.article)} (claim {short_id(claim)})"]
    if claim.tags:
        lines += ["", " ".join(tag_text(t) for t in claim.tags)]
    if claim.note.strip():
        lines += ["", claim.note.strip()]
    return "\n".join(lines) + "\n"


def export_title(scope: Scope, groups: list[ArticleClaims]) -> str:
    """An export's title: the article's title for one article, the tag for a tag."""
    if scope.kind == "article":
        title = next((g.title for g in groups if g.article_id == scope.value and g.title), "")
        return f"Claims: {title or scope.value}"
    if scope.kind == "tag":
        return f"Claims: {tag_text(scope.value)}"
    return "Claims: collection"


def short_id(claim: Claim) -> str:
    return re.sub(r"[^0-9a-zA-Z]", "", claim.id)[:8].lower() or "claim"


# --------------------------------------------------------------------------- markdown


_JSON_UNSAFE = re.compile("[<>&\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def json_safe(text: str) -> str:
    """JSON text whose strings hold no raw C1 control, bidi or invisible character, and no
    `<`, `>` or `&` (so no `<script>` in front matter a renderer might run): each written
    as a \\u escape, which JSON and YAML read back as the same character. (json.dumps
    escapes the C0 controls, ESC among them, itself.)"""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def dumps_safe(value: Any) -> str:
    """`value` as JSON indented by 2, as `json_safe` text. Made by orjson (the standard
    encoder was most of a large export's time); what orjson refuses, json writes."""
    import orjson

    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except orjson.JSONEncodeError:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return json_safe(text)


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
        return f"*From {_code(group.file)}; the article is no longer in the collection.*"
    cited = citation(article, group.title)
    if cited == f"“{article.title or group.title}”.":  # the title alone, which the heading says
        return _code(article.file)
    return escape_line(cited)


def _code(text: str) -> str:
    """A path or id as a code span (shown as it is), or escaped if it holds a backtick."""
    plain = "`" not in text and text.strip() == text and text and not _CONTROL.search(text)
    return f"`{text}`" if plain else escape_line(text)


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
    lines += [f"{_code(claim.article)} · {where} {anchor}", ""]
    return lines


def to_markdown(
    groups: list[ArticleClaims], scope: Scope, exported: str, by: str = "article", board: list | None = None
) -> str:
    """The claims as markdown notes, grouped by article (default) or by tag; with `board`
    (reader.board groups), an evidence table for each group of two or more claims."""
    lines = _front_matter(export_title(scope, groups), exported, scope, groups)
    if by == "tag":
        lines += _by_tag(groups)
    else:
        lines += _by_article(groups)
    if board:
        lines += evidence_tables(board)
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    """Text as one GFM table cell: one line, markup and pipes escaped."""
    return _INLINE.sub(lambda m: "\\" + m.group(0), " ".join(text.split())) or " "


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
            claim = f"{_cell(item.claim.quote)} [[#^claim-{short_id(item.claim)}]]"
            cells = [
                claim,
                _cell(item.source or item.title),
                _cell(item.when or item.date or "–"),
                _cell(figures),
                _cell(item.claim.note),
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


# --------------------------------------------------------------------------- JSON-LD


def source_iri(article_id: str) -> str:
    return SOURCE_PREFIX + article_id


GROUP_PREFIX = "urn:reader:group:"


def to_annotation(
    claim: Claim, group: ArticleClaims | None = None, *, found: bool = True, board_group: Any = None
) -> dict[str, Any]:
    """One claim as a W3C Web Annotation. A claim not found in the current text has no
    TextPositionSelector: its old offsets would cut other words out of the text now. A
    claim in a board group carries it as a classifying body naming the group."""
    body: list[dict[str, Any]] = [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in claim.tags]
    if claim.note:
        body.append({"type": "TextualBody", "value": claim.note, "purpose": "commenting", "format": "text/plain"})
    if board_group is not None:
        body.append(
            {
                "type": "SpecificResource",
                "source": GROUP_PREFIX + board_group.id,
                "purpose": "classifying",
                "label": board_group.title,
            }
        )
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": claim.quote, "prefix": claim.prefix, "suffix": claim.suffix},
    ]
    if found:
        selectors.append({"type": "TextPositionSelector", "start": claim.start, "end": claim.end})
    target: dict[str, Any] = {"source": source_iri(claim.article), "selector": selectors}
    if group is not None and group.article is not None and group.article.url:
        target["scope"] = group.article.url
    annotation: dict[str, Any] = {
        "@context": CONTEXT_IRI,
        "id": f"urn:uuid:{claim.id}",
        "type": "Annotation",
        "motivation": "commenting" if claim.note else ("tagging" if claim.tags else "highlighting"),
        "created": claim.created,
        "modified": claim.updated,
        "target": target,
    }
    if body:
        annotation["body"] = body
    return annotation


def to_web_annotations(groups: list[ArticleClaims], scope: Scope, exported: str, board: list | None = None) -> str:
    """The claims as a W3C AnnotationCollection (JSON-LD); with `board`, each claim in a
    group of two or more names its group."""
    member = {it.claim.id: g for g in board or () if len(g.items) > 1 for it in g.items}
    items = [
        to_annotation(p.claim, g, found=p.found, board_group=member.get(p.claim.id))
        for g in groups
        for p in [*g.found, *g.orphans]
    ]
    data = {
        "@context": CONTEXT_IRI,
        "type": "AnnotationCollection",
        "label": export_title(scope, groups),
        "generated": exported,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return dumps_safe(data) + "\n"


# --------------------------------------------------------------------------- CSL-JSON

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def to_csl_item(group: ArticleClaims) -> dict[str, Any]:
    """One cited article as a CSL-JSON item (what Zotero and other reference managers,
    pandoc and citeproc read): title, author (the byline, as written), container (the
    site or publisher), date, URL, with what the article has of them. Its id is the
    article's id, so notes and references agree."""
    article = group.article
    item: dict[str, Any] = {"id": group.article_id, "type": "article-newspaper", "title": group.title}
    if article is None:
        return item
    byline = re.sub(r"^by\s+", "", " ".join(article.byline.split()), flags=re.IGNORECASE)
    site = site_name(article)
    if byline and byline.casefold() != site.casefold():
        item["author"] = [{"literal": byline}]
    if site:
        item["container-title"] = site
    date = (getattr(article, "date", "") or "").strip()
    if date:
        parts = _ISO_DATE.match(date)
        if parts:
            item["issued"] = {"date-parts": [[int(p) for p in parts.groups() if p]]}
        else:
            item["issued"] = {"raw": date}
    if article.section:
        item["section"] = article.section
    if article.url:
        item["URL"] = article.url
    return item


def to_csl(groups: list[ArticleClaims]) -> str:
    """The articles the claims cite, as a CSL-JSON list (one item per article)."""
    return json.dumps([to_csl_item(g) for g in groups], ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Incoming:
    """An annotation read from JSON, before it is anchored in an article."""

    id: str
    source: str
    scope: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    tags: tuple[str, ...]
    note: str
    created: str
    modified: str
    group: str = ""


class ImportProblem(ValueError):
    """The JSON is not Web Annotation data reader can read."""


def read_annotations(data: Any) -> list[Incoming]:
    """Annotations from a single Annotation, a list of them, an AnnotationPage or Collection."""
    return read_annotations_counted(data)[0]


def read_annotations_counted(data: Any) -> tuple[list[Incoming], int]:
    """`read_annotations`, and how many items were left out as not annotations of a quote."""
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        first = data.get("first") or {}
        items = first.get("items", []) if isinstance(first, dict) else []
    elif isinstance(data, dict) and data.get("type") == "AnnotationPage":
        items = data.get("items", [])
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    else:
        raise ImportProblem("not W3C Web Annotation JSON (no Annotation, AnnotationPage or AnnotationCollection)")
    if not isinstance(items, list):
        raise ImportProblem("its items are not a list")
    found = [a for a in (_incoming(item) for item in items if isinstance(item, dict)) if a is not None]
    return found, len(items) - len(found)


def _incoming(item: dict[str, Any]) -> Incoming | None:
    targets = item.get("target")
    target = targets[0] if isinstance(targets, list) and targets else targets
    if not isinstance(target, dict):
        return None
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        return None
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), {})
    bodies = item.get("body") or []
    if isinstance(bodies, dict):
        bodies = [bodies]
    tags = tuple(
        b["value"]
        for b in bodies
        if isinstance(b, dict) and b.get("purpose") == "tagging" and isinstance(b.get("value"), str)
    )
    group = next(
        (
            b["source"].removeprefix(GROUP_PREFIX)
            for b in bodies
            if isinstance(b, dict)
            and b.get("purpose") == "classifying"
            and str(b.get("source", "")).startswith(GROUP_PREFIX)
        ),
        "",
    )
    notes = [
        b["value"]
        for b in bodies
        if isinstance(b, dict) and b.get("purpose") != "tagging" and isinstance(b.get("value"), str)
    ]
    raw_id = str(item.get("id") or "")
    return Incoming(
        id=raw_id.removeprefix("urn:uuid:"),
        source=str(target.get("source") or ""),
        scope=str(target.get("scope") or ""),
        quote=quote["exact"],
        # No more context than the store keeps (32 characters): more only slows anchoring.
        prefix=_text(quote.get("prefix"))[-CONTEXT:],
        suffix=_text(quote.get("suffix"))[:CONTEXT],
        start=_int(position.get("start")),
        end=_int(position.get("end")),
        tags=tags,
        note="\n\n".join(notes),
        created=str(item.get("created") or ""),
        modified=str(item.get("modified") or item.get("created") or ""),
        group=group,
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


# --------------------------------------------------------------------------- files

#: Bytes a name made from a title may take (before its suffix): under every file system's 255.
_NAME_BYTES = 200

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(title: str, suffix: str, limit: int = 80) -> str:
    """A file name made from a title that is safe on every OS: no separators, no `..`,
    no reserved device names, no control characters, not too long."""
    folded = unicodedata.normalize("NFKC", title)
    # Invisible format and control characters (bidi overrides, zero-width, C1) would make
    # the name shown differ from the name written.
    folded = "".join(c for c in folded if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "-", folded)
    name = re.sub(r"\s+", " ", name).strip(" .-")
    name = name[:limit]
    while len(name.encode("utf-8")) > _NAME_BYTES:  # file systems count bytes (255 at most)
        name = name[:-1]
    name = name.rstrip(" .-")
    if not name or name.split(".")[0].lower() in _RESERVED:
        name = f"claims-{name}" if name else "claims"
    return name + suffix


def output_path(target: Path, title: str, suffix: str) -> Path:
    """Where to write: `target` itself, or when it is a folder, a safe name inside it."""
    if target.is_dir():
        path = target / safe_filename(title, suffix)
        if path.resolve().parent != target.resolve():
            raise ImportProblem(f"refusing to write outside {target}")
        return path
    return target


def write_new(path: Path, content: str, *, force: bool = False) -> None:
    """Write `content` to `path`, never replacing an existing file unless `force`."""
    from reader.storage import atomic_write

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise FileExistsError(f"{path}: cannot be checked ({error.strerror or error}); not written") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        raise FileExistsError(f"{path} is {what}; not written, even with --force")
    if mode is not None and not force:
        raise FileExistsError(f"{path} exists; not overwritten (use --force to replace it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, content.encode("utf-8"))
