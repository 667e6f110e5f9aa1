"""search(): parse -> compile -> rank -> snippets + facets. `Searcher` keeps the index open.

How results are ranked is a RankingProfile (newsdig.search.profiles; "tuned" by default), measured
by `newsdig eval` against judged queries (docs/relevance.md).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import tantivy

from newsdig.errors import InputError
from newsdig.index.reader import open_index
from newsdig.index.schema import F
from newsdig.search.compiler import CompiledQuery, compile_query, plain_words
from newsdig.search.facets import Facets, collect_facets, empty_facets
from newsdig.search.parser import ParsedQuery, parse_query
from newsdig.search.profiles import RankingProfile, get_profile
from newsdig.search.ranking import (
    DocKey,
    Docs,
    Ranked,
    date_page,
    doc_key,
    query_intent,
    recency_for,
    relevance_page,
    stored_doc,
)
from newsdig.search.results import Hit, SearchResult
from newsdig.search.snippets import make_snippet, snippet_generator
from newsdig.search.suggest import SUGGEST_BELOW, suggest

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
FACET_CACHE_SIZE = 512  # queries whose facet counts are kept (a few KB each)
MAX_OFFSET = 10_000  # deeper pages cost memory proportional to offset; nobody reads page 1000

_Stamp = tuple[int, int, int]

# Facet counts walk every match a second time; tantivy releases the GIL while it aggregates and
# while it ranks, so the walk runs on this pool beside the ranking and the snippets (1M articles:
# ranking + facets 4.7 -> 2.5 ms p50, 29 -> 15 ms p99). Sized for a few concurrent requests.
_FACET_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="facets")


class Searcher:
    """An open index answering queries; reuse one per process (the server keeps one).

    Each query first stats the directory: a new commit is picked up with a reload, a rebuilt index
    swapped in by build_fresh (a new directory inode) by reopening. Safe to share between threads.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._stamp = self._read_stamp()
        self._index = open_index(self.index_dir)
        self._schema = self._index.schema
        self._facet_cache: OrderedDict[tuple[object, str], Facets] = OrderedDict()

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query, stamp: _Stamp | None) -> Facets:
        """Facet counts, remembered per index state and query: counting walks every match (at 1M
        articles as dear as the ranking: p50 +3.5 ms, p99 +16 ms), and the next page of the same
        query, or the same query from another reader, needs the same counts. Runs on _FACET_POOL,
        beside the ranking."""
        if stamp is None:  # the index state is unknown (mid-swap): count, remember nothing
            return collect_facets(searcher, query)
        key = (stamp, repr(query))
        with self._lock:
            found = self._facet_cache.get(key)
            if found is not None:
                self._facet_cache.move_to_end(key)
                return {name: list(values) for name, values in found.items()}  # callers may edit
        facets = collect_facets(searcher, query)
        with self._lock:
            self._facet_cache[key] = facets
            while len(self._facet_cache) > FACET_CACHE_SIZE:
                self._facet_cache.popitem(last=False)
        return {name: list(values) for name, values in facets.items()}

    def clear_cache(self) -> None:
        """Forget remembered facet counts (benchmarks time the first request of a query)."""
        with self._lock:
            self._facet_cache.clear()

    def _read_stamp(self) -> _Stamp | None:
        try:
            directory = os.stat(self.index_dir)
            meta = os.stat(self.index_dir / "meta.json")
        except OSError:
            return None  # mid-swap: keep reading what we have
        return (directory.st_ino, meta.st_mtime_ns, meta.st_size)

    def refresh(self) -> None:
        """See the latest commit, or the new index if the directory was swapped."""
        stamp = self._read_stamp()
        if stamp is None or stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            if self._stamp is None or stamp[0] != self._stamp[0]:
                self._index = open_index(self.index_dir)
                self._schema = self._index.schema
            else:
                self._index.reload()
            self._stamp = stamp

    def snapshot(self) -> tuple[tantivy.Searcher, tantivy.Schema]:
        """A tantivy searcher over the latest commit and the schema, for lookups beside search()."""
        self.refresh()
        index = self._index
        return index.searcher(), index.schema

    def num_docs(self) -> int:
        """Live articles in the index."""
        return self.snapshot()[0].num_docs

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
        """One page of results for a user query string. Never raises for any query text.

        With `collapse`, near-duplicate copies (syndicated stories) are folded under their
        best-ranked member, which lists them in `Hit.duplicates`. `profile` names a ranking preset
        (bm25, bm25f, classic, tuned) or is a RankingProfile; an unknown name is an InputError.
        """
        started = time.perf_counter()
        parsed = parse_query(query)
        run = self._run(parsed, limit, offset, sort, now, collapse, profile, counting=with_facets)
        if run is None:
            took = (time.perf_counter() - started) * 1000
            return SearchResult(query, 0, [], empty_facets(), took, parsed, collapsed=collapse)
        searcher, schema = run.searcher, run.schema
        compiled, total, page = run.compiled, run.total, run.page
        generator = snippet_generator(searcher, schema, compiled.highlight) if page else None
        hits = [make_hit(searcher, generator, r.score, r.address, r.copies, docs=run.docs) for r in page]
        facets = run.facets.result() if run.facets is not None else empty_facets()
        suggestion = (suggest(searcher, schema, parsed, run.strict_total)
                      if run.strict_total < SUGGEST_BELOW else None)
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query, total, hits, facets, took, parsed, suggestion, collapsed=collapse,
                            relaxed=compiled.relaxed)

    def rank(
        self, query: str, depth: int = 100, now: datetime | None = None, *,
        collapse: bool = True, profile: str | RankingProfile = "tuned",
    ) -> list[tuple[str, list[str]]]:
        """(id, ids of folded copies) of the top `depth` hits in the order `search` shows them, without
        snippets, facets or suggestions (evaluation runs read a hundred hits per query)."""
        run = self._run(parse_query(query), depth, 0, "relevance", now, collapse, profile)
        if run is None:
            return []
        searcher = run.searcher

        def doc_id(address: tantivy.DocAddress) -> str:
            return stored_doc(searcher, address, run.docs).get_first(F.ID) or ""

        return [(doc_id(r.address), [doc_id(c) for c in r.copies]) for r in run.page]

    def _run(
        self, parsed: ParsedQuery, limit: int, offset: int, sort: str, now: datetime | None,
        collapse: bool, profile: str | RankingProfile, *, counting: bool = False,
    ) -> _Run | None:
        """Compile and rank one query: the page of hits (without their documents), or None when the
        query can match nothing.

        A long query (at least relax_min_words plain words: a question, a pasted sentence) that
        strict AND answers with fewer than relax_below hits is run again relaxed (see
        compile_query), its strict matches kept first; the strict answer stays unless that finds
        more. Shorter queries keep strict AND, the documented meaning of `a b`: there a missing
        word is more often a typo, which "did you mean" handles.
        """
        ranking, limit, offset, now = search_arguments(sort, profile, limit, offset, now)

        self.refresh()
        with self._lock:
            index, schema, stamp = self._index, self._schema, self._stamp
        searcher = index.searcher()
        intent = query_intent(parsed)
        adaptive = ranking.recency == "adaptive" and ranking.fresh_words_optional
        optional = intent.intent_words if adaptive else frozenset()
        compiled = compile_query(parsed, schema, searcher, ranking, optional=optional)
        if compiled is None:
            return None
        facets: Future[Facets] | None = None
        if counting:  # the same matches without the scoring-only clauses, counted beside the ranking
            matching = compile_query(parsed, schema, searcher, match_only(ranking), optional=optional)
            count_query = matching.query if matching is not None else compiled.query
            facets = _FACET_POOL.submit(self._facets, searcher, count_query, stamp)

        docs: Docs = {}
        if offset > MAX_OFFSET:
            total, page = searcher.search(compiled.query, limit=1, count=True).count, []
            return _Run(searcher, schema, compiled, total, page, total, docs, stamp, facets)
        if sort == "date" or not compiled.scored:  # filters alone: newest first
            total, page = date_page(searcher, compiled.query, limit, offset, fold=collapse)
            return _Run(searcher, schema, compiled, total, page, total, docs, stamp, facets)
        recency = recency_for(ranking, intent)
        cap = 0 if parsed.sites or parsed.sources else ranking.source_cap

        def page_of(query: tantivy.Query, first: set[DocKey] | None = None) -> tuple[int, list[Ranked]]:
            return relevance_page(searcher, query, limit, offset, now, fold=collapse, recency=recency,
                                  source_cap=cap, docs=docs, first=first)

        total, page = page_of(compiled.query)
        run = _Run(searcher, schema, compiled, total, page, total, docs, stamp, facets)
        if ranking.relax_below <= 0 or total >= ranking.relax_below:
            return run
        if len(plain_words(parsed)) < ranking.relax_min_words:
            return run
        first = None
        if ranking.relax_strict_first and total:
            first = {doc_key(address) for _, address in searcher.search(compiled.query, limit=total).hits}
        # Most of the words first; when even that finds nothing, any of them: a long query whose
        # words are in the index is never answered with nothing.
        for coverage in dict.fromkeys((ranking.relax_coverage, 0.0)):
            relaxing = replace(ranking, relax_coverage=coverage)
            relaxed = compile_query(parsed, schema, searcher, relaxing, optional=optional, relax=True)
            if relaxed is None:
                break
            found, found_page = page_of(relaxed.query, first)
            if found > total:  # the relaxed query's matches are the ones counted
                if facets is not None:
                    facets.cancel()
                    facets = _FACET_POOL.submit(self._facets, searcher, relaxed.query, stamp)
                return _Run(searcher, schema, relaxed, found, found_page, total, docs, stamp, facets)
            if found:
                break
        return run


@cache
def match_only(profile: RankingProfile) -> RankingProfile:
    """`profile` without the clauses that only add score: the exact forms (their matches are a
    subset of the stemmed fields'), the lead (part of the body) and proximity (optional). Facet
    counting walks every match; two fields per word instead of five made it 20 % faster at 1M
    articles (p99 14 -> 9 ms), with the same matches (tests/search/test_facet_cache.py)."""
    return replace(profile, name=f"{profile.name}+match-only", title=1.0, body=1.0, lead=0.0,
                   exact=0.0, proximity=0.0)


@dataclass(frozen=True, slots=True)
class _Run:
    """One ranked query: its page, its total, and the strict total (before relaxing a long query)."""

    searcher: tantivy.Searcher
    schema: tantivy.Schema
    compiled: CompiledQuery
    total: int
    page: list[Ranked]
    strict_total: int
    docs: Docs
    stamp: _Stamp | None = None  # the index state the searcher shows (facet cache key)
    facets: Future[Facets] | None = None  # counts being walked beside the ranking (when asked)


def make_hit(
    searcher: tantivy.Searcher,
    generator: tantivy.SnippetGenerator | None,
    score: float,
    address: tantivy.DocAddress,
    copies: list[tantivy.DocAddress] | None = None,
    *,
    docs: Docs | None = None,
) -> Hit:
    """The Hit of one document, its snippet from `generator` (the text's opening when None).

    `docs` holds the stored documents ranking already read (source diversity), so none is read twice.
    """
    doc = stored_doc(searcher, address, docs)
    duplicates = [searcher.doc(c).get_first(F.ID) or "" for c in copies or ()]
    story = doc.get_first(F.STORY_ID)
    snippet, highlights = make_snippet(generator, doc)
    return Hit(
        id=doc.get_first(F.ID) or "",
        title=doc.get_first(F.TITLE) or "",
        url=doc.get_first(F.URL) or "",
        source=doc.get_first(F.SOURCE) or "",
        published=doc.get_first(F.PUBLISHED_TEXT),
        language=doc.get_first(F.LANGUAGE),
        score=float(score),
        snippet=snippet,
        highlights=highlights,
        duplicates=duplicates,
        story_id=int(story) if story else None,
        speakers=[str(v) for v in doc.to_dict().get(F.SPEAKER_KEY, [])],
    )


def search_arguments(
    sort: str, profile: str | RankingProfile, limit: int, offset: int, now: datetime | None,
) -> tuple[RankingProfile, int, int, datetime]:
    """A search's arguments checked and bounded, as every searcher takes them (one index or
    shards): (profile, limit, offset, now in UTC). An unknown sort or profile is an InputError."""
    if sort not in SORTS:
        raise InputError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
    try:
        ranking = get_profile(profile)
    except ValueError as error:
        raise InputError(str(error)) from None
    now = datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=UTC))
    return ranking, min(max(int(limit), 0), MAX_LIMIT), max(int(offset), 0), now


def search(
    index_dir: Path,
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
    """Open the index at `index_dir` and run one query (use Searcher to run many)."""
    return Searcher(index_dir).search(query, limit, offset, sort, now, with_facets=with_facets,
                                      collapse=collapse, profile=profile)
