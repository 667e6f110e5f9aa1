"""XML sitemaps (urlset and sitemapindex, Google News extensions, gzip) and robots.txt Sitemap: lines.

Pure functions over bytes. lxml parses with entity resolution, DTD loading and network access off
(XXE-safe) and in recover mode, so a sitemap with junk in it still yields what it can.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from lxml import etree
from protego import Protego

from newsdig.acquire.feeds import MAX_CANDIDATES, Candidate, safe_xml_parser, strip_doctype, unpack
from newsdig.extract.urls import normalise_url

MAX_CHILDREN = 50_000


@dataclass
class SitemapPage:
    """What one sitemap file lists: article candidates (urlset) and child sitemaps (sitemapindex)."""

    candidates: list[Candidate] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    # lastmod of each child as the index gives it (ISO), to skip old children without fetching
    child_lastmod: dict[str, str] = field(default_factory=dict)
    kind: str | None = None  # "urlset" | "sitemapindex" | "text" | None (not a sitemap)

    @property
    def ok(self) -> bool:
        return self.kind is not None


def iso_date(value: str | None) -> str | None:
    """A W3C datetime ("2026-01-02", "2026-01-02T10:00+01:00", ...Z) as ISO: UTC timestamp or bare date."""
    if not value:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).isoformat(timespec="seconds")


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: etree._Element, *path: str) -> str | None:
    """Text of the first descendant reached by local names `path` (namespace-agnostic)."""
    current = [element]
    for name in path:
        current = [c for e in current for c in e if _local(c) == name]
        if not current:
            return None
    text = current[0].text
    return text.strip() if text and text.strip() else None


def parse_sitemap(body: bytes, base_url: str) -> SitemapPage:
    """Parse a sitemap (urlset or sitemapindex, plain or gzipped, or a plain-text URL list)."""
    data = unpack(body)
    page = SitemapPage()
    if not data or not data.strip():
        return page
    data = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not data.startswith(b"<"):
        return _parse_text(data, base_url)
    try:
        root = etree.fromstring(strip_doctype(data), parser=safe_xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return page
    if root is None:
        return page
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        return page
    page.kind = kind
    seen: set[str] = set()
    for entry in root:
        name = _local(entry)
        if name == "url" and len(page.candidates) < MAX_CANDIDATES:
            url = normalise_url(_child_text(entry, "loc"), base=base_url)
            if not url or url in seen:
                continue
            seen.add(url)
            published = (iso_date(_child_text(entry, "news", "publication_date"))
                         or iso_date(_child_text(entry, "lastmod")))
            title = _child_text(entry, "news", "title")
            page.candidates.append(Candidate(url, published, " ".join(title.split()) if title else None))
        elif name == "sitemap" and len(page.children) < MAX_CHILDREN:
            url = normalise_url(_child_text(entry, "loc"), base=base_url)
            if not url or url in seen:
                continue
            seen.add(url)
            page.children.append(url)
            lastmod = iso_date(_child_text(entry, "lastmod"))
            if lastmod:
                page.child_lastmod[url] = lastmod
    return page


def _parse_text(data: bytes, base_url: str) -> SitemapPage:
    """A text sitemap: one absolute URL per line, nothing else (else it is no sitemap)."""
    page = SitemapPage()
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    if not lines or not all(line.lower().startswith(("http://", "https://")) and " " not in line
                            for line in lines):
        return page
    page.kind = "text"
    seen: set[str] = set()
    for line in lines[:MAX_CANDIDATES]:
        url = normalise_url(line, base=base_url)
        if url and url not in seen:
            seen.add(url)
            page.candidates.append(Candidate(url))
    return page


def looks_like_sitemap(body: bytes) -> bool:
    """True when the (possibly gzipped) bytes are an XML sitemap or sitemap index."""
    return parse_sitemap(body, "http://sniff.invalid/").kind in ("urlset", "sitemapindex")


def robots_sitemaps(robots_txt: str, base_url: str | None = None) -> list[str]:
    """The Sitemap: URLs of a robots.txt (resolved against `base_url` when relative), in order."""
    try:
        parser = Protego.parse(robots_txt or "")
        listed = list(parser.sitemaps)
    except Exception:  # a robots.txt is untrusted junk as often as not
        return []
    found: list[str] = []
    for raw in listed:
        url = normalise_url(raw, base=base_url)
        if url and url not in found:
            found.append(url)
    return found
