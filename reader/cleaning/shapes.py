"""Shape tests for a single line of text: the vocabulary every cleaning step judges with.

They look at length, case, punctuation and position, never at the topic's words, so they
hold for articles the cleaner has not seen.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

# Sentence-final punctuation (also CJK), and what may close a sentence after it.
_FINAL: Final = frozenset(".!?。！？…")
_CLOSERS: Final = "\"'”’»)]"
_OPENERS: Final = frozenset("\"'“‘«([")
_ELLIPSIS_END: Final = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
# "By NAME", "Written by NAME", "Edited by NAME" and the same in a few other languages.
_BY_WORDS: Final = ("written", "edited", "reported", "compiled", "words", "text", "story", "reporting")  # "... by"
_BYLINE_ALONE: Final = ("by", "por", "par", "von", "door", "di", "av")
_BYLINE_OPENERS: Final = _BY_WORDS + _BYLINE_ALONE
_BYLINE_WORDS: Final = rf"^(?:(?:{'|'.join(_BY_WORDS)})\s+by|{'|'.join(_BYLINE_ALONE)})\s*:?\s+"
_BYLINE: Final = re.compile(_BYLINE_WORDS + r"(?P<name>.+?)\s*$", re.IGNORECASE)
_BYLINE_OPENING: Final = re.compile(_BYLINE_WORDS, re.IGNORECASE)  # what every byline opens with
# Letters the pattern's ignore-case takes for these ASCII ones besides their own two cases
# (tests/cleaning/test_fast_paths.py checks it against the pattern for every character).
_IGNORECASE_ALSO: Final = {"s": "\u017f", "i": "\u0130\u0131", "k": "\u212a"}


def _cases(letter: str) -> str:
    return letter + letter.upper() + _IGNORECASE_ALSO.get(letter, "")


# The first two characters of every line the opening can match: most lines are told apart
# by them at once (the pattern's alternatives cost about a microsecond a line).
_BYLINE_PREFIXES: Final = frozenset(a + b for word in _BYLINE_OPENERS for a in _cases(word[0]) for b in _cases(word[1]))
_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_BYLINE_TAIL: Final = re.compile(r"\s*[|／/·•–—,]\s*[^|／/·•–—]*\d[^|／/·•–—]*$")
_URL: Final = re.compile(r"https?://[^\s<>\"'”’)\]]+")
# Small words that stay lower case inside a title (English title case; other scripts have no case).
# Steps ask the same questions of the same lines many times; the answers are pure functions
# of the text, so the costly ones are memoised (bounded, so memory stays flat on big
# collections). A memo hashes its argument, which for a new string reads all of it: checks
# that look at a few characters, or count spaces, run without one (measured compiled:
# bench/bench_instructions.py).
_memo = lru_cache(maxsize=8192)

SMALL_WORDS: Final = frozenset(
    "a an and as at but by de del for from in into nor of on or per the to vs via with la le el y e".split()
)


def words(text: str) -> list[str]:
    return text.split()


def has_spaces(text: str, count: int, start: int = 0) -> bool:
    """`text.count(" ", start) >= count`, counted in the first 16 characters a space asked
    for before the whole rest: the questions are about a dozen spaces, the paragraphs asked
    about hundreds of characters long."""
    window = start + 16 * count
    return text.count(" ", start, window) >= count or len(text) > window and text.count(" ", start) >= count


def word_count(text: str) -> int:
    """Words in a block's text; blocks hold single spaces only, so counting them is enough.

    Chinese, Japanese and Korean write without spaces: there two characters count as a word.
    """
    if not text:
        return 0
    spaced = text.count(" ") + 1
    if text.isascii() or not _CJK.search(text):  # curly quotes make most text non-ASCII
        return spaced
    return spaced + len(_CJK.findall(text)) // 2


def ends_sentence(text: str) -> bool:
    """Whether `text` ends in sentence-final punctuation, closing quotes and brackets aside.

    What the regex `[.!?。！？…]["'”’»)\\]]*$` says on the tail, without the regex: this runs
    for almost every block (tests/cleaning/test_shapes.py holds the regex as the oracle).
    """
    if text[-1:] in _FINAL:
        return True  # most sentences: the last character settles it
    tail = text[-8:]  # only the tail can match: looking at it alone keeps long paragraphs cheap
    if tail[-1:] == "\n":  # as the regex's `$` would
        tail = tail[:-1]
    tail = tail.rstrip(_CLOSERS)
    return tail[-1:] in _FINAL


def ends_with_ellipsis(text: str) -> bool:
    return bool(_ELLIPSIS_END.search(text[-8:]))


def starts_lower(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return bool(first) and first.islower() and text[:1].isalpha()


def starts_upper(text: str) -> bool:
    """True when the line opens with a capital, a digit or a quote (a possible sentence start)."""
    at = 0
    while text[at : at + 1] in _OPENERS:  # (a loop, not lstrip: no copy of a long paragraph)
        at += 1
    first = text[at : at + 1]
    return bool(first) and (first.isupper() or first.isdigit() or (first.isalpha() and not first.islower()))


# The memoised shapes below first settle what their opening tests settle without the
# memo: hashing a paragraph for it cost more than those tests (`len`, a pattern anchored
# at the first character), and most lines are settled by them.


def is_prose(text: str) -> bool:
    """A paragraph of running text: enough words, and a sentence's end or a sentence's length."""
    return len(text) >= 400 or _is_prose(text)


@_memo
def _is_prose(text: str) -> bool:
    # The spaces alone settle most lines (words are at least spaces + 1), sparing
    # word_count its look for CJK characters, which reads the whole line.
    spaced = text.count(" ") + 1
    if spaced >= 20 or spaced >= 8 and ends_sentence(text) or len(text) >= 120 and spaced >= 6:
        return True
    n = word_count(text)
    return (n >= 8 and ends_sentence(text)) or n >= 20 or (len(text) >= 120 and n >= 6)


@lru_cache(maxsize=65536)  # words recur far more than lines do
def is_title_case_word(word: str) -> bool:
    core = word.strip("\"'“”‘’«»()[]:;,.!?—–-")
    if not core or not any(ch.isalpha() for ch in core):
        return True  # numbers and symbols do not break a title
    first = next(ch for ch in core if ch.isalpha())
    return not first.islower() or core.lower() in SMALL_WORDS


@_memo
def is_title_case(text: str) -> bool:
    ws = words(text)
    return bool(ws) and all(is_title_case_word(w) for w in ws) and starts_upper(text)


def is_heading_like(text: str, max_words: int = 25) -> bool:
    """A headline or subheading: short, no sentence punctuation at the end, opens like a sentence."""
    if len(text) > 200:
        return False
    n = word_count(text)
    return 1 <= n <= max_words and not text.endswith((".", ",", ";", ":", "-")) and starts_upper(text)


def is_label(text: str) -> bool:
    """A section label: a word or three, no end punctuation ("INSIGHTS", "Opinion", "Hi! Tech")."""
    return len(text) <= 32 and _is_label(text)


@_memo
def _is_label(text: str) -> bool:
    ws = words(text)
    if not 1 <= len(ws) <= 4 or any(ch in text for ch in "()[]:;/|") or text[0].isdigit():
        return False
    return is_heading_like(text) and not ends_sentence(text)


def byline_name(text: str) -> str | None:
    """The name in a byline line ("Edited by GONG Qian" gives "GONG Qian"), else None."""
    return _byline_name(text) if text[:2] in _BYLINE_PREFIXES and _BYLINE_OPENING.match(text) else None


@_memo
def _byline_name(text: str) -> str | None:
    match = _BYLINE.match(text)
    if not match:
        return None
    # "NAME | 1 May 2024", "NAME ／ 2016.12.01": the date after a separator is not the name.
    name = _BYLINE_TAIL.sub("", match.group("name")).strip()
    ws = words(name)
    if not 1 <= len(ws) <= 8 or len(name) > 80 or ends_sentence(name) and not name.endswith("."):
        return None
    first = name.lstrip("\"'“‘«([")[:1]
    if not (first.isalpha() and not first.islower()):
        return None  # a name starts with a capital letter
    return name


def find_url(text: str) -> str | None:
    match = _URL.search(text)
    return match.group(0).rstrip(".,;:") if match else None
