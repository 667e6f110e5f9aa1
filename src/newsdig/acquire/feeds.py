"""RSS/Atom feeds: candidate article URLs with dates, and feed links on HTML pages.

Pure functions over bytes; nothing here fetches. feedparser is given bytes (never a string it
could take for a URL or a path) and, as defence in depth against XXE and entity expansion, any
DOCTYPE is cut off first: feeds never need one (feedparser knows the HTML entities itself).
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from lxml import etree
from lxml import html as lxml_html

from newsdig.extract.urls import normalise_url
from newsdig.formats import gunzip, is_gzip

MAX_FEED_BYTES = 32 * 1024 * 1024
MAX_CANDIDATES = 50_000  # the sitemap protocol's own per-file limit; plenty for a feed
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/feed+json")
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
_FEED_ROOTS = {"rss", "feed", "rdf", "channel"}


@dataclass(frozen=True)
class Candidate:
    """An article URL announced by a feed or sitemap (normalised), with what it said about it."""

    url: str
    published: str | None = None  # ISO 8601 (a timestamp in UTC, or a bare date)
    title: str | None = None


def unpack(body: bytes, limit: int = MAX_FEED_BYTES) -> bytes | None:
    """The document bytes: gunzipped (bounded) when gzip, None when the gzip is corrupt or too big."""
    if is_gzip(body):
        return gunzip(body, limit)
    return body


def strip_doctype(body: bytes) -> bytes:
    """Drop DOCTYPE declarations (with any internal subset: entity definitions live there)."""
    if b"<!DOCTYPE" not in body[:65536].upper():
        return body
    return _DOCTYPE.sub(b"", body, count=1)


def safe_xml_parser() -> etree.XMLParser:
    """An lxml parser that never resolves entities, loads DTDs or touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, recover=True, remove_comments=True, remove_pis=True)


def root_name(body: bytes) -> str | None:
    """Local name of the root element of an XML document (lowercase), or None if none parses."""
    try:
        root = etree.fromstring(strip_doctype(body.lstrip()), parser=safe_xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return etree.QName(root).localname.lower()


def looks_like_feed(body: bytes) -> bool:
    """True when the (possibly gzipped) bytes are an RSS, RDF or Atom document."""
    data = unpack(body)
    return bool(data) and root_name(data) in _FEED_ROOTS


def iso_from_struct(value: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time as an ISO 8601 timestamp."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat(timespec="seconds")
    except (OverflowError, ValueError, OSError):
        return None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    text = " ".join(title.split())
    return text[:1000] or None


def parse_feed(body: bytes, base_url: str) -> list[Candidate]:
    """Candidate article URLs of an RSS/Atom feed, in feed order; [] when it is no feed."""
    data = unpack(body)
    if not data:
        return []
    parsed = feedparser.parse(strip_doctype(data), response_headers={"content-location": base_url})
    seen: set[str] = set()
    found: list[Candidate] = []
    for entry in parsed.get("entries", []):
        link = entry.get("link") or _first_alternate(entry) or entry.get("id")
        url = normalise_url(link, base=base_url) if isinstance(link, str) else None
        if not url or url in seen:
            continue
        seen.add(url)
        published = iso_from_struct(entry.get("published_parsed") or entry.get("updated_parsed")
                                    or entry.get("created_parsed"))
        found.append(Candidate(url, published, _clean_title(entry.get("title"))))
        if len(found) >= MAX_CANDIDATES:
            break
    return found


def _first_alternate(entry: dict) -> str | None:
    for link in entry.get("links", []) or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def find_feed_links(html: bytes, base_url: str) -> list[str]:
    """Feed URLs a page announces with <link rel="alternate" type="application/rss+xml|atom+xml">."""
    if not html or not html.strip():
        return []
    try:
        doc = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rels or kind not in FEED_TYPES or kind == "application/feed+json":
            continue
        url = normalise_url(link.get("href"), base=base_url)
        if url and url not in found:
            found.append(url)
    return found
