"""Near-duplicate groups as a global pass: `catalog.duplicates`' decisions over shuffled band keys.

The catalog enriches articles one at a time in arrival order; each looks up the band buckets of
its MinHash signature among the articles before it, verifies the best-ranked candidates on their
whole signatures and joins the group of the most similar copy (a group is named by its first
member). Here the same steps run over all articles at once:

1. Spark explodes each signature's band keys and groups by (band, bucket): a bucket's members,
   in arrival order, are the only articles that can be candidates of each other.
2. `bucket_candidates` pairs each member with the earlier members the catalog's lookup would
   return: its ``LIMIT BUCKET_LIMIT`` reads the smallest ids of the bucket among the articles
   stored before it.
3. Per article, candidates are ranked like `catalog.duplicates`'s lookup (most shared bands, then id) and the
   first MAX_VERIFIED are verified with `enrich.dedup.similarity` (Spark joins the signatures);
   `best_match` keeps the closest at or above THRESHOLD, ties to the smaller id.
4. `assign_groups` runs on the driver over the verified best matches only (articles that have
   an earlier copy: a small share of a news crawl), in arrival order: an article joins its best
   match's group, founding it under the best match's id when that has none, as `_join` does.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from newsdig.catalog.duplicates import BUCKET_LIMIT, MAX_VERIFIED
from newsdig.enrich.dedup import THRESHOLD, from_bytes, similarity


def bucket_candidates(members: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(article, candidate) pairs of one bucket; `members` are (seq, id) of the bucket.

    Each article gets the BUCKET_LIMIT smallest ids among the members that arrived before it:
    what ``SELECT article_id ... WHERE band = ? AND bucket = ? LIMIT ?`` returns on the catalog's
    (band, bucket, article_id) key when it runs.
    """
    smallest: list[str] = []  # sorted, at most BUCKET_LIMIT long
    for _seq, article_id in sorted(members):
        for other in smallest:
            yield article_id, other
        bisect.insort(smallest, article_id)
        if len(smallest) > BUCKET_LIMIT:
            smallest.pop()


def rank_candidates(shared: Iterable[tuple[str, int]]) -> list[str]:
    """Candidates to verify: most shared bands first, then by id, at most MAX_VERIFIED."""
    ranked = sorted(shared, key=lambda item: (-item[1], item[0]))
    return [other for other, _ in ranked[:MAX_VERIFIED]]


def best_match(signature: bytes, candidates: Iterable[tuple[str, bytes]]) -> tuple[str, float] | None:
    """The most similar candidate at or above THRESHOLD (ties: the smaller id), or None."""
    mine = from_bytes(signature)
    best: tuple[str, float] | None = None
    for other, blob in sorted(candidates, key=lambda item: item[0]):
        score = similarity(mine, from_bytes(blob))
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (other, score)
    return best


def assign_groups(matches: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Article id -> group id from (seq, article id, best match id), applied in seq order.

    A best match always arrived earlier, so its group (if any) is already known.
    """
    groups: dict[str, str] = {}
    for _seq, article_id, match in sorted(matches):
        groups[article_id] = groups.setdefault(match, match)
    return groups


def shared_bands(pairs: Iterable[str]) -> list[tuple[str, int]]:
    """(candidate, number of bands shared) from the candidate ids of every band an article met."""
    return sorted(Counter(pairs).items())


def verify(article_id: str, signature: bytes, candidates: Sequence[tuple[str, bytes]]
           ) -> tuple[str, str, float] | None:
    """(article, best match, score) for the article's ranked candidates with their signatures."""
    found = best_match(signature, [(other, blob) for other, blob in candidates if other != article_id])
    return (article_id, found[0], found[1]) if found is not None else None

