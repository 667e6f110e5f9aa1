"""Discovery: which feeds and sitemaps a site has, and the article URLs they announce.

`discover_site` runs once, at `newsdig source add`; `refresh_source` runs per source on every
crawl: conditional GET of each feed/sitemap (validators kept in `endpoints`), sitemap indexes
walked (bounded), candidates older than `since` skipped, the rest put on the frontier.

Both take a fetcher with the `acquire.fetch.Fetcher` contract:
`await fetcher.fetch(url, etag=None, last_modified=None, accept_types=(...)) -> FetchResult`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from newsdig.acquire.feeds import Candidate, find_feed_links, parse_feed, root_name, unpack
from newsdig.acquire.sitemaps import SitemapPage, iso_date, parse_sitemap, robots_sitemaps
from newsdig.extract.urls import normalise_url

XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
             "application/rdf+xml", "application/x-gzip", "application/gzip", "application/octet-stream",
             "text/plain")
HTML_TYPES = ("text/html", "application/xhtml+xml")
SITEMAP_GUESSES = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
MAX_FEED_LINKS = 8          # feed links on a home page worth checking
MAX_SITEMAP_DEPTH = 3       # index -> index -> urlset
MAX_SITEMAPS_PER_SOURCE = 200  # sitemap files fetched per source per refresh
_FEED_ROOTS = {"rss", "feed", "rdf"}


class FetchResultLike(Protocol):
    url: str
    final_url: str
    status: int
    headers: dict
    body: bytes
    error: str | None
    not_modified: bool


class FetcherLike(Protocol):
    async def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
                    accept_types: tuple[str, ...] = ...) -> FetchResultLike: ...


@dataclass
class Discovery:
    """What a site offers: feed URLs and (top-level) sitemap URLs, plus notes on what failed."""

    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    page: str | None = None        # the URL as fetched (after redirects), when it was an HTML page
    errors: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.feeds or self.sitemaps)


def _header(headers: dict | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _ok(result: FetchResultLike) -> bool:
    return not result.error and not result.not_modified and 200 <= (result.status or 0) < 300


def sniff(body: bytes) -> str | None:
    """'feed', 'sitemap' or None for the (possibly gzipped) bytes of a fetched document."""
    data = unpack(body)
    if not data:
        return None
    name = root_name(data)
    if name in _FEED_ROOTS:
        return "feed"
    if name in ("urlset", "sitemapindex"):
        return "sitemap"
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


async def discover_site(fetcher: FetcherLike, url: str) -> Discovery:
    """Find a site's feeds and sitemaps from a home page URL, or take a feed/sitemap URL as it is."""
    found = Discovery()
    start = normalise_url(url) or url
    result = await fetcher.fetch(start, accept_types=HTML_TYPES + XML_TYPES)
    base = normalise_url(result.final_url or start) or start
    if _ok(result):
        kind = sniff(result.body)
        if kind == "feed":
            found.feeds.append(start)
            return found
        if kind == "sitemap":
            found.sitemaps.append(start)
            return found
        found.page = base
        for link in find_feed_links(result.body, base)[:MAX_FEED_LINKS]:
            if "/comments/" in urlsplit(link).path:  # WordPress comment feeds are no news
                continue
            if await _check(fetcher, link, "feed", found):
                found.feeds.append(link)
    else:
        found.errors.append(f"{start}: {result.error or f'HTTP {result.status}'}")
    origin = _origin(base)
    listed: list[str] = []
    robots = await fetcher.fetch(origin + "/robots.txt", accept_types=("text/plain", "*/*"))
    if _ok(robots):
        listed = robots_sitemaps(robots.body[:512 * 1024].decode("utf-8", "replace"), base_url=origin + "/")
    for guess in listed + [origin + path for path in SITEMAP_GUESSES]:
        if guess in found.sitemaps or guess in found.feeds:
            continue
        kind = await _check(fetcher, guess, None, found)
        if kind == "sitemap":
            found.sitemaps.append(guess)
        elif kind == "feed":  # robots.txt may list an RSS feed as a sitemap
            found.feeds.append(guess)
    return found


async def _check(fetcher: FetcherLike, url: str, want: str | None, found: Discovery) -> str | None:
    """Fetch `url`; its kind when it parses as a feed or sitemap (and is the kind wanted)."""
    result = await fetcher.fetch(url, accept_types=XML_TYPES + HTML_TYPES)
    if not _ok(result):
        return None
    kind = sniff(result.body)
    if kind == "feed" and not parse_feed(result.body, url) and want != "feed":
        return None
    if kind == "sitemap" and not parse_sitemap(result.body, url).ok:
        return None
    if want and kind != want:
        found.errors.append(f"{url}: announced as a {want} but is not one")
        return None
    return kind


# --- refreshing a source: candidates onto the frontier -----------------------------------------

@dataclass
class RefreshStats:
    """What one refresh of a source did (the crawler adds these up for its summary)."""

    enqueued: int = 0
    already_seen: int = 0
    skipped_old: int = 0
    not_modified: int = 0
    fetched: int = 0
    errors: int = 0
    messages: list[str] = field(default_factory=list)  # one per error
    notes: list[str] = field(default_factory=list)     # not errors: limits hit, children dropped


def _as_utc(value: str) -> datetime | None:
    iso = iso_date(value)
    if not iso:
        return None
    try:
        if len(iso) == 10:
            day = date.fromisoformat(iso)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def is_older(published: str | None, since: str | None) -> bool:
    """True when a candidate's date is known and before `since` (undated ones are kept)."""
    if not published or not since:
        return False
    when, cutoff = _as_utc(published), _as_utc(since)
    return bool(when and cutoff and when < cutoff)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _default_enqueue() -> Callable[..., bool]:
    from newsdig.catalog.frontier import enqueue

    return enqueue


async def refresh_source(conn: sqlite3.Connection, fetcher: FetcherLike, source_row: Any,
                         since: str | None = None, *, stats: RefreshStats | None = None,
                         enqueue: Callable[..., bool] | None = None) -> int:
    """Fetch a source's feeds and sitemaps (conditional GET) and enqueue new candidates.

    Returns the number of URLs newly put on the frontier. Per-endpoint failures are counted in
    `stats` (and recorded as `endpoints.last_status`), never raised.
    """
    stats = stats if stats is not None else RefreshStats()
    put = enqueue or _default_enqueue()
    source_id = source_row["id"]
    rows = conn.execute(
        "SELECT url, kind FROM endpoints WHERE source_id = ? AND kind IN ('feed', 'sitemap', "
        "'sitemap-index', 'page') ORDER BY kind, url", (source_id,)).fetchall()
    budget = [MAX_SITEMAPS_PER_SOURCE]
    visited: set[str] = set()
    for row in rows:
        await _refresh_endpoint(conn, fetcher, source_id, row["url"], row["kind"], since, stats, put,
                                depth=0, budget=budget, visited=visited)
    conn.commit()
    return stats.enqueued


async def _fetch_endpoint(conn: sqlite3.Connection, fetcher: FetcherLike, source_id: int, url: str,
                          kind: str, stats: RefreshStats) -> FetchResultLike | None:
    """Conditional GET of one endpoint; validators and status stored. None when nothing new."""
    row = conn.execute("SELECT etag, last_modified FROM endpoints WHERE url = ?", (url,)).fetchone()
    etag, modified = (row["etag"], row["last_modified"]) if row else (None, None)
    accept = XML_TYPES + HTML_TYPES
    result = await fetcher.fetch(url, etag=etag, last_modified=modified, accept_types=accept)
    status = 304 if result.not_modified else (result.status or None)
    if result.not_modified:
        new_etag, new_modified = etag, modified
    elif _ok(result):
        new_etag, new_modified = _header(result.headers, "etag"), _header(result.headers, "last-modified")
    else:
        new_etag, new_modified = etag, modified  # keep validators of the last good copy
    conn.execute(
        "INSERT INTO endpoints (url, source_id, kind, etag, last_modified, last_fetched_at, last_status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, last_fetched_at = excluded.last_fetched_at, "
        "last_status = excluded.last_status",
        (url, source_id, kind, new_etag, new_modified, _now_iso(), status))
    if result.not_modified:
        stats.not_modified += 1
        return None
    if kind == "sitemap-child" and status in (404, 410):  # gone from the site: forget it
        conn.execute("DELETE FROM endpoints WHERE url = ?", (url,))
        stats.notes.append(f"{url}: HTTP {status}, child sitemap dropped")
        return None
    if not _ok(result):
        stats.errors += 1
        stats.messages.append(f"{url}: {result.error or f'HTTP {result.status}'}")
        return None
    stats.fetched += 1
    return result


async def _refresh_endpoint(conn: sqlite3.Connection, fetcher: FetcherLike, source_id: int, url: str,
                            kind: str, since: str | None, stats: RefreshStats, put: Callable[..., bool],
                            *, depth: int, budget: list[int], visited: set[str]) -> None:
    if url in visited:
        return
    visited.add(url)
    if kind != "feed":
        if budget[0] <= 0:
            stats.notes.append(f"{url}: skipped, sitemap budget of this refresh used up")
            return
        budget[0] -= 1
    before = stats.not_modified
    result = await _fetch_endpoint(conn, fetcher, source_id, url, kind, stats)
    if result is None:
        if kind == "sitemap-index" and stats.not_modified > before:
            # an unchanged index says nothing about its children (a news sitemap changes under a
            # static index): poll the children found last time, each with its own validators
            children = [r[0] for r in conn.execute(
                "SELECT url FROM endpoints WHERE source_id = ? AND kind = 'sitemap-child' ORDER BY url",
                (source_id,))]
            for child in children:
                await _refresh_endpoint(conn, fetcher, source_id, child, "sitemap-child", since, stats, put,
                                        depth=MAX_SITEMAP_DEPTH - 1, budget=budget, visited=visited)
        return
    base = normalise_url(result.final_url or url) or url
    what = sniff(result.body)
    if what == "feed":
        _enqueue_all(conn, parse_feed(result.body, base), source_id, since, stats, put)
        return
    if what == "sitemap":
        page = parse_sitemap(result.body, base)
        if depth == 0 and kind in ("sitemap", "sitemap-index"):
            conn.execute("UPDATE endpoints SET kind = ? WHERE url = ?",
                         ("sitemap-index" if page.kind == "sitemapindex" else "sitemap", url))
        _enqueue_all(conn, page.candidates, source_id, since, stats, put)
        await _walk_children(conn, fetcher, source_id, page, since, stats, put,
                             depth=depth, budget=budget, visited=visited)
        return
    if kind == "page":  # an HTML page: follow any feeds it announces now (not stored as endpoints)
        for link in find_feed_links(result.body, base)[:MAX_FEED_LINKS]:
            await _refresh_endpoint(conn, fetcher, source_id, link, "feed", since, stats, put,
                                    depth=depth + 1, budget=budget, visited=visited)
        return
    stats.errors += 1
    stats.messages.append(f"{url}: neither a feed nor a sitemap")


async def _walk_children(conn: sqlite3.Connection, fetcher: FetcherLike, source_id: int, page: SitemapPage,
                         since: str | None, stats: RefreshStats, put: Callable[..., bool],
                         *, depth: int, budget: list[int], visited: set[str]) -> None:
    """Fetch the child sitemaps of an index, newest first; children last modified before `since`
    are skipped unfetched; a child is kept as a 'sitemap-child' endpoint for its validators."""
    if not page.children:
        return
    if depth + 1 >= MAX_SITEMAP_DEPTH:
        stats.notes.append(f"sitemap index nesting deeper than {MAX_SITEMAP_DEPTH}: not followed")
        return
    order = sorted(page.children, key=lambda u: page.child_lastmod.get(u, "9999"), reverse=True)
    for child in order:
        if is_older(page.child_lastmod.get(child), since):
            stats.skipped_old += 1
            continue
        await _refresh_endpoint(conn, fetcher, source_id, child, "sitemap-child", since, stats, put,
                                depth=depth + 1, budget=budget, visited=visited)


def _enqueue_all(conn: sqlite3.Connection, candidates: Iterable[Candidate], source_id: int,
                 since: str | None, stats: RefreshStats, put: Callable[..., bool]) -> None:
    for candidate in candidates:
        if is_older(candidate.published, since):
            stats.skipped_old += 1
            continue
        if put(conn, candidate.url, source_id, published=candidate.published, title=candidate.title):
            stats.enqueued += 1
        else:
            stats.already_seen += 1


# --- a fetcher for `source add` -----------------------------------------------------------------

def open_fetcher(allow_private: bool = False) -> Any:
    """The crawler's Fetcher (an async context manager) with the given address policy."""
    from newsdig.acquire.fetch import Fetcher

    return Fetcher(allow_private=allow_private)
