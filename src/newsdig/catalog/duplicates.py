"""Near-duplicate groups in the catalog: MinHash signatures, LSH band keys, copy groups.

Why the band keys live in SQLite: datasketch's `MinHashLSH` keeps its index in memory (or in
Redis), so it would have to be rebuilt from every signature on each run and held whole in RAM —
at a million articles that is minutes and gigabytes before the first lookup. Here each article
stores its signature (`minhashes`, 512 bytes) and one row per band (`lsh_bands`, keyed by band and
bucket); a new article finds its candidates with `BANDS` indexed lookups, whatever the catalog's
size, then verifies them on the stored signatures (estimated Jaccard ≥ `THRESHOLD`). Parameters and
their reasons are in `newsdig.enrich.dedup`.

Groups: an article with copies has a `duplicates` row naming its group, whose id is the group's
first-seen member (that member gets a row too once it has a copy); `seq` keeps arrival order.
An article joins the group of its most similar earlier copy; groups are never merged or re-split
(an article resembling members of two groups joins the closer one).

Plain functions over a connection; the caller owns the transaction. Rows written per article:
1 signature + `BANDS` band keys + at most 2 group rows; rows read: `BANDS` bucket lookups of at
most `BUCKET_LIMIT` rows and `MAX_VERIFIED` signatures. `lsh_bands` has no index by article: an
article's band rows are found again from its signature, which halves the table's size on disk.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from newsdig.enrich.dedup import THRESHOLD, band_keys, from_bytes, signature, similarity, to_bytes

# Members read per band bucket: a wire story copied a thousand times must not make every new
# copy read a thousand rows per band; any one member of its group is enough to find the group.
BUCKET_LIMIT = 50
MAX_VERIFIED = 40  # candidates whose signatures are read, those sharing the most bands first
IN_CHUNK = 500  # ids per `IN (...)` list, well under SQLite's parameter limit


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """The group an article joined, the copy it is closest to and their estimated Jaccard."""

    group_id: str
    article_id: str
    similarity: float

    def as_dict(self) -> dict[str, object]:
        return {"group_id": self.group_id, "article_id": self.article_id, "similarity": self.similarity}


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for pos in range(0, len(ids), IN_CHUNK):
        yield list(ids[pos:pos + IN_CHUNK])


def _candidates(conn: sqlite3.Connection, article_id: str, keys: list[int]) -> list[str]:
    """Articles sharing at least one band bucket, the ones sharing the most bands first."""
    hits: Counter[str] = Counter()
    for band, bucket in enumerate(keys):
        for (other,) in conn.execute(
            "SELECT article_id FROM lsh_bands WHERE band = ? AND bucket = ? LIMIT ?",
            (band, bucket, BUCKET_LIMIT),
        ):
            if other != article_id:
                hits[other] += 1
    ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
    return [other for other, _ in ranked[:MAX_VERIFIED]]


def _best_match(conn: sqlite3.Connection, article_id: str, values: np.ndarray,
                keys: list[int]) -> tuple[str, float] | None:
    """The most similar stored article at or above the threshold (ties: the smaller id)."""
    ids = _candidates(conn, article_id, keys)
    if not ids:
        return None
    best: tuple[str, float] | None = None
    rows = conn.execute(
        f"SELECT article_id, signature FROM minhashes WHERE article_id IN ({_marks(len(ids))})", ids
    ).fetchall()
    for other, blob in sorted(rows, key=lambda row: row[0]):
        score = similarity(values, from_bytes(blob))
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (other, score)
    return best


def _store_signature(conn: sqlite3.Connection, article_id: str, values: np.ndarray, keys: list[int]) -> None:
    conn.execute("INSERT INTO minhashes(article_id, signature) VALUES (?, ?)", (article_id, to_bytes(values)))
    conn.executemany("INSERT OR IGNORE INTO lsh_bands(band, bucket, article_id) VALUES (?, ?, ?)",
                     [(band, bucket, article_id) for band, bucket in enumerate(keys)])


def _drop_signature(conn: sqlite3.Connection, article_id: str) -> None:
    """Delete the signature and its band rows, found again by primary key from the signature
    (no index on lsh_bands.article_id: it would cost as much space as the band keys themselves)."""
    row = conn.execute("SELECT signature FROM minhashes WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return
    keys = band_keys(from_bytes(row[0]))
    conn.executemany("DELETE FROM lsh_bands WHERE band = ? AND bucket = ? AND article_id = ?",
                     [(band, bucket, article_id) for band, bucket in enumerate(keys)])
    conn.execute("DELETE FROM minhashes WHERE article_id = ?", (article_id,))


def _join(conn: sqlite3.Connection, article_id: str, copy_id: str, score: float) -> DuplicateMatch:
    """Put the article into its copy's group, founding the group (named by the copy) if needed."""
    row = conn.execute("SELECT group_id FROM duplicates WHERE article_id = ?", (copy_id,)).fetchone()
    if row is None:
        group_id = copy_id
        conn.execute("INSERT INTO duplicates(article_id, group_id, similarity) VALUES (?, ?, ?)",
                     (copy_id, group_id, score))
    else:
        group_id = row[0]
    conn.execute("INSERT OR REPLACE INTO duplicates(article_id, group_id, similarity) VALUES (?, ?, ?)",
                 (article_id, group_id, score))
    return DuplicateMatch(group_id, copy_id, score)


def record_near_duplicates(conn: sqlite3.Connection, article_id: str, text: str) -> DuplicateMatch | None:
    """Store the article's signature and band keys and put it into the group of its closest copy.

    Returns the match (group, most similar article, estimated Jaccard), or None when the article
    has no copy or is too short to be compared (its earlier rows are then dropped). Recording an
    unchanged text again rewrites nothing, so group ids stay stable over `enrich --all`.
    """
    values = signature(text)
    if values is None:
        forget_article(conn, article_id)
        return None
    keys = band_keys(values)
    stored = conn.execute("SELECT signature FROM minhashes WHERE article_id = ?", (article_id,)).fetchone()
    if stored is not None and bytes(stored[0]) == to_bytes(values):
        best = _best_match(conn, article_id, values, keys)
        row = conn.execute("SELECT group_id, similarity FROM duplicates WHERE article_id = ?",
                           (article_id,)).fetchone()
        if row is None:
            return _join(conn, article_id, *best) if best is not None else None
        group_id, score = row
        members = group_members(conn, group_id)
        if best is not None and best[0] in members:
            return DuplicateMatch(group_id, best[0], best[1])
        closest = next((member for member in members if member != article_id), None)
        return DuplicateMatch(group_id, closest, float(score)) if closest else None
    forget_article(conn, article_id)
    best = _best_match(conn, article_id, values, keys)
    _store_signature(conn, article_id, values, keys)
    return _join(conn, article_id, *best) if best is not None else None


def forget_article(conn: sqlite3.Connection, article_id: str) -> None:
    """Drop the article's signature, band keys and group membership.

    A group left with one member is dissolved (articles without copies have no row); a group
    whose first member leaves is renamed after its next member in arrival order.
    """
    _drop_signature(conn, article_id)
    row = conn.execute("SELECT group_id FROM duplicates WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return
    group_id = row[0]
    conn.execute("DELETE FROM duplicates WHERE article_id = ?", (article_id,))
    rest = group_members(conn, group_id)
    if len(rest) <= 1:
        conn.execute("DELETE FROM duplicates WHERE group_id = ?", (group_id,))
    elif group_id == article_id:
        conn.execute("UPDATE duplicates SET group_id = ? WHERE group_id = ?", (rest[0], group_id))


def duplicate_groups(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """Article id -> group id, for the given ids that are in a group."""
    groups: dict[str, str] = {}
    for chunk in _chunks(ids):
        for article_id, group_id in conn.execute(
            f"SELECT article_id, group_id FROM duplicates WHERE article_id IN ({_marks(len(chunk))})", chunk
        ):
            groups[article_id] = group_id
    return groups


def group_members(conn: sqlite3.Connection, group_id: str) -> list[str]:
    """The group's article ids, first-seen first (empty for an unknown group)."""
    return [r[0] for r in conn.execute(
        "SELECT article_id FROM duplicates WHERE group_id = ? ORDER BY seq", (group_id,))]


def copies_of(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """The other members of the article's group, first-seen first (empty when it has no copy)."""
    row = conn.execute("SELECT group_id FROM duplicates WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return []
    return [other for other in group_members(conn, row[0]) if other != article_id]

