"""Crawl sources in the catalog: a site (or feed) the user added, its endpoints and crawl state."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from urllib.parse import urlsplit

from newsdig.errors import InputError
from newsdig.extract.urls import normalise_url

TOP_KINDS = ("feed", "sitemap", "sitemap-index", "page")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def source_url(url: str) -> str:
    """The normalised form a source URL is stored under; InputError when it is no web URL."""
    cleaned = normalise_url(url)
    if not cleaned:
        raise InputError(f"not an http(s) URL: {url!r}")
    return cleaned


def default_name(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def add_source(conn: sqlite3.Connection, url: str, name: str | None = None,
               allow_private: bool = False) -> int:
    """Store a source (or update the name/flag of the one with this URL); its id.

    Checks the URL first: http(s) only and, unless `allow_private`, a public address
    (raises `UnsafeURL`/`HostNotFound`, both InputError).
    """
    from newsdig.acquire.safety import check_url

    stored = source_url(url)
    check_url(stored, allow_private)
    name = (name or "").strip() or default_name(stored)
    conn.execute(
        "INSERT INTO sources (name, url, allow_private, added_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(url) DO UPDATE SET name = excluded.name, allow_private = excluded.allow_private",
        (name, stored, int(allow_private), _now()))
    row = conn.execute("SELECT id FROM sources WHERE url = ?", (stored,)).fetchone()
    conn.commit()
    return int(row[0])


def set_endpoints(conn: sqlite3.Connection, source_id: int, feeds: list[str], sitemaps: list[str],
                  pages: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Make these the source's top-level endpoints, keeping validators of ones it already had.

    An endpoint URL belongs to one source: one already owned by another source stays there.
    Child sitemaps (kind 'sitemap-child', found while walking indexes) are left alone.
    Returns the URLs that stayed with another source.
    """
    wanted: dict[str, str] = {}
    for kind, urls in (("page", pages), ("sitemap", sitemaps), ("feed", feeds)):
        for url in urls:
            wanted[url] = kind
    marks = ",".join("?" for _ in TOP_KINDS)
    current = {r["url"]: r["kind"] for r in conn.execute(
        f"SELECT url, kind FROM endpoints WHERE source_id = ? AND kind IN ({marks})",
        (source_id, *TOP_KINDS))}
    for url in current.keys() - wanted.keys():
        conn.execute("DELETE FROM endpoints WHERE url = ?", (url,))
    for url, kind in wanted.items():
        if url in current:
            if not (current[url] == "sitemap-index" and kind == "sitemap"):
                conn.execute("UPDATE endpoints SET kind = ? WHERE url = ?", (kind, url))
            continue
        conn.execute("INSERT INTO endpoints (url, source_id, kind) VALUES (?, ?, ?) "
                     "ON CONFLICT(url) DO UPDATE SET kind = excluded.kind "
                     "WHERE endpoints.source_id = excluded.source_id", (url, source_id, kind))
    conn.commit()
    marks = ",".join("?" for _ in wanted)
    owner = {r[0]: r[1] for r in conn.execute(
        f"SELECT url, source_id FROM endpoints WHERE url IN ({marks})", tuple(wanted))}
    return [url for url in wanted if owner.get(url) != source_id]


def get_source(conn: sqlite3.Connection, source_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()


def record_crawl(conn: sqlite3.Connection, source_id: int, articles: int, errors: int,
                 error: str | None = None, next_crawl_at: str | None = None) -> None:
    """Note a finished crawl of a source: counts are added to its totals; `error` replaces the last one."""
    conn.execute(
        "UPDATE sources SET last_crawl_at = ?, articles = articles + ?, errors = errors + ?, "
        "last_error = ?, next_crawl_at = COALESCE(?, next_crawl_at) WHERE id = ?",
        (_now(), int(articles), int(errors), error, next_crawl_at, source_id))
    conn.commit()


def list_sources(conn: sqlite3.Connection) -> list[dict]:
    """Every source with its endpoints, crawl state and how many of its URLs are still queued."""
    endpoints: dict[int, dict[str, list[str]]] = {}
    for row in conn.execute("SELECT source_id, url, kind FROM endpoints ORDER BY url"):
        group = endpoints.setdefault(row["source_id"], {"feeds": [], "sitemaps": [], "pages": []})
        if row["kind"] == "feed":
            group["feeds"].append(row["url"])
        elif row["kind"] in ("sitemap", "sitemap-index"):
            group["sitemaps"].append(row["url"])
        elif row["kind"] == "page":
            group["pages"].append(row["url"])
    queued = {r[0]: r[1] for r in conn.execute(
        "SELECT source_id, COUNT(*) FROM frontier WHERE state = 'queued' GROUP BY source_id")}
    result = []
    for row in conn.execute("SELECT * FROM sources ORDER BY name, id"):
        group = endpoints.get(row["id"], {"feeds": [], "sitemaps": [], "pages": []})
        result.append({
            "id": row["id"],
            "name": row["name"],
            "url": row["url"],
            "allow_private": bool(row["allow_private"]),
            "feeds": group["feeds"],
            "sitemaps": group["sitemaps"],
            "pages": group["pages"],
            "added_at": row["added_at"],
            "last_crawl": row["last_crawl_at"],
            "next_crawl": row["next_crawl_at"],
            "articles": row["articles"],
            "errors": row["errors"],
            "last_error": row["last_error"],
            "queued": queued.get(row["id"], 0),
        })
    return result
