"""Small, pure view helpers of the HTML pages: safe and readable URLs, dates, language names,
and the parsing of page parameters (bad values fall back to defaults, never an error page; only
a query over the length limit is refused, with a 400 page).

Apart from pages.py so the route modules (pages, pages_enrich, feeds) share them without
importing each other's routes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlencode, urlsplit

from newsdig.search.engine import SORTS
from newsdig.serve.errors import ApiError
from newsdig.serve.limits import MAX_OFFSET, MAX_QUERY_CHARS

PAGE_SIZE = 10

# The search page's "Match" choices (modes.MODES, in words a reader knows), offered only when
# semantic search is available. The default is keyword, as for /api/search and `newsdig search`:
# one query means the same results on every surface unless the reader asks otherwise.
SEARCH_MODES = (("keyword", "Words"), ("semantic", "Meaning"), ("hybrid", "Both"))
DEFAULT_MODE = "keyword"

LANGUAGE_NAMES = {
    "ar": "Arabic", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}
_LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL fit for an href, else None (no link)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(c) < 0x21 or c == "\x7f" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def display_url(url: str | None) -> str:
    """"host › path › segments" for showing (not linking) a URL; the raw string otherwise."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s][:3]
    shown = [s if len(s) <= 40 else s[:38] + "…" for s in segments]
    return " › ".join([host, *shown])


def lang_code(value: str | None) -> str | None:
    """A language code fit for a `lang` attribute and a `lang:` filter, else None."""
    code = (value or "").strip().lower()
    return code if _LANG_CODE.fullmatch(code) else None


def language_name(value: str | None) -> str:
    code = (value or "").strip().lower()
    return LANGUAGE_NAMES.get(code.split("-")[0], code) if code else ""


def parse_when(value: str | None) -> tuple[date | datetime | None, bool]:
    """(parsed, has_time) from an ISO date or datetime string."""
    if not value:
        return None, False
    text = value.strip()
    try:
        if len(text) <= 10:
            if _MONTH.fullmatch(text):
                return date.fromisoformat(text + "-01"), False
            return date.fromisoformat(text), False
        return datetime.fromisoformat(text.replace("Z", "+00:00")), True
    except ValueError:
        return None, False


def nice_date(value: str | None, with_time: bool = False) -> str:
    """'4 Mar 2025' (and ', 10:30' when asked and known); the raw text when unreadable."""
    parsed, has_time = parse_when(value)
    if parsed is None:
        return value or ""
    label = f"{parsed.day} {parsed:%b %Y}"
    if with_time and has_time and isinstance(parsed, datetime):
        label += f", {parsed:%H:%M}"
    return label


def month_label(value: str, long: bool = False) -> str:
    match = _MONTH.fullmatch(value)
    if not match:
        return value
    month = date(int(match.group(1)), int(match.group(2)), 1)
    return f"{month:%B %Y}" if long else f"{month:%b %Y}"


def month_range(value: str) -> tuple[date, date] | None:
    match = _MONTH.fullmatch(value)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    start = date(year, month, 1)
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, end


def search_url(q: str, sort: str = "relevance", offset: int = 0, collapse: bool = True,
               mode: str = DEFAULT_MODE) -> str:
    """A results page URL; defaults are left out so links stay short and shareable."""
    params: dict[str, str] = {"q": q}
    if sort != "relevance":
        params["sort"] = sort
    if offset:
        params["offset"] = str(offset)
    if not collapse:
        params["collapse"] = "0"
    if mode != DEFAULT_MODE:
        params["mode"] = mode
    return "/search?" + urlencode(params)


def with_mode(url: str, mode: str) -> str:
    """A results page link built without a mode (by code that does not know of modes), with it."""
    if mode == DEFAULT_MODE or not url.startswith("/search?") or "&mode=" in url:
        return url
    return url + "&" + urlencode({"mode": mode})


def feed_url(q: str) -> str:
    return "/feed?" + urlencode({"q": q})


def parse_offset(value: str | None) -> int:
    """A page-aligned offset; anything unreadable or negative means the first page."""
    try:
        offset = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    offset = min(max(offset, 0), MAX_OFFSET)
    return offset - offset % PAGE_SIZE


def parse_sort(value: str | None) -> str:
    value = (value or "").strip().lower()
    return value if value in SORTS else "relevance"


def parse_mode(value: str | None) -> str:
    """A known search mode, else the default (whether it can run here is the page's question)."""
    value = (value or "").strip().lower()
    return value if value in dict(SEARCH_MODES) else DEFAULT_MODE


def parse_collapse(value: str | None) -> bool:
    """Copies are folded unless the link says otherwise (collapse=0/false/off/no)."""
    return (value or "").strip().lower() not in ("0", "false", "off", "no")


def check_query_length(q: str) -> None:
    """A query over MAX_QUERY_CHARS is a 400 (a page for browsers), as on the API: echoing it back
    cut, in the box, the title and every link, would make one request cost megabytes."""
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError(400, f"The search is too long: {len(q):,} characters, and the limit is "
                            f"{MAX_QUERY_CHARS:,}. Shorten it and search again.")
