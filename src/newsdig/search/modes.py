"""A page in a mode: `mode=keyword|semantic|hybrid` as the CLI, the API, the page and `newsdig eval`
ask for it.

newsdig.search.semantic ranks by meaning alone; this module turns that ranking, or its fusion with
the keyword engine's, into what a caller shows or scores:

- `MODES` and the ModeProfile presets SEMANTIC and HYBRID (`MODE_PROFILES` by name).
- `fuse(keyword, semantic, k=60, groups=None)`: reciprocal-rank fusion alone (copy groups as one
  item); `keyword_ids` reads the keyword side, `hybrid_ids(home, keyword_hits, query, depth,
  searcher=...)` fuses a keyword ranking with the semantic one.
- `rank_by_mode(home, searcher, query, profile, depth)`: the semantic or hybrid ranking of a
  ModeProfile (what search_mode uses), which `newsdig eval` scores too.
- `search_mode(home, searcher, query, mode, limit, offset)`: a whole SearchResult page.

Only the functions import numpy, the model or usearch: importing this module is free without the
`[semantic]` extra.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from newsdig.home import Home
from newsdig.search.parser import ParsedQuery, parse_query
from newsdig.search.semantic import (
    MAX_DEPTH,
    SemanticMatch,
    _groups,
    _reader,
    semantic_available,
    semantic_ids,
    semantic_matches,
)

if TYPE_CHECKING:
    from newsdig.search.engine import Searcher
    from newsdig.search.results import Hit, SearchResult

MODES = ("keyword", "semantic", "hybrid")
RRF_K = 60
FUSE_DEPTH = 50  # hybrid pages fuse at least this many of each ranking
SNIPPET_CHARS = 280


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
