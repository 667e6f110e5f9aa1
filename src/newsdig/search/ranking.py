"""Ranking: BM25 field boosts and a gentle recency prior over the top BM25 candidates.

score = bm25 * (1 + RECENCY_WEIGHT * 2 ** (-age_days / RECENCY_HALF_LIFE_DAYS))

An article published today gets at most +15 %, one a month old +7.5 %, one a year old ~0 %:
enough to order near-ties newest first, never enough to lift a weak match over a strong one.
Only the top RERANK_DEPTH BM25 hits are re-ranked; deeper pages keep plain BM25 order (they are
exactly the hits outside the re-ranked set, so paging never repeats or skips a hit).
"""

from __future__ import annotations

from datetime import datetime

import tantivy

from newsdig.index.schema import F

# Field boosts (the stemmed `text` field is 1.0).
TITLE_BOOST = 2.0  # a query word in the headline says more than one in the body
LEAD_BOOST = 0.5  # ...and one in the first two paragraphs a little more than one further down
EXACT_BOOST = 0.5  # the word as typed (deny) ranks above its other forms (denies, denied)

RERANK_DEPTH = 200
RECENCY_WEIGHT = 0.15
RECENCY_HALF_LIFE_DAYS = 30.0
_SECONDS_PER_DAY = 86_400.0

Hits = list[tuple[float, tantivy.DocAddress]]


def recency_multiplier(published_epoch: int | None, now_epoch: float) -> float:
    """1 for undated articles, up to 1 + RECENCY_WEIGHT for brand-new ones (future dates count as new)."""
    if published_epoch is None:
        return 1.0
    age_days = max(0.0, (now_epoch - published_epoch) / _SECONDS_PER_DAY)
    return 1.0 + RECENCY_WEIGHT * 2.0 ** (-age_days / RECENCY_HALF_LIFE_DAYS)


def rerank(searcher: tantivy.Searcher, candidates: Hits, now: datetime) -> Hits:
    """Candidates re-scored with the recency prior; exact ties go newest first, then by id, so
    the order never depends on where documents sit in segments (a rebuild ranks the same)."""
    if not candidates:
        return []
    addresses = [addr for _, addr in candidates]
    epochs = searcher.fast_field_values(F.PUBLISHED_EPOCH, addresses)
    keys = searcher.fast_field_values(F.ID_KEY, addresses)
    now_epoch = now.timestamp()
    rescored = [
        (score * recency_multiplier(epoch, now_epoch), -(epoch or 0), key or 0, addr)
        for (score, addr), epoch, key in zip(candidates, epochs, keys, strict=True)
    ]
    rescored.sort(key=lambda item: item[:3])
    rescored.sort(key=lambda item: -item[0])
    return [(score, addr) for score, _, _, addr in rescored]


def relevance_page(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, now: datetime
) -> tuple[int, Hits]:
    """(total, hits[offset:offset+limit]) by BM25 with the recency prior on the top RERANK_DEPTH."""
    if offset >= RERANK_DEPTH:
        result = searcher.search(query, limit=max(limit, 1), offset=offset, count=True)
        return result.count, list(result.hits)[:limit]
    result = searcher.search(query, limit=RERANK_DEPTH, count=True)
    candidates = list(result.hits)
    page = rerank(searcher, candidates, now)[offset : offset + limit]
    missing = offset + limit - RERANK_DEPTH
    if missing > 0 and len(candidates) == RERANK_DEPTH:
        deeper = searcher.search(query, limit=missing, offset=RERANK_DEPTH, count=False)
        page.extend(deeper.hits)
    return result.count, page


def date_page(searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int) -> tuple[int, Hits]:
    """(total, hits) newest first; undated articles come last. Scores are 0 (there is no relevance)."""
    result = searcher.search(
        query,
        limit=max(limit, 1),
        offset=offset,
        count=True,
        order_by_field=F.PUBLISHED,
        order=tantivy.Order.Desc,
    )
    return result.count, [(0.0, addr) for _, addr in list(result.hits)[:limit]]
