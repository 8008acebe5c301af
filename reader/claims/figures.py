"""Figures in a claim: the quantities it states, what they count, and when.

The claim-signals lexer (`reader.signals`) finds where the figures are; this module reads
each one: its value ("5.16 trillion" is 5.16e12, "83 percent" is 83 with unit percent,
"$95 million" is 9.5e7 USD, "1,600" is 1600), a range ("February 16–22", "September 9 to
15"), what is counted when the words after it say ("tokens", "respondents"), and the period
the sentence gives ("the week of February 16–22", "in 2019"). Plain Python.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from reader.signals import signal_spans

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "hundred": 1e2,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "hk$": "HKD",
    "a$": "AUD",
    "c$": "CAD",
    "dollars": "USD",
    "usd": "USD",
    "euros": "EUR",
    "eur": "EUR",
    "pounds": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "yen": "JPY",
    "rupees": "INR",
    "won": "KRW",
}
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DASH = "-‐‑‒–—"
_RANGE_END = re.compile(r"\s*(?:[" + _DASH + r"]|to|through|until)\s*(\d{1,2})\b(?!\s*(?:%|percent|,\d))")
_PERIOD_BEFORE = re.compile(
    r"(?:\b(?:the\s+)?(?:week|month|quarter|year|weekend|day|first\s+half|second\s+half)\s+(?:of|ending|ended)\s+)$"
    r"|(?:\b(?:in|during|since|by|from|on|as\s+of|until)\s+(?:the\s+)?(?:week\s+of\s+)?)$",
    re.I,
)
_STOP = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being it its this that
    these those their there than then which who whom whose what when where while about over under more less
    most least some any each every all both such same other another per via into onto out up down off only
    also just very so not no nor new had has have having said says say reached reaching surpassed rose fell
    up down around nearly almost about roughly some approximately over under below above recorded record""".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
FIRST_TIME = re.compile(r"\bfor\s+the\s+first\s+time\b|\bfirst[- ]ever\b|\bfor\s+the\s+first\b|\bfirst\s+time\b", re.I)


@dataclass(frozen=True)
class Figure:
    """One quantity as the text states it."""

    text: str  # as written, e.g. "5.16 trillion tokens"
    start: int  # offsets into the text it was read from
    end: int
    kind: str  # "number", "percent", "money", "date", "year"
    value: float | None = None  # the number (the first of a range); None for a date
    high: float | None = None  # the end of a range, when it is one
    unit: str = ""  # "percent", "USD", ...
    counted: str = ""  # what is counted: "tokens", "respondents"
    period: str = ""  # the period or date the sentence gives: "week of February 16–22"

    def record(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def key(self) -> tuple[str, str, str]:
        """What the figure measures, for comparing it with another figure."""
        return (self.kind, self.unit, self.counted)

    def shown(self) -> str:
        words = self.text
        if self.counted and self.counted not in self.text.lower():
            words += f" of {self.counted}" if self.kind == "percent" else f" {self.counted}"
        return words


def parse_number(text: str) -> float | None:
    match = _NUMBER.search(text)
    if match is None:
        return None
    return float(match.group(0).replace(",", ""))


def _scale(words: str) -> float:
    for word in re.findall(r"[A-Za-z]+", words.lower()):
        if word in _SCALES:
            return _SCALES[word]
    return 1.0


def _currency(text: str) -> str:
    lowered = text.lower()
    for sign in ("us$", "hk$", "a$", "c$", "$", "€", "£", "¥"):
        if sign in lowered:
            return _CURRENCIES[sign]
    for word in re.findall(r"[a-z]+", lowered):
        if word in _CURRENCIES:
            return _CURRENCIES[word]
    return ""


def _counted_after(text: str, end: int) -> str:
    """The counted thing right after a figure: "tokens" in "5.16 trillion tokens", and
    "respondents" in "83 percent of Chinese respondents"."""
    rest = text[end : end + 80]
    words = [(m.group(0), m.start()) for m in _WORD.finditer(rest)]
    if not words or rest[: words[0][1]].strip(" ") not in ("",):
        return ""
    picked: list[str] = []
    for word, _ in words[:4]:
        lower = word.lower().strip("'’-")
        if lower == "of" and not picked:
            continue
        if lower in _STOP:
            break
        picked.append(lower)
        if lower.endswith("s") and len(lower) > 3 and not lower.endswith("ss") or lower in _PLURALS:
            break
    # The noun is the last word picked ("Chinese respondents" -> "respondents"), a plural.
    noun = picked[-1] if picked else ""
    if noun.endswith("s") and not noun.endswith("ss") or noun in _PLURALS:
        return noun
    return ""


_BARE = re.compile(r"(?<![\w.,$€£¥])(?:" + _NUMBER.pattern + r")(?![\w.,]?\d)")
_LOW_RANGE = re.compile(r"(" + _NUMBER.pattern + r")\s*[" + _DASH + r"]\s*$")
_HIGH_RANGE = re.compile(r"\s*[" + _DASH + r"]\s*(" + _NUMBER.pattern + r")")
_NUMBER_HEAD = re.compile(r"^.*?\d[\d,.]*")
_TRAILING = re.compile(r"^.*?\d[\d,.]*\s*(?:(?:trillion|billion|million|thousand|hundred|bn|mn|tn)\b)?\s*", re.I)
_PLURALS = frozenset({"people", "staff", "children", "men", "women"})
_MEASURED_IN = re.compile(r"\b(?:measured|counted|expressed|in\s+terms)\s+(?:in|of)\s+([^\W\d_]+)", re.I)


def _period_of(text: str, start: int, end: int, dates: list[tuple[int, int, str]]) -> str:
    """The period the sentence gives for a figure: the date or year closest to it."""
    best: tuple[int, str] | None = None
    for d_start, d_end, d_text in dates:
        if d_start <= start < d_end:
            continue
        distance = start - d_end if d_end <= start else d_start - end
        before = _PERIOD_BEFORE.search(text[max(0, d_start - 40) : d_start])
        label = (before.group(0).strip() + " " if before else "") + d_text
        label = re.sub(r"^(?:the|in|during|on|by|from|since|as of|until)\s+", "", label, flags=re.I)
        label = re.sub(r"^the\s+", "", label, flags=re.I)
        if best is None or distance < best[0]:
            best = (distance, label)
    return best[1] if best else ""


def _date_range(text: str, start: int, end: int) -> tuple[int, float | None]:
    """A date like "February 16" followed by "–22" or " to 15": the new end and the high day."""
    match = _RANGE_END.match(text, end)
    if match and re.search(r"\d$", text[start:end]):
        return match.end(), float(match.group(1))
    return end, None


def extract(text: str) -> list[Figure]:
    """The figures of `text` (a quote or a sentence), offsets into it."""
    spans = [(s, e) for s, e, kind in signal_spans(text) if kind == "figure"]
    # Bare numbers the lexer leaves alone when a plural noun follows ("40 stores").
    taken = list(spans)
    for match in _BARE.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken) and _counted_after(text, match.end()):
            spans.append(match.span())
    spans.sort()
    raw: list[Figure] = []
    for start, end in spans:
        words = text[start:end]
        lower = words.lower()
        first = lower.split()[0] if lower.split() else ""
        if (
            first.strip(".") in MONTHS
            or re.match(r"\d{1,2}\s+[a-z]", lower)
            and any(w.strip(".") in MONTHS for w in lower.split())
        ):
            end, high = _date_range(text, start, end)
            raw.append(Figure(text[start:end], start, end, "date", None, high))
            continue
        if re.fullmatch(r"(?:1[89]|20)\d{2}s?", words):
            raw.append(Figure(words, start, end, "year", float(words.rstrip("s"))))
            continue
        value = parse_number(words)
        if value is None:
            continue
        low = _LOW_RANGE.search(text[max(0, start - 16) : start])
        if low and re.match(r"\d", words):
            # "10-12 million": the range began before the span
            start -= len(text[max(0, start - 16) : start]) - low.start()
            high_value, value = value, float(low.group(1).replace(",", ""))
        else:
            high_value = None
        value *= _scale(_NUMBER_HEAD.sub("", words))
        if high_value is not None:
            high_value *= _scale(_NUMBER_HEAD.sub("", words))
        currency = _currency(words)
        if currency:
            kind, unit = "money", currency
        elif "%" in words or "percent" in lower or "per cent" in lower:
            kind, unit = "percent", "percent"
        else:
            kind, unit = "number", ""
            trailing = _TRAILING.sub("", words)
            unit = trailing.lower()
        high = high_value
        ranged = None if high is not None else _HIGH_RANGE.match(text, end)
        if ranged:
            high = float(ranged.group(1).replace(",", "")) * _scale(_NUMBER_HEAD.sub("", words))
            end += match.end()
        counted = unit if unit and kind == "number" else _counted_after(text, end)
        raw.append(Figure(text[start:end], start, end, kind, value, high, "" if unit == counted else unit, counted))
    dates = [(f.start, f.end, f.text) for f in raw if f.kind in ("date", "year")]
    measured = _MEASURED_IN.search(text)
    figures: list[Figure] = []
    for fig in raw:
        if fig.kind in ("date", "year"):
            figures.append(fig)
            continue
        counted = fig.counted
        if not counted:
            # Another figure of the same shape counts something: "4.12 trillion ... the 2.94
            # trillion tokens"; or the sentence says what it is measured in.
            same = [o.counted for o in raw if o.counted and o.kind == fig.kind and _magnitude(o) == _magnitude(fig)]
            if same:
                counted = same[0]
            elif measured:
                counted = measured.group(1).lower()
        figures.append(
            Figure(
                fig.text,
                fig.start,
                fig.end,
                fig.kind,
                fig.value,
                fig.high,
                fig.unit,
                counted,
                _period_of(text, fig.start, fig.end, dates),
            )
        )
    return figures


def _magnitude(fig: Figure) -> int:
    import math

    return int(math.log10(abs(fig.value))) // 3 if fig.value else 0


@lru_cache(maxsize=50_000)
def claim_figures(quote: str, sentence: str = "") -> list[Figure]:
    """The figures of a claim's quote, read within its sentence (the sentence gives the
    counted thing or the period when the quote leaves them out). Offsets are into the quote
    when the quote holds the figure; figures only in the sentence are left out."""
    context = sentence if sentence and quote in sentence else ""
    if not context:
        return extract(quote)
    base = context.find(quote)
    inside = [f for f in extract(context) if f.start >= base and f.end <= base + len(quote) + 8]
    out = []
    for f in inside:
        end = min(f.end, base + len(quote))
        out.append(
            Figure(
                context[f.start : end], f.start - base, end - base, f.kind, f.value, f.high, f.unit, f.counted, f.period
            )
        )
    return out


def first_time(text: str) -> bool:
    """Whether the text tells of something happening for the first time."""
    return FIRST_TIME.search(text) is not None


def content_words(text: str) -> set[str]:
    """The words that carry meaning, lower-cased, plurals folded ("tokens" -> "token")."""
    words = set()
    for match in _WORD.finditer(text.lower()):
        word = match.group(0).strip("'’-")
        if len(word) < 3 or word in _STOP:
            continue
        if word.endswith("s") and len(word) > 4 and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


__all__ = ["Figure", "claim_figures", "content_words", "extract", "first_time", "parse_number"]
