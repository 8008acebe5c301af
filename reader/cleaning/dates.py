"""Publication dates written out in text, read as ISO 8601 (YYYY-MM-DD).

Only full dates (day, month and year) count: "March 4, 2026", "Mar. 4, 2026", "4 March
2026", "2026-03-04" (also with "/" or "." between the numbers, or a time after a "T").
A date whose day and month could be swapped ("03/04/2026") is left alone: a wrong date is
worse than none.
"""

from __future__ import annotations

import re
from typing import Final

_MONTHS: Final = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# A month name, whole or cut short (with or without a full stop): "March", "Mar.", "Sept".
_MONTH: Final = (
    r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR: Final = r"(?P<{}>(?:19|20)\d\d)"
_DAY: Final = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE: Final = re.compile(
    r"(?<![\w-])(?:"
    + _YEAR.format("y1")
    + r"[-/.](?P<m1>[01]?\d)[-/.](?P<d1>[0-3]?\d)(?![\d])"  # 2026-03-04
    + r"|"
    + _MONTH.format("m2")
    + r"\s+"
    + _DAY.format("d2")
    + r",?\s+"
    + _YEAR.format("y2")  # March 4, 2026
    + r"|"
    + _DAY.format("d3")
    + r"\s+(?:of\s+)?"
    + _MONTH.format("m3")
    + r",?\s+"
    + _YEAR.format("y3")  # 4 March 2026
    + r")(?!\d)",
    re.IGNORECASE,
)


def _iso(year: int, month: int, day: int) -> str:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month(name: str) -> int:
    return _MONTHS.get(name.lower().rstrip(".")[:4], 0) or _MONTHS.get(name.lower()[:3], 0)


def find_date(text: str) -> tuple[str, int, int]:
    """The first full date in `text` as ISO 8601, and where it starts and ends; ("", -1,
    -1) if none."""
    for found in _DATE.finditer(text):
        groups = found.groupdict()
        if groups["y1"]:
            iso = _iso(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
        elif groups["y2"]:
            iso = _iso(int(groups["y2"]), _month(groups["m2"]), int(groups["d2"]))
        else:
            iso = _iso(int(groups["y3"]), _month(groups["m3"]), int(groups["d3"]))
        if iso:
            return iso, found.start(), found.end()
    return "", -1, -1


# A dateline: at most a place (capitalised words, a comma, a parenthesised agency) before
# the date, and a dash after it (perhaps after the agency): "LONDON, March 4, 2026 - ...".
_DATELINE_PLACE: Final = re.compile(r"^(?:[A-Z][\w.'’-]*,? ?){0,4}(?:\([^()]{1,30}\),? ?)?$")
_DATELINE_END: Final = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:[—–]|--?)\s")
_DATELINE_REACH: Final = 40  # characters a place may take before the date
DATELINE_CHARS: Final = _DATELINE_REACH + 40  # where a dateline, date and dash, stands


def dateline_date(paragraph: str) -> str:
    """The date of a dateline opening a paragraph, as ISO 8601, or ""."""
    head = paragraph[:DATELINE_CHARS]
    if "—" not in head and "–" not in head and "-" not in head:
        return ""  # (most paragraphs: no dash, so no dateline, and no search for a date)
    date, start, end = find_date(head)
    if not date or start > _DATELINE_REACH or not _DATELINE_PLACE.match(head[:start]):
        return ""
    return date if _DATELINE_END.match(head, end) else ""


def as_iso_date(text: str) -> str:
    """A date given on its own (front matter, page metadata) as ISO 8601, or ""."""
    return find_date(text)[0]
