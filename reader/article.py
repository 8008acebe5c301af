"""The article: what the cleaner makes of a raw file, and what everything else reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Article:
    """One cleaned article.

    `text` holds paragraphs separated by one blank line; subheadings are paragraphs of
    their own and are listed again in `subheadings`. The title is never repeated in `text`.
    `id` and `file` are empty when the article comes straight from the cleaner; the
    collection fills them in. `date` is the publication date as ISO 8601 (YYYY-MM-DD) and
    `site` the publisher's name, each where the file states it, else empty.
    """

    title: str
    text: str
    subtitle: str = ""
    byline: str = ""
    section: str = ""
    url: str = ""
    date: str = ""
    site: str = ""
    excerpt: bool = False
    subheadings: tuple[str, ...] = ()
    id: str = ""
    file: str = ""

    @property
    def words(self) -> int:
        # str.split is many times faster than a regex over a whole collection's text.
        return len(self.text.split())

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p]

    def summary(self) -> dict:
        """The fields `reader list --json` prints (claims are added by the caller)."""
        data = asdict(self)
        data.pop("text")
        data.pop("subheadings")
        data["words"] = self.words
        return data


def make_article(
    title: str,
    text: str,
    subtitle: str = "",
    byline: str = "",
    section: str = "",
    url: str = "",
    excerpt: bool = False,
    subheadings: tuple[str, ...] = (),
    date: str = "",
    site: str = "",
) -> Article:
    """`Article(...)` as the cleaner makes it (no id or file yet), without the frozen
    dataclass's `__init__`: that sets each field through `object.__setattr__` in
    interpreted code, a good part of cleaning an index page of many teasers. The fields go
    into the instance's dict at once, in field order; `Article` has no `__post_init__` to
    skip (tests/test_article.py checks both, and that the two ways give equal articles)."""
    article = object.__new__(Article)
    article.__dict__.update(
        title=title,
        text=text,
        subtitle=subtitle,
        byline=byline,
        section=section,
        url=url,
        date=date,
        site=site,
        excerpt=excerpt,
        subheadings=subheadings,
        id="",
        file="",
    )
    return article


@dataclass(frozen=True)
class Problem:
    """A file that could not be loaded, and why."""

    file: str
    reason: str


__all__ = ["Article", "Problem", "make_article"]
