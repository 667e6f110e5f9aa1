"""Chunk vectors and the embed stage's progress in the catalog (tables of migration 4).

Vectors are float16 BLOBs: half the disk of float32, and cosine scores move by < 1e-3, far
below the gaps that order search results. The caller owns the transaction: an article's chunks
and its progress row commit together, so a kill -9 leaves each article embedded or pending.
numpy is imported inside the functions that need it: this module is imported by catalog code
that must work without the `[semantic]` extra.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from newsdig.catalog.articles import STREAM_BATCH, now_iso
from newsdig.catalog.meta import get_meta, set_meta

if TYPE_CHECKING:
    import numpy as np

STATUSES = ("ok", "empty", "failed")
EMBED_APPLIED_SEQ = "embed_applied_seq"  # the change log position of the last complete pass
EMBED_MODEL = "embed_model"  # the model version that pass ran with


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def to_blob(vector: np.ndarray) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype="<f2").tobytes()


def from_blobs(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """float16 BLOBs -> a float32 matrix (rows in order)."""
    import numpy as np

    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), dim).astype(np.float32)


def delete_chunks(conn: sqlite3.Connection, article_id: str) -> None:
    conn.execute("DELETE FROM embedding_chunks WHERE article_id = ?", (article_id,))


def store_chunks(conn: sqlite3.Connection, article_id: str, vectors: np.ndarray) -> int:
    """Replace an article's chunk vectors (row i is chunk i); returns how many were stored."""
    delete_chunks(conn, article_id)
    conn.executemany(
        "INSERT INTO embedding_chunks(article_id, chunk, vector) VALUES (?, ?, ?)",
        [(article_id, number, to_blob(vector)) for number, vector in enumerate(vectors)],
    )
    return len(vectors)


def mark_embedded(
    conn: sqlite3.Connection, article_id: str, content_hash: str, model: str, status: str,
    chunks: int = 0, error: str | None = None,
) -> None:
    """Record that the article's current text went through the stage with `model`."""
    if status not in STATUSES:
        raise ValueError(f"unknown embedding status {status!r}")
    conn.execute(
        "INSERT INTO embedding_progress(article_id, content_hash, model, status, chunks, error, done_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
        "content_hash = excluded.content_hash, model = excluded.model, status = excluded.status, "
        "chunks = excluded.chunks, error = excluded.error, done_at = excluded.done_at",
        (article_id, content_hash, model, status, chunks, error, now_iso()),
    )


def pending_ids(conn: sqlite3.Connection, model: str, *, everything: bool = False) -> Iterator[str]:
    """Articles whose current text has not been embedded with `model` (every article with `everything`).

    Like the enrich stage: candidates come from the change log above the stage's mark plus failed
    articles, so a small import does not scan a big catalog. When the last complete pass ran
    another model (or none), every article is a candidate. Each candidate is checked against its
    progress row, so a run killed half-way resumes without redoing what it committed.
    """
    if everything:
        yield from _all_ids(conn)
        return
    if get_meta(conn, EMBED_MODEL) != model:
        candidates: Iterator[str] = _all_ids(conn)
    else:
        start = int(get_meta(conn, EMBED_APPLIED_SEQ, "0") or 0)
        found = [r[0] for r in conn.execute(
            "SELECT DISTINCT article_id FROM changes WHERE seq > ? ORDER BY seq", (start,))]
        found += [r[0] for r in conn.execute(
            "SELECT article_id FROM embedding_progress WHERE status = 'failed' ORDER BY article_id")]
        candidates = iter(dict.fromkeys(found))
    while True:
        chunk = [c for _, c in zip(range(STREAM_BATCH), candidates, strict=False)]
        if not chunk:
            return
        rows = conn.execute(
            f"SELECT a.id, a.content_hash AS current, p.content_hash AS done, p.model, p.status "
            f"FROM articles a LEFT JOIN embedding_progress p ON p.article_id = a.id "
            f"WHERE a.id IN ({_marks(chunk)})", chunk,
        ).fetchall()
        state = {r["id"]: r for r in rows}
        for article_id in chunk:
            row = state.get(article_id)
            if row is None:
                continue  # not an article (any more)
            if row["done"] != row["current"] or row["model"] != model or row["status"] == "failed":
                yield article_id


def _all_ids(conn: sqlite3.Connection) -> Iterator[str]:
    last = ""
    while True:
        rows = conn.execute(
            "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, STREAM_BATCH)
        ).fetchall()
        if not rows:
            return
        yield from (r[0] for r in rows)
        last = rows[-1][0]


def set_embed_mark(conn: sqlite3.Connection, seq: int, model: str) -> None:
    """After a complete pass: later runs only look at changes above `seq`."""
    set_meta(conn, EMBED_APPLIED_SEQ, str(seq))
    set_meta(conn, EMBED_MODEL, model)


def drop_orphans(conn: sqlite3.Connection) -> int:
    """Chunks of articles that no longer exist (none today: articles are never deleted)."""
    cursor = conn.execute(
        "DELETE FROM embedding_chunks WHERE article_id NOT IN (SELECT id FROM articles)")
    return cursor.rowcount


# -- reading ---------------------------------------------------------------------------------
def chunk_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM embedding_chunks").fetchone()[0])


def max_chunk_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM embedding_chunks").fetchone()[0])


def iter_vectors(
    conn: sqlite3.Connection, dim: int, *, after_id: int = 0, batch: int = 20_000
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(chunk ids as int64, float32 vectors) in id order above `after_id`, a batch at a time."""
    import numpy as np

    last = after_id
    while True:
        rows = conn.execute(
            "SELECT id, vector FROM embedding_chunks WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            return
        keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        yield keys, from_blobs([r[1] for r in rows], dim)
        last = int(keys[-1])


def chunks_by_ids(conn: sqlite3.Connection, chunk_ids: Sequence[int]) -> dict[int, tuple[str, int]]:
    """chunk id -> (article id, chunk number); ids of replaced chunks are absent."""
    found: dict[int, tuple[str, int]] = {}
    ids = [int(i) for i in chunk_ids]
    for pos in range(0, len(ids), STREAM_BATCH):
        part = ids[pos:pos + STREAM_BATCH]
        for row in conn.execute(
            f"SELECT id, article_id, chunk FROM embedding_chunks WHERE id IN ({_marks(part)})", part
        ):
            found[int(row[0])] = (row[1], int(row[2]))
    return found


def article_vectors(conn: sqlite3.Connection, article_id: str, dim: int) -> np.ndarray:
    """An article's chunk vectors, chunk 0 first (no rows: not embedded)."""
    rows = conn.execute(
        "SELECT vector FROM embedding_chunks WHERE article_id = ? ORDER BY chunk", (article_id,)
    ).fetchall()
    return from_blobs([r[0] for r in rows], dim)


def embedding_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Articles per status and the number of chunk vectors (for `stats` and `embed --json`)."""
    counts = {status: 0 for status in STATUSES}
    for row in conn.execute("SELECT status, COUNT(*) FROM embedding_progress GROUP BY status"):
        counts[row[0]] = int(row[1])
    counts["chunks"] = chunk_count(conn)
    return counts
