"""Ranking: BM25 field boosts and a gentle recency prior over the top BM25 candidates.

score = bm25 * (1 + RECENCY_WEIGHT * 2 ** (-age_days / RECENCY_HALF_LIFE_DAYS))

An article published today gets at most +15 %, one a month old +7.5 %, one a year old ~0 %:
enough to order near-ties newest first, never enough to lift a weak match over a strong one.
Only the top RERANK_DEPTH BM25 hits are re-ranked; deeper pages keep plain BM25 order (they are
exactly the hits outside the re-ranked set, so paging never repeats or skips a hit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
DATE_COLLAPSE_SLACK = 50  # extra newest hits fetched so a date-sorted page still fills after folding


@dataclass(slots=True)
class Ranked:
    """A hit of the page, with the near-duplicate copies folded under it (when collapsing)."""

    score: float
    address: tantivy.DocAddress
    copies: list[tantivy.DocAddress] = field(default_factory=list)


def collapse(searcher: tantivy.Searcher, hits: Hits) -> list[Ranked]:
    """Fold near-duplicates: the best-ranked member of each copy group stands for the others.

    The group key is a fast field (DUP_KEY), so folding 200 candidates costs one columnar read.
    Copies outside `hits` are not counted: the count says how many copies matched this query.
    """
    if not hits:
        return []
    keys = searcher.fast_field_values(F.DUP_KEY, [addr for _, addr in hits])
    leaders: dict[int, Ranked] = {}
    ranked: list[Ranked] = []
    for (score, addr), key in zip(hits, keys, strict=True):
        if key is None:  # cannot happen with a current index; never hide a hit because of it
            ranked.append(Ranked(score, addr))
            continue
        leader = leaders.get(key)
        if leader is None:
            leaders[key] = leader = Ranked(score, addr)
            ranked.append(leader)
        else:
            leader.copies.append(addr)
    return ranked


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


def _plain(hits: Hits) -> list[Ranked]:
    return [Ranked(score, addr) for score, addr in hits]


def relevance_page(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, now: datetime,
    *, fold: bool = True,
) -> tuple[int, list[Ranked]]:
    """(total, page) by BM25 with the recency prior on the top RERANK_DEPTH, copies folded.

    Folding works within the re-ranked window; pages beyond it are plain BM25 order, unfolded
    (they are the hits outside the window, so paging never repeats or skips a hit).
    """
    if offset >= RERANK_DEPTH:
        result = searcher.search(query, limit=max(limit, 1), offset=offset, count=True)
        return result.count, _plain(list(result.hits)[:limit])
    result = searcher.search(query, limit=RERANK_DEPTH, count=True)
    candidates = list(result.hits)
    reranked = rerank(searcher, candidates, now)
    window = collapse(searcher, reranked) if fold else _plain(reranked)
    page = window[offset : offset + limit]
    missing = offset + limit - len(window)
    if missing > 0 and len(candidates) == RERANK_DEPTH:
        deeper = searcher.search(query, limit=missing, offset=RERANK_DEPTH, count=False)
        page.extend(_plain(list(deeper.hits)))
    return result.count, page


def date_page(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, *, fold: bool = True
) -> tuple[int, list[Ranked]]:
    """(total, page) newest first; undated articles come last. Scores are 0 (there is no relevance).

    Folded pages are cut from the newest offset+limit+slack hits, folded; deep pages stay exact.
    """
    fetch = offset + limit + DATE_COLLAPSE_SLACK if fold else limit
    result = searcher.search(
        query,
        limit=max(fetch, 1),
        offset=0 if fold else offset,
        count=True,
        order_by_field=F.PUBLISHED,
        order=tantivy.Order.Desc,
    )
    hits = [(0.0, addr) for _, addr in result.hits]
    if not fold:
        return result.count, _plain(hits[:limit])
    return result.count, collapse(searcher, hits)[offset : offset + limit]
