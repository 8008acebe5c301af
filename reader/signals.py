"""Claim signals: what the claims in an article are made of.

A Pygments lexer of ours marks figures (numbers with units and scales, money, percentages,
dates and years), quotations, and attributions ("said", "according to", ...). The spans
come from `get_tokens_unprocessed`, whose offsets index the original text, so they line
up with the article's `text` (and with sentence and claim offsets) exactly.

Plain Python: the app styles these spans, the sidebar counts them.
"""

from __future__ import annotations

from collections import Counter

from pygments.lexer import RegexLexer, words
from pygments.token import Text, Token

Signal = Token.Signal
FIGURE = Signal.Figure
QUOTE = Signal.Quote
ATTRIBUTION = Signal.Attribution

KINDS: dict[object, str] = {FIGURE: "figure", QUOTE: "quote", ATTRIBUTION: "attribution"}

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
# A number: digits with optional thousands separators and decimals ("3,900", "5.16").
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:trillion|billion|million|thousand|hundred|bn|mn|tn)"
_CURRENCY_WORD = r"(?:dollars|yuan|euros|pounds|yen|rupees|won|renminbi|RMB|USD|EUR)"
_UNIT = (
    r"(?:percent|per\s+cent|percentage\s+points?|%|times|fold"
    r"|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?"
    r"|people|persons|users|workers|employees|jobs|companies|firms|countries|cities|units"
    r"|homes|households|students|patients|deaths|cases|votes|seats|members|customers"
    r"|kilometres|kilometers|km|miles|metres|meters|tonnes|tons|barrels|acres|hectares"
    r"|kg|kilograms|pounds|GW|MW|kW|GWh|MWh|TWh|watts|degrees"
    r"|" + _CURRENCY_WORD + r")"
)
_ATTRIBUTION_WORDS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "wrote",
    "writes",
    "stated",
    "added",
    "adds",
    "noted",
    "explained",
    "explains",
    "argued",
    "argues",
    "claimed",
    "insisted",
    "warned",
    "warns",
    "confirmed",
    "acknowledged",
    "announced",
    "estimated",
    "predicted",
    "reported",
    "observed",
)


class ClaimSignalLexer(RegexLexer):
    """Marks figures, quotations and attributions; everything else is plain text.

    Rules are tried in order at each position, so the longer, more specific shapes
    (a quotation, money with a scale, a full date) come before the bare ones.
    """

    name = "Claim signals"
    aliases = ["claim-signals"]
    filenames: list[str] = []

    tokens = {
        "root": [
            # Fast path: a run of ordinary words and punctuation that cannot start a
            # signal (most of any article), so the rules below are tried far less often.
            (
                r"(?:(?!(?:" + "|".join(_ATTRIBUTION_WORDS) + r"|[Aa]ccording|" + _MONTHS + r")\b)"
                r"[^\W\d]+(?![$€£¥\w])[ \t\n,.;:!?()\-–—/']*)+",
                Text,
            ),
            # Quotations: curly and straight, within one paragraph.
            (r"“[^”\n]{1,2000}”", QUOTE),
            (r'"[^"\n]{1,2000}"', QUOTE),
            # Money: "$260 billion", "€5m", "US$1.2 trillion".
            (
                r"(?:US|HK|A|C)?[$€£¥]\s?(?:" + _NUMBER + r")"
                r"(?:\s?(?i:" + _SCALE + r"|m|k|b)\b)?",
                FIGURE,
            ),
            # Dates: "July 5, 2024", "July 5", "5 July 2024", "July 2024".
            (_MONTHS + r"\.?\s\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s(?:1[89]|20)\d{2}\b)?", FIGURE),
            (r"\b\d{1,2}\s" + _MONTHS + r"\b(?:,?\s(?:1[89]|20)\d{2}\b)?", FIGURE),
            (_MONTHS + r"\s(?:1[89]|20)\d{2}\b", FIGURE),
            # Numbers with a scale and/or a unit: "5.16 trillion yuan", "83 percent", "3,900 days".
            (
                r"\b(?:" + _NUMBER + r")(?:\s?(?i:" + _SCALE + r")\b)"
                r"(?:\s(?i:" + _CURRENCY_WORD + r")\b)?",
                FIGURE,
            ),
            (r"\b(?:" + _NUMBER + r")(?:%|\s?(?i:" + _UNIT + r")\b)", FIGURE),
            # Years ("2024", "1990s") and grouped numbers ("12,000").
            (r"\b(?:1[89]|20)\d{2}s?\b", FIGURE),
            (r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b", FIGURE),
            # Attributions.
            (r"(?i:\baccording\s+to\b)", ATTRIBUTION),
            (
                words(_ATTRIBUTION_WORDS, prefix=r"\b", suffix=r"\b"),
                ATTRIBUTION,
            ),
            # Plain text, a word or a run of non-signal characters at a time.
            (r"[^\W\d]+", Text),
            (r"\s+", Text),
            (r".", Text),
        ]
    }


_LEXER = ClaimSignalLexer()


def signal_spans(text: str) -> list[tuple[int, int, str]]:
    """`[start, end)` offsets into `text` of each signal, with its kind."""
    spans: list[tuple[int, int, str]] = []
    for start, token, value in _LEXER.get_tokens_unprocessed(text):
        kind = KINDS.get(token)
        if kind is not None:
            spans.append((start, start + len(value), kind))
    return spans


def count_signals(text: str) -> dict[str, int]:
    """How many signals of each kind `text` holds (every kind present, zero or not)."""
    counts = Counter(kind for _, _, kind in signal_spans(text))
    return {kind: counts.get(kind, 0) for kind in ("figure", "quote", "attribution")}


__all__ = ["ClaimSignalLexer", "count_signals", "signal_spans"]
