"""Ranking: BM25 over the weighted fields, then re-ranking of the top candidates.

The re-rank works on the top RERANK_DEPTH BM25 hits only; deeper pages keep plain BM25 order
(they are exactly the hits outside the re-ranked window, so paging never repeats or skips a hit).
What it does is set by the RankingProfile (newsdig.search.profiles); docs/relevance.md has the
numbers behind each choice.

Recency, a query-dependent prior. score * (1 + weight * 2 ** (-age_days / half_life_days)):
  - a query naming a year (`Kursk 1943`, `2024 election`, 1900-2099), a date (2025-03-01) or a
    date range (after:/before:) gets none: the reader said which time they want;
  - a fresh-intent query (`latest`, `breaking`, `today`, `this week`, `live`, `new`, `results`...)
    gets a strong prior, `fresh_weight` (2 in `tuned`: the newest match x3, one a month older
    x2), with age counted from the newest candidate rather than from now: "the latest storm" in
    an archive last updated in May is May's storm. Its words of intent (INTENT_WORDS) need not
    match: a report on the latest storm rarely says "latest";
  - every other query the gentle prior: an article published today gets at most +15 %, one a
    month old +7.5 %, one a year old ~0 %: enough to order near-ties newest first, never enough
    to lift a weak match over a strong one.

Source diversity, a product rule rather than a relevance gain: no outlet takes the whole first
page (DIVERSITY_PAGE hits) when another outlet has a hit in the re-ranked window. At most `source_cap` hits
of one outlet on the first page (5 in `tuned`, at most half of it), the others moved just below
it; when the first DIVERSITY_SCAN candidates hold too few other outlets the best waiting ones fill
the page, and when they hold none, one more index query (the query minus that outlet) brings the
best-ranked hit of another outlet from anywhere in the re-ranked window to the last place of the
page. Off when the query itself picks a source or a site (`source:`, `site:`). On the judged set
no query has more than 4 hits of one outlet in its top 10, so caps of 3 and above change no
judged ranking (docs/relevance.md, "Source diversity"). Costs: the stored documents of the
candidates scanned (there is no numeric source fast field to read as a column; the page reuses
the documents it shows), and the extra query only for a page one outlet would take whole.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from itertools import pairwise

import tantivy

from newsdig.index.schema import F, build_schema
from newsdig.search.parser import ParsedQuery, Term
from newsdig.search.profiles import RankingProfile

RERANK_DEPTH = 200
RECENCY_WEIGHT = 0.15  # the gentle prior of the classic ranking (profiles may set their own)
RECENCY_HALF_LIFE_DAYS = 30.0
_SECONDS_PER_DAY = 86_400.0

DIVERSITY_PAGE = 10  # the first page, where one outlet should not take every slot
DIVERSITY_SCAN = 30  # candidates looked at to fill it: bounds the stored-document reads

# Words that ask for the news of the moment. Those in INTENT_WORDS describe the kind of article
# wanted rather than its topic (the latest Rovers match report says neither "latest" nor
# "result"): in a fresh query they add to the score but need not match. The others ("new",
# "live", "update") signal freshness but stay required: "new york", "live music" are topics.
FRESH_WORDS = frozenset((
    "latest", "breaking", "newest", "recent", "recently", "today", "tonight", "yesterday", "now",
    "live", "new", "update", "updates", "result", "results",
    "aktuell", "neueste", "heute", "dernières", "dernier", "aujourd'hui", "últimas", "hoy",
))
FRESH_PHRASES = (("this", "week"), ("this", "morning"), ("this", "month"), ("right", "now"))
INTENT_WORDS = frozenset((
    "latest", "breaking", "newest", "recent", "recently", "today", "tonight", "now", "result", "results",
    "aktuell", "neueste", "heute", "dernières", "últimas", "hoy",
))
_PUNCTUATION = string.punctuation + "¿¡«»“”‘’"
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d")

Hits = list[tuple[float, tantivy.DocAddress]]
DATE_COLLAPSE_SLACK = 50  # extra newest hits fetched so a date-sorted page still fills after folding
DocKey = tuple[int, int]  # (segment_ord, doc) of a DocAddress
Docs = dict[DocKey, tantivy.Document]  # stored documents read during ranking, for reuse


@dataclass(frozen=True, slots=True)
class Intent:
    """What the query says about time: fresh (wants the latest), dated (names its own time)."""

    fresh: bool = False
    dated: bool = False
    intent_words: frozenset[Term] = frozenset()  # plain words that ask for freshness, not a topic


def _bare(word: str) -> str:
    return word.lower().strip(_PUNCTUATION)


def query_intent(parsed: ParsedQuery) -> Intent:
    """Fresh and dated intent from the query's words and date filters (see the module docstring)."""
    words = [_bare(w) for term in parsed.positive_terms for w in term.text.split()]
    dated = parsed.after is not None or parsed.before is not None
    dated = dated or any(_YEAR.fullmatch(w) or _DATE.fullmatch(w) for w in words)
    pairs = set(pairwise(words))
    fresh = any(w in FRESH_WORDS for w in words) or any(p in pairs for p in FRESH_PHRASES)
    plain = [g[0] for g in parsed.groups if len(g) == 1 and not g[0].phrase and not g[0].intitle]
    intent_words = frozenset(t for t in plain if _bare(t.text) in INTENT_WORDS)
    return Intent(fresh=fresh and not dated, dated=dated, intent_words=intent_words if fresh else frozenset())


@dataclass(frozen=True, slots=True)
class Recency:
    """The recency prior of one query: weight 0 is none; `from_newest` counts age from the newest
    candidate instead of from now."""

    weight: float = RECENCY_WEIGHT
    half_life_days: float = RECENCY_HALF_LIFE_DAYS
    from_newest: bool = False


NO_RECENCY = Recency(weight=0.0)


def recency_for(profile: RankingProfile, intent: Intent) -> Recency:
    """The profile's recency rule applied to one query's intent."""
    if profile.recency == "off":
        return NO_RECENCY
    gentle = Recency(profile.recency_weight, profile.recency_half_life_days)
    if profile.recency == "gentle":
        return gentle
    if intent.dated:
        return NO_RECENCY
    if intent.fresh and profile.fresh_weight > 0:
        return Recency(profile.fresh_weight, profile.fresh_half_life_days, from_newest=True)
    return gentle


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
    ranked: list[Ranked] = []
    for leader, *copies in fold_groups(keys):
        score, address = hits[leader]
        ranked.append(Ranked(score, address, [hits[i][1] for i in copies]))
    return ranked


def fold_groups(keys: Sequence[int | None]) -> list[list[int]]:
    """Positions grouped by copy-group key, each group [leader, copies...] in the order of its
    best-ranked member (the leader). A missing key (cannot happen with a current index) is a group
    of its own: never hide a hit because of it. Shared by the single index and the sharded search."""
    leaders: dict[int, list[int]] = {}
    groups: list[list[int]] = []
    for position, key in enumerate(keys):
        group = leaders.get(key) if key is not None else None
        if group is None:
            group = [position]
            groups.append(group)
            if key is not None:
                leaders[key] = group
        else:
            group.append(position)
    return groups


def recency_multiplier(
    published_epoch: int | None, now_epoch: float, weight: float | None = None,
    half_life_days: float | None = None,
) -> float:
    """1 for undated articles, up to 1 + weight for brand-new ones (future dates count as new).

    Weight and half-life default to the gentle prior (RECENCY_WEIGHT, RECENCY_HALF_LIFE_DAYS).
    """
    if published_epoch is None:
        return 1.0
    weight = RECENCY_WEIGHT if weight is None else weight
    half_life = RECENCY_HALF_LIFE_DAYS if half_life_days is None else half_life_days
    age_days = max(0.0, (now_epoch - published_epoch) / _SECONDS_PER_DAY)
    return 1.0 + weight * 2.0 ** (-age_days / half_life)


def rerank(
    searcher: tantivy.Searcher, candidates: Hits, now: datetime, recency: Recency | None = None,
    first: set[DocKey] | None = None,
) -> Hits:
    """Candidates re-scored with the recency prior (the gentle one when None).

    Hits in `first` come before all others (each part in score order): a relaxed long query shows
    the articles that have all its words first. Exact ties go newest first (by id alone when recency
    is off), then by id, so the order never depends on where documents sit in segments (a rebuild
    ranks the same).
    """
    if not candidates:
        return []
    addresses = [addr for _, addr in candidates]
    epochs = searcher.fast_field_values(F.PUBLISHED_EPOCH, addresses)
    keys = searcher.fast_field_values(F.ID_KEY, addresses)
    firsts = [doc_key(addr) in first for addr in addresses] if first else None
    order = rerank_order([score for score, _ in candidates], epochs, keys, now, recency, firsts)
    return [(score, addresses[position]) for score, position in order]


def recency_multipliers(epochs: Sequence[int | None], now: datetime, recency: Recency) -> list[float]:
    """Each candidate's recency factor as rerank_order applies it (all 1.0 when recency is off);
    the sharded search bounds its rescoring with the same numbers."""
    if recency.weight <= 0:
        return [1.0] * len(epochs)
    anchor = now.timestamp()
    if recency.from_newest:
        anchor = min(anchor, max((e for e in epochs if e is not None), default=anchor))
    return [recency_multiplier(epoch, anchor, recency.weight, recency.half_life_days) for epoch in epochs]


def rerank_order(
    scores: Sequence[float], epochs: Sequence[int | None], keys: Sequence[int | None], now: datetime,
    recency: Recency | None = None, first: Sequence[bool] | None = None,
) -> list[tuple[float, int]]:
    """(new score, position) of each candidate, best first: `rerank` over plain columns (the
    sharded search gathers them from several indexes). `first` flags the hits that go before all
    others; ties go newest first (by id alone when recency is off), then by id key."""
    recency = recency or Recency()
    timed = recency.weight > 0
    factors = recency_multipliers(epochs, now, recency)
    rescored = [
        (0 if first and first[position] else 1, -(score * factor),
         -(epoch or 0) if timed else 0, key or 0, position)
        for position, (score, epoch, key, factor)
        in enumerate(zip(scores, epochs, keys, factors, strict=True))
    ]
    rescored.sort(key=lambda item: item[:4])
    return [(-score, position) for _, score, _, _, position in rescored]


def doc_key(address: tantivy.DocAddress) -> DocKey:
    """A hashable form of a DocAddress (which is not hashable)."""
    return (address.segment_ord, address.doc)


def stored_doc(
    searcher: tantivy.Searcher, address: tantivy.DocAddress, docs: Docs | None
) -> tantivy.Document:
    """The stored document at `address`, read once per query when a `docs` cache is given."""
    if docs is None:
        return searcher.doc(address)
    key = doc_key(address)
    doc = docs.get(key)
    if doc is None:
        docs[key] = doc = searcher.doc(address)
    return doc


def cap_sources(searcher: tantivy.Searcher, window: list[Ranked], cap: int, docs: Docs | None = None,
                query: tantivy.Query | None = None) -> list[Ranked]:
    """`window` with at most `cap` hits per source on the first DIVERSITY_PAGE positions.

    Greedy over the first DIVERSITY_SCAN hits: a hit whose outlet already has `cap` places on the
    first page waits just below it. When the scan runs out of other outlets the best waiting hits
    fill the page (a query only one outlet covers still fills it). When the scan saw one outlet
    only and `query` (the query the window was ranked for) is given, the best-ranked hit of another
    outlet deeper in the window takes the page's last place (`_other_outlet`): no outlet takes the
    whole page while another one answers. The result is a permutation of `window` that depends on
    the window alone, so every page cut from it agrees: no hit is repeated or skipped. Sources come
    from stored documents (there is no source fast field), read at most DIVERSITY_SCAN times, and
    the page reuses them through `docs`.
    """
    def source_at(position: int) -> str:
        return stored_doc(searcher, window[position].address, docs).get_first(F.SOURCE) or ""

    def other_outlet(start: int, outlet: str) -> int | None:
        return _other_outlet(searcher, window, start, outlet, query) if query is not None else None

    order = diversity_order(len(window), cap, source_at, other_outlet)
    return window if order is None else [window[i] for i in order]


def diversity_order(
    size: int, cap: int, source_at: Callable[[int], str],
    other_outlet: Callable[[int, str], int | None] | None = None,
) -> list[int] | None:
    """The permutation of window positions `cap_sources` shows, or None when it keeps the order.

    `source_at(i)` is the outlet of the i-th hit (read only for the first DIVERSITY_SCAN);
    `other_outlet(start, outlet)` the first position from `start` on of a hit from another outlet
    (None: there is none, or no way to look).
    """
    if cap <= 0 or size <= cap:
        return None
    scan = min(size, DIVERSITY_SCAN)
    counts: Counter[str] = Counter()
    chosen: list[int] = []
    waiting: list[int] = []
    for position in range(scan):
        if len(chosen) == DIVERSITY_PAGE:
            break
        source = source_at(position)
        if source and counts[source] >= cap:
            waiting.append(position)
            continue
        counts[source] += 1
        chosen.append(position)
    if len(chosen) < DIVERSITY_PAGE:  # not enough other outlets: the best waiting ones fill the page
        room = DIVERSITY_PAGE - len(chosen)
        chosen = sorted(chosen + waiting[:room])
    outlets = [source for source in counts if source]
    alone = len(counts) == 1 and bool(outlets) and cap < DIVERSITY_PAGE <= len(chosen)
    if alone and other_outlet is not None:  # one outlet would take the whole page
        other = other_outlet(scan, outlets[0])
        if other is not None:
            chosen = [*chosen[: DIVERSITY_PAGE - 1], other]
    if chosen == list(range(len(chosen))):
        return None
    shown = set(chosen)
    return chosen + [i for i in range(size) if i not in shown]


def _other_outlet(searcher: tantivy.Searcher, window: list[Ranked], start: int, outlet: str,
                  query: tantivy.Query) -> int | None:
    """The first position from `start` on of a window hit from another outlet than `outlet`.

    One query (`query` minus that outlet) instead of reading stored documents one by one: a query
    only one outlet answers would otherwise read the whole window every time. Its BM25 top
    RERANK_DEPTH holds every other-outlet hit of the window (the window is the query's BM25 top
    RERANK_DEPTH, and excluding documents moves none of the rest down). Nothing to look for when
    the outlet wrote every article of the index (a home of one outlet).
    """
    if start >= len(window) or searcher.doc_freq(F.SOURCE_KEY, outlet) >= searcher.num_docs:
        return None
    others = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, query),
        (tantivy.Occur.MustNot, tantivy.Query.term_query(_schema(), F.SOURCE_KEY, outlet)),
    ])
    keys = {doc_key(address) for _, address in searcher.search(others, limit=RERANK_DEPTH).hits}
    return next((i for i in range(start, len(window)) if doc_key(window[i].address) in keys), None)


@cache
def _schema() -> tantivy.Schema:
    """The index schema (open_index refuses an index whose schema differs), for term queries."""
    return build_schema()


def _plain(hits: Hits) -> list[Ranked]:
    return [Ranked(score, addr) for score, addr in hits]


def relevance_page(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, now: datetime,
    *, fold: bool = True, recency: Recency | None = None, source_cap: int = 0, docs: Docs | None = None,
    first: set[DocKey] | None = None,
) -> tuple[int, list[Ranked]]:
    """(total, page) by BM25 re-ranked on the top RERANK_DEPTH: recency prior (the gentle one when
    None), the hits in `first` before the others, copies folded, at most `source_cap` hits per
    outlet on the first page (0: no cap).

    Folding works within the re-ranked window; pages beyond it are plain BM25 order, unfolded
    (they are the hits outside the window, so paging never repeats or skips a hit). For the same
    reason `first` only applies when all of its hits are inside the window.
    """
    if offset >= RERANK_DEPTH:
        result = searcher.search(query, limit=max(limit, 1), offset=offset, count=True)
        return result.count, _plain(list(result.hits)[:limit])
    result = searcher.search(query, limit=RERANK_DEPTH, count=True)
    candidates = list(result.hits)
    if first and not first <= {doc_key(addr) for _, addr in candidates}:
        first = None
    reranked = rerank(searcher, candidates, now, recency, first)
    window = collapse(searcher, reranked) if fold else _plain(reranked)
    if source_cap > 0:  # on every page of the window: a hit pulled up from deep is not shown twice
        window = cap_sources(searcher, window, source_cap, docs, query)
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
