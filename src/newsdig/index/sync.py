"""Keep the derived index in step with the catalog (DESIGN.md: catalog first, index second).

The catalog logs every article change with a sequence number; the index applies everything
above the number it last recorded. Applying is idempotent (delete by id, then add), so a crash
between the catalog commit and the index commit only means some work is redone at next start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from newsdig.catalog.articles import get_articles, iter_articles_stored
from newsdig.catalog.enrichment import index_extras
from newsdig.catalog.meta import (
    INDEX_APPLIED_SEQ,
    applied_seq,
    last_change_seq,
    pending_article_ids,
    set_meta,
)
from newsdig.errors import IndexError_
from newsdig.index.build import build_fresh
from newsdig.index.writer import IndexWriter, open_writer
from newsdig.models import Article, Enrichment

SYNC_CHUNK = 2000


def index_is_behind(conn: sqlite3.Connection) -> bool:
    return applied_seq(conn) < last_change_seq(conn)


def apply_changes(conn: sqlite3.Connection, writer: IndexWriter) -> int:
    """Apply pending catalog changes through an open writer and commit; returns articles touched."""
    start, end = applied_seq(conn), last_change_seq(conn)
    if end <= start:
        return 0
    count = stage_changes(conn, writer, start, end)
    mark_applied(conn, writer, end)
    return count


def stage_changes(conn: sqlite3.Connection, writer: IndexWriter, start: int, end: int) -> int:
    """Queue the changes in (start, end] in the writer without committing; returns articles touched.

    A long import stages every catalog batch (the writer's heap bounds the memory) and commits
    the index only every few seconds: a tantivy commit costs ~0.3 s whatever its size. Until
    `mark_applied`, the catalog still records the older position, so a crash re-applies them.
    """
    if end <= start:
        return 0
    ids = pending_article_ids(conn, start, end)
    for pos in range(0, len(ids), SYNC_CHUNK):
        chunk = ids[pos:pos + SYNC_CHUNK]
        found = get_articles(conn, chunk)
        writer.delete(chunk)
        writer.upsert((found[i] for i in chunk if i in found), index_extras(conn, chunk))
    return len(ids)


def mark_applied(conn: sqlite3.Connection, writer: IndexWriter, end: int) -> None:
    """Commit what the writer holds, then record that the index has every change up to `end`."""
    writer.commit()
    with conn:
        set_meta(conn, INDEX_APPLIED_SEQ, str(end))


def iter_enriched(conn: sqlite3.Connection) -> Iterator[tuple[Article, Enrichment | None]]:
    """Every article with its enrichment, streamed in chunks (constant memory), in storage order
    (the writer lock is held: no row moves while this reads)."""
    chunk: list[Article] = []
    for article in iter_articles_stored(conn):
        chunk.append(article)
        if len(chunk) >= SYNC_CHUNK:
            extras = index_extras(conn, [a.id for a in chunk])
            yield from ((a, extras.get(a.id)) for a in chunk)
            chunk = []
    if chunk:
        extras = index_extras(conn, [a.id for a in chunk])
        yield from ((a, extras.get(a.id)) for a in chunk)


def rebuild(conn: sqlite3.Connection, index_dir: Path) -> int:
    """Build a fresh index from the catalog alone and swap it in (`newsdig reindex`)."""
    upto = last_change_seq(conn)
    count = build_fresh(index_dir, iter_enriched(conn))
    with conn:
        set_meta(conn, INDEX_APPLIED_SEQ, str(upto))
    return count


def catch_up(conn: sqlite3.Connection, index_dir: Path) -> tuple[str, int]:
    """Bring the index up to date: apply pending changes, or rebuild when it is unusable.

    Returns what was done ("current", "applied", "rebuilt") and how many articles it touched.
    """
    if not (index_dir / "newsdig-index.json").exists():
        return "rebuilt", rebuild(conn, index_dir)
    if not index_is_behind(conn):
        return "current", 0
    try:
        with open_writer(index_dir) as writer:
            return "applied", apply_changes(conn, writer)
    except IndexError_:
        return "rebuilt", rebuild(conn, index_dir)
