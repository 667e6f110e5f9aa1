"""One search over the index shards a Spark job built (newsdig.index.shards): `serve --shards`.

A query is parsed once and compiled per shard; the shards whose date range cannot meet its
`after:`/`before:`, that lack one of its words (`has_words`) or are empty are skipped; the others
run on a thread pool (tantivy releases the GIL while it searches and aggregates) and their
answers are merged into the result one index over the same articles would give:

- Scores. BM25 weighs a term by its idf, ln(1 + (N - df + 0.5) / (df + 0.5)), and each shard only
  knows its own N and df: a word common in March but rare in April would score higher in April.
  tantivy-py 0.27 takes no outside statistics, so each scored term (and phrase, whose idf is the
  sum of its terms') is boosted on each shard by idf(df over all shards, N over all shards) /
  idf(the shard's df, the shard's N) (compiler.IDF_SCALE). The df over all shards is summed
  from every shard's term dictionary (a microsecond per probe), once per term per query. The
  average field length BM25's length normalisation divides by is per shard too: the merged
  candidates are rescored with the global one (search/shard_lengths.py: exactly, from tantivy's
  explanation of each, as many as the page needs), so the scores and the order are one index's
  (tests/search/test_shards.py, tests/spark/test_ingest_parity.py; bench/shards.py measures it:
  300 of 300 top 10s identical on 100k articles in 9 shards, 226 with per-shard lengths).
- Order. The global top RERANK_DEPTH by score across shards goes through the very steps of the
  single index (ranking.rerank_order, fold_groups, diversity_order): recency prior and ties,
  copies folded (the copy key is global: one group may span shards), at most `source_cap` hits of
  an outlet on the first page; deeper pages are plain score order. sort=date merges newest first.
- Counts. Totals add up. Facets add up the shards' counts, each shard asked for
  SHARD_FACET_FACTOR times the shown buckets (tantivy's own per-segment rule): a value outside a
  shard's list is under-counted there, which takes more distinct values in a shard than that
  (sources, entities of a big shard); one index is approximate across its segments the same way.
  Months and languages are exact: a shard holds one language, and the month facet shows the
  newest months, which are among the newest 250 every shard is asked for.
- Filters decide alike on every shard: compile_query asks `GlobalStats` (document frequencies over
  all shards) whether a `source:`/`speaker:`/`entity:` value is an indexed key.
- Did you mean: the largest shards propose respellings, and the one that finds the most over
  the searched shards (more than the query did) is suggested.
"""

from __future__ import annotations

import heapq
import itertools
import math
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import tantivy

from newsdig.index.schema import F
from newsdig.index.shards import ShardInfo, read_shard_manifest
from newsdig.search.compiler import (
    IDF_SCALE,
    CompiledQuery,
    compile_query,
    plain_words,
)
from newsdig.search.engine import MAX_OFFSET, Searcher, make_hit, match_only, search_arguments
from newsdig.search.facets import empty_facets
from newsdig.search.parser import ParsedQuery, Term, parse_query
from newsdig.search.profiles import RankingProfile
from newsdig.search.ranking import (
    DATE_COLLAPSE_SLACK,
    DIVERSITY_SCAN,
    RERANK_DEPTH,
    Docs,
    Recency,
    diversity_order,
    doc_key,
    fold_groups,
    query_intent,
    recency_for,
    recency_multipliers,
    rerank_order,
    stored_doc,
)
from newsdig.search.results import Hit, SearchResult
from newsdig.search.shard_lengths import FieldLengths, Rescorer, exact_top
from newsdig.search.shard_stats import GlobalStats, has_words, may_match, merge_facets, shard_aggregation
from newsdig.search.snippets import snippet_generator
from newsdig.search.suggest import SUGGEST_BELOW, suggest

SUGGEST_SHARDS = 4  # the largest shards asked for a respelling (a typo's fix is in any big one)


@dataclass(frozen=True, slots=True)
class _View:
    """One shard as one query sees it: a searcher over its latest commit."""

    position: int  # in the manifest's order
    info: ShardInfo
    searcher: tantivy.Searcher
    schema: tantivy.Schema


@dataclass(slots=True)
class _Candidate:
    """A hit of one shard, with the columns the merge and the re-rank need."""

    order: float  # what the merge sorts on, highest first: the score, or the date (ns) by date
    score: float
    shard: int
    rank: int  # position in its shard's answer: ties keep each shard's own order
    address: tantivy.DocAddress
    epoch: int | None = None
    id_key: int | None = None
    dup_key: int | None = None

    def key(self) -> tuple[int, int, int]:
        return (self.shard, *doc_key(self.address))


@dataclass(slots=True)
class _Ranked:
    score: float
    hit: _Candidate
    copies: list[_Candidate] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one query asks of every shard."""

    limit: int
    offset: int
    sort: str
    fold: bool
    counting: bool


@dataclass(frozen=True, slots=True)
class _Query:
    """How one query ranks: its words, profile, recency prior, clock and source cap."""

    parsed: ParsedQuery
    profile: RankingProfile
    optional: frozenset[Term]
    recency: Recency
    now: datetime
    source_cap: int
    relax: bool = False  # the relaxed round's query (compile_query's relax)


@dataclass(slots=True)
class _ShardRun:
    view: _View
    compiled: CompiledQuery
    by_date: bool
    count: int
    hits: list[_Candidate]
    facets: Future[list[dict[str, Any]]] | None  # its chunk's facet counts (shared by the chunk's runs)


def balanced(views: list[_View], parts: int) -> list[list[_View]]:
    """`views` dealt into at most `parts` lists of about equal article counts (largest first).

    One pool task per list, not per shard: a small shard's task is a fraction of a millisecond of
    Python (compiling its query), and one task each made more threads slower, not faster (398
    shards of a hundred articles: 61 ms a query with 1 worker, 98 ms with 4).
    """
    chunks: list[list[_View]] = [[] for _ in range(max(1, min(parts, len(views))))]
    sizes = [0] * len(chunks)
    for view in sorted(views, key=lambda v: -v.info.docs):
        smallest = sizes.index(min(sizes))
        chunks[smallest].append(view)
        sizes[smallest] += view.info.docs
    return [chunk for chunk in chunks if chunk]


class ShardedSearcher:
    """The shards listed by `index_root/manifest.json`, searched as one index; safe to share
    between threads (one per process, like Searcher)."""

    def __init__(self, index_root: Path, *, workers: int | None = None, exact_lengths: bool = True) -> None:
        """`exact_lengths=False` skips the rescoring with global average field lengths (faster by
        the explanations it saves; near-ties may then come in another order than one index's)."""
        self.index_root = Path(index_root)
        self._shards = read_shard_manifest(self.index_root)  # IndexError_ naming what is wrong
        self._searchers = [Searcher(self.index_root / shard.path) for shard in self._shards]
        self._lengths = FieldLengths([searcher.snapshot() for searcher in self._searchers])
        self._lengths_exact = not exact_lengths or self._lengths.exact()  # one shard: nothing to rescore
        self._workers = workers or min(max(1, len(self._shards)), max(2, os.cpu_count() or 2))
        self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="shards")

    @property
    def shards(self) -> list[ShardInfo]:
        return list(self._shards)

    def num_docs(self) -> int:
        """Live articles over all shards."""
        return sum(searcher.num_docs() for searcher in self._searchers)

    def close(self) -> None:
        """Stop the thread pool (the shards' files close with the searchers)."""
        self._pool.shutdown(wait=True)

    def article(self, article_id: str) -> dict[str, object] | None:
        """The stored fields of one article ({field: value}; speakers as a list), its shard's name
        under "shard"; None when no shard has it."""
        for info, shard in zip(self._shards, self._searchers, strict=True):
            searcher, schema = shard.snapshot()
            found = searcher.search(tantivy.Query.term_query(schema, F.ID, article_id), 1).hits
            if found:
                stored = searcher.doc(found[0][1]).to_dict()
                fields: dict[str, object] = {
                    name: list(values) if name == F.SPEAKER_KEY else values[0]
                    for name, values in stored.items() if values
                }
                return fields | {"shard": info.name}
        return None

    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        now: datetime | None = None,
        *,
        with_facets: bool = True,
        collapse: bool = True,
        profile: str | RankingProfile = "tuned",
    ) -> SearchResult:
        """One page of results over all shards, as Searcher.search gives it for one index. Never
        raises for any query text; an unknown sort or profile is an InputError."""
        started = time.perf_counter()
        ranking, limit, offset, now = search_arguments(sort, profile, limit, offset, now)
        plan = _Plan(limit, offset, sort, collapse, with_facets)
        parsed = parse_query(query)

        views = [
            _View(position, info, *shard.snapshot())
            for position, (info, shard) in enumerate(zip(self._shards, self._searchers, strict=True))
        ]
        stats = GlobalStats([view.searcher for view in views])
        selected = [view for view in views if may_match(view.info, parsed.after, parsed.before)]
        intent = query_intent(parsed)
        adaptive = ranking.recency == "adaptive" and ranking.fresh_words_optional
        optional = intent.intent_words if adaptive else frozenset()

        strict = self._round(selected, stats, parsed, ranking, optional, False, plan)
        runs = strict or []
        total = strict_total = sum(run.count for run in runs)
        relaxed = False
        page: list[_Ranked] = []
        if runs and plan.offset <= MAX_OFFSET:
            if runs[0].by_date:
                page = self._date_page(runs, plan)
            else:
                how = _Query(parsed, ranking, optional, recency_for(ranking, intent), now,
                             0 if parsed.sites or parsed.sources else ranking.source_cap)
                runs, page, relaxed = self._relevance(selected, stats, how, plan, runs)
                total = sum(run.count for run in runs)
        hits = self._hits(runs, page)
        facets = _merged_facets(runs) if with_facets else empty_facets()
        suggestion = None
        if strict is not None and strict_total < SUGGEST_BELOW:  # nothing to respell when nothing compiles
            suggestion = self._suggestion(views, selected, stats, parsed, strict_total)
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query, total, hits, facets, took, parsed, suggestion, collapsed=collapse,
                            relaxed=relaxed, shards_searched=len(runs), shards_total=len(views))

    def _relevance(
        self, selected: list[_View], stats: GlobalStats, query: _Query, plan: _Plan, runs: list[_ShardRun]
    ) -> tuple[list[_ShardRun], list[_Ranked], bool]:
        """(runs, page, relaxed): the strict query's page, or, for a long query strict AND answers
        with fewer than relax_below hits, the relaxed one's when it finds more (Searcher._run)."""
        ranking, total = query.profile, sum(run.count for run in runs)
        page = self._relevance_page(runs, stats, query, plan)
        if ranking.relax_below <= 0 or total >= ranking.relax_below:
            return runs, page, False
        if len(plain_words(query.parsed)) < ranking.relax_min_words:
            return runs, page, False
        first = self._all_matches(runs) if ranking.relax_strict_first and total else None
        for coverage in dict.fromkeys((ranking.relax_coverage, 0.0)):
            relaxing = replace(query, profile=replace(ranking, relax_coverage=coverage), relax=True)
            loose = self._round(selected, stats, query.parsed, relaxing.profile, query.optional, True, plan)
            if loose is None:
                break
            found = sum(run.count for run in loose)
            if found > total:
                return loose, self._relevance_page(loose, stats, relaxing, plan, first), True
            if found:
                break
        return runs, page, False

    def _round(
        self, views: list[_View], stats: GlobalStats, parsed: ParsedQuery, profile: RankingProfile,
        optional: frozenset[Term], relax: bool, plan: _Plan,
    ) -> list[_ShardRun] | None:
        """The query on every view that has its words, in parallel; None when it can match nothing
        (whether a query compiles depends on its words, not on the shard).

        The facet count query (engine.match_only: the same matches, fewer clauses) scores nothing,
        so one compiled here serves every shard (they share the schema; filters decide on `stats`):
        compiling is Python under the GIL, half a small shard's time when done per shard.
        """
        if not views:
            return []
        counting = compile_query(parsed, views[0].schema, stats, match_only(profile), optional=optional,
                                 relax=relax)
        if counting is None:
            return None
        loose = frozenset(plain_words(parsed)) if relax else frozenset()
        views = [view for view in views if has_words(view.searcher, parsed, optional | loose)]
        run = partial(_run_shard, stats=stats, parsed=parsed, profile=profile, optional=optional, relax=relax,
                      plan=plan)
        chunks = balanced(views, self._workers)
        futures = [self._pool.submit(lambda chunk: [run(view) for view in chunk], chunk) for chunk in chunks]
        # Facet counts go on the pool after the ranking: this thread merges, re-ranks and makes
        # snippets meanwhile and only waits for them at the end (Searcher counts them beside its
        # ranking the same way).
        aggregation = shard_aggregation()
        counted = [self._pool.submit(lambda chunk: [v.searcher.aggregate(counting.query, aggregation)
                                                     for v in chunk], chunk)
                   if plan.counting else None for chunk in chunks]
        return [replace(run, facets=facets) for future, facets in zip(futures, counted, strict=True)
                for run in future.result() if run is not None]

    def _relevance_page(
        self, runs: list[_ShardRun], stats: GlobalStats, query: _Query, plan: _Plan,
        first: set[tuple[int, int, int]] | None = None,
    ) -> list[_Ranked]:
        """ranking.relevance_page over the merged shards: the global top RERANK_DEPTH re-ranked,
        folded and source-capped; deeper pages in plain score order."""
        merged = _merge(run.hits for run in runs)
        if plan.offset >= RERANK_DEPTH:
            deep = itertools.islice(merged, plan.offset, plan.offset + plan.limit)
            return [_Ranked(c.score, c) for c in deep]
        candidates = list(itertools.islice(merged, RERANK_DEPTH))
        if first and not first <= {c.key() for c in candidates}:
            first = None
        flags = [c.key() in first for c in candidates] if first else None
        shown = plan.offset + plan.limit
        rescore = None if self._lengths_exact else self._rescore(runs, stats, query, candidates)
        done: dict[int, float] = {}  # exact scores by candidate position, kept across passes
        window = self._window(query, plan, candidates, flags, shown, rescore, done)
        if query.source_cap > 0:
            capped = self._cap_sources(runs, stats, window, query.source_cap)
            if capped is not window and rescore is not None and shown < DIVERSITY_SCAN:
                # the cap moved hits up from below the page: the order it chose them from must
                # be exact as well (rarely needed: most first pages have no outlet over the cap)
                window = self._window(query, plan, candidates, flags, DIVERSITY_SCAN, rescore, done)
                capped = self._cap_sources(runs, stats, window, query.source_cap)
            window = capped
        page = window[plan.offset : plan.offset + plan.limit]
        missing = plan.offset + plan.limit - len(window)
        if missing > 0 and len(candidates) == RERANK_DEPTH:
            page += [_Ranked(c.score, c) for c in self._deeper(runs, RERANK_DEPTH, missing)]
        return page

    def _window(
        self, query: _Query, plan: _Plan, candidates: list[_Candidate], flags: list[bool] | None,
        need: int, rescore: Callable[[int], float] | None, done: dict[int, float],
    ) -> list[_Ranked]:
        """The candidates re-ranked and folded; with `rescore`, the window's first `need` entries in
        the order and with the scores one index gives (shard_lengths)."""
        scores = [c.score for c in candidates]
        epochs, keys = [c.epoch for c in candidates], [c.id_key for c in candidates]
        factors = recency_multipliers(epochs, query.now, query.recency)
        shard_bounds = {shard: self._lengths.bounds(shard) for shard in {c.shard for c in candidates}}
        bounds = [shard_bounds[c.shard] for c in candidates]
        while True:
            if rescore is not None:
                scores = exact_top([c.score for c in candidates], bounds, factors, flags, need, rescore, done)
            order = rerank_order(scores, epochs, keys, query.now, query.recency, flags)
            reranked = [(score, candidates[position]) for score, position in order]
            window = _fold(reranked) if plan.fold else [_Ranked(score, c) for score, c in reranked]
            if rescore is None or need >= len(candidates):
                return window
            rank = {id(candidate): i for i, (_, candidate) in enumerate(reranked)}
            consumed = max((rank[id(r.hit)] + 1 for r in window[:need]), default=0)
            if consumed <= need:  # the folded window's first `need` entries come from exact scores
                return window
            need = consumed

    def _rescore(
        self, runs: list[_ShardRun], stats: GlobalStats, query: _Query, candidates: list[_Candidate]
    ) -> Callable[[int], float]:
        """position -> the exact score of candidates[position], from a Rescorer per shard made when
        first needed. One is made at once: every shard's query scores the same fields, and
        FieldLengths must know them all before it gives bounds."""
        views = {run.view.position: run.view for run in runs}
        rescorers: dict[int, Rescorer] = {}

        def rescorer(shard: int) -> Rescorer:
            found = rescorers.get(shard)
            if found is None:
                view = views[shard]
                found = rescorers[shard] = Rescorer(
                    partial(compile_query, query.parsed, view.schema, stats, query.profile,
                            optional=query.optional, relax=query.relax),
                    view.searcher, stats, self._lengths)
            return found

        if candidates:
            rescorer(candidates[0].shard)
        return lambda position: rescorer(candidates[position].shard).score(
            candidates[position].address, candidates[position].score)

    def _date_page(self, runs: list[_ShardRun], plan: _Plan) -> list[_Ranked]:
        """ranking.date_page over the merged shards: newest first, undated last, scores 0."""
        merged = _merge(run.hits for run in runs)
        if not plan.fold:
            return [_Ranked(0.0, c) for c in itertools.islice(merged, plan.offset, plan.offset + plan.limit)]
        newest = list(itertools.islice(merged, plan.offset + plan.limit + DATE_COLLAPSE_SLACK))
        return _fold([(0.0, c) for c in newest])[plan.offset : plan.offset + plan.limit]

    def _deeper(self, runs: list[_ShardRun], start: int, count: int) -> list[_Candidate]:
        """Merged hits [start, start + count) by score: the page beyond the re-ranked window."""
        futures = [self._pool.submit(_fetch, run.view, run.compiled.query, start + count, False, False)
                   for run in runs if run.count > 0]
        deeper = [future.result()[1] for future in futures]
        return list(itertools.islice(_merge(deeper), start, start + count))

    def _all_matches(self, runs: list[_ShardRun]) -> set[tuple[int, int, int]]:
        """(shard, segment, doc) of every match of the strict query (few: it found under relax_below)."""
        keys = set()
        for run in runs:
            hits = run.hits
            if run.count > len(hits):
                hits = _fetch(run.view, run.compiled.query, run.count, False, False)[1]
            keys |= {hit.key() for hit in hits}
        return keys

    def _cap_sources(
        self, runs: list[_ShardRun], stats: GlobalStats, window: list[_Ranked], cap: int
    ) -> list[_Ranked]:
        """ranking.cap_sources over shards: outlets read from each hit's own shard; the hit of another
        outlet comes from `query minus that outlet` on every shard (the union of their top
        RERANK_DEPTH holds every other-outlet hit of the global window)."""
        by_shard = {run.view.position: run for run in runs}
        docs: dict[int, Docs] = {}

        def source_at(position: int) -> str:
            hit = window[position].hit
            view = by_shard[hit.shard].view
            doc = stored_doc(view.searcher, hit.address, docs.setdefault(hit.shard, {}))
            return doc.get_first(F.SOURCE) or ""

        def other_outlet(start: int, outlet: str) -> int | None:
            if start >= len(window) or stats.doc_freq(F.SOURCE_KEY, outlet) >= stats.num_docs:
                return None
            keys: set[tuple[int, int, int]] = set()
            for run in runs:
                others = tantivy.Query.boolean_query([
                    (tantivy.Occur.Must, run.compiled.query),
                    (tantivy.Occur.MustNot, tantivy.Query.term_query(run.view.schema, F.SOURCE_KEY, outlet)),
                ])
                hits = run.view.searcher.search(others, limit=RERANK_DEPTH).hits
                keys |= {(run.view.position, *doc_key(address)) for _, address in hits}
            return next((i for i in range(start, len(window)) if window[i].hit.key() in keys), None)

        order = diversity_order(len(window), cap, source_at, other_outlet)
        return window if order is None else [window[i] for i in order]

    def _hits(self, runs: list[_ShardRun], page: list[_Ranked]) -> list[Hit]:
        """The page's Hits, each made by its own shard (snippet, stored fields); folded copies may
        sit in other shards, so their ids are read where they are."""
        by_shard = {run.view.position: run for run in runs}
        generators: dict[int, tantivy.SnippetGenerator | None] = {}
        hits = []
        for ranked in page:
            run = by_shard[ranked.hit.shard]
            if ranked.hit.shard not in generators:
                generators[ranked.hit.shard] = snippet_generator(
                    run.view.searcher, run.view.schema, run.compiled.highlight)
            hit = make_hit(run.view.searcher, generators[ranked.hit.shard], ranked.score, ranked.hit.address)
            if ranked.copies:
                copies = [by_shard[c.shard].view.searcher.doc(c.address).get_first(F.ID) or ""
                          for c in ranked.copies]
                hit = replace(hit, duplicates=copies)
            hits.append(hit)
        return hits

    def _suggestion(
        self, views: list[_View], selected: list[_View], stats: GlobalStats, parsed: ParsedQuery, total: int
    ) -> str | None:
        """A respelling proposed by the largest shards that finds more than `total` over the searched
        shards (the one finding most), or None."""
        proposals: dict[str, None] = {}
        for view in sorted(views, key=lambda v: -v.info.docs)[:SUGGEST_SHARDS]:
            proposal = suggest(view.searcher, view.schema, parsed, 0)
            if proposal is not None:
                proposals[proposal] = None
        best, best_total = None, total
        for proposal in proposals:
            found = _count(selected, stats, parse_query(proposal))
            if found > best_total:
                best, best_total = proposal, found
        return best


def _run_shard(
    view: _View, *, stats: GlobalStats, parsed: ParsedQuery, profile: RankingProfile,
    optional: frozenset[Term], relax: bool, plan: _Plan,
) -> _ShardRun | None:
    """Compile (with this shard's idf scale) and run the query on one shard: its count and its top
    hits with their columns. Runs on the pool."""
    token = IDF_SCALE.set(stats.scale_for(view.searcher))
    try:
        compiled = compile_query(parsed, view.schema, stats, profile, optional=optional, relax=relax)
    finally:
        IDF_SCALE.reset(token)
    if compiled is None:
        return None
    by_date = plan.sort == "date" or not compiled.scored
    end = plan.offset + plan.limit
    if plan.offset > MAX_OFFSET:
        fetch = 0
    elif by_date:
        fetch = end + DATE_COLLAPSE_SLACK if plan.fold else end
    else:
        fetch = RERANK_DEPTH if plan.offset < RERANK_DEPTH else end
    columns = plan.fold if by_date else plan.offset < RERANK_DEPTH
    count, hits = _fetch(view, compiled.query, fetch, by_date, columns)
    return _ShardRun(view, compiled, by_date, count, hits, None)


def _merged_facets(runs: list[_ShardRun]) -> dict[str, Any]:
    """The runs' facet counts added up (each chunk's future once)."""
    pending = {id(run.facets): run.facets for run in runs if run.facets is not None}
    return merge_facets(counts for future in pending.values() for counts in future.result())


def _fetch(
    view: _View, query: tantivy.Query, fetch: int, by_date: bool, columns: bool
) -> tuple[int, list[_Candidate]]:
    """(count, top `fetch` hits) of one shard, by score or newest first; with `columns`, the
    fast fields the re-rank (first RERANK_DEPTH) or the folding by date need."""
    searcher = view.searcher
    if by_date:
        result = searcher.search(query, limit=max(fetch, 1), count=True, order_by_field=F.PUBLISHED,
                                 order=tantivy.Order.Desc)
    else:
        result = searcher.search(query, limit=max(fetch, 1), count=True)
    pairs = list(result.hits)[:fetch]
    hits = [
        _Candidate(-math.inf if value is None else float(value), 0.0, view.position, rank, address)
        if by_date else _Candidate(float(value), float(value), view.position, rank, address)
        for rank, (value, address) in enumerate(pairs)
    ]
    if columns and hits:
        head = hits if by_date else hits[:RERANK_DEPTH]
        addresses = [hit.address for hit in head]
        dup_keys = searcher.fast_field_values(F.DUP_KEY, addresses)
        epochs = [None] * len(head) if by_date else searcher.fast_field_values(F.PUBLISHED_EPOCH, addresses)
        id_keys = [None] * len(head) if by_date else searcher.fast_field_values(F.ID_KEY, addresses)
        for hit, dup, epoch, key in zip(head, dup_keys, epochs, id_keys, strict=True):
            hit.dup_key, hit.epoch, hit.id_key = dup, epoch, key
    return result.count, hits


def _merge(lists: Iterable[list[_Candidate]]) -> Iterable[_Candidate]:
    """The shards' answers (each best first) as one, best first; ties by shard, then shard order."""
    return heapq.merge(*lists, key=lambda c: (-c.order, c.shard, c.rank))


def _fold(ranked: list[tuple[float, _Candidate]]) -> list[_Ranked]:
    """ranking.collapse across shards: the copy key (DUP_KEY) is the same in every shard."""
    groups = fold_groups([candidate.dup_key for _, candidate in ranked])
    return [
        _Ranked(ranked[leader][0], ranked[leader][1], [ranked[i][1] for i in copies])
        for leader, *copies in groups
    ]


def _count(views: list[_View], stats: GlobalStats, parsed: ParsedQuery) -> int:
    total = 0
    for view in views:
        compiled = compile_query(parsed, view.schema, stats)
        if compiled is None:
            return 0
        total += view.searcher.search(compiled.query, limit=1, count=True).count
    return total
