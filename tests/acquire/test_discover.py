"""Discovery and source refresh against a real HTTP server on 127.0.0.1, plus `newsdig source`."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsdig.acquire.discover import RefreshStats, discover_site, open_fetcher, refresh_source
from newsdig.catalog.db import connect
from newsdig.catalog.sources import add_source, set_endpoints
from tests.support import FIXTURES, run_cli

CRAWL = FIXTURES / "crawl"


class Site:
    """A loopback web site: path -> (status, content type, body); logs every request it gets.

    Every 200 carries an ETag (hash of the body) and honours If-None-Match with 304."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.log: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                inm = self.headers.get("If-None-Match")
                site.log.append((self.path, inm))
                status, ctype, body = site.routes.get(self.path, (404, "text/html", b"<h1>not found</h1>"))
                etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
                if status == 200 and inm == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if status == 200:
                    self.send_header("ETag", etag)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, path: str, body: bytes | str, ctype: str = "application/xml", status: int = 200,
            gz: bool = False) -> None:
        data = body.encode() if isinstance(body, str) else body
        data = data.replace(b"https://news.example.com", self.base.encode())
        self.routes[path] = (status, ctype, gzip.compress(data) if gz else data)

    def paths(self) -> list[str]:
        return [p for p, _ in self.log]


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def news_site(site: Site) -> None:
    """Home page with feed links, robots.txt with Sitemap: lines, index -> news sitemap + old child."""
    site.add("/", (CRAWL / "home.html").read_bytes(), "text/html; charset=utf-8")
    site.add("/rss.xml", (CRAWL / "rss2.xml").read_bytes(), "application/rss+xml")
    site.add("/atom.xml", b"<html><body>this feed moved</body></html>", "text/html")  # a dead feed link
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\nSitemap: https://news.example.com/sitemap_index.xml\n",
             "text/plain")
    site.add("/sitemap_index.xml", (CRAWL / "sitemap-index.xml").read_bytes())
    site.add("/news-sitemap.xml", (CRAWL / "news-sitemap.xml").read_bytes())
    site.add("/sitemaps/2024-05.xml", (CRAWL / "urlset.xml").read_bytes())
    site.add("/sitemaps/pages.xml", b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<url><loc>https://news.example.com/about</loc></url></urlset>", "application/x-gzip", gz=True)


def discover(url: str):
    async def run():
        async with open_fetcher(allow_private=True) as fetcher:
            return await discover_site(fetcher, url)
    return asyncio.run(run())


def test_discovers_feeds_and_sitemaps_from_a_home_page(site: Site) -> None:
    news_site(site)
    found = discover(site.base + "/")
    assert found.feeds == [site.base + "/rss.xml"]  # the dead atom link is not kept
    assert found.sitemaps == [site.base + "/sitemap_index.xml", site.base + "/news-sitemap.xml"]
    assert any("atom.xml" in problem for problem in found.errors)
    assert "/robots.txt" in site.paths() and "/sitemap.xml" in site.paths()
    assert site.paths().count("/rss.xml") == 1  # checked once, though linked twice


def test_feed_or_sitemap_url_is_taken_as_is(site: Site) -> None:
    news_site(site)
    found = discover(site.base + "/rss.xml")
    assert (found.feeds, found.sitemaps) == ([site.base + "/rss.xml"], [])
    found = discover(site.base + "/news-sitemap.xml")
    assert (found.feeds, found.sitemaps) == ([], [site.base + "/news-sitemap.xml"])
    assert site.paths() == ["/rss.xml", "/news-sitemap.xml"]  # nothing else was fetched


def test_site_without_feeds_or_sitemaps(site: Site) -> None:
    site.add("/", "<html><head><title>Plain</title></head><body>hi</body></html>", "text/html")
    site.add("/sitemap.xml", "<html><body>soft 404</body></html>", "text/html")
    found = discover(site.base + "/")
    assert not found.found and found.page == site.base + "/"


def test_unreachable_site_reports_the_error() -> None:
    found = discover("http://127.0.0.1:9/")  # discard port: nothing listens
    assert not found.found and found.errors


# --- refresh_source --------------------------------------------------------------------------

@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path / "catalog.sqlite")
    yield conn
    conn.close()


def refresh(conn: sqlite3.Connection, source_id: int, since: str | None = None) -> RefreshStats:
    stats = RefreshStats()
    row = conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()

    async def run() -> int:
        async with open_fetcher(allow_private=True) as fetcher:
            return await refresh_source(conn, fetcher, row, since, stats=stats)
    assert asyncio.run(run()) == stats.enqueued
    return stats


def test_refresh_enqueues_skips_old_and_uses_conditional_get(site: Site, catalog: sqlite3.Connection) -> None:
    news_site(site)
    sid = add_source(catalog, site.base + "/", "Gazette", allow_private=True)
    set_endpoints(catalog, sid, [site.base + "/rss.xml"], [site.base + "/sitemap_index.xml"])

    stats = refresh(catalog, sid, since="2026-01-01")
    queued = {r["url"]: r for r in catalog.execute("SELECT * FROM frontier")}
    b = site.base
    assert set(queued) == {b + "/2026/01/ferry-timetable", b + "/undated",
                           b + "/2026/03/election-results", b + "/2026/03/weather", b + "/about"}
    assert stats.enqueued == 5
    # the RSS item from December and the whole 2024 child sitemap (by its index lastmod) are skipped
    assert stats.skipped_old == 2
    assert "/sitemaps/2024-05.xml" not in site.paths()
    assert queued[b + "/2026/03/election-results"]["title"] == "Election results are in"
    assert queued[b + "/2026/03/election-results"]["published"] == "2026-03-05T17:00:00+00:00"
    assert all(r["source_id"] == sid for r in queued.values())
    kinds = dict(catalog.execute("SELECT url, kind FROM endpoints").fetchall())
    assert kinds[b + "/sitemap_index.xml"] == "sitemap-index"
    assert kinds[b + "/news-sitemap.xml"] == "sitemap-child"
    assert catalog.execute("SELECT etag FROM endpoints WHERE url = ?", (b + "/rss.xml",)).fetchone()[0]

    # second run: every endpoint answers 304, nothing is parsed or enqueued again
    site.log.clear()
    stats = refresh(catalog, sid, since="2026-01-01")
    assert stats.enqueued == 0 and stats.not_modified == 4 and stats.errors == 0
    assert all(inm for _, inm in site.log), site.log
    statuses = {r[0] for r in catalog.execute("SELECT last_status FROM endpoints")}
    assert statuses == {304}

    # a changed feed: only its new item is enqueued; the old ones are already seen
    changed = (CRAWL / "rss2.xml").read_text().replace("/undated", "/brand-new")
    site.add("/rss.xml", changed, "application/rss+xml")
    stats = refresh(catalog, sid, since="2026-01-01")
    assert (stats.enqueued, stats.already_seen, stats.skipped_old) == (1, 1, 1)
    assert catalog.execute("SELECT 1 FROM frontier WHERE url = ?", (b + "/brand-new",)).fetchone()


def test_refresh_without_since_takes_everything(site: Site, catalog: sqlite3.Connection) -> None:
    news_site(site)
    sid = add_source(catalog, site.base + "/", None, allow_private=True)
    set_endpoints(catalog, sid, [], [site.base + "/sitemap_index.xml"])
    stats = refresh(catalog, sid)
    assert stats.enqueued == 5 and stats.skipped_old == 0  # 2 news + 3 urlset (about deduplicated)


def test_refresh_bounds_sitemap_nesting_and_counts_errors(site: Site, catalog: sqlite3.Connection) -> None:
    def index(child: str) -> str:
        return (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>'
                f"{child}</loc></sitemap></sitemapindex>")
    site.add("/s0.xml", index("/s1.xml"))
    site.add("/s1.xml", index("/s2.xml"))
    site.add("/s2.xml", index("/s3.xml"))
    site.add("/s3.xml", (CRAWL / "news-sitemap.xml").read_bytes())
    site.add("/broken-feed.xml", "oops", "text/html", status=500)
    sid = add_source(catalog, site.base + "/", None, allow_private=True)
    set_endpoints(catalog, sid, [site.base + "/broken-feed.xml"], [site.base + "/s0.xml"])
    stats = refresh(catalog, sid)
    assert "/s2.xml" in site.paths() and "/s3.xml" not in site.paths()
    assert stats.enqueued == 0 and stats.errors == 1
    status = catalog.execute("SELECT last_status FROM endpoints WHERE url = ?",
                             (site.base + "/broken-feed.xml",)).fetchone()[0]
    assert status == 500


def test_refresh_of_a_page_endpoint_follows_its_feed_links(site: Site, catalog: sqlite3.Connection) -> None:
    news_site(site)
    sid = add_source(catalog, site.base + "/", None, allow_private=True)
    set_endpoints(catalog, sid, [], [], pages=[site.base + "/"])
    stats = refresh(catalog, sid)
    assert stats.enqueued == 3


# --- the CLI ---------------------------------------------------------------------------------

def test_source_add_and_list(site: Site, tmp_path: Path) -> None:
    news_site(site)
    home = tmp_path / "home"
    added = run_cli(home, "source", "add", site.base + "/", "--name", "Gazette", "--allow-private",
                    "--json").json()
    assert added["name"] == "Gazette"
    assert added["feeds"] == [site.base + "/rss.xml"]
    assert added["sitemaps"] == [site.base + "/sitemap_index.xml", site.base + "/news-sitemap.xml"]

    # the same feed as a source of its own: found, but an endpoint belongs to one source only
    text = run_cli(home, "source", "add", site.base + "/rss.xml", "--allow-private")
    assert "feed" in text.stdout and site.base + "/rss.xml" in text.stdout
    assert "already crawled for another source" in text.stderr

    listed = run_cli(home, "source", "list", "--json").json()
    assert [s["name"] for s in listed] == ["127.0.0.1", "Gazette"]
    gazette = listed[1]
    assert gazette["feeds"] == [site.base + "/rss.xml"] and len(gazette["sitemaps"]) == 2
    assert gazette["queued"] == 0 and gazette["last_crawl"] is None and gazette["articles"] == 0
    assert listed[0]["feeds"] == []
    table = run_cli(home, "source", "list").stdout
    assert "Gazette" in table and "never" in table


def test_source_add_refuses_private_addresses(site: Site, tmp_path: Path) -> None:
    news_site(site)
    result = run_cli(tmp_path / "home", "source", "add", site.base + "/", check=False)
    assert result.code == 1
    assert "--allow-private" in result.stderr and "not a public address" in result.stderr
    assert site.log == []  # refused before any request
    bad = run_cli(tmp_path / "home", "source", "add", "ftp://example.com/feed", check=False)
    assert bad.code == 1 and "error" in bad.stderr


def test_source_add_with_nothing_found_keeps_the_page(site: Site, tmp_path: Path) -> None:
    site.add("/", "<html><head><title>Plain</title></head><body>hi</body></html>", "text/html")
    home = tmp_path / "home"
    result = run_cli(home, "source", "add", site.base + "/", "--allow-private")
    assert "no feeds or sitemaps found" in result.stdout
    listed = run_cli(home, "source", "list", "--json").json()
    assert listed[0]["pages"] == [site.base + "/"] and listed[0]["feeds"] == []
    assert run_cli(tmp_path / "empty", "source", "list").stdout.startswith("no sources yet")
