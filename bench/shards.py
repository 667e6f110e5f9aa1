"""Sharded search against one index over the same articles: agreement and latency.

    python bench/shards.py [--articles 100k] [--split year|month|hash:N] [--queries 300]

The cached bench home (bench/corpus.py) is cut into shards as `newsdig spark ingest` would
(newsdig.index.shards.build_shard; by year, by month, or N shards by id hash), kept under the
cache, and searched three ways on the same queries, side by side:
  one     Searcher over the home's own index (the baseline)
  exact   ShardedSearcher: global idf and global average field lengths (rescored candidates)
  rough   ShardedSearcher(exact_lengths=False): global idf, each shard's own average lengths
It prints how many top 10s are identical to one index's and p50/p99 latency (top 10, snippets,
facets), so what the exact rescoring buys and costs is measured, not claimed.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from newsdig.catalog.db import connect
from newsdig.index.shards import build_shard, read_shard_manifest, write_shard_manifest
from newsdig.index.sync import iter_enriched
from newsdig.models import Article, Enrichment
from newsdig.search.engine import Searcher
from newsdig.search.shards import ShardedSearcher
from search import sizes


def shard_key(article: Article, split: str) -> str:
    if split.startswith("hash:"):
        count = int(split.split(":", 1)[1])
        return f"h{int(hashlib.sha1(article.id.encode()).hexdigest(), 16) % count:03d}"
    published = article.published or "undated"
    return published[:4] if split == "year" else published[:7]


def build_shards(home: Path, root: Path, split: str) -> None:
    """One shard per key; articles of a key are held in memory (a bench of 100k fits; the Spark job
    streams them per partition instead)."""
    if (root / "manifest.json").exists():
        return
    groups: dict[str, list[tuple[Article, Enrichment]]] = {}
    conn = connect(home / "catalog.sqlite")
    try:
        for article, extras in iter_enriched(conn):
            groups.setdefault(shard_key(article, split), []).append((article, extras or Enrichment()))
    finally:
        conn.close()
    infos = [build_shard(root / key, iter(items), name=key, heap_bytes=100_000_000)
             for key, items in sorted(groups.items())]
    write_shard_manifest(root, infos)


def latency(run: Callable[[str], object], queries: list[str], rounds: int) -> tuple[float, float]:
    for query in queries[:20]:
        run(query)
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="100k")
    parser.add_argument("--split", default="year", help="year, month or hash:N")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    n = next(sizes(args.articles))
    home = corpus.build_home(None, n, 1).home.root
    root = corpus.DEFAULT_CACHE / f"shards-{n}-{args.split.replace(':', '')}"
    build_shards(home, root, args.split)
    shards = read_shard_manifest(root)
    print(f"{n:,} articles in {len(shards)} shards by {args.split} "
          f"({min(s.docs for s in shards):,}..{max(s.docs for s in shards):,} articles each)")
    one = Searcher(home / "index")
    exact, rough = ShardedSearcher(root), ShardedSearcher(root, exact_lengths=False)
    queries = corpus.queries(args.queries, 1)
    print(f"\n{'searcher':<8}{'same top 10':>13}{'p50 ms':>9}{'p99 ms':>9}{'p50 x one':>11}")
    base = latency(lambda q: one.search(q, 10), queries, args.rounds)
    print(f"{'one':<8}{'-':>13}{base[0]:>9.2f}{base[1]:>9.2f}{1.0:>11.2f}")
    for name, searcher in (("exact", exact), ("rough", rough)):
        same = sum([h.id for h in searcher.search(q, 10).hits] == [h.id for h in one.search(q, 10).hits]
                   for q in queries)
        p50, p99 = latency(lambda q, s=searcher: s.search(q, 10), queries, args.rounds)
        print(f"{name:<8}{f'{same}/{len(queries)}':>13}{p50:>9.2f}{p99:>9.2f}{p50 / base[0]:>11.2f}")
    exact.close()
    rough.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
