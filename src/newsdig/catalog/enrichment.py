"""Enrichment rows of one article (entities, quotes), the stage's progress, and index extras.

The caller owns the transaction: `store_analysis` and the progress row of an article commit
together with its duplicate group and story, so a kill -9 leaves each article either fully
enriched or pending, never half.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict

from newsdig.catalog.articles import STREAM_BATCH, now_iso, record_change
from newsdig.catalog.meta import get_meta, set_meta
from newsdig.enrich.records import Analysis
from newsdig.models import Enrichment

ENRICH_APPLIED_SEQ = "enrich_applied_seq"
STATUSES = ("ok", "partial", "failed")


def _marks(values: Sequence[object]) -> str:
    """`?, ?, ?` for an IN list: only placeholders are generated, values stay parameters."""
    return ", ".join("?" for _ in values)


def clear_analysis(conn: sqlite3.Connection, article_id: str) -> None:
    """Drop an article's entities and quotes (the quotes trigger also drops figures and FTS rows)."""
    conn.execute("DELETE FROM entities WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))


def store_analysis(conn: sqlite3.Connection, analysis: Analysis) -> None:
    """Replace an article's entities and quotes with those of `analysis`."""
    clear_analysis(conn, analysis.article_id)
    merged: dict[str, list[object]] = {}
    for entity in analysis.entities:  # one row per canonical name, even if the model repeats one
        row = merged.get(entity.name)
        if row is None:
            merged[entity.name] = [entity.kind, entity.mentions, list(entity.roles), list(entity.aliases)]
        else:
            row[1] = int(row[1]) + entity.mentions  # type: ignore[call-overload]
    conn.executemany(
        "INSERT INTO entities(article_id, name, kind, mentions, roles, aliases) VALUES (?, ?, ?, ?, ?, ?)",
        [(analysis.article_id, name, kind, mentions, json.dumps(roles), json.dumps(aliases))
         for name, (kind, mentions, roles, aliases) in merged.items()],
    )
    for seq, quote in enumerate(analysis.quotes):
        numbers = [asdict(n) for n in quote.numbers]
        cursor = conn.execute(
            "INSERT INTO quotes(article_id, seq, speaker, speaker_kind, speaker_role, via, cue, kind, "
            "stance, text, numbers, span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (analysis.article_id, seq, quote.speaker, quote.speaker_kind, quote.speaker_role, quote.via,
             quote.cue, quote.kind, quote.stance, quote.text, json.dumps(numbers),
             quote.span[0], quote.span[1]),
        )
        conn.executemany(
            "INSERT INTO quote_numbers(quote_id, value, high, qualifier, unit) VALUES (?, ?, ?, ?, ?)",
            [(cursor.lastrowid, n.value, n.high, n.qualifier, n.unit) for n in quote.numbers],
        )


def mark_done(
    conn: sqlite3.Connection, article_id: str, content_hash: str, version: str, status: str,
    error: str | None = None,
) -> None:
    """Record that the article's current text went through the stage, and queue it for the index."""
    if status not in STATUSES:
        raise ValueError(f"unknown enrichment status {status!r}")
    conn.execute(
        "INSERT INTO enrichment(article_id, content_hash, version, status, error, done_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
        "content_hash = excluded.content_hash, version = excluded.version, status = excluded.status, "
        "error = excluded.error, done_at = excluded.done_at",
        (article_id, content_hash, version, status, error, now_iso()),
    )
    record_change(conn, article_id)


def enrich_applied_seq(conn: sqlite3.Connection) -> int:
    return int(get_meta(conn, ENRICH_APPLIED_SEQ, "0") or 0)


def enrichment_behind(conn: sqlite3.Connection) -> bool:
    """Whether articles changed since the stage's last pass were never enriched: an enrichment
    killed half-way (or turned off for an import). Cheap: only the change log above the mark."""
    return conn.execute(
        "SELECT 1 FROM changes c WHERE c.seq > ? AND NOT EXISTS "
        "(SELECT 1 FROM enrichment e WHERE e.article_id = c.article_id) LIMIT 1",
        (enrich_applied_seq(conn),)).fetchone() is not None


def set_enrich_applied_seq(conn: sqlite3.Connection, seq: int) -> None:
    set_meta(conn, ENRICH_APPLIED_SEQ, str(seq))


def pending_ids(conn: sqlite3.Connection, version: str, *, everything: bool = False) -> Iterator[str]:
    """Articles whose current text has not been enriched by `version` (all of them with `everything`).

    Candidates come from the change log above the stage's own mark (so a big catalog is not
    scanned after every small import), plus failed ones; `everything` walks the whole catalog.
    Each candidate is checked against its progress row, so articles the stage itself touched
    (it logs changes for the index) are skipped.
    """
    if everything:
        last = ""
        while True:
            rows = conn.execute(
                "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, STREAM_BATCH)
            ).fetchall()
            if not rows:
                return
            yield from (r[0] for r in rows)
            last = rows[-1][0]
    start = enrich_applied_seq(conn)
    candidates = [r[0] for r in conn.execute(
        "SELECT DISTINCT article_id FROM changes WHERE seq > ? ORDER BY seq", (start,))]
    candidates += [r[0] for r in conn.execute(
        "SELECT article_id FROM enrichment WHERE status = 'failed' ORDER BY article_id")]
    seen: set[str] = set()
    for pos in range(0, len(candidates), STREAM_BATCH):
        chunk = [c for c in dict.fromkeys(candidates[pos:pos + STREAM_BATCH]) if c not in seen]
        seen.update(chunk)
        if not chunk:
            continue
        rows = conn.execute(
            f"SELECT a.id, a.content_hash AS current, e.content_hash AS done, e.version, e.status "
            f"FROM articles a LEFT JOIN enrichment e ON e.article_id = a.id WHERE a.id IN ({_marks(chunk)})",
            chunk,
        ).fetchall()
        state = {r["id"]: r for r in rows}
        for article_id in chunk:
            row = state.get(article_id)
            if row is None:
                continue  # deleted since
            if row["done"] != row["current"] or row["version"] != version or row["status"] == "failed":
                yield article_id


def enrichment_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Articles per enrichment status, plus totals of entities, quotes, stories and copy groups."""
    counts = {status: 0 for status in STATUSES}
    for row in conn.execute("SELECT status, COUNT(*) FROM enrichment GROUP BY status"):
        counts[row[0]] = int(row[1])
    for name, sql in (
        ("quotes", "SELECT COUNT(*) FROM quotes"),
        ("speakers", "SELECT COUNT(DISTINCT speaker) FROM quotes"),
        ("entities", "SELECT COUNT(DISTINCT name) FROM entities"),
        ("stories", "SELECT COUNT(*) FROM stories WHERE size > 1"),
        ("duplicate_groups", "SELECT COUNT(DISTINCT group_id) FROM duplicates"),
    ):
        counts[name] = int(conn.execute(sql).fetchone()[0])
    return counts


def index_extras(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Enrichment]:
    """The enrichment facts the index document of each article carries (absent ids: none yet)."""
    speakers: dict[str, dict[str, None]] = {}
    entities: dict[str, list[str]] = {}
    groups: dict[str, str] = {}
    stories: dict[str, int] = {}
    for pos in range(0, len(ids), STREAM_BATCH):
        chunk = list(ids[pos:pos + STREAM_BATCH])
        marks = _marks(chunk)
        for row in conn.execute(
            f"SELECT article_id, speaker, via FROM quotes WHERE article_id IN ({marks}) "
            f"ORDER BY article_id, seq",
            chunk,
        ):
            names = speakers.setdefault(row[0], {})
            names[row[1]] = None
            if row[2]:
                names[row[2]] = None
        for row in conn.execute(
            f"SELECT article_id, name FROM entities WHERE article_id IN ({marks}) "
            f"ORDER BY article_id, mentions DESC, name", chunk,
        ):
            entities.setdefault(row[0], []).append(row[1])
        for row in conn.execute(
            f"SELECT article_id, group_id FROM duplicates WHERE article_id IN ({marks})", chunk
        ):
            groups[row[0]] = row[1]
        for row in conn.execute(
            f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})", chunk
        ):
            stories[row[0]] = int(row[1])
    return {
        article_id: Enrichment(
            speakers=tuple(speakers.get(article_id, {})),
            entities=tuple(entities.get(article_id, ())),
            group_id=groups.get(article_id),
            story_id=stories.get(article_id),
        )
        for article_id in ids
    }

