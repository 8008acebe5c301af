"""W3C Web Annotation JSON-LD: the claims as an AnnotationCollection, and read back (from
a single Annotation, a list, a page or a collection) for `reader import`. A claim in a
board group carries it as a classifying body naming the group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.claims.model import CONTEXT, Claim
from reader.notes.escaping import dumps_safe
from reader.notes.formats import Export, Format
from reader.notes.gathering import ArticleClaims, Scope, export_title

CONTEXT_IRI = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "urn:reader:article:"
GROUP_PREFIX = "urn:reader:group:"


def source_iri(article_id: str) -> str:
    return SOURCE_PREFIX + article_id


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


def render(export: Export) -> str:
    return to_web_annotations(export.groups, export.scope, export.exported, board=export.board)


# Its JSON escapes control characters itself: it goes to a terminal as it is.
FORMAT = Format("json", "W3C Web Annotation JSON", ".json", render, order=1, terminal_safe=True)
