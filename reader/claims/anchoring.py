"""Re-attaching a claim to an article's current text after the text changed.

In order: the stored offsets, if the text there is still the quote; else an exact
occurrence of the quote whose surroundings still match the stored context; else every
place that could hold the claim's words, weighed against each other: the exact
occurrences, the near matches (edlib, Myers' bit-vector algorithm, asked again with each
found place masked so that an exact copy can't hide an edited original), and the stretch
between where the stored prefix and suffix are found now. Each is scored on its words
(characters kept; for a long quote with words inserted inside, the share of its words
kept in order), its context and its nearness to the old place, as the Hypothesis client
does (quote 50, prefix and suffix 40, position 4); context comes before exactness, so an
exact copy elsewhere loses to the edited original whose surroundings still match. Unlike
the Hypothesis client, every candidate has a floor and a tie is an orphan: attaching a
claim to the wrong words silently misquotes, while an orphan is visible and fixable.

Texts are compared folded (`fold`): Unicode compatibility forms (full-width and ASCII
punctuation), no-break and other spaces, runs of whitespace, curly and straight quotes,
dashes and soft hyphens count as the same; the offsets found are offsets into the real
text.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import edlib

from reader.claims.model import ANCHORED, MOVED, ORPHAN

MIN_QUOTE_SIMILARITY = 0.75  # an approximate match must keep three quarters of the quote
MIN_WORDS_KEPT = 0.75  # ... or, for a long quote with words inserted inside, of its words in order
LONG_QUOTE_WORDS = 8  # a quote of this many words may be judged by its words
MIN_CONTEXT = 0.5  # what the surrounding text must still agree with, where the quote alone can't decide
SURE_CONTEXT = 0.9  # an exact occurrence with context this good needs no other search
UNIQUE_QUOTE_LENGTH = 20  # an exact quote this long, found once, needs no context
TIE_MARGIN = 2.0  # points by which the best place must beat any other; closer is an orphan
SPLIT_MARGIN = 10.0  # ... when the other place's prefix or suffix matches better (the context is split)
MAX_OCCURRENCES = 500
MAX_NEAR = 50  # near matches taken from one search (more are one place found many ways, or noise)
MAX_ROUNDS = 4  # near-match searches, each with the places found before masked
_EDLIB_ALPHABET = 255  # edlib handles at most 256 distinct symbols
_MASK = "\x01"
_MASK_BYTE = b"\x01"
QUOTE_WEIGHT, CONTEXT_WEIGHT, POSITION_WEIGHT = 50.0, 40.0, 4.0


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    status: str  # ANCHORED (where it was), MOVED (found elsewhere), ORPHAN (not found)
    score: float = 0.0

    @property
    def found(self) -> bool:
        return self.status != ORPHAN


# --------------------------------------------------------------------------- folding

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_OVERRIDES: dict[str, str] = {
    "\u00ad": "",  # soft hyphen
    **{c: "-" for c in _DASHES},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\uff07"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\uff02"},
}
# A run of whitespace other than one plain space, or a run of non-ASCII non-space characters.
_SPECIAL = re.compile(r"[^\S ]\s*| \s+|[^\x00-\x7f\s]+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _OVERRIDES:
        return _OVERRIDES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    folded = "".join(_OVERRIDES.get(c, c) for c in folded)  # (NFKC of U+FF5E etc.)
    return " " if folded.isspace() else folded


@dataclass(frozen=True)
class Folded:
    """A text folded for comparison, and the way back to offsets in the real text.

    `replaced` lists, in order, each stretch of the real text that folding changed as
    (real start, real end, folded start, folded end); between them the two texts are equal."""

    text: str
    original_length: int
    _real_starts: tuple[int, ...] = ()
    _real_ends: tuple[int, ...] = ()
    _folded_starts: tuple[int, ...] = ()
    _folded_ends: tuple[int, ...] = ()

    def start(self, f: int) -> int:
        """The real offset where a span starting at folded offset `f` starts."""
        i = bisect.bisect_right(self._folded_starts, f) - 1
        if i < 0:
            return f
        if f < self._folded_ends[i]:
            return self._real_starts[i]
        return self._real_ends[i] + f - self._folded_ends[i]

    def end(self, f: int) -> int:
        """The real offset where a span ending at folded offset `f` (exclusive) ends."""
        i = bisect.bisect_left(self._folded_starts, f) - 1
        if i < 0:
            return f
        return self._real_ends[i] + max(0, f - self._folded_ends[i])

    def folded_offset(self, real: int) -> int:
        """The folded offset of real offset `real` (for nearness only)."""
        i = bisect.bisect_right(self._real_starts, real) - 1
        if i < 0:
            return real
        if real < self._real_ends[i]:
            return self._folded_starts[i]
        return self._folded_ends[i] + real - self._real_ends[i]


@lru_cache(maxsize=8)
def fold(text: str) -> Folded:
    """`text` with the differences people don't see folded away (see the module's doc);
    the last few articles' folds are kept, as each of their claims needs them."""
    return _fold(text)


def _fold(text: str) -> Folded:
    pieces: list[str] = []
    rs: list[int] = []
    re_: list[int] = []
    fs: list[int] = []
    fe: list[int] = []
    copied = 0  # real offset up to which the text is in `pieces`
    length = 0  # folded length so far
    for match in _SPECIAL.finditer(text):
        run = match.group(0)
        start = match.start()
        if run[0].isspace():
            replacements = [(start, match.end(), " ")]
        else:
            if unicodedata.is_normalized("NFKC", run) and not any(c in _OVERRIDES for c in run):
                continue
            replacements = []
            for i, ch in enumerate(run):
                new = _fold_char(ch)
                if new != ch:
                    replacements.append((start + i, start + i + 1, new))
        for real_start, real_end, new in replacements:
            pieces.append(text[copied:real_start])
            length += real_start - copied
            rs.append(real_start)
            re_.append(real_end)
            fs.append(length)
            pieces.append(new)
            length += len(new)
            fe.append(length)
            copied = real_end
    if not rs:
        return Folded(text, len(text))
    pieces.append(text[copied:])
    return Folded("".join(pieces), len(text), tuple(rs), tuple(re_), tuple(fs), tuple(fe))


def fold_string(text: str) -> str:
    """Only the folded text (for a quote and its context; not kept)."""
    return _fold(text).text


# --------------------------------------------------------------------------- measures


def similarity(a: str, b: str) -> float:
    """1 minus the edit distance over the longer length (1.0 for equal strings)."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    if not a or not b:
        return 0.0
    a2, b2 = _compact(a, b)
    return 1.0 - edlib.align(a2, b2, mode="NW", task="distance")["editDistance"] / longest


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around [start, end) matches the stored prefix and suffix (0..1)."""
    return sum(_sides(text, start, end, prefix, suffix)) / 2


def _sides(text: str, start: int, end: int, prefix: str, suffix: str) -> tuple[float, float]:
    """How well the text before and the text after [start, end) match the stored context.
    No stored prefix (or suffix) says the quote began (or ended) the text: that matches
    fully there, and half elsewhere (articles gain notes at their ends)."""
    if prefix:
        before = similarity(prefix, text[max(0, start - len(prefix)) : start])
    else:
        before = 1.0 if not text[:start].strip() else 0.5
    if suffix:
        after = similarity(suffix, text[end : end + len(suffix)])
    else:
        after = 1.0 if not text[end:].strip() else 0.5
    return before, after


_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    """The words of a (folded) text, lower-cased; each CJK character is a word."""
    return _WORD.findall(text.lower())


def words_kept(quote: str, found: str) -> float:
    """The share of the quote's words that `found` holds in the same order (0..1), for a
    long quote only, and 0 when `found` adds more words than the quote has or does not
    begin and end with the quote's words (what was inserted must be inside)."""
    mine, theirs = words(quote), words(found)
    if len(mine) < LONG_QUOTE_WORDS or len(theirs) > 2 * len(mine):
        return 0.0
    if mine[0] != theirs[0] or mine[-1] != theirs[-1]:
        return 0.0
    matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(mine)


def _position_score(start: int, old_start: int, length: int) -> float:
    return 1.0 - min(1.0, abs(start - old_start) / max(length, 1))


# --------------------------------------------------------------------------- anchoring


@dataclass(frozen=True)
class _Candidate:
    start: int  # folded offsets
    end: int
    quote_score: float
    context: float
    sides: tuple[float, float]  # the prefix's and the suffix's similarity
    exact: bool
    by_words: bool  # judged by its words kept in order (a long insertion inside)
    total: float


def anchor(text: str, quote: str, prefix: str, suffix: str, start: int, end: int) -> Anchor:
    """Where `quote` (stored with its context and old offsets) stands in `text` now."""
    if not quote:
        return Anchor(0, 0, ORPHAN)
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return Anchor(start, end, ANCHORED, 1.0)
    folded = fold(text)
    t = folded.text
    q, p, s = fold_string(quote), fold_string(prefix), fold_string(suffix)
    if not q.strip():
        return Anchor(0, 0, ORPHAN)
    old = folded.folded_offset(min(max(start, 0), len(text)))
    exact = _occurrences(t, q)
    # The common case, quickly: the words themselves, in their own surroundings.
    if exact:
        contexts = sorted(((context_score(t, f, f + len(q), p, s), f) for f in exact), reverse=True)
        best_context, best = contexts[0]
        if best_context >= SURE_CONTEXT and (len(contexts) == 1 or best_context - contexts[1][0] >= 0.1):
            return _found(folded, text, quote, best, best + len(q), start, end, best_context)
    candidates = _candidates(t, q, p, s, old, exact)
    if not candidates:
        return Anchor(0, 0, ORPHAN)
    candidates.sort(key=lambda c: c.total, reverse=True)
    winner = candidates[0]
    for other in candidates[1:]:
        if other.start < winner.end and other.end > winner.start:
            continue  # the same place, found another way
        # Where the prefix points to one place and the suffix to the other (the old words
        # copied right after the edited ones, say), only a clear difference in the words decides.
        split = any(theirs > mine + 0.1 for mine, theirs in zip(winner.sides, other.sides, strict=False))
        if winner.total - other.total < (SPLIT_MARGIN if split else TIE_MARGIN):
            return Anchor(0, 0, ORPHAN)  # two places fit as well: say so rather than guess
        break
    unique_exact = winner.exact and len(exact) == 1 and len(quote) >= UNIQUE_QUOTE_LENGTH
    if winner.context < MIN_CONTEXT and not unique_exact:
        return Anchor(0, 0, ORPHAN)
    return _found(folded, text, quote, winner.start, winner.end, start, end, winner.context)


def _found(
    folded: Folded, text: str, quote: str, fs: int, fe: int, old_start: int, old_end: int, score: float
) -> Anchor:
    s, e = folded.start(fs), folded.end(fe)
    # A stretch found between its context may carry the whitespace around it.
    if not quote[:1].isspace():
        while s < e and text[s].isspace():
            s += 1
    if not quote[-1:].isspace():
        while e > s and text[e - 1].isspace():
            e -= 1
    if e <= s:
        return Anchor(0, 0, ORPHAN)
    status = ANCHORED if (s, e) == (old_start, old_end) and text[s:e] == quote else MOVED
    return Anchor(s, e, status, score)


def _occurrences(text: str, quote: str) -> list[int]:
    found: list[int] = []
    pos = text.find(quote)
    while pos >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def _candidates(t: str, q: str, p: str, s: str, old: int, exact: list[int]) -> list[_Candidate]:
    """Every place that could hold the quote, scored; those below the floors left out."""
    spans: set[tuple[int, int]] = {(f, f + len(q)) for f in exact}
    spans |= _near_matches(t, q, [(f, f + len(q)) for f in exact])
    spans |= _between_context(t, q, p, s)
    out = []
    for fs, fe in spans:
        found = t[fs:fe]
        is_exact = found == q
        quote_score = 1.0 if is_exact else similarity(q, found)
        by_words = quote_score < MIN_QUOTE_SIMILARITY
        if by_words:
            quote_score = words_kept(q, found)
            if quote_score < MIN_WORDS_KEPT:
                continue
        sides = _sides(t, fs, fe, p, s)
        ctx = sum(sides) / 2
        total = quote_score * QUOTE_WEIGHT + ctx * CONTEXT_WEIGHT + _position_score(fs, old, len(t)) * POSITION_WEIGHT
        out.append(_Candidate(fs, fe, quote_score, ctx, sides, is_exact, by_words, total))
    # A stretch judged by its words that holds a place judged by its characters at least as
    # well is that place with other words around it (a sentence before it, or a copy of it).
    close = [c for c in out if not c.by_words]
    return [c for c in out if not c.by_words or not any(_holds(c, o) for o in close)]


def _holds(outer: _Candidate, inner: _Candidate) -> bool:
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and (inner.start, inner.end) != (outer.start, outer.end)
        and inner.quote_score >= outer.quote_score
    )


def _near_matches(t: str, q: str, masked: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Places within a quarter of the quote's length in edits; edlib gives only the best
    ones, so each search masks what the ones before found and asks again."""
    max_errors = int(len(q) * (1 - MIN_QUOTE_SIMILARITY))
    if max_errors < 1:
        return set()
    found: set[tuple[int, int]] = set()
    text, mapping = _for_edlib(t)
    query = _query_for_edlib(q, mapping)
    text = _masked(text, masked)
    for _ in range(MAX_ROUNDS):
        result = edlib.align(query, text, mode="HW", task="locations", k=max_errors)
        if result["editDistance"] < 0 or not result["locations"]:
            break
        spans = [(a, b + 1) for a, b in result["locations"][:MAX_NEAR] if a is not None]
        found.update(spans)
        text = _masked(text, spans)
    return found


def _masked(text: bytes, spans: list[tuple[int, int]]) -> bytes:
    pieces: list[bytes] = []
    at = 0
    for a, b in sorted(spans):
        a = max(a, at)
        if b > a:
            pieces += [text[at:a], _MASK_BYTE * (b - a)]
            at = b
    return b"".join(pieces) + text[at:] if pieces else text


def _between_context(t: str, q: str, p: str, s: str) -> set[tuple[int, int]]:
    """The stretches that begin where the stored prefix ends now (or where the quote's
    first words are) and end where the stored suffix begins (or where its last words
    are), and a quote's length from either end: where words were edited or inserted
    inside a quote whose surroundings, or whose ends, stayed."""
    longest = 2 * len(q) + 16
    starts = set(_places(t, p[-24:], at_end=True)) or set(_places(t, q[:24], at_end=False))
    ends = set(_places(t, s[:24], at_end=False)) or set(_places(t, q[-24:], at_end=True))
    spans: set[tuple[int, int]] = set()
    for a in starts:
        spans.add((a, min(len(t), a + len(q))))
        for b in ends:
            if a < b <= a + longest:
                spans.add((a, b))
    for b in ends:
        spans.add((max(0, b - len(q)), b))
    return {(a, b) for a, b in spans if a < b}


def _places(t: str, piece: str, *, at_end: bool) -> list[int]:
    """Where `piece` (a stretch of context) ends (or starts) in `t`, allowing a few edits."""
    if len(piece.strip()) < 8:
        return []
    text, mapping = _for_edlib(t)
    result = edlib.align(_query_for_edlib(piece, mapping), text, mode="HW", task="locations", k=len(piece) // 5)
    if result["editDistance"] < 0:
        return []
    locations = result["locations"][:20]
    return [b + 1 if at_end else a for a, b in locations if a is not None]


_STAND_IN = "\x00"


@lru_cache(maxsize=4)
def _for_edlib(text: str) -> tuple[bytes, dict[int, str]]:
    """An article's (folded) text as bytes for edlib (256 symbols at most; bytes spare it
    mapping each character of a long text on every search): its most common characters
    kept, one byte each, the rest mapped onto a stand-in, a byte left for the mask; and
    the mapping. Made once per text, as every search of each claim needs it."""
    if text.isascii() and _STAND_IN not in text and _MASK not in text:
        return text.encode("ascii"), {}
    kept = [ch for ch, _ in Counter(text).most_common(254) if ch not in (_STAND_IN, _MASK)]
    mapping = {ord(ch): chr(i + 2) for i, ch in enumerate(kept)}
    return _mapped(text, mapping), mapping


def _query_for_edlib(query: str, mapping: dict[int, str]) -> bytes:
    """A quote or context mapped as its text was (what the text lacks can't match anyway)."""
    if not mapping:
        if query.isascii() and _STAND_IN not in query and _MASK not in query:
            return query.encode("ascii")
        return "".join(c if c.isascii() and c not in (_STAND_IN, _MASK) else _STAND_IN for c in query).encode("ascii")
    return _mapped(query, mapping)


def _mapped(text: str, mapping: dict[int, str]) -> bytes:
    return "".join(mapping.get(ord(c), _STAND_IN) for c in text).encode("latin-1")


def _compact(a: str, b: str) -> tuple[str, str]:
    """Map rare characters onto one stand-in so edlib's 256-symbol alphabet suffices.

    The mapping is one character for one character, so offsets are unchanged; the rare
    characters it confuses are checked again by the similarity of the real strings.
    """
    chars = set(a) | set(b)
    if len(chars) <= _EDLIB_ALPHABET:
        return a, b
    common = {ch for ch, _ in Counter(a + b).most_common(_EDLIB_ALPHABET - 1)}
    table = {ord(ch): _STAND_IN for ch in chars if ch not in common}
    return a.translate(table), b.translate(table)
