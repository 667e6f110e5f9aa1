"""The crawl frontier: every URL the crawler was asked to fetch, once, and what became of it.

The table (migration 2) is also the seen-set: its primary key is the normalised URL, so a URL
announced by ten feeds is queued once and an article is never fetched twice. States:

    queued   waiting; `next_try_at` (unix seconds) says when it may go (retries back off)
    done     fetched; `article_id` set when it became an article (else `reason` says why not)
    failed   given up (`reason`): a permanent HTTP error or too many attempts
    skipped  never fetched on purpose (`reason`): robots, old, unsafe, not-html, too-large

Functions take a connection and never commit: the crawler commits frontier marks in the same
transaction as the articles they produced.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from urllib.parse import urlsplit

from newsdig.extract.urls import normalise_url

STATES = ("queued", "done", "failed", "skipped")


def host_key(url: str) -> str:
    """The politeness unit: host name plus an explicit port (`example.com`, `127.0.0.1:8081`)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def enqueue(conn: sqlite3.Connection, url: str, source_id: int | None, published: str | None = None,
            title: str | None = None) -> bool:
    """Queue a URL (normalised); False when it is already known or not a web URL."""
    normal = normalise_url(url)
    if normal is None:
        return False
    cursor = conn.execute(
        "INSERT OR IGNORE INTO frontier (url, source_id, host, state, discovered_at, published, title) "
        "VALUES (?, ?, ?, 'queued', ?, ?, ?)",
        (normal, source_id, host_key(normal), _now_iso(), published, title))
    return cursor.rowcount == 1


def requeue(conn: sqlite3.Connection, url: str) -> None:
    """Queue a known URL again now, with fresh attempts (`newsdig crawl --url` asks explicitly)."""
    conn.execute("UPDATE frontier SET state = 'queued', attempts = 0, next_try_at = 0, reason = NULL "
                 "WHERE url = ?", (url,))


def get(conn: sqlite3.Connection, url: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM frontier WHERE url = ?", (url,)).fetchone()


def _filters(urls: list[str] | None, exclude_hosts: set[str] | frozenset[str]) -> tuple[str, list[object]]:
    sql, params = "", []
    if urls is not None:
        sql += f" AND url IN ({', '.join('?' * len(urls))})"
        params += urls
    if exclude_hosts:
        sql += f" AND host NOT IN ({', '.join('?' * len(exclude_hosts))})"
        params += sorted(exclude_hosts)
    return sql, params


def next_batch(conn: sqlite3.Connection, now: float, limit: int, urls: list[str] | None = None,
               exclude_hosts: set[str] | frozenset[str] = frozenset()) -> list[sqlite3.Row]:
    """Queued URLs due at `now`, oldest first, taken round-robin across hosts so a batch is
    spread over as many hosts as possible (one host's 5,000 URLs do not starve the others).

    With `urls`, only those frontier rows are considered; `exclude_hosts` are left out.
    """
    if urls is not None and not urls:
        return []
    where, params = _filters(urls, exclude_hosts)
    return conn.execute(
        "SELECT * FROM (SELECT f.*, ROW_NUMBER() OVER (PARTITION BY host ORDER BY next_try_at, "
        "discovered_at, url) AS turn FROM frontier f WHERE state = 'queued' AND next_try_at <= ?"
        f"{where}) ORDER BY turn, next_try_at, discovered_at, url LIMIT ?", [now, *params, limit]).fetchall()


def next_due(conn: sqlite3.Connection, urls: list[str] | None = None,
             exclude_hosts: set[str] | frozenset[str] = frozenset()) -> float | None:
    """When the earliest queued URL becomes due (unix seconds), or None when nothing is queued."""
    if urls is not None and not urls:
        return None
    where, params = _filters(urls, exclude_hosts)
    row = conn.execute(f"SELECT MIN(next_try_at) FROM frontier WHERE state = 'queued'{where}",
                       params).fetchone()
    return None if row[0] is None else float(row[0])


def mark_done(conn: sqlite3.Connection, url: str, status: int | None, final_url: str | None,
              article_id: str | None, reason: str | None = None) -> None:
    """Fetched: record where it ended up and the article it became (`reason` when none)."""
    conn.execute("UPDATE frontier SET state = 'done', attempts = attempts + 1, status = ?, final_url = ?, "
                 "article_id = ?, reason = ? WHERE url = ?", (status, final_url, article_id, reason, url))


def mark_failed(conn: sqlite3.Connection, url: str, reason: str, retry_at: float | None) -> None:
    """A failed attempt: queued again for `retry_at`, or given up for good when it is None."""
    if retry_at is None:
        conn.execute("UPDATE frontier SET state = 'failed', attempts = attempts + 1, reason = ? "
                     "WHERE url = ?", (reason, url))
    else:
        conn.execute("UPDATE frontier SET state = 'queued', attempts = attempts + 1, reason = ?, "
                     "next_try_at = ? WHERE url = ?", (reason, retry_at, url))


def mark_skipped(conn: sqlite3.Connection, url: str, reason: str) -> None:
    """Not fetched on purpose (robots, old, unsafe, not-html, too-large)."""
    conn.execute("UPDATE frontier SET state = 'skipped', reason = ? WHERE url = ?", (reason, url))


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """URLs per state (every state present, zero when empty)."""
    found = dict(conn.execute("SELECT state, COUNT(*) FROM frontier GROUP BY state").fetchall())
    return {state: int(found.get(state, 0)) for state in STATES}


def queued_by_host(conn: sqlite3.Connection) -> dict[str, int]:
    """Queued URLs per host, largest queue first."""
    rows = conn.execute("SELECT host, COUNT(*) AS n FROM frontier WHERE state = 'queued' "
                        "GROUP BY host ORDER BY n DESC, host").fetchall()
    return {row[0]: int(row[1]) for row in rows}
