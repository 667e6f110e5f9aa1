"""URLs that identify articles: normalised canonical URLs, registered domains, synthetic URLs.

An article's id is a hash of its canonical URL, so the same page must normalise to the same
string whichever way it came in: lowercase host, no tracking parameters, no fragment.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import courlan

from newsdig.models import content_hash

WEB_SCHEMES = ("http", "https")
_WARC_OFFSET = re.compile(r"@\d+$")  # "file.warc.gz@1234" names a record, not a file


def normalise_url(url: str | None, base: str | None = None) -> str | None:
    """A web URL in canonical form, resolved against `base`; None if it is not a web URL."""
    if not url:
        return None
    url = url.strip()
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or "." not in (parts.hostname or ""):
        return None
    cleaned = courlan.clean_url(url)
    if not cleaned:
        return None
    scheme, netloc, path, query, _fragment = urlsplit(cleaned)
    return urlunsplit((scheme, netloc.lower(), path or "/", query, ""))


def is_web_url(url: str | None) -> bool:
    """True for http(s) URLs, the only ones with a domain to group by."""
    return bool(url) and urlsplit(url).scheme.lower() in WEB_SCHEMES


def _is_homepage(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def choose_canonical(declared: list[str | None], url: str | None) -> str | None:
    """The first usable canonical URL the page declares, else the normalised capture URL.

    A canonical pointing at a site's home page is a template bug (it would merge every article
    of the site into one id), so it is ignored; relative ones are resolved against `url`.
    """
    own = normalise_url(url) if is_web_url(url) else None
    for candidate in declared:
        canonical = normalise_url(candidate, base=own)
        if canonical and not _is_homepage(canonical):
            return canonical
    return own


def registered_domain(url: str | None) -> str | None:
    """The registrable domain of a web URL (``www.bbc.co.uk`` -> ``bbc.co.uk``), public-suffix aware."""
    if not is_web_url(url):
        return None
    try:
        domain = courlan.extract_domain(url)
    except (ValueError, AttributeError):
        domain = None
    return domain.lower() if domain else None


def origin_path(origin: str) -> PurePath | None:
    """The file path an origin names, or None for stdin, WARC records and empty origins."""
    if not origin or origin == "-" or _WARC_OFFSET.search(origin) or "://" in origin:
        return None
    return PurePath(origin)


def synthetic_url(origin: str, text: str) -> str:
    """A stable URL for a capture without one: its file path, else a hash of its text."""
    path = origin_path(origin)
    if path is not None:
        # absolute paths give file:///abs/path; a relative one stays relative (file:dir/name)
        posix = quote(path.as_posix(), safe="/:@-._~")
        return f"file://{posix}" if path.is_absolute() else f"file:{posix}"
    return f"urn:newsdig:sha256:{content_hash(text)}"
