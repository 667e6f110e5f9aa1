"""`newsdig demo --live`: a demo home from a few public news feeds, fetched politely.

A small stand-in for the crawler a later issue brings. Everything is sequential: read each feed
(RSS/Atom, parsed by feedparser), then fetch up to N articles per feed, taking the feeds in turn
so that no host is asked twice within `delay` seconds (1 s by default, more if its robots.txt asks
for a Crawl-delay). robots.txt is read once per host (protego) and obeyed for the feeds and the
articles; a robots.txt that cannot be read because of a server error means "disallow all", one
that is missing means "allow all" (RFC 9309). Pages go through the normal ingest path (raw WARC,
extraction, catalog, index), so a live home is an ordinary home.

Only public addresses are fetched: each request's host is resolved and refused when it points at
a private, loopback, link-local or otherwise non-global address (tests pass allow_private=True
to use a feed server on 127.0.0.1). Without a network the demo stops within seconds, saying so.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import platformdirs
from protego import Protego
from rich.console import Console
from rich.text import Text

from newsdig import __version__
from newsdig.acquire.feeds import parse_feed as parse_candidates
from newsdig.acquire.safety import HostNotFound, UnsafeURL, check_url
from newsdig.errors import NewsdigError
from newsdig.home import Home, writer_lock
from newsdig.ingest import Ingestor
from newsdig.models import Capture, Rejection

FEEDS: tuple[tuple[str, str], ...] = (
    ("BBC News – World", "https://feeds.bbci.co.uk/news/world/rss.xml"),
    ("NPR News", "https://feeds.npr.org/1001/rss.xml"),
    ("The Guardian – World news", "https://www.theguardian.com/world/rss"),
    ("Al Jazeera", "https://www.aljazeera.com/xml/rss/all.xml"),
)
ROBOTS_AGENT = "newsdig"  # the product token robots.txt rules are matched against
USER_AGENT = f"newsdig/{__version__} (self-hosted news search engine; demo --live; 1 request/s per host)"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)  # short connect: an offline machine fails fast
MIN_DELAY = 1.0  # seconds between two requests to one host
MAX_CRAWL_DELAY = 10.0  # a robots.txt Crawl-delay above this is capped (the demo stays short)
MAX_BODY_BYTES = 5 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
STAGE = "fetch"
OFFLINE_HINT = "the live demo needs internet access — `newsdig demo` works offline"


class LiveError(NewsdigError):
    """The live demo cannot go on (printed as one line by the CLI)."""


class Unreachable(LiveError):
    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"cannot reach {host}: {reason}")
        self.host = host
        self.reason = reason


class Refused(LiveError):
    """A URL newsdig will not fetch (a private address, a non-web scheme)."""


def live_home() -> Home:
    return Home(Path(platformdirs.user_data_dir("newsdig", appauthor=False)) / "demo-live")


def _reason(error: BaseException) -> str:
    """'[Errno 111] Connection refused' -> 'Connection refused'; never empty."""
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", str(error).strip()) or type(error).__name__
    return text.rstrip(".")


def check_public(url: str, allow_private: bool = False) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address.

    The rules are the crawler's (`newsdig.acquire.safety`); here they surface as LiveErrors.
    """
    try:
        check_url(url, allow_private)
    except HostNotFound as error:
        raise Unreachable(error.host, f"name resolution failed ({error.reason})") from error
    except UnsafeURL as error:
        raise Refused(str(error)) from error


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    crawl_delay: float | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    feed: str
    url: str
    title: str | None = None
    published: str | None = None


class PoliteFetcher:
    """Sequential GETs: one request per host per `delay` seconds, robots.txt obeyed, public only."""

    def __init__(self, delay: float = MIN_DELAY, allow_private: bool = False,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self.allow_private = allow_private
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, Protego | bool] = {}  # True: allow all, False: disallow all
        self._delays: dict[str, float] = {}
        self.client = httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT},
                                   follow_redirects=True, max_redirects=5,
                                   event_hooks={"request": [self._check_request]})

    def _check_request(self, request: httpx.Request) -> None:
        check_public(str(request.url), self.allow_private)  # every hop of a redirect too

    def _wait_turn(self, host: str) -> None:
        pause = max(self.delay, self._delays.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            left = last + pause - time.monotonic()
            if left > 0:
                self._sleep(left)
        self._last[host] = time.monotonic()

    def get(self, url: str) -> Page:
        """Fetch one URL; network failures raise Unreachable, refused addresses Refused."""
        host = urlsplit(url).hostname or url
        self._wait_turn(host)
        try:
            with self.client.stream("GET", url) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BODY_BYTES:
                        raise LiveError(f"{url}: more than {MAX_BODY_BYTES // 2**20} MB")
                content_type = response.headers.get("content-type", "")
                return Page(str(response.url), response.status_code, content_type, bytes(body))
        except httpx.TransportError as error:
            raise Unreachable(host, _reason(error)) from error
        finally:
            self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """What the host's robots.txt says about `url` for newsdig (read once per host)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin, parts.hostname or parts.netloc)
        rules = self._robots[origin]
        if isinstance(rules, bool):
            return rules
        return bool(rules.can_fetch(url, ROBOTS_AGENT))

    def _read_robots(self, origin: str, host: str) -> Protego | bool:
        try:
            page = self.get(origin + "/robots.txt")
        except (Unreachable, Refused):
            raise
        except LiveError:  # an oversized robots.txt: treated as unreadable
            return False
        if page.status >= 500:
            return False  # the server is in trouble: assume everything is disallowed
        if page.status >= 400:
            return True  # no robots.txt: everything is allowed
        rules = Protego.parse(page.body.decode("utf-8", "replace"))
        crawl_delay = rules.crawl_delay(ROBOTS_AGENT)
        if crawl_delay:
            self._delays[host] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return rules

    def close(self) -> None:
        self.client.close()


def parse_feed(feed_url: str, body: bytes, limit: int) -> list[FeedEntry]:
    """The first `limit` article links of an RSS or Atom document, resolved against the feed.

    The crawler's parser does the work (XXE-safe, URLs normalised and deduplicated)."""
    return [FeedEntry(feed_url, c.url, c.title, c.published)
            for c in parse_candidates(body, feed_url)[:limit]]


def read_feeds(fetcher: PoliteFetcher, feeds: Iterable[str], per_feed: int
               ) -> tuple[list[FeedEntry], list[str]]:
    """Entries of every readable feed, and a line per feed that could not be read.

    Raises LiveError when no feed gave anything; when every failure was the network's, the
    message says the live demo needs internet access.
    """
    entries: list[FeedEntry] = []
    problems: list[str] = []
    offline: list[Unreachable] = []
    for feed in feeds:
        try:
            if not fetcher.allowed(feed):
                problems.append(f"{feed}: robots.txt disallows newsdig")
                continue
            page = fetcher.get(feed)
        except Unreachable as error:
            offline.append(error)
            problems.append(f"{feed}: {error}")
            continue
        except LiveError as error:
            problems.append(f"{feed}: {error}")
            continue
        if page.status != 200:
            problems.append(f"{feed}: HTTP {page.status}")
            continue
        found = parse_feed(page.url, page.body, per_feed)
        if not found:
            problems.append(f"{feed}: no article links in the feed")
        entries.extend(found)
    if not entries:
        if offline and len(offline) == len(problems):
            first = offline[0]
            raise LiveError(f"cannot reach {first.host}: {first.reason}; {OFFLINE_HINT}")
        raise LiveError("no articles could be read from the feeds: " + "; ".join(problems))
    return entries, problems


def _in_turn(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Interleave the feeds' entries so consecutive requests mostly go to different hosts."""
    by_feed: dict[str, list[FeedEntry]] = {}
    for entry in entries:
        by_feed.setdefault(entry.feed, []).append(entry)
    queues = list(by_feed.values())
    ordered: list[FeedEntry] = []
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered


def fetch_articles(fetcher: PoliteFetcher, entries: list[FeedEntry]) -> Iterator[Capture | Rejection]:
    """A Capture per fetched article page; a Rejection (counted, listed) for each one skipped."""
    for entry in _in_turn(entries):
        url = entry.url

        def skip(reason: str, detail: str, url: str = url) -> Rejection:
            return Rejection(STAGE, reason, url, url=url, detail=detail)

        try:
            if not fetcher.allowed(url):
                yield skip("robots-disallowed", "robots.txt disallows newsdig")
                continue
            page = fetcher.get(url)
        except Unreachable as error:
            yield skip("unreachable", str(error))
            continue
        except LiveError as error:
            yield skip("refused", str(error))
            continue
        if page.status != 200:
            yield skip(f"http-{page.status}", f"HTTP {page.status}")
            continue
        media_type = page.content_type.split(";")[0].strip().lower()
        if media_type and media_type not in HTML_TYPES:
            yield skip("not-html", f"content type {media_type}")
            continue
        hints = (("published", entry.published),) if entry.published else ()
        yield Capture(url=page.url, body=page.body, kind="html", origin=url, status=page.status,
                      fetched_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                      content_type=page.content_type or None, hints=hints)


def build_live_home(home: Home, feeds: Iterable[str] | None = None, per_feed: int = 8,
                    allow_private: bool = False, delay: float = MIN_DELAY) -> dict[str, Any]:
    """Read the feeds, fetch their articles and store them in `home` by the normal ingest path."""
    started = time.monotonic()
    feed_urls = list(feeds) if feeds else [url for _, url in FEEDS]
    fetcher = PoliteFetcher(delay=delay, allow_private=allow_private)
    try:
        entries, problems = read_feeds(fetcher, feed_urls, per_feed)
        with writer_lock(home):
            ingestor = Ingestor(home)
            summary = ingestor.run(ingestor.archive(fetch_articles(fetcher, entries)))
    finally:
        fetcher.close()
    data = summary.as_dict()
    return {"feeds": len(feed_urls), "links": len(entries), "feed_problems": problems,
            "added": data["added"], "updated": data["updated"], "duplicate": data["duplicate"],
            "skipped": data["skipped"], "skipped_by_reason": data["skipped_by_reason"],
            "seconds": round(time.monotonic() - started, 2)}


def newest(home: Home, limit: int = 6) -> list[dict[str, Any]]:
    from newsdig.catalog.db import connect

    conn = connect(home.catalog_path, readonly=True)
    try:
        rows = conn.execute(
            "SELECT id, title, source, published, url FROM articles "
            "ORDER BY COALESCE(published, '') DESC, id LIMIT ?", (limit,)).fetchall()
        return [dict(row) for row in rows]
    finally:
        conn.close()


def run_live_demo(home: Home | None, out: Console, err: Console, feeds: list[str] | None = None,
                  per_feed: int = 8, as_json: bool = False, serve: bool = True, port: int = 8080,
                  allow_private: bool = False) -> None:
    from newsdig.demo import home_overview, serve_demo

    home = home or live_home()
    with err.status("reading news feeds (politely: one request per second per site)…"):
        build = build_live_home(home, feeds, per_feed, allow_private=allow_private)
    overview = home_overview(home)
    latest = newest(home)
    if as_json:
        print(json.dumps({"home": str(home.root), "import": build, "overview": overview, "newest": latest},
                         ensure_ascii=False, indent=2), flush=True)
    else:
        out.print(f"[bold]newsdig demo --live[/] — {build['added']} new articles from {build['feeds']} feeds "
                  f"in {build['seconds']:.0f} s ({build['skipped']} skipped); the home now holds "
                  f"{overview['articles']:,} articles [dim](home {home.root})[/]")
        for problem in build["feed_problems"]:
            err.print(f"[yellow]{problem}[/]", markup=False, highlight=False)
        for row in latest:
            meta = " · ".join(p for p in (row["source"], (row["published"] or "")[:10]) if p)
            out.print(Text.assemble("    ", (row["title"] or "(untitled)", "cyan"), (f"  {meta}", "green")))
    if serve:
        serve_demo(home, out if not as_json else err, port=port, sample=False)
