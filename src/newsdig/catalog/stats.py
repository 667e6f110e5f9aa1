"""Figures about a home for `newsdig stats` (and, later, `/api/stats`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from newsdig.catalog.enrichment import enrichment_counts
from newsdig.catalog.meta import applied_seq, last_change_seq
from newsdig.catalog.templates import template_counts

TOP = 10


def _dir_bytes(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _counts(conn: sqlite3.Connection, column: str) -> list[dict[str, Any]]:
    # `column` is one of our own literals below, never user input
    rows = conn.execute(
        f"SELECT COALESCE({column}, '(unknown)'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT ?",
        (TOP,),
    )
    return [{"value": value, "count": count} for value, count in rows]


def home_stats(conn: sqlite3.Connection, root: Path, index_docs: int | None) -> dict[str, Any]:
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    # Two queries: SQLite answers a lone MIN or MAX from the index in O(log n), both at once by a scan.
    earliest = conn.execute("SELECT MIN(published) FROM articles WHERE published IS NOT NULL").fetchone()[0]
    latest = conn.execute("SELECT MAX(published) FROM articles").fetchone()[0]
    behind = last_change_seq(conn) - applied_seq(conn)
    catalog_bytes = sum(
        p.stat().st_size for p in root.glob("catalog.sqlite*") if p.is_file())
    enriched = enrichment_counts(conn)
    waiting = conn.execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN enrichment e ON e.article_id = a.id "
        "WHERE e.article_id IS NULL OR e.content_hash != a.content_hash").fetchone()[0]
    return {
        "home": str(root),
        "articles": articles,
        "sources": conn.execute("SELECT COUNT(DISTINCT source) FROM articles").fetchone()[0],
        "aliases": conn.execute("SELECT COUNT(*) FROM aliases").fetchone()[0],
        "earliest": earliest,
        "latest": latest,
        "rejections": conn.execute("SELECT COUNT(*) FROM rejections").fetchone()[0],
        "rejections_by_reason": [
            {"value": reason, "count": count} for reason, count in conn.execute(
                "SELECT reason, COUNT(*) FROM rejections GROUP BY reason ORDER BY 2 DESC")],
        "top_sources": _counts(conn, "source"),
        "languages": _counts(conn, "language"),
        "template_lines_by_source": template_counts(conn),
        "index_docs": index_docs,
        "index_status": "up to date" if behind <= 0 else f"{behind} changes pending",
        "catalog_bytes": catalog_bytes,
        "index_bytes": _dir_bytes(root / "index"),
        "raw_bytes": _dir_bytes(root / "raw"),
        "enriched": enriched["ok"],
        "enrich_partial": enriched["partial"],
        "enrich_failed": enriched["failed"],
        "enrich_pending": waiting,
        "quotes": enriched["quotes"],
        "speakers": enriched["speakers"],
        "entities": enriched["entities"],
        "stories": enriched["stories"],
        "duplicate_groups": enriched["duplicate_groups"],
    }
