"""Semantic search: query -> vector -> nearest chunks -> best chunk per article -> ranking.

The ranking by meaning alone, apart from how it is shown: newsdig.search.modes fuses it with the
keyword ranking and cuts pages from it, newsdig.search.restrict_semantic splits the query into what
the model reads and what the keyword index restricts, and this module answers "which articles are
nearest in meaning":

- `semantic_available(home)`: None when semantic search can run, else the reason (what to install,
  or `newsdig embed` to run).
- `semantic_matches(home, query, depth, searcher=...)`: [SemanticMatch] best first, each with the
  chunk that matched; `semantic_ids`: the same as [(article id, cosine)].
- `similar_by_vector(home, article_id, k)`: more like this, by meaning.

Given the keyword engine's `searcher`, candidates obey the query's restrictions: when they select
few articles those are searched exactly, otherwise the ANN candidates are re-checked against them.

Only the functions import numpy, the model or usearch: importing this module is free without the
`[semantic]` extra.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdig.home import Home
from newsdig.index.document import id_key
from newsdig.search.parser import parse_query
from newsdig.search.restrict_semantic import (
    _allowed_keys,
    _restricted,
    restrict,
    restriction_query,
    semantic_text,
)

if TYPE_CHECKING:
    import numpy as np

    from newsdig.search.engine import Searcher

MAX_DEPTH = 1000
CHUNKS_PER_ARTICLE = 4  # nearest chunks fetched per article wanted: several chunks of one article
RESTRICTED_OVERFETCH = 8  # more again when candidates must pass a filter afterwards
EXACT_FILTER_MAX = 500  # a restriction selecting at most this many articles is searched exactly
KEYS_FILTER_MAX = 50_000  # up to this many, candidates are checked against the ids it selects
MAX_CHUNKS_FETCHED = 20_000  # the deepest a restricted query reads the ANN index


@dataclass(frozen=True, slots=True)
class SemanticMatch:
    """One article found by meaning: its best chunk's similarity and which chunk it was."""

    article_id: str
    score: float  # cosine similarity of the best chunk, -1..1
    chunk: int  # 0: title and lead; n: the n-th text window (enrich.embeddings.chunk_article)


# -- availability -------------------------------------------------------------------------------
def semantic_available(home: Home) -> str | None:
    """None when semantic search can answer on `home`, else one sentence saying why not.

    Checks, cheapest first: the `[semantic]` extra's packages, a catalog, stored vectors, and that
    the model loads (cached per process: later calls cost nothing).
    """
    from newsdig.enrich.embeddings import SemanticUnavailable, load_encoder, missing_modules

    missing = missing_modules()
    if missing:
        return f"semantic search needs {', '.join(missing)}: pip install 'newsdig[semantic]'"
    if not home.exists():
        return f"no newsdig catalog at {home.root}: run `newsdig add` first"
    stamp = _catalog_stamp(home)
    if stamp is not None and _available.get(home.root) == stamp:
        return None  # said yes before for this catalog file: vectors are not taken away
    from newsdig.catalog.db import connect

    try:
        conn = connect(home.catalog_path, readonly=True)
    except Exception as err:
        return str(err)
    try:
        stored = conn.execute("SELECT 1 FROM embedding_chunks LIMIT 1").fetchone()
    except sqlite3.Error:
        stored = None  # a catalog from before migration 4
    finally:
        conn.close()
    if stored is None:
        return "no article is embedded yet: run `newsdig embed`"
    try:
        load_encoder()
    except SemanticUnavailable as err:
        return str(err)
    if stamp is not None:
        _available[home.root] = stamp
    return None


_available: dict[object, int] = {}  # home root -> inode of the catalog found usable


def _catalog_stamp(home: Home) -> int | None:
    try:
        return home.catalog_path.stat().st_ino
    except OSError:
        return None


# -- semantic ranking ---------------------------------------------------------------------------
def semantic_matches(
    home: Home, query: str, depth: int, *, searcher: Searcher | None = None, collapse: bool = True,
    conn: sqlite3.Connection | None = None,
) -> list[SemanticMatch]:
    """The `depth` articles nearest in meaning to the query's words, best first, obeying its
    restrictions when `searcher` (the keyword engine) is given. [] for a query without words.

    With `collapse`, near-duplicate copies (the enrich stage's groups) keep only their best member.
    `conn`: an open catalog connection to use (else one is opened and closed).
    Raises SemanticUnavailable when the extra is missing; check `semantic_available` first.
    """
    from newsdig.enrich.embeddings import encode_query

    depth = min(max(int(depth), 0), MAX_DEPTH)
    parsed = parse_query(query)
    text = semantic_text(parsed)
    if not text or depth == 0:
        return []
    vector = encode_query(text)
    restriction = restriction_query(searcher, parsed) if searcher is not None else None
    own = conn is None
    conn = _reader(home) if conn is None else conn
    try:
        if restriction is None or searcher is None:
            return _nearest(home, conn, vector, depth, collapse=collapse)
        count, few = _restricted(searcher, restriction, EXACT_FILTER_MAX)
        if few is not None:  # few articles: all of them, exactly
            return _exact_among(conn, vector, few, depth, collapse=collapse)
        if count <= KEYS_FILTER_MAX:
            keys = _allowed_keys(searcher, restriction, count)

            def accept(ids: list[str]) -> set[str]:
                return {i for i in ids if id_key(i) in keys}
        else:  # a broad restriction: the candidates are checked by the index, a batch at a time
            def accept(ids: list[str]) -> set[str]:
                return restrict(searcher, restriction, ids)
        return _nearest(home, conn, vector, depth, collapse=collapse, accept=accept)
    finally:
        if own:
            conn.close()


def semantic_ids(
    home: Home, query: str, depth: int, *, searcher: Searcher | None = None, collapse: bool = True,
) -> list[tuple[str, float]]:
    """(article id, cosine similarity) of the `depth` articles nearest in meaning, best first."""
    return [(m.article_id, m.score) for m in semantic_matches(home, query, depth, searcher=searcher,
                                                              collapse=collapse)]


def _reader(home: Home) -> sqlite3.Connection:
    from newsdig.catalog.db import connect

    return connect(home.catalog_path, readonly=True)


def _nearest(home: Home, conn: sqlite3.Connection, vector: np.ndarray, depth: int, *,
             collapse: bool, skip: frozenset[str] = frozenset(),
             accept: Callable[[list[str]], set[str]] | None = None) -> list[SemanticMatch]:
    """Nearest articles through the ANN index: fetch several chunks per article wanted, keep each
    article's best (and only those `accept` lets through), and fetch deeper when replaced chunks,
    copies or the restriction left too few, up to MAX_CHUNKS_FETCHED."""
    from newsdig.catalog.embeddings import chunks_by_ids
    from newsdig.index.vectors import vector_searcher

    searcher = vector_searcher(home)
    count = max(depth * CHUNKS_PER_ARTICLE * (RESTRICTED_OVERFETCH if accept else 1), 40)
    while True:
        hits = searcher.search(conn, vector, count)
        resolved = chunks_by_ids(conn, [chunk_id for chunk_id, _ in hits])
        matches = _best_per_article(((resolved[c], s) for c, s in hits if c in resolved), skip)
        if accept is not None:
            allowed = accept([m.article_id for m in matches])
            matches = [m for m in matches if m.article_id in allowed]
        if collapse:
            matches = _fold_copies(conn, matches)
        if len(matches) >= depth or len(hits) < count or count >= MAX_CHUNKS_FETCHED:
            return matches[:depth]
        count = min(count * 4, MAX_CHUNKS_FETCHED)


def _exact_among(conn: sqlite3.Connection, vector: np.ndarray, article_ids: Sequence[str], depth: int,
                 *, collapse: bool) -> list[SemanticMatch]:
    """Exact search over the chunks of `article_ids` (a restriction selected them)."""
    import numpy as np

    from newsdig.catalog.embeddings import from_blobs
    from newsdig.enrich.embeddings import DIM

    owners: list[tuple[str, int]] = []
    blobs: list[bytes] = []
    ids = list(article_ids)
    for pos in range(0, len(ids), 500):
        part = ids[pos:pos + 500]
        marks = ", ".join("?" for _ in part)
        for row in conn.execute(
            f"SELECT article_id, chunk, vector FROM embedding_chunks WHERE article_id IN ({marks})", part
        ):
            owners.append((row[0], int(row[1])))
            blobs.append(row[2])
    if not blobs:
        return []
    scores = from_blobs(blobs, DIM) @ vector.astype(np.float32)
    matches = _best_per_article(zip(owners, (float(s) for s in scores), strict=True), frozenset())
    if collapse:
        matches = _fold_copies(conn, matches)
    return matches[:depth]


def _best_per_article(scored: object, skip: frozenset[str]) -> list[SemanticMatch]:
    best: dict[str, SemanticMatch] = {}
    for (article_id, chunk), score in scored:  # type: ignore[attr-defined]
        if article_id in skip:
            continue
        known = best.get(article_id)
        if known is None or score > known.score:
            best[article_id] = SemanticMatch(article_id, score, chunk)
    return sorted(best.values(), key=lambda m: (-m.score, m.article_id))


def _fold_copies(conn: sqlite3.Connection, matches: list[SemanticMatch]) -> list[SemanticMatch]:
    """Keep the best-ranked member of each near-duplicate group (as keyword search folds them)."""
    groups = _groups(conn, [m.article_id for m in matches])
    seen: set[str] = set()
    kept: list[SemanticMatch] = []
    for match in matches:
        group = groups.get(match.article_id, match.article_id)
        if group not in seen:
            seen.add(group)
            kept.append(match)
    return kept


def _groups(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    groups: dict[str, str] = {}
    for pos in range(0, len(ids), 500):
        part = list(ids[pos:pos + 500])
        marks = ", ".join("?" for _ in part)
        groups.update((r[0], r[1]) for r in conn.execute(
            f"SELECT article_id, group_id FROM duplicates WHERE article_id IN ({marks})", part))
    return groups


# -- more like this -----------------------------------------------------------------------------
def similar_by_vector(home: Home, article_id: str, k: int = 5, *, skip_copies: bool = True
                      ) -> list[tuple[str, float]]:
    """Up to `k` articles nearest in meaning to `article_id` (its chunks' mean vector), best first;
    [] when it is not embedded. Its own near-duplicate copies are left out with `skip_copies`:
    a reader asking for more like this has seen that text."""
    import numpy as np

    from newsdig.catalog.embeddings import article_vectors
    from newsdig.enrich.embeddings import DIM

    conn = _reader(home)
    try:
        vectors = article_vectors(conn, article_id, DIM)
        if not len(vectors) or k <= 0:
            return []
        centre = vectors.mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        skip = {article_id}
        if skip_copies:
            group = _groups(conn, [article_id]).get(article_id)
            if group is not None:
                skip.update(r[0] for r in conn.execute(
                    "SELECT article_id FROM duplicates WHERE group_id = ?", (group,)))
        found = _nearest(home, conn, centre, k, collapse=True, skip=frozenset(skip))
        return [(m.article_id, m.score) for m in found]
    finally:
        conn.close()
