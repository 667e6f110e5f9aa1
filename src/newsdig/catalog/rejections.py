"""Rejections are stored, not just printed: `newsdig stats` lists them by reason."""

from __future__ import annotations

import sqlite3

from newsdig.catalog.articles import RawRef, now_iso
from newsdig.models import Rejection


def record_rejection(conn: sqlite3.Connection, rejection: Rejection, raw: RawRef | None = None) -> None:
    conn.execute(
        "INSERT INTO rejections(stage, reason, origin, url, detail, raw_file, raw_offset, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (rejection.stage, rejection.reason, rejection.origin, rejection.url, rejection.detail[:2000],
         raw.file if raw else None, raw.offset if raw else None, now_iso()),
    )


def rejection_counts(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    return [(r[0], r[1], r[2]) for r in conn.execute(
        "SELECT stage, reason, COUNT(*) FROM rejections GROUP BY stage, reason ORDER BY 3 DESC")]
