"""Publication dates written in text ("Published 28 April 2025", "2025-04-28T10:00Z").

htmldate has no plain-text mode, and the formats a scraper leaves at the top of a text capture
are few, so a small regex does; it also lets the chrome remover drop bare datelines.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = (
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    r"(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?)"
)
_DMY = rf"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_NAMES})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
_MDY = rf"(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

# "28 April 2025", "April 28, 2025", "2025-04-28", each optionally after a weekday
DATE_RE = re.compile(rf"\b{_WEEKDAY}(?:{_ISO}|{_DMY}|{_MDY})(?!\d)", re.IGNORECASE)
_TIME = r"(?:\s*[,|–—-]?\s*(?:at\s+)?[0-2]?\d[:.][0-5]\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?"
_LABEL = (
    r"(?:(?:first\s+)?published|updated|last\s+(?:updated|modified)|posted|date)?"
    r"(?:\s+(?:on|at))?\s*:?\s*"
)

# A line that is nothing but a (labelled) date: furniture once the date is read.
DATELINE_RE = re.compile(rf"^{_LABEL}(?:{DATE_RE.pattern}){_TIME}\.?$", re.IGNORECASE)
MAX_DATELINE_CHARS = 80


def _iso_from_match(match: re.Match[str]) -> str | None:
    """Turn one DATE_RE match into an ISO 8601 string, or None if the calendar says no."""
    if match["iso"]:
        year, month, day = int(match["iy"]), int(match["im"]), int(match["id"])
        stamp = match["iso"]
    elif match["d1"]:
        year, month, day = int(match["y1"]), MONTHS[match["m1"].lower()], int(match["d1"])
        stamp = None
    else:
        year, month, day = int(match["y2"]), MONTHS[match["m2"].lower()], int(match["d2"])
        stamp = None
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    # keep a full timestamp when the text gives one, else the bare date
    return stamp.replace(" ", "T") if stamp and len(stamp) > len("2025-04-28") else parsed.isoformat()


def find_date(text: str) -> str | None:
    """Return the first calendar-valid date in `text` as ISO 8601, or None."""
    for match in DATE_RE.finditer(text):
        iso = _iso_from_match(match)
        if iso:
            return iso
    return None


def is_dateline(line: str) -> bool:
    """True for a short line that only states a date, e.g. "Published 28 April 2025, 10:32 GMT"."""
    return len(line) <= MAX_DATELINE_CHARS and DATELINE_RE.match(line.strip()) is not None
