"""The claims board: the claims that speak of the same thing, side by side.

Claims are grouped when their wording is close (Jaccard similarity of word 3-shingles) or
when they count the same thing (the figures' "tokens", "respondents") and share some
words. A claim the user put in a group by hand (`Claim.group`) stays in it; one taken out
(`group == "none"`) stands alone. A group is a *disagreement* when two sources give the
same quantity different values, or date the same "first time" event differently.

"Find more" looks for sentences elsewhere in the collection, not yet marked, that mention
a group's counted thing or its wording, through an inverted word index built once.

Plain Python: the app and the command line show what this module computes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from reader.article import Article
from reader.claims.figures import Figure, claim_figures, content_words, first_time
from reader.claims.history import Step
from reader.claims.model import Claim, make_claim

ALONE = "none"  # Claim.group of a claim taken out of every group
SHINGLE_LINK = 0.3  # 3-shingle Jaccard at or above which two claims say the same thing
THING_LINK = 0.1  # content-word Jaccard enough for two claims counting the same thing
MAX_REASONS = 50  # disagreements kept per group
_MAX_COMPARED = 50  # in a large group, each figure is compared with the next 50 of its kind
_MAX_POSTING = 400  # words in more claims than this don't propose candidate pairs
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


# --------------------------------------------------------------------------- sentences


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding `text[start:end]` (cheap: at ". X", "? X", line breaks)."""
    lo = max(0, start - 300)
    begin = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, max(end - 1, begin), min(len(text), end + 300))
    finish = after.start() if after else min(len(text), end + 300)
    return text[begin:finish]


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text) and text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def shingles(text: str, size: int = 3) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# --------------------------------------------------------------------------- the board


@dataclass
class Item:
    """One claim on the board, with what the board reads from it."""

    claim: Claim
    figures: list[Figure]
    sentence: str = ""
    title: str = ""
    source: str = ""
    date: str = ""
    first_time: bool = False
    row: dict[str, Any] | None = None  # the claim as `reader claims --json` gives it
    words: set[str] = field(default_factory=set, repr=False)
    grams: set[str] = field(default_factory=set, repr=False)
    things: set[str] = field(default_factory=set, repr=False)  # what its figures count, folded
    when: str = ""  # the date or period its figures are for (the first one given)

    def __post_init__(self) -> None:
        self.things = {_fold(f.counted) for f in self.figures if f.counted}
        self.when = next((f.period for f in self.figures if f.period), "") or next(
            (f.text for f in self.figures if f.kind in ("date", "year")), ""
        )

    def record(self) -> dict[str, Any]:
        data = dict(self.row) if self.row is not None else self.claim.record()
        data["figures"] = [f.record() for f in self.figures]
        data["source"] = self.source
        data["date"] = self.date
        data["first_time"] = self.first_time
        return data


@dataclass
class Group:
    id: str
    items: list[Item]
    disagreement: bool = False
    reasons: list[str] = field(default_factory=list)
    finding: str = ""
    manual: bool = False

    @property
    def things(self) -> list[str]:
        counts = Counter(f.counted.lower() for item in self.items for f in item.figures if f.counted)
        return [t for t, _ in counts.most_common()]

    @property
    def title(self) -> str:
        words = Counter(w for item in self.items for w in item.words)
        # Ties go to the longer, then the alphabetically first, word: the words are sets,
        # whose order changes from run to run, and so did the title.
        ranked = sorted(words.items(), key=lambda wn: (-wn[1], -len(wn[0]), wn[0]))[:4]
        common = [w for w, n in ranked if n > 1 or len(self.items) == 1]
        return " · ".join(self.things[:2] or common[:3]) or "claim"

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "counted": self.things,
            "disagreement": self.disagreement,
            "reasons": self.reasons,
            "finding": self.finding,
            "manual": self.manual,
            "claims": [item.record() for item in self.items],
        }


def _fold(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and len(word) > 4 and not word.endswith("ss") else word


def make_item(claim: Claim, article: Article | None, row: dict[str, Any] | None = None) -> Item:
    start, end = claim.start, claim.end
    if row is not None and row.get("start") is not None:
        start, end = row["start"], row["end"]
    if article is not None and article.text[start:end] == claim.quote:
        sentence = sentence_around(article.text, start, end)
        before = article.text[max(0, start - 800) : start]
    else:
        sentence = claim.prefix + claim.quote + claim.suffix
        before = claim.prefix
    figures = claim_figures(claim.quote, sentence)
    # "for the first time" said in the sentence, or just before it in the same paragraph
    told_first = first_time(sentence) or (bool(figures) and first_time(before.rsplit("\n\n", 1)[-1]))
    source = ""
    if article is not None:
        source = article.site or _host(article.url)
    return Item(
        claim=claim,
        figures=figures,
        sentence=sentence,
        title=article.title if article is not None else claim.title,
        source=source,
        date=article.date if article is not None else "",
        first_time=told_first,
        row=row,
        words=content_words(claim.quote),
        grams=shingles(claim.quote),
    )


def _host(url: str) -> str:
    match = re.match(r"^[a-z]+://(?:www\.)?([^/]+)", url or "")
    return match.group(1) if match else ""


def link_pairs(items: list[Item]) -> Iterable[tuple[int, int]]:
    """Pairs of items (indices) that speak of the same thing."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if item.claim.group:
            continue
        for word in item.words:
            postings[word].append(index)
    for index, item in enumerate(items):
        if item.claim.group:
            continue
        shared: Counter[int] = Counter()
        for word in item.words:
            posting = postings[word]
            if len(posting) > _MAX_POSTING:
                continue
            for other in posting:
                if other > index:
                    shared[other] += 1
        for other, count in shared.items():
            if count < 2:
                continue
            peer = items[other]
            words = count / (len(item.words) + len(peer.words) - count)
            if item.things & peer.things and words >= THING_LINK:
                yield index, other
            elif words >= SHINGLE_LINK / 2 and jaccard(item.grams, peer.grams) >= SHINGLE_LINK:
                yield index, other


def build(items: list[Item], findings: dict[str, str] | None = None) -> list[Group]:
    """The groups of `items`: disagreements first, then the larger groups."""
    findings = findings or {}
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in link_pairs(items):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[Item]] = defaultdict(list)
    manual: set[str] = set()
    for index, item in enumerate(items):
        group = item.claim.group
        if group and group != ALONE:
            members[group].append(item)
            manual.add(group)
        elif group == ALONE:
            members["claim-" + item.claim.id].append(item)
        else:
            members[f"auto-{root(index)}"].append(item)
    groups = []
    for key, grouped in members.items():
        grouped.sort(key=lambda it: (it.date, it.claim.article, it.claim.start))
        group_id = key if key in manual else auto_id(grouped)
        disagreement, reasons = judge(grouped)
        groups.append(Group(group_id, grouped, disagreement, reasons, findings.get(group_id, ""), key in manual))
    groups.sort(key=lambda g: (not g.disagreement, -len(g.items), g.items[0].claim.created, g.id))
    return groups


def auto_id(items: list[Item]) -> str:
    """A group's id when the user has not pinned it: from its first claim's id, so that it
    stays while claims come and go around it (pinning makes it for good)."""
    first = min(items, key=lambda it: (it.claim.created, it.claim.id))
    return "g-" + hashlib.sha1(first.claim.id.encode()).hexdigest()[:10]


def _differ(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) > 0.005 * max(abs(a), abs(b))


def judge(items: list[Item]) -> tuple[bool, list[str]]:
    """Whether the group's sources disagree, and in what."""
    reasons: list[str] = []
    firsts = [it for it in items if it.first_time and it.when]
    for i, a in enumerate(firsts):
        for b in firsts[i + 1 : i + 1 + _MAX_COMPARED]:
            if a.claim.article != b.claim.article and _norm_period(a.when) != _norm_period(b.when):
                reasons.append(f"first time: {a.when} ({a.source or a.title}) vs {b.when} ({b.source or b.title})")
    by_key: dict[tuple[str, str, str], list[tuple[Item, Figure]]] = defaultdict(list)
    for item in items:
        for fig in item.figures:
            if fig.kind not in ("date", "year") and (fig.counted or fig.kind in ("money", "percent")):
                by_key[fig.key].append((item, fig))
    # One reason per pair of claims and quantity, with each side's figures:
    # "tokens: 5.16 trillion tokens vs 4.12 trillion tokens, 2.94 trillion tokens".
    differing: dict[tuple[str, str, tuple], tuple[str, dict[str, None], dict[str, None]]] = {}
    for key, pairs in by_key.items():
        for i, (a, fa) in enumerate(pairs):
            for b, fb in pairs[i + 1 : i + 1 + _MAX_COMPARED]:
                if a.claim.article == b.claim.article or not _differ(fa.value, fb.value):
                    continue  # one source giving two figures is two quantities, not a dispute
                same_period = not fa.period or not fb.period or _norm_period(fa.period) == _norm_period(fb.period)
                if same_period or (a.first_time and b.first_time):
                    label, left, right = differing.setdefault(
                        (a.claim.id, b.claim.id, key), (fa.counted or fa.unit, {}, {})
                    )
                    left[fa.shown()] = None
                    right[fb.shown()] = None
    for label, left, right in differing.values():
        reasons.append(f"{label}: {', '.join(left)} vs {', '.join(right)}")
    return bool(reasons), list(dict.fromkeys(reasons))[:MAX_REASONS]


@lru_cache(maxsize=4096)
def _norm_period(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower().replace(" to ", "-")).strip()


def board(
    claims: list[Claim],
    lookup: Callable[[str], Article | None],
    *,
    tag: str | None = None,
    rows: dict[str, dict[str, Any]] | None = None,
    findings: dict[str, str] | None = None,
) -> list[Group]:
    """The board of `claims` (those tagged `tag`, when given)."""
    if tag:
        claims = [c for c in claims if tag in c.tags]
    cache: dict[str, Article | None] = {}

    def article(article_id: str) -> Article | None:
        if article_id not in cache:
            cache[article_id] = lookup(article_id)
        return cache[article_id]

    items = [make_item(c, article(c.article), (rows or {}).get(c.id)) for c in claims]
    return build(items, findings)


# --------------------------------------------------------------------------- grouping by hand


def put_in(claim: Claim, target: Group) -> Step:
    """A step putting `claim` into `target` (pinning the group: its claims keep its id)."""
    group_id = target.id if target.manual else "g-" + uuid.uuid4().hex[:10]
    pairs = []
    for item in target.items:
        if item.claim.group != group_id and item.claim.id != claim.id:
            pairs.append((item.claim, replace(item.claim, group=group_id)))
    pairs.append((claim, replace(claim, group=group_id)))
    return Step("group", tuple(pairs))


def mark_candidate(candidate: Candidate, group: Group, article: Article) -> tuple[Claim, Step]:
    """A new claim on a "find more" sentence, with the tags its group's first claim has, in
    `group` (pinned), as one step."""
    tags = group.items[0].claim.tags if group.items else ()
    claim = make_claim(article.id, article.file, article.title, article.text, candidate.start, candidate.end, tags)
    step = put_in(claim, group)
    pairs = tuple(
        (None, after) if after is not None and after.id == claim.id else (before, after) for before, after in step.pairs
    )
    return claim, Step("mark", pairs)


def take_out(claim: Claim) -> Step:
    """A step taking `claim` out of its group: it stands alone on the board."""
    return Step("ungroup", ((claim, replace(claim, group=ALONE)),))


def pin(group: Group) -> tuple[str, Step | None]:
    """The id a finding on `group` is kept under, and the step pinning its claims to it
    (None when it is already pinned)."""
    if group.manual:
        return group.id, None
    pairs = tuple((it.claim, replace(it.claim, group=group.id)) for it in group.items)
    return group.id, Step("group", pairs)


# --------------------------------------------------------------------------- find more


@dataclass(frozen=True)
class Candidate:
    article: str
    title: str
    start: int
    end: int
    text: str
    score: float
    counted: str = ""  # the counted thing it mentions


class SentenceIndex:
    """Every sentence of a collection, indexed by its content words, for "find more"."""

    def __init__(self) -> None:
        self.sentences: list[tuple[str, int, int]] = []  # (article id, start, end)
        self.titles: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.has_digit: list[bool] = []
        self.sizes: list[int] = []

    @classmethod
    def build(cls, articles: Iterable[Article]) -> SentenceIndex:
        index = cls()
        for article in articles:
            index.add(article)
        return index

    def add(self, article: Article) -> None:
        self.titles[article.id] = article.title
        self.texts[article.id] = article.text
        text = article.text
        for start, end in split_sentences(text):
            sentence = text[start:end]
            number = len(self.sentences)
            self.sentences.append((article.id, start, end))
            words = content_words(sentence)
            self.sizes.append(len(words))
            self.has_digit.append(any(c.isdigit() for c in sentence))
            for word in words:
                self.postings[word].append(number)

    def find(self, group: Group, claims: Iterable[Claim] = (), limit: int = 20) -> list[Candidate]:
        """Sentences not yet marked that mention the group's counted thing (with a figure)
        or share its wording, best first."""
        things = {_fold(t) for t in group.things}
        words: Counter[str] = Counter()
        for item in group.items:
            words.update(item.words)
        query = set(words)
        marked: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for claim in [*claims, *(it.claim for it in group.items)]:
            marked[claim.article].append((claim.start, claim.end))
        scores: dict[int, float] = defaultdict(float)
        for word in query:
            posting = self.postings.get(word, ())
            if len(posting) > 50_000 and word not in things:
                continue
            weight = 1.0 / (1.0 + len(posting) / 1000)
            for number in posting:
                scores[number] += weight
        found: list[Candidate] = []
        for number, shared in sorted(scores.items(), key=lambda item: -item[1]):
            size = self.sizes[number] or 1
            article_id, start, end = self.sentences[number]
            text = self.texts[article_id][start:end]
            counted = next((t for t in things if t in self.postings and self._holds(number, t)), "")
            if counted and not self.has_digit[number]:
                counted = ""
            score = shared / (len(query) + size - shared) + (0.5 if counted else 0.0)
            if not counted and score < 0.12:
                continue
            if any(s < end and start < e for s, e in marked.get(article_id, ())):
                continue
            found.append(Candidate(article_id, self.titles[article_id], start, end, text, round(score, 3), counted))
            if len(found) >= limit * 5:
                break
        found.sort(key=lambda c: -c.score)
        return found[:limit]

    def _holds(self, number: int, word: str) -> bool:
        posting = self.postings[word]
        # postings are in sentence order: a binary search
        from bisect import bisect_left

        at = bisect_left(posting, number)
        return at < len(posting) and posting[at] == number


__all__ = [
    "ALONE",
    "Candidate",
    "Group",
    "Item",
    "SentenceIndex",
    "board",
    "build",
    "judge",
    "make_item",
    "mark_candidate",
    "pin",
    "put_in",
    "sentence_around",
    "shingles",
    "take_out",
]
