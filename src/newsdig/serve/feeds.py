"""Feeds and discovery: an Atom feed for every search, and an OpenSearch description.

`GET /feed?q=…` is the search sorted by date (newest first) as Atom 1.0, so a saved search
becomes an alert in any feed reader. The XML is built with ElementTree (which escapes text and
attributes) after removing the characters XML 1.0 cannot carry at all, so any query and any
article text give a well-formed document.

Each entry's `alternate` link is the article view here (it always exists, also for articles
imported from files); the original page, when it has an http(s) URL, is a `related` link —
RFC 4287 allows only one `alternate` per media type.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from newsdig import __version__
from newsdig.errors import NewsdigError
from newsdig.index.document import parse_published
from newsdig.search.results import Hit
from newsdig.serve.state import ServerState
from newsdig.serve.viewhelpers import check_query_length, safe_url

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

FEED_ENTRIES = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = "application/atom+xml"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"

# Characters not allowed anywhere in an XML 1.0 document (controls, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _sub(parent: ET.Element, tag: str, text: object = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _catalog_info(state: ServerState, ids: list[str]) -> dict[str, tuple[str | None, list[str]]]:
    """id -> (updated_at, authors) for the entries; empty when the catalog cannot be read."""
    if not ids or not state.home.catalog_path.exists():
        return {}
    marks = ", ".join("?" for _ in ids)
    try:
        with state.catalog() as conn:
            rows = conn.execute(
                f"SELECT id, updated_at, authors FROM articles WHERE id IN ({marks})", ids
            ).fetchall()
    except (sqlite3.Error, NewsdigError) as err:
        log.warning("cannot read the catalog for the feed: %s", err)
        return {}
    info: dict[str, tuple[str | None, list[str]]] = {}
    for row in rows:
        try:
            authors = [str(a) for a in json.loads(row["authors"] or "[]") if str(a).strip()]
        except (ValueError, TypeError):
            authors = []
        info[row["id"]] = (row["updated_at"], authors)
    return info


def _search(state: ServerState, query: str) -> list[Hit]:
    if not query.strip():
        return []
    try:
        return state.searcher.search(query, limit=FEED_ENTRIES, sort="date", with_facets=False).hits
    except NewsdigError as err:  # no index yet: an empty (still valid) feed
        log.info("feed without results: %s", err)
        return []


def build_feed(request: Request, query: str) -> bytes:
    state: ServerState = request.app.state.newsdig
    base = _base(request)
    query = query.strip()
    hits = _search(state, query)
    info = _catalog_info(state, [hit.id for hit in hits])
    now = datetime.now(UTC)

    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    self_url = f"{base}/feed?{urlencode({'q': query})}"
    html_url = f"{base}/search?{urlencode({'q': query, 'sort': 'date'})}" if query else f"{base}/"
    _sub(feed, "title", f"newsdig: {query}" if query else "newsdig")
    subtitle = f"Newest articles matching {query}" if query else "Add ?q= to get a search as a feed"
    _sub(feed, "subtitle", subtitle)
    _sub(feed, "id", self_url)
    _sub(feed, "link", rel="self", type=ATOM_TYPE, href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=html_url)
    _sub(feed, "link", rel="search", type=OPENSEARCH_TYPE, href=f"{base}/opensearch.xml")
    author = _sub(feed, "author")
    _sub(author, "name", "newsdig")
    _sub(feed, "generator", "newsdig", version=__version__)
    updated_at = _sub(feed, "updated")

    newest: datetime | None = None
    for hit in hits:
        stored_updated, authors = info.get(hit.id, (None, []))
        published = parse_published(hit.published)
        changed = parse_published(stored_updated)
        updated = published or changed or now
        newest = updated if newest is None or updated > newest else newest

        entry = _sub(feed, "entry")
        original = safe_url(hit.url)
        _sub(entry, "id", original or f"tag:newsdig,2024:article:{hit.id}")
        _sub(entry, "title", hit.title or "(untitled)", type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}/article/{hit.id}")
        if original:
            _sub(entry, "link", rel="related", type="text/html", href=original, title="Original article")
        if published is not None:
            _sub(entry, "published", rfc3339(published))
        _sub(entry, "updated", rfc3339(updated))
        for name in authors:
            _sub(_sub(entry, "author"), "name", name)
        if hit.source:
            _sub(entry, "category", term=hit.source, label=hit.source)
            source = _sub(entry, "source")
            _sub(source, "title", hit.source)
        _sub(entry, "summary", hit.snippet, type="text")
    updated_at.text = rfc3339(newest or now)

    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@router.get("/feed")
def feed(request: Request, q: str = "") -> Response:
    """The search as an Atom 1.0 feed, newest first, up to 50 entries."""
    check_query_length(q)
    return Response(
        build_feed(request, q),
        media_type=ATOM_TYPE,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=300"},
    )


def build_opensearch(request: Request) -> bytes:
    base = _base(request)
    root = ET.Element("OpenSearchDescription", {"xmlns": OPENSEARCH_NS})
    _sub(root, "ShortName", "newsdig")
    _sub(root, "Description", "Search the newsdig news archive")
    _sub(root, "InputEncoding", "UTF-8")
    _sub(root, "OutputEncoding", "UTF-8")
    _sub(root, "Image", f"{base}/static/favicon.svg", width="32", height="32", type="image/svg+xml")
    _sub(root, "Url", type="text/html", method="get", template=f"{base}/search?q={{searchTerms}}")
    _sub(root, "Url", type=ATOM_TYPE, method="get", template=f"{base}/feed?q={{searchTerms}}")
    _sub(root, "Url", type=OPENSEARCH_TYPE, rel="self", template=f"{base}/opensearch.xml")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@router.get("/opensearch.xml")
def opensearch(request: Request) -> Response:
    """The OpenSearch description that lets browsers add newsdig as a search engine."""
    return Response(build_opensearch(request), media_type=OPENSEARCH_TYPE)
