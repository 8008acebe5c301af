"""The cleaner: an ordered list of small named steps from raw text to articles.

A front end first turns the file, whatever its shape, into the same blocks (`prepare`, then
`read_blocks`): a saved HTML page through the extractor (`html`), a markdown file's front
matter taken off (`frontmatter`), hard-wrapped lines re-joined (`wrapped`), markdown links and
images read as structure (`markdown`), one block a line (`blocks`). Then three stages, each a
list of pure functions that can be read top to bottom:

1. `DOCUMENT_STEPS` work on the blocks (lines) of the whole file;
2. `split_articles` cuts the file into drafts, one per article;
3. `ARTICLE_STEPS` take metadata out of each draft and repair its text,
   then `render` turns the draft into an `Article`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from reader.article import Article
from reader.cleaning import (
    blocks,
    boilerplate,
    footer,
    frontmatter,
    furniture,
    html,
    markdown,
    metadata,
    repair,
    shapes,
    split,
    teasers,
    wrapped,
)
from reader.cleaning.model import Block, Draft
from reader.cleaning.render import render, with_page_fields
from reader.cleaning.version import CLEANER_VERSION
from reader.gcpause import cycle_collection_paused

DocumentStep = Callable[[list[Block]], list[Block]]
ArticleStep = Callable[[Draft], Draft]

DOCUMENT_STEPS: list[DocumentStep] = [
    furniture.mark_source_lines,
    teasers.drop_trailing_teasers,
    boilerplate.select_main_content,
    # After the page around the article is gone, so that it looks at far fewer lines.
    furniture.drop_page_furniture,
]

# For a saved HTML page, whose body the extractor has already chosen from the markup (which
# tells far more than the text does): choosing again by the text's shape only loses body
# (lists of short points, a table), so the steps that pick the body out of a page are left out.
HTML_DOCUMENT_STEPS: list[DocumentStep] = [
    furniture.mark_source_lines,
    furniture.drop_page_furniture,
]

ARTICLE_STEPS: list[ArticleStep] = [
    metadata.take_section_label,
    metadata.take_title,
    metadata.take_subtitle,
    metadata.take_byline,
    metadata.take_date,
    metadata.take_source_url,
    metadata.split_run_in_deck,
    metadata.drop_lead,
    repair.remove_captions,
    repair.join_hyphenated_lines,
    repair.join_broken_paragraphs,
    repair.repair_split_compounds,
    repair.mark_subheadings,
    repair.split_overlong_paragraphs,
]


def clean(text: str, *, plain_spaces: bool = False) -> list[Article]:
    """Turn the (decoded, normalised) text of one file into its articles.

    `plain_spaces=True` promises that the text holds no whitespace other than the space and
    the newline, so the first step need not look for any (a tenth of the cleaner's
    instructions on the generated collection); the articles are the same either way.

    A saved HTML page is read by the HTML front end first, and a markdown file's front
    matter is taken off: the text goes through the same steps, and what the file says of
    itself (title, author, date, site, URL) fills the first article's empty fields."""
    prepared = prepare(text, plain_spaces)
    with cycle_collection_paused():  # (the steps make tens of thousands of tuples, no cycles)
        articles = _clean(prepared.text, prepared.plain_spaces, prepared.steps)
    return prepared.fill(articles)


@dataclass(frozen=True)
class Prepared:
    """The text the steps read, and what the file said of itself (HTML metadata, front
    matter), from `prepare`."""

    text: str
    plain_spaces: bool
    steps: list[DocumentStep]
    said: html.HtmlPage | frontmatter.FrontMatter | None = None

    def fill(self, articles: list[Article]) -> list[Article]:
        """The articles with the first one's empty fields filled from what the file said."""
        said = self.said
        if said is None:
            return articles
        return with_page_fields(
            articles, title=said.title, byline=said.author, date=said.date, site=said.site, url=said.url
        )


def prepare(text: str, plain_spaces: bool = False) -> Prepared:
    """A saved HTML page through the HTML front end, a markdown file without its front
    matter; other text as it is."""
    if html.looks_like_html(text):
        page = html.extract(text)
        return Prepared(_headed(page.title, page.text), False, HTML_DOCUMENT_STEPS, page)
    if text.startswith("---") and (found := frontmatter.split_front_matter(text)):
        return Prepared(_headed(found[0].title, found[1]), plain_spaces, DOCUMENT_STEPS, found[0])
    return Prepared(text, plain_spaces, DOCUMENT_STEPS)


def read_blocks(text: str, plain_spaces: bool = False) -> list[Block]:
    """The front end for the file's shape: markdown read as structure, hard-wrapped lines
    re-joined, then one block a line, as a browser's text dump has them. A closing footer
    under a rule comes as blocks already dropped (see `footer`)."""
    text = wrapped.unwrap(text)
    body, closing = footer.split_closing_footer(text)
    parse = (
        markdown.parse_markdown
        if markdown.looks_like_markdown(text)
        else partial(blocks.parse_blocks, plain_spaces=plain_spaces)
    )
    if not closing:
        return parse(text)
    return parse(body) + [block.with_role("drop") for block in parse(closing)]


def _headed(title: str, body: str) -> str:
    """The body under its title as a markdown headline (so the steps take it as the
    title), unless the body opens with that line already."""
    first = body.lstrip().partition("\n")[0].lstrip("#").strip()
    return body if not title or first.casefold() == title.casefold() else f"# {title}\n\n{body}"


# Told of each step as it runs: its name, the blocks before it and after it (what
# `removed.explain` uses to say which step removed what; the cleaner itself passes none).
Watch = Callable[[str, Sequence[Block], Sequence[Block]], None]


def run_steps(
    text: str, plain_spaces: bool = False, steps: list[DocumentStep] = DOCUMENT_STEPS, watch: Watch | None = None
) -> list[tuple[Article, Draft]]:
    """The front end, the document steps, the split and the article steps: each article
    with the draft it was rendered from."""
    doc = read_blocks(text, plain_spaces)
    if watch:
        watch("read_blocks", (), doc)
    for step in steps:
        before, doc = doc, step(doc)
        if watch:
            watch(step.__name__, before, doc)
    rendered = []
    for draft in split.split_articles(doc):
        for article_step in ARTICLE_STEPS:
            earlier, draft = draft, article_step(draft)
            if watch:
                watch(article_step.__name__, earlier.blocks, draft.blocks)
        article = render(draft)
        if article.text or article.title:
            rendered.append((article, draft))
    return rendered


def _clean(text: str, plain_spaces: bool = False, steps: list[DocumentStep] = DOCUMENT_STEPS) -> list[Article]:
    return [article for article, _ in run_steps(text, plain_spaces, steps)]


def clear_memos() -> None:
    """Forget the memoised shape answers (benchmarks call this so repeated runs stay honest)."""
    for module in (blocks, boilerplate, furniture, metadata, repair, shapes, split, teasers):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


__all__ = ["ARTICLE_STEPS", "CLEANER_VERSION", "DOCUMENT_STEPS", "HTML_DOCUMENT_STEPS", "clean", "clear_memos"]
