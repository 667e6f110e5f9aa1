"""`newsdig demo --live` against a feed server on 127.0.0.1: robots.txt, politeness, offline message."""

from __future__ import annotations

import itertools
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsdig.home import Home
from newsdig.live import LiveError, build_live_home, check_public, parse_feed
from tests.support import run_cli

ARTICLES = {
    "/news/harbour-ferry.html": (
        "Night ferry service returns to the harbour after five years",
        "The night ferry between the old harbour and the islands will run again from Friday, the "
        "transport company said, after five years in which passengers had to wait for the first boat "
        "at six in the morning."),
    "/news/library-opens.html": (
        "New central library opens with rooftop reading garden",
        "The city's new central library opened its doors on Saturday with 400,000 books, a rooftop "
        "reading garden and a workshop where residents can repair bicycles and small electrical "
        "appliances free of charge."),
    "/private/members-only.html": (
        "Members-only briefing that robots.txt keeps out",
        "This page is disallowed for every crawler by the site's robots.txt file, so newsdig must never "
        "request it, let alone store it in the catalog or index it for search."),
}
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def article_page(title: str, text: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | Harbour Gazette"
            f"</title><meta property='og:site_name' content='Harbour Gazette'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>{text}</p>"
            f"<p>{text.replace('the ', 'this ', 2)}</p></article>"
            f"<footer>© 2026 Harbour Gazette</footer></body></html>")


def rss(base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Mon, 16 Nov 2026 09:30:00 GMT</pubDate></item>"
        for path, (title, _) in ARTICLES.items())
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour Gazette</title>"
            f"<link>{base}/</link>{items}</channel></rss>")


class FeedSite:
    """A tiny news site: an RSS feed, three articles and a robots.txt that disallows one."""

    def __init__(self) -> None:
        self.requests: list[tuple[float, str, str]] = []  # (time, path, user agent)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
                if self.path == "/robots.txt":
                    self._send(ROBOTS, "text/plain")
                elif self.path == "/rss.xml":
                    self._send(rss(site.base), "application/rss+xml")
                elif self.path in ARTICLES:
                    self._send(article_page(*ARTICLES[self.path]), "text/html; charset=utf-8")
                else:
                    self.send_error(404)

            def _send(self, text: str, content_type: str) -> None:
                body = text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]


@pytest.fixture
def site() -> Iterator[FeedSite]:
    server = FeedSite()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def stored_urls(home: Home) -> set[str]:
    conn = sqlite3.connect(home.catalog_path)
    try:
        return {row[0] for row in conn.execute("SELECT url FROM articles")}
    finally:
        conn.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_allowed_articles_are_stored_and_the_disallowed_one_is_never_fetched(site: FeedSite,
                                                                            tmp_path: Path) -> None:
    home = Home(tmp_path / "live")
    summary = build_live_home(home, [f"{site.base}/rss.xml"], per_feed=5, allow_private=True, delay=0)
    assert summary["added"] == 2
    assert summary["skipped_by_reason"] == {"robots-disallowed": 1}
    assert stored_urls(home) == {f"{site.base}/news/harbour-ferry.html",
                                 f"{site.base}/news/library-opens.html"}
    assert "/private/members-only.html" not in site.paths
    assert site.paths.count("/robots.txt") == 1  # read once per host
    assert all(agent.startswith("newsdig/") for _, _, agent in site.requests)
    found = run_cli(tmp_path, "--home", str(home.root), "search", "rooftop reading garden", "--json").json()
    assert found["total"] == 1  # type: ignore[index]


def test_requests_to_one_host_are_spaced_out(site: FeedSite, tmp_path: Path) -> None:
    build_live_home(Home(tmp_path / "live"), [f"{site.base}/rss.xml"], per_feed=5, allow_private=True,
                    delay=0.3)
    times = [t for t, _, _ in site.requests]
    assert len(times) == 4  # robots.txt, the feed, two articles
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.25


def test_private_addresses_are_refused_by_default(site: FeedSite, tmp_path: Path) -> None:
    with pytest.raises(LiveError, match="not a public address"):
        build_live_home(Home(tmp_path / "live"), [f"{site.base}/rss.xml"], delay=0)
    assert site.requests == []
    with pytest.raises(LiveError, match="not a public address"):
        check_public("http://[::1]:8080/feed")
    check_public(f"{site.base}/rss.xml", allow_private=True)


def test_an_unreachable_feed_list_says_the_demo_needs_internet(tmp_path: Path) -> None:
    port = closed_port()
    started = time.monotonic()
    with pytest.raises(LiveError) as caught:
        build_live_home(Home(tmp_path / "live"), [f"http://127.0.0.1:{port}/rss.xml"], allow_private=True)
    message = str(caught.value)
    assert message.startswith("cannot reach 127.0.0.1: ")
    assert "the live demo needs internet access — `newsdig demo` works offline" in message
    assert time.monotonic() - started < 5
    assert not (tmp_path / "live").exists()  # nothing created for nothing


def test_the_cli_exits_1_with_one_clear_line_when_offline(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--home", str(tmp_path / "live"), "demo", "--live", "--no-serve",
                     "--feed", "https://feeds.newsdig.invalid/rss.xml", check=False)
    assert result.code == 1
    assert "cannot reach feeds.newsdig.invalid" in result.stderr
    assert "works offline" in result.stderr


def test_feed_links_are_resolved_and_deduplicated() -> None:
    atom = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
            b"<entry><title>One</title><link href='/a/one'/><updated>2026-11-02T10:00:00Z</updated></entry>"
            b"<entry><title>One again</title><link href='/a/one'/></entry>"
            b"<entry><title>Mail</title><link href='mailto:desk@example.org'/></entry>"
            b"<entry><title>Two</title><link href='https://example.org/a/two'/></entry></feed>")
    entries = parse_feed("https://example.org/feed.xml", atom, limit=10)
    assert [e.url for e in entries] == ["https://example.org/a/one", "https://example.org/a/two"]
    published = datetime.fromisoformat(str(entries[0].published).replace("Z", "+00:00"))
    assert published == datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    assert len(parse_feed("https://example.org/feed.xml", atom, limit=1)) == 1
