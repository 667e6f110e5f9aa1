"""Atom feeds and the OpenSearch description, parsed back with xml.etree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.serve.conftest import LiveServer, start_server
from tests.serve.test_pages import build_hostile_home

A = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as c:
        yield c


def get_feed(client: httpx.Client, q: str) -> ET.Element:
    r = client.get("/feed", params={"q": q})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == f"{A}feed"
    return root


def test_feed_is_atom_newest_first(client: httpx.Client, live_server: LiveServer) -> None:
    feed = get_feed(client, "said")
    assert feed.findtext(f"{A}title") == "newsdig: said"
    assert RFC3339.fullmatch(feed.findtext(f"{A}updated") or "")
    assert feed.findtext(f"{A}id")
    assert feed.find(f"{A}author/{A}name") is not None
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{live_server.url}/feed?q=said"
    entries = feed.findall(f"{A}entry")
    assert 10 < len(entries) <= 50
    dated = [e.findtext(f"{A}published") for e in entries if e.find(f"{A}published") is not None]
    assert len(dated) >= 10
    assert dated == sorted(dated, reverse=True)
    for entry in entries:
        assert entry.findtext(f"{A}id")
        assert entry.findtext(f"{A}title")
        assert RFC3339.fullmatch(entry.findtext(f"{A}updated") or "")
        alternate = entry.find(f"{A}link[@rel='alternate']")
        assert alternate is not None
        article_url = rf"{re.escape(live_server.url)}/article/[0-9a-f]{{16}}"
        assert re.fullmatch(article_url, alternate.get("href", ""))
        assert (entry.findtext(f"{A}summary") or "").strip()
        related = entry.find(f"{A}link[@rel='related']")
        if related is not None:
            assert related.get("href", "").startswith(("http://", "https://"))
    sources = {e.findtext(f"{A}source/{A}title") for e in entries}
    assert "The Harbor Herald" in sources


def test_feed_caps_at_50_entries(client: httpx.Client) -> None:
    feed = get_feed(client, "the OR a OR said")
    assert len(feed.findall(f"{A}entry")) <= 50


@pytest.mark.parametrize("q", [
    "port & harbour", "<script>alert(1)</script>", "\"quoted\" 'single' -\"x\"", "🚢 port 🌊",
    "ctrl\x01chars\x0b", "source:\"The Harbor Herald\" after:2024", "", "]]> <![CDATA[",
])
def test_feed_is_valid_xml_for_any_query(client: httpx.Client, q: str) -> None:
    feed = get_feed(client, q)
    expected = q.replace("\x01", "").replace("\x0b", "").strip()
    assert feed.findtext(f"{A}title") == (f"newsdig: {expected}" if expected else "newsdig")


def test_feed_on_empty_home_is_valid(tmp_path: Path) -> None:
    from newsdig.home import Home

    server, thread, url = start_server(Home(tmp_path / "empty"))
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            feed = get_feed(c, "anything")
            assert feed.findall(f"{A}entry") == []
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_feed_escapes_stored_markup(tmp_path: Path) -> None:
    home = build_hostile_home(tmp_path / "hostile")
    server, thread, url = start_server(home)
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            r = c.get("/feed", params={"q": "zebrafish"})
            assert b"<script" not in r.content and b"<img" not in r.content and b"<b>" not in r.content
            feed = ET.fromstring(r.content)
            entries = feed.findall(f"{A}entry")
            assert len(entries) == 2
            titles = {e.findtext(f"{A}title") for e in entries}
            assert '<script>alert("title")</script> Zebrafish <img src=x onerror=alert(1)>' in titles
            assert all(e.find(f"{A}title").get("type") == "text" for e in entries)
            assert all(e.find(f"{A}summary").get("type") == "text" for e in entries)
            # the javascript: URL is neither an id nor a link
            for entry in entries:
                assert not (entry.findtext(f"{A}id") or "").startswith("javascript:")
                assert all(not link.get("href", "").startswith("javascript:")
                           for link in entry.findall(f"{A}link"))
            assert {e.findtext(f"{A}author/{A}name") for e in entries} >= {"<i>Mallory</i>"}
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_opensearch_description(client: httpx.Client, live_server: LiveServer) -> None:
    r = client.get("/opensearch.xml")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(r.content)
    assert root.tag == f"{OS}OpenSearchDescription"
    assert root.findtext(f"{OS}ShortName") == "newsdig"
    templates = {u.get("type"): u.get("template") for u in root.findall(f"{OS}Url")}
    assert templates["text/html"] == f"{live_server.url}/search?q={{searchTerms}}"
    assert templates["application/atom+xml"] == f"{live_server.url}/feed?q={{searchTerms}}"


def test_pages_advertise_opensearch_and_feed(client: httpx.Client) -> None:
    search_link = '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"'
    for path in ("/", "/help", "/search?q=port", "/article/unknown"):
        assert search_link in client.get(path).text, path
    html = client.get("/search", params={"q": "port & harbour"}).text
    assert '<link rel="alternate" type="application/atom+xml" href="/feed?q=port+%26+harbour"' in html
    assert 'href="/feed?q=port+%26+harbour"' in html and "Subscribe (Atom feed)" in html
