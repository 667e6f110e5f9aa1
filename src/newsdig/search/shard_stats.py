"""What a search over shards asks of each shard and how their answers add up (search/shards.py).

- Which shards: `may_match` (a shard's date range against after:/before:) and `has_words` (a
  shard without one of the query's words matches nothing and is not searched).
- Global statistics: `GlobalStats` sums document frequencies over every shard, so compile_query
  decides filters alike everywhere and `scale_for` boosts each term to its idf over all shards.
- Facets: each shard is asked for more buckets than shown (`shard_aggregation`), `merge_facets`
  adds them up.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import tantivy

from newsdig.index.schema import F, exact_analyzer, stem_analyzer
from newsdig.index.shards import ShardInfo
from newsdig.search.compiler import MAX_PHRASE_TOKENS, IdfScale
from newsdig.search.facets import FACETS, Facets, empty_facets
from newsdig.search.parser import ParsedQuery, Term

# Buckets asked of each shard per bucket shown, plus a few: tantivy itself takes 10 x size from each
# segment of one index (its `segment_size`), so shards are as exact as the segments of one index.
SHARD_FACET_FACTOR = 10
SHARD_FACET_EXTRA = 10


def bm25_idf(doc_freq: int, num_docs: int) -> float:
    """tantivy's BM25 idf (always > 0)."""
    return math.log(1.0 + (num_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class GlobalStats:
    """Document frequencies summed over every shard: what one index of all their articles reports.

    Passed to compile_query in place of a tantivy searcher (it only asks for doc_freq). tantivy
    counts N as the documents of all segments, deleted ones included; shards are built once and
    never deleted from, so num_docs is that N.
    """

    def __init__(self, searchers: Sequence[tantivy.Searcher]) -> None:
        self._searchers = searchers
        self.num_docs = sum(searcher.num_docs for searcher in searchers)
        self._df: dict[tuple[str, str], int] = {}  # per query: threads may fill it twice, harmlessly

    def doc_freq(self, field_name: str, token: str) -> int:
        key = (field_name, token)
        found = self._df.get(key)
        if found is None:
            found = self._df[key] = sum(s.doc_freq(field_name, token) for s in self._searchers)
        return found

    def scale_for(self, searcher: tantivy.Searcher) -> IdfScale:
        """The IDF_SCALE of one shard: its idf of a term or phrase -> the idf over all shards."""
        local_docs = searcher.num_docs

        def scale(field_name: str, tokens: Sequence[str]) -> float:
            wanted = sum(bm25_idf(self.doc_freq(field_name, t), self.num_docs) for t in tokens)
            local = sum(bm25_idf(searcher.doc_freq(field_name, t), local_docs) for t in tokens)
            return wanted / local

        return scale


def may_match(shard: ShardInfo, after: date | None, before: date | None) -> bool:
    """Whether `shard` can hold an article published in [after, before) (compiler.date_query: after
    inclusive, before exclusive, undated articles never match a date filter)."""
    if shard.docs == 0:
        return False
    if after is None and before is None:
        return True
    if after is not None and before is not None and after >= before:
        return False
    if shard.max_published is None or shard.min_published is None:
        return False  # undated articles only
    try:
        oldest = datetime.fromisoformat(shard.min_published)
        newest = datetime.fromisoformat(shard.max_published)
    except ValueError:
        return True  # cannot tell: search it
    if after is not None and newest < _day_start(after):
        return False
    return not (before is not None and oldest >= _day_start(before))


def has_words(
    searcher: tantivy.Searcher, parsed: ParsedQuery, unneeded: frozenset[Term] = frozenset()
) -> bool:
    """Whether every word group of `parsed` has a term whose stems all occur in the shard.

    A necessary condition of any match: compile_query looks a term up in the title, the text and
    the lead (part of the text), or in their exact forms, whose stems the stemmed fields hold too.
    A shard without it matches nothing (count 0, no facets) and is not searched: a word of one
    language, a rare name, a month's story skip most shards for a few term lookups each. Groups of
    one `unneeded` term (words that only add score, or that a relaxed query may miss) and terms
    compile_query drops (no tokens) constrain nothing.
    """
    for group in parsed.groups:
        if len(group) == 1 and group[0] in unneeded:
            continue
        if not any(_term_present(searcher, term) for term in group):
            return False
    return True


def _term_present(searcher: tantivy.Searcher, term: Term) -> bool:
    stems = stem_analyzer().analyze(term.text)[:MAX_PHRASE_TOKENS]
    if not stems or len(stems) != len(exact_analyzer().analyze(term.text)[:MAX_PHRASE_TOKENS]):
        return True  # compile_query drops it
    return all(searcher.doc_freq(F.TEXT, stem) or searcher.doc_freq(F.TITLE, stem) for stem in stems)


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def shard_size(size: int) -> int:
    """Buckets asked of each shard for a facet that shows `size`."""
    return size * SHARD_FACET_FACTOR + SHARD_FACET_EXTRA


def shard_aggregation() -> dict[str, Any]:
    return {
        name: {"terms": {"field": fast, "size": shard_size(size), "order": order}}
        for name, (fast, size, order) in FACETS.items()
    }


def merge_facets(results: Iterable[dict[str, Any]]) -> Facets:
    """The shards' facet counts added up, ordered and cut as facets.collect_facets does (count
    desc then value, as tantivy breaks ties; months by value)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for result in results:
        for name in FACETS:
            for bucket in (result.get(name) or {}).get("buckets") or []:
                if bucket.get("key"):
                    counts[name][str(bucket["key"])] += int(bucket["doc_count"])
    facets = empty_facets()
    for name, (_, size, order) in FACETS.items():
        items = list(counts[name].items())
        if "_key" in order:
            items.sort(key=lambda item: item[0], reverse=order["_key"] == "desc")
        else:
            items.sort(key=lambda item: item[0])
            items.sort(key=lambda item: item[1], reverse=order.get("_count", "desc") == "desc")
        facets[name] = items[:size]
    return facets
