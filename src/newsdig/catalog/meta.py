"""Small key/value state kept in the catalog (e.g. the last change the index applied)."""

from __future__ import annotations

import sqlite3

INDEX_APPLIED_SEQ = "index_applied_seq"


def get_meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def applied_seq(conn: sqlite3.Connection) -> int:
    return int(get_meta(conn, INDEX_APPLIED_SEQ, "0") or 0)


def last_change_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(seq) FROM changes").fetchone()
    return int(row[0] or 0)


def pending_article_ids(conn: sqlite3.Connection, after: int, upto: int) -> list[str]:
    """Distinct articles changed in (after, upto]; applying them is idempotent."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT article_id FROM changes WHERE seq > ? AND seq <= ?", (after, upto))]
