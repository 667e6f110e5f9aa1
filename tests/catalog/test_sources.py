"""Sources in the catalog: adding (with the SSRF check), endpoints, crawl records, listing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdig.acquire.safety import UnsafeURL
from newsdig.catalog.db import connect
from newsdig.catalog.sources import add_source, list_sources, record_crawl, set_endpoints
from newsdig.errors import InputError


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = connect(tmp_path / "catalog.sqlite")
    yield c
    c.close()


def test_add_normalises_names_and_upserts(conn: sqlite3.Connection) -> None:
    first = add_source(conn, "HTTP://WWW.Example-News.com/?utm_source=x", allow_private=True)
    again = add_source(conn, "http://www.example-news.com/", "Example News", allow_private=True)
    assert first == again
    [row] = list_sources(conn)
    assert row["url"] == "http://www.example-news.com/" and row["name"] == "Example News"
    assert row["articles"] == 0 and row["errors"] == 0 and row["last_crawl"] is None and row["queued"] == 0


def test_default_name_is_the_host(conn: sqlite3.Connection) -> None:
    add_source(conn, "http://127.0.0.1:8000/", allow_private=True)
    add_source(conn, "https://www.bbc.co.uk/news", allow_private=True)
    assert [s["name"] for s in list_sources(conn)] == ["127.0.0.1", "bbc.co.uk"]


def test_refuses_private_addresses_and_non_web_urls(conn: sqlite3.Connection) -> None:
    with pytest.raises(UnsafeURL, match="allow-private"):
        add_source(conn, "http://127.0.0.1:8000/", allow_private=False)
    with pytest.raises(InputError):
        add_source(conn, "ftp://example.com/feed.xml", allow_private=True)
    assert list_sources(conn) == []


def test_set_endpoints_keeps_validators_and_ownership(conn: sqlite3.Connection) -> None:
    a = add_source(conn, "http://a.example.com/", allow_private=True)
    b = add_source(conn, "http://b.example.com/", allow_private=True)
    assert set_endpoints(conn, a, ["http://a.example.com/rss"], ["http://a.example.com/sitemap.xml"]) == []
    conn.execute("UPDATE endpoints SET etag = 'v1' WHERE url = 'http://a.example.com/rss'")
    conn.execute("INSERT INTO endpoints (url, source_id, kind) VALUES ('http://a.example.com/child.xml', ?, "
                 "'sitemap-child')", (a,))
    # rediscovery: the sitemap is gone, the feed stays with its validators, the child is untouched
    set_endpoints(conn, a, ["http://a.example.com/rss"], [])
    rows = {r["url"]: r for r in conn.execute("SELECT * FROM endpoints")}
    assert set(rows) == {"http://a.example.com/rss", "http://a.example.com/child.xml"}
    assert rows["http://a.example.com/rss"]["etag"] == "v1"
    # another source cannot take an endpoint over
    assert set_endpoints(conn, b, ["http://a.example.com/rss"], [], pages=["http://b.example.com/"]) == [
        "http://a.example.com/rss"]
    listed = {s["name"]: s for s in list_sources(conn)}
    assert listed["a.example.com"]["feeds"] == ["http://a.example.com/rss"]
    assert listed["a.example.com"]["sitemaps"] == []  # children are not listed
    assert listed["b.example.com"]["feeds"] == [] and listed["b.example.com"]["pages"] == ["http://b.example.com/"]


def test_record_crawl_and_queue_counts(conn: sqlite3.Connection) -> None:
    sid = add_source(conn, "http://a.example.com/", allow_private=True)
    for i, state in enumerate(("queued", "queued", "done", "failed")):
        conn.execute("INSERT INTO frontier (url, source_id, host, state, discovered_at) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (f"http://a.example.com/{i}", sid, "a.example.com", state, "2026-01-01T00:00:00+00:00"))
    record_crawl(conn, sid, articles=3, errors=1, error="http://a.example.com/rss: HTTP 500")
    record_crawl(conn, sid, articles=2, errors=0, next_crawl_at="2026-05-01T00:00:00+00:00")
    [row] = list_sources(conn)
    assert (row["articles"], row["errors"], row["queued"]) == (5, 1, 2)
    assert row["last_crawl"] and row["next_crawl"] == "2026-05-01T00:00:00+00:00"
    assert row["last_error"] is None  # the last crawl had none
