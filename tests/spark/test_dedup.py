"""The global near-duplicate pass names the same groups as `catalog.duplicates`, one article at a time.

The pass's steps run here in plain Python (the bucketing Spark does by shuffling, then the
pure functions the executors and the driver run) against `record_near_duplicates` on a real
catalog, with the articles in the same arrival order. The corpus has a story copied 70 times
with small edits (buckets fuller than the catalog's BUCKET_LIMIT read), smaller groups, copies of
copies, and unrelated texts. On such data the lookup caps seldom change a decision; that the
pass applies them as the catalog does is checked on its own (`bucket_candidates`).
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pytest

from newsdig.catalog.db import connect
from newsdig.catalog.duplicates import BUCKET_LIMIT, record_near_duplicates
from newsdig.enrich.dedup import band_keys, signature, to_bytes
from newsdig.spark.dedup import assign_groups, bucket_candidates, rank_candidates, shared_bands, verify

WORDS = [f"w{i}" for i in range(3000)]


def _text(rng: random.Random, words: int = 90) -> list[str]:
    return [rng.choice(WORDS) for _ in range(words)]


def _edited(rng: random.Random, base: list[str], edits: int) -> list[str]:
    copy = list(base)
    for _ in range(edits):
        copy[rng.randrange(len(copy))] = rng.choice(WORDS)
    return copy


def corpus(seed: int) -> list[tuple[str, str]]:
    """(id, text) in arrival order."""
    rng = random.Random(seed)
    texts: list[list[str]] = []
    wire = _text(rng)
    texts += [_edited(rng, wire, rng.randint(0, 3)) for _ in range(70)]
    for _ in range(6):
        story = _text(rng)
        copies = [story]
        for _ in range(rng.randint(1, 5)):
            copies.append(_edited(rng, rng.choice(copies), rng.randint(1, 4)))  # copies of copies
        texts += copies
    texts += [_text(rng) for _ in range(40)]
    texts += [_text(rng, 12) for _ in range(3)]  # too short to compare
    rng.shuffle(texts)
    return [(f"{rng.getrandbits(64):016x}", " ".join(words)) for words in texts]


def catalog_groups(articles: list[tuple[str, str]], tmp_path: Path) -> dict[str, str]:
    conn = connect(tmp_path / "catalog.sqlite")
    for article_id, text in articles:
        record_near_duplicates(conn, article_id, text)
    return dict(conn.execute("SELECT article_id, group_id FROM duplicates").fetchall())


def global_pass_groups(articles: list[tuple[str, str]]) -> dict[str, str]:
    signed = {}
    buckets: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for position, (article_id, text) in enumerate(articles):
        values = signature(text)
        if values is None:
            continue
        seq = f"000000:{position:015d}"
        signed[article_id] = (seq, to_bytes(values))
        for band, bucket in enumerate(band_keys(values)):  # explode + group by (band, bucket)
            buckets[(band, bucket)].append((seq, article_id))
    met: dict[str, list[str]] = defaultdict(list)
    for members in buckets.values():
        for article_id, other in bucket_candidates(members):
            met[article_id].append(other)
    matches = []
    for article_id, others in met.items():
        ranked = rank_candidates(shared_bands(others))
        found = verify(article_id, signed[article_id][1], [(o, signed[o][1]) for o in ranked])
        if found is not None:
            matches.append((signed[article_id][0], found[0], found[1]))
    return assign_groups(matches)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_groups_as_the_catalog(seed: int, tmp_path: Path) -> None:
    articles = corpus(seed)
    expected = catalog_groups(articles, tmp_path)
    assert len(expected) > 70 and len(set(expected.values())) >= 5
    assert global_pass_groups(articles) == expected


def test_bucket_candidates_are_the_smallest_earlier_ids() -> None:
    members = [(f"s{i:03d}", f"id{(i * 37) % 101:03d}") for i in range(80)]
    pairs = list(bucket_candidates(reversed(members)))  # any input order: arrival is by seq
    last = members[-1][1]
    mine = sorted(other for article, other in pairs if article == last)
    earlier = sorted(article_id for _, article_id in members[:-1])
    assert mine == earlier[:BUCKET_LIMIT]
    assert not [other for article, other in pairs if article == members[0][1]]


def test_groups_are_named_by_their_first_member() -> None:
    matches = [("003", "c", "b"), ("002", "b", "a"), ("005", "e", "d"), ("004", "d", "c")]
    assert assign_groups(matches) == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "a"}
