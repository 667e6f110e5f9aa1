"""Semantic and hybrid search: query -> vector -> nearest chunks -> best chunk per article -> ranking.

Building blocks for the integrator, who wires `mode=keyword|semantic|hybrid` into the CLI, the API
and the page (engine.py is not touched here):

- `semantic_available(home)`: None when semantic search can run, else the reason (what to install,
  or `newsdig embed` to run).
- `semantic_ids(home, query, depth, searcher=...)`: [(article id, cosine)] best first.
- `hybrid_ids(home, keyword_hits, query, depth, searcher=...)`: the keyword ranking fused with the
  semantic one (reciprocal-rank fusion, k=60).
- `fuse(keyword, semantic, k=60, groups=None)`: the fusion alone (copy groups as one item).
- `rank_by_mode(home, searcher, query, profile, depth)`: the semantic or hybrid ranking of a
  ModeProfile (SEMANTIC, HYBRID: what search_mode uses), which `newsdig eval` scores too.
- `search_mode(home, searcher, query, mode, limit, offset)`: a whole SearchResult page.
- `similar_by_vector(home, article_id, k)`: more like this, by meaning.

Query operators keep their meaning in every mode. The positive words and phrases are what the model
reads; everything else (site:, source:, lang:, after:/before:, speaker:, entity:, intitle:,
-exclusions) is a restriction checked by the keyword index itself (`restriction_query`): when it
selects few articles they are searched exactly, otherwise the ANN candidates are re-checked against
it (`restrict`). Semantic candidates therefore obey exactly the filters keyword search obeys.

Only the functions import numpy, the model or usearch: importing this module is free without the
`[semantic]` extra.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from newsdig.home import Home
from newsdig.index.document import id_key
from newsdig.search.parser import ParsedQuery, parse_query

if TYPE_CHECKING:
    import numpy as np
    import tantivy

    from newsdig.search.engine import Searcher
    from newsdig.search.results import Hit, SearchResult

MODES = ("keyword", "semantic", "hybrid")
RRF_K = 60
MAX_DEPTH = 1000
CHUNKS_PER_ARTICLE = 4  # nearest chunks fetched per article wanted: several chunks of one article
RESTRICTED_OVERFETCH = 8  # more again when candidates must pass a filter afterwards
EXACT_FILTER_MAX = 500  # a restriction selecting at most this many articles is searched exactly
KEYS_FILTER_MAX = 50_000  # up to this many, candidates are checked against the ids it selects
MAX_CHUNKS_FETCHED = 20_000  # the deepest a restricted query reads the ANN index
SNIPPET_CHARS = 280
FUSE_DEPTH = 50  # hybrid pages fuse at least this many of each ranking


@dataclass(frozen=True, slots=True)
class ModeProfile:
    """How a ranking by meaning is made: `semantic` (nearest chunks alone) or `hybrid` (RRF of a
    keyword profile's ranking and the semantic one). `newsdig eval` compares them beside the
    keyword RankingProfiles; docs/relevance.md has the numbers behind the values of HYBRID."""

    name: str
    mode: Literal["semantic", "hybrid"]
    keyword: str = "tuned"  # the keyword profile (newsdig.search.profiles) hybrid fuses
    k: int = RRF_K
    fuse_depth: int = FUSE_DEPTH  # hybrid fuses at least this many of each ranking

    def but(self, **changes: object) -> ModeProfile:
        """A copy with some knobs changed (named `name+...` unless a name is given)."""
        if "name" not in changes:
            label = ",".join(f"{key}={value}" for key, value in sorted(changes.items()))
            changes["name"] = f"{self.name}+{label}"
        return replace(self, **changes)  # type: ignore[arg-type]


SEMANTIC = ModeProfile("semantic", "semantic")
HYBRID = ModeProfile("hybrid", "hybrid")
MODE_PROFILES: dict[str, ModeProfile] = {p.name: p for p in (SEMANTIC, HYBRID)}


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


# -- what the model reads, what the index restricts -------------------------------------------
def semantic_text(parsed: ParsedQuery) -> str:
    """The words the model embeds: every positive word and phrase (OR alternatives too), not
    intitle: terms, which are restrictions."""
    return " ".join(term.text for group in parsed.groups for term in group if not term.intitle).strip()


def restriction_only(parsed: ParsedQuery) -> ParsedQuery | None:
    """The query's restrictions alone (filters, dates, exclusions, intitle: groups), or None when it
    has none. Plain words are not restrictions in semantic mode: meaning replaces matching them."""
    groups = tuple(g for g in parsed.groups if all(term.intitle for term in g))
    if not groups and not parsed.excluded and not parsed.has_filters:
        return None
    return replace(parsed, groups=groups)


def restriction_query(searcher: Searcher, parsed: ParsedQuery) -> tantivy.Query | None:
    """The keyword index's query for the restrictions of `parsed` (None: nothing restricts).

    Compiled by the keyword engine's own compiler, so `site:`, `after:`, `lang:`… mean exactly
    what they mean in keyword search. Exclusions alone match every article but the excluded ones.
    """
    import tantivy

    from newsdig.search.compiler import compile_query

    only = restriction_only(parsed)
    if only is None:
        return None
    tantivy_searcher, schema = searcher.snapshot()
    if not only.groups and not only.has_filters:  # exclusions only: all articles minus them
        excluded = compile_query(replace(only, groups=(), excluded=()), schema, tantivy_searcher)
        negative = compile_query(ParsedQuery(groups=tuple((t,) for t in only.excluded)), schema,
                                 tantivy_searcher)
        if negative is None:
            return None
        base = excluded.query if excluded is not None else tantivy.Query.all_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, base),
                                            (tantivy.Occur.MustNot, negative.query)])
    compiled = compile_query(only, schema, tantivy_searcher)
    return compiled.query if compiled is not None else tantivy.Query.empty_query()


def restrict(searcher: Searcher, restriction: tantivy.Query, article_ids: Sequence[str]) -> set[str]:
    """Which of `article_ids` the restriction lets through (one index query, any number of ids)."""
    import tantivy

    from newsdig.index.schema import F

    if not article_ids:
        return set()
    tantivy_searcher, schema = searcher.snapshot()
    both = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, restriction),
        (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, F.ID, list(article_ids))),
    ])
    found = tantivy_searcher.search(both, limit=len(article_ids)).hits
    return {tantivy_searcher.doc(address).get_first(F.ID) or "" for _, address in found}


def _restricted(searcher: Searcher, restriction: tantivy.Query, limit: int) -> tuple[int, list[str] | None]:
    """How many articles the restriction selects, and their ids when there are at most `limit`."""
    from newsdig.index.schema import F

    tantivy_searcher, _ = searcher.snapshot()
    result = tantivy_searcher.search(restriction, limit=limit + 1, count=True)
    if result.count > limit:
        return result.count, None
    return result.count, [tantivy_searcher.doc(address).get_first(F.ID) or "" for _, address in result.hits]


def _allowed_keys(searcher: Searcher, restriction: tantivy.Query, count: int) -> set[int]:
    """The `id_key` (the index's integer fast field of the id) of the `count` articles the restriction
    selects, read from a column: no stored document is opened."""
    from newsdig.index.schema import F

    tantivy_searcher, _ = searcher.snapshot()
    hits = tantivy_searcher.search(restriction, limit=max(count, 1)).hits
    keys = tantivy_searcher.fast_field_values(F.ID_KEY, [address for _, address in hits])
    return {int(key) for key in keys if key is not None}


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


# -- fusion -------------------------------------------------------------------------------------
def fuse(
    keyword: Sequence[tuple[str, float]], semantic: Sequence[tuple[str, float]], k: int = RRF_K,
    groups: dict[str, str] | None = None,
) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: each list gives 1 / (k + rank) to its articles (rank from 1); an
    article's fused score is the sum, best first (ties: keyword rank first, then id).

    Ranks, not scores: BM25 scores and cosines live on unrelated scales, and RRF needs no tuning
    per collection. k=60 is the value of the original paper (Cormack et al., 2009); on the judged
    demo queries it beat either list alone, and no other k did better (docs/relevance.md).

    With `groups` (article id -> near-duplicate group), the copies of one story are one item: two
    folded lists may be led by different copies of it, which would otherwise both be shown. The
    item is shown by the member the keyword list has (its snippet highlights the words), else by
    the semantic one.
    """
    def key(article_id: str) -> str:
        return groups.get(article_id, article_id) if groups else article_id

    fused: dict[str, float] = {}
    shown: dict[str, str] = {}
    first: dict[str, int] = {}
    for position, (article_id, _) in enumerate(keyword):
        item = key(article_id)
        if item not in first:
            first[item] = position
            shown[item] = article_id
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + position + 1)
    seen: set[str] = set()
    for position, (article_id, _) in enumerate(semantic):
        item = key(article_id)
        if item not in seen:
            seen.add(item)
            shown.setdefault(item, article_id)
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + position + 1)
    unranked = len(first)
    order = sorted(fused, key=lambda item: (-fused[item], first.get(item, unranked), shown[item]))
    return [(shown[item], fused[item]) for item in order]


def hybrid_ids(
    home: Home, keyword_hits: list[tuple[str, float]], query: str, depth: int, *,
    searcher: Searcher | None = None, collapse: bool = True,
) -> list[tuple[str, float]]:
    """`keyword_hits` (the keyword engine's ranking, best first, at least `depth` deep when it has
    them) fused with the semantic ranking of `query`; the top `depth` (id, fused score).

    Pass the keyword engine's `searcher` so semantic candidates obey the query's filters too.
    Without the `[semantic]` extra or vectors, this is the keyword ranking itself.
    """
    depth = min(max(int(depth), 0), MAX_DEPTH)
    if semantic_available(home) is not None:
        return list(keyword_hits[:depth])
    semantic = semantic_ids(home, query, depth, searcher=searcher, collapse=collapse)
    return fuse(keyword_hits[:depth], semantic)[:depth]


def keyword_ids(searcher: Searcher, query: str, depth: int, *, collapse: bool = True,
                now: datetime | None = None, profile: object = None) -> tuple[int, list[tuple[str, float]]]:
    """(total, [(id, score)]) of the keyword engine's top `depth`, best first, under `profile`
    (a keyword profile or its name; the engine's default when None) and the clock `now`.

    Uses the engine's `rank` (ids in page order, no snippets or facets) when it has one, with
    1/rank as the score (fusion reads only the order); else its public `search`.
    """
    depth = min(max(int(depth), 1), MAX_DEPTH)
    chosen = {} if profile is None else {"profile": profile}
    rank = getattr(searcher, "rank", None)
    if callable(rank):
        ranked = rank(query, depth, now, collapse=collapse, **chosen)
        return len(ranked), [(article_id, 1.0 / position) for position, (article_id, *_)
                             in enumerate(ranked, start=1)]
    result = searcher.search(query, limit=depth, offset=0, now=now, with_facets=False, collapse=collapse,
                             **chosen)
    return result.total, [(hit.id, hit.score) for hit in result.hits]


@dataclass(frozen=True, slots=True)
class ModeRanking:
    """A ranking by meaning and what it was made from (a page needs the candidates too)."""

    ranked: list[tuple[str, float]]  # (article id, score) best first: cosine, or the fused score
    matches: list[SemanticMatch] = field(default_factory=list)  # the semantic candidates
    keyword: list[tuple[str, float]] = field(default_factory=list)  # hybrid: the keyword candidates


def rank_by_mode(
    home: Home, searcher: Searcher, query: str, profile: ModeProfile, depth: int, *,
    now: datetime | None = None, collapse: bool = True, conn: sqlite3.Connection | None = None,
    usable: bool = True,
) -> ModeRanking:
    """The top `depth` of `query` ranked as `profile` says (what search_mode pages are cut from).

    hybrid fuses max(depth, fuse_depth) of each ranking (an article 15th in both lists belongs on
    page one), folded copies fused as one item; without `usable` vectors it is the keyword
    ranking. Raises SemanticUnavailable for `semantic` without the extra.
    """
    depth = min(max(int(depth), 0), MAX_DEPTH)
    wanted = depth if profile.mode == "semantic" else min(max(depth, profile.fuse_depth), MAX_DEPTH)
    own = conn is None
    conn = _reader(home) if conn is None else conn
    try:
        matches = semantic_matches(home, query, wanted, searcher=searcher, collapse=collapse,
                                   conn=conn) if usable else []
        semantic = [(m.article_id, m.score) for m in matches]
        if profile.mode == "semantic":
            return ModeRanking(semantic, matches)
        _, keyword = keyword_ids(searcher, query, wanted, collapse=collapse, now=now, profile=profile.keyword)
        groups = _groups(conn, [i for i, _ in keyword] + [i for i, _ in semantic]) if collapse else None
        return ModeRanking(fuse(keyword, semantic, profile.k, groups)[:wanted], matches, keyword)
    finally:
        if own:
            conn.close()


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


# -- a whole page -------------------------------------------------------------------------------
def search_mode(
    home: Home, searcher: Searcher, query: str, mode: str = "hybrid", limit: int = 10, offset: int = 0,
    *, collapse: bool = True,
) -> SearchResult:
    """One page of results in `mode` (keyword | semantic | hybrid), as a SearchResult.

    keyword is `searcher.search` unchanged. semantic and hybrid rank `offset + limit` articles and
    cut the page; their `total` is how many they ranked (a semantic ranking has no natural end),
    their facets are empty, and a hit found by meaning alone gets the passage that matched as its
    snippet (no highlights: no word of it need match). Raises SemanticUnavailable in semantic mode
    without the extra; hybrid then degrades to keyword.
    """
    from newsdig.errors import InputError
    from newsdig.search.facets import empty_facets
    from newsdig.search.results import SearchResult

    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r}; use one of: {', '.join(MODES)}")
    if mode == "keyword":
        return searcher.search(query, limit, offset, collapse=collapse)
    started = time.perf_counter()
    limit, offset = min(max(int(limit), 0), MAX_DEPTH), max(int(offset), 0)
    parsed = parse_query(query)
    usable = mode == "semantic" or semantic_available(home) is None
    conn = _reader(home)
    try:
        ranking = rank_by_mode(home, searcher, query, MODE_PROFILES[mode], offset + limit,
                               collapse=collapse, conn=conn, usable=usable)
        chunks = {m.article_id: m.chunk for m in ranking.matches}
        lexical = {article_id for article_id, _ in ranking.keyword}
        hits = _hits(conn, searcher, parsed, ranking.ranked[offset:offset + limit], chunks, lexical)
    finally:
        conn.close()
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query, len(ranking.ranked), hits, empty_facets(), took, parsed, None,
                        collapsed=collapse)


def _hits(conn: sqlite3.Connection, searcher: Searcher, parsed: ParsedQuery, page: list[tuple[str, float]],
          chunks: dict[str, int], lexical: set[str]) -> list[Hit]:
    """Hits of the page's ids, in order: keyword snippets for articles the words matched, the best
    chunk's passage for articles found by meaning alone."""
    import tantivy

    from newsdig.index.schema import F
    from newsdig.search.compiler import compile_query
    from newsdig.search.engine import make_hit
    from newsdig.search.snippets import snippet_generator

    tantivy_searcher, schema = searcher.snapshot()
    generator = None
    if lexical:
        compiled = compile_query(parsed, schema, tantivy_searcher)
        if compiled is not None:
            generator = snippet_generator(tantivy_searcher, schema, compiled.highlight)
    hits = []
    for article_id, score in page:
        found = tantivy_searcher.search(tantivy.Query.term_query(schema, F.ID, article_id), limit=1).hits
        if not found:
            continue  # embedded but not (yet) in the keyword index
        if article_id in lexical:
            hits.append(make_hit(tantivy_searcher, generator, score, found[0][1]))
            continue
        hit = make_hit(tantivy_searcher, None, score, found[0][1])
        passage = _passage(conn, article_id, chunks.get(article_id, 0))
        hits.append(replace(hit, snippet=passage, highlights=[]) if passage else hit)
    return hits


def _passage(conn: sqlite3.Connection, article_id: str, chunk: int) -> str | None:
    """The text of the chunk that matched (chunk 0 without its title), cut to a snippet's length."""
    from newsdig.enrich.embeddings import chunk_article

    row = conn.execute("SELECT title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    chunks = chunk_article(row[0], row[1])
    if chunk >= len(chunks):
        return None
    text = chunks[chunk]
    if chunk == 0 and row[0] and text.startswith(row[0].strip()):
        text = text[len(row[0].strip()):].lstrip(". ")
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return text
