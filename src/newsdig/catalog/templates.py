"""Per-source template learning state: which edge lines repeat across a source's articles.

The pure decisions (which lines are candidates, how to strip them) live in
`newsdig.extract.templates`; this module only counts and remembers. Counting stops after
LEARN_DOCS_PER_SOURCE articles of a source: furniture shows up on every page, so it is learned
within the first handful, and the table stays bounded on huge sources.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsdig.extract.templates import MIN_TEMPLATE_DOCS

LEARN_DOCS_PER_SOURCE = 1000


def template_keys(conn: sqlite3.Connection, source: str) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT line_key FROM source_lines WHERE source = ? AND doc_count >= ?",
        (source, MIN_TEMPLATE_DOCS))}


def learn_lines(conn: sqlite3.Connection, source: str, article_id: str, keys: Iterable[str]
                ) -> tuple[set[str], set[str]]:
    """Count one new article's candidate lines.

    Returns (keys that just became template, ids of earlier articles that carry them) so the
    caller can strip those lines from articles already stored.
    """
    row = conn.execute("SELECT learned_docs FROM source_stats WHERE source = ?", (source,)).fetchone()
    learned = row[0] if row else 0
    if learned >= LEARN_DOCS_PER_SOURCE:
        return set(), set()
    conn.execute(
        "INSERT INTO source_stats(source, learned_docs) VALUES (?, 1)"
        " ON CONFLICT(source) DO UPDATE SET learned_docs = learned_docs + 1",
        (source,),
    )
    crossed: set[str] = set()
    earlier: set[str] = set()
    for key in keys:
        found = conn.execute(
            "SELECT doc_count, article_ids FROM source_lines WHERE source = ? AND line_key = ?",
            (source, key),
        ).fetchone()
        if found is None:
            conn.execute(
                "INSERT INTO source_lines(source, line_key, doc_count, article_ids) VALUES (?, ?, 1, ?)",
                (source, key, article_id),
            )
            continue
        count = found[0] + 1
        ids = found[1].split() if found[1] else []
        if count >= MIN_TEMPLATE_DOCS:
            if found[0] < MIN_TEMPLATE_DOCS:
                crossed.add(key)
                earlier.update(ids)
            ids = []  # once template, nobody needs the list again
        else:
            ids.append(article_id)
        conn.execute(
            "UPDATE source_lines SET doc_count = ?, article_ids = ? WHERE source = ? AND line_key = ?",
            (count, " ".join(ids), source, key),
        )
    earlier.discard(article_id)
    return crossed, earlier


def template_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute(
        "SELECT source, COUNT(*) FROM source_lines WHERE doc_count >= ? GROUP BY source",
        (MIN_TEMPLATE_DOCS,))}
