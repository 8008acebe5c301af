"""The HTML front end: a saved web page (what "Save page as" gives) read into plain text.

A page is recognised by its content (`looks_like_html`), never by its file name. The body
is found by trafilatura, a maintained extractor that reads the page's markup (about 0.98
F1 on the development pages, where the cleaner's rules on a text dump of the same pages
score less), and written out as the text front ends write their input: paragraphs
separated by blank lines, headings as `## ...` lines, lists and tables as lines of their
own, without link targets or images. The page's metadata (title, author, date, site,
canonical URL, description) comes along in `HtmlPage`; `pipeline.clean` fills the
article's empty fields from it.

The body is never lost for want of an extraction: when trafilatura's precise pass finds
nothing, its recall-minded pass is tried, and then a crude strip of the tags.

trafilatura is imported on first use (it takes 0.1-0.3 s): a collection without HTML
files never pays for it.
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass
from typing import Any, Final

from reader.cleaning.dates import as_iso_date

# A document that opens (after a BOM, an XML declaration, comments or blank lines) with a
# doctype or an <html>, <head> or <body> tag, at the start of a line, near the top.
_HTML_START: Final = re.compile(r"(?im)^[ \t]*<(?:!doctype[ \t\n]+html|html|head|body)(?=[\s>])")
_LOOK_AT: Final = 4096  # characters at the top of a file where the opening tag must be

# The crude fallback: whole elements that hold no text to read, then tags (block-level
# ones become line breaks), then entities.
_INVISIBLE: Final = re.compile(
    r"<(script|style|noscript|template|svg|head|nav|footer|header|aside|form|button|select)\b.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG: Final = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|blockquote|pre|dd|dt|figure|figcaption|main)\b[^>]*>",
    re.IGNORECASE,
)
_HEADING_TAG: Final = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_ANY_TAG: Final = re.compile(r"<[^>]*>")
_SPACES: Final = re.compile(r"[^\S\n]+")

# "Headline - Site", "Headline | Site": the site's name after the last separator.
_TITLE_SEPARATORS: Final = (" | ", " - ", " – ", " — ", " · ", " :: ", " » ")


# An extraction this long is taken as the body; a shorter one may have missed it.
_ENOUGH_WORDS: Final = 150


@dataclass(frozen=True)
class HtmlPage:
    """What a saved web page says: the article body as text, and the page's metadata."""

    text: str
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601, YYYY-MM-DD
    site: str = ""
    url: str = ""
    description: str = ""


def looks_like_html(text: str) -> bool:
    """Whether the text is an HTML document, by its content: it opens with markup, and a
    doctype or an <html>, <head> or <body> tag opens a line near the top. (A text about
    HTML that quotes such a tag opens with words.)"""
    if text[:1] != "<" and text[:64].lstrip()[:1] != "<":
        return False
    return _HTML_START.search(text, 0, _LOOK_AT) is not None


def extract(html: str) -> HtmlPage:
    """The article body and the metadata of a saved web page."""
    import trafilatura  # (slow to import: only when a page is read)

    document, text = None, ""
    # Precision first: it keeps fewer stray blocks (related links, teasers) round the body.
    # When it finds little or nothing, the recall-minded pass is tried and the longer kept.
    for precise in (True, False):
        try:
            found = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                include_images=False,
                include_links=False,
                include_tables=True,
                favor_precision=precise,
                favor_recall=not precise,
            )
        except Exception:  # noqa: BLE001 - a page the extractor chokes on still has its text
            found = None
        body = getattr(found, "body", None)
        found_text = _render(body) if body is not None else ""
        if len(found_text.split()) > 1.5 * len(text.split()) or document is None and found is not None:
            document, text = found, found_text
        if len(text.split()) >= _ENOUGH_WORDS:
            break
    metadata = document
    if metadata is None:
        try:  # the metadata alone, when no pass found a body
            from trafilatura.metadata import extract_metadata

            metadata = extract_metadata(html)
        except Exception:  # noqa: BLE001
            metadata = None
    site = _field(metadata, "sitename")
    title = _strip_site(_field(metadata, "title"), site)
    if not text.strip():
        text = strip_tags(html)
    text = _drop_repeated_title(text, title)
    return HtmlPage(
        text=text,
        title=title,
        author=_author(_field(metadata, "author")),
        date=as_iso_date(_field(metadata, "date")),
        site=site,
        url=_field(metadata, "url"),
        description=_field(metadata, "description"),
    )


def _field(document: object, name: str) -> str:
    value = getattr(document, name, None) if document is not None else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def _author(author: str) -> str:
    """trafilatura joins several authors with ";": written as a byline is, with commas."""
    names = [name.strip() for name in author.split(";") if name.strip()]
    return ", ".join(names)


def _strip_site(title: str, site: str) -> str:
    """The headline without the site's name that page titles often carry after it."""
    if not site:
        return title
    folded = site.casefold()
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and tail.strip().casefold() == folded:
            return head.strip()
    return title


def _drop_repeated_title(text: str, title: str) -> str:
    """The body without a first line that only repeats the headline (the title is a field)."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    if first.lstrip("#").strip().casefold() == title.casefold():
        return rest
    return text


# --------------------------------------------------------------------------- the body


def _words(element: Any) -> str:
    """An element's text, its line breaks kept and every other run of spaces one space."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        elif node.text and node.tag != "graphic":
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _render(body: Any) -> str:
    """trafilatura's body (its own XML: p, head, list/item, quote, table/row/cell, code)
    as paragraphs separated by blank lines."""
    paragraphs: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "head":
            words = " ".join(_words(element).split())
            if words:
                paragraphs.append("## " + words)
        elif tag == "list":
            # Each item a paragraph of its own: a list in a story is sentences or points
            # the reader wants whole, and the cleaner judges them as it judges paragraphs.
            for item in element.iter("item"):
                words = _words(item) if not len(item.findall("list")) else (item.text or "").strip()
                if words:
                    paragraphs.append(words)
        elif tag == "table":
            rows = []
            for row in element.iter("row"):
                cells = [" ".join(_words(cell).split()) for cell in row.iter("cell")]
                line = " · ".join(cell for cell in cells if cell)
                if line:
                    rows.append(line)
            if rows:
                paragraphs.append("\n".join(rows))
        elif tag == "graphic":
            continue
        else:  # p, quote, code, and whatever else holds text
            words = _words(element)
            if words:
                paragraphs.append(words)
    return "\n\n".join(paragraphs)


def strip_tags(html: str) -> str:
    """A crude text of the page: what is left when the tags are taken out (block-level
    ones make line breaks), with headings as `## ...` lines. The last resort."""
    text = _INVISIBLE.sub(" ", html)
    text = _HEADING_TAG.sub(
        lambda m: "\n\n" + "#" * int(m.group(1)) + " " + " ".join(_ANY_TAG.sub(" ", m.group(2)).split()) + "\n\n", text
    )
    text = _BLOCK_TAG.sub("\n\n", text)
    text = html_entities.unescape(_ANY_TAG.sub(" ", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


__all__ = ["HtmlPage", "extract", "looks_like_html", "strip_tags"]
