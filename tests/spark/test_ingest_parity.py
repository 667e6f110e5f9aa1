"""The Spark job and `newsdig add` on the same crawl end in the same state.

Same article ids, texts, titles and metadata (after versions, aliases and learned templates),
same near-duplicate groups, same speakers and entities; the same rejections; and the same top-10
for a fixed query set between the home's index and the dataset's shards.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from newsdig.catalog.enrichment import index_extras
from newsdig.search.results import Hit
from tests.spark.conftest import Built

pytestmark = pytest.mark.spark
pads = pytest.importorskip("pyarrow.dataset", reason="the [spark] extra (pyarrow) is not installed")

COMPARED = ("url", "canonical_url", "source", "title", "text", "content_hash", "extractor", "published",
            "language", "site_name", "description", "fetched_at", "origin", "word_count")
QUERIES = (
    "ferry", "harbour strike", '"dock workers"', "Ana Ruiz", "budget library", "Hafen", "Stadtrat",
    "storm outages engineers", "hospital -nurses", "rents OR tenants", "intitle:dispute",
    "after:2025-04-01 storm", "before:2025-03-15 budget", "lang:de Proteste", "site:harbour-gazette.com",
    'source:"Northwind Times" council', "Coastal Wire", "petition", "speaker:\"Grace Mwangi\"",
)


def dataset_rows(dataset: Path) -> dict[str, dict[str, object]]:
    table = pads.dataset(dataset / "articles", format="parquet", partitioning="hive").to_table()
    return {row["id"]: row for row in table.to_pylist()}


def home_rows(home: Path) -> tuple[sqlite3.Connection, dict[str, dict[str, object]]]:
    conn = sqlite3.connect(home / "catalog.sqlite")
    conn.row_factory = sqlite3.Row
    return conn, {row["id"]: dict(row) for row in conn.execute("SELECT * FROM articles")}


def test_same_articles_with_the_same_text_and_metadata(built: Built) -> None:
    spark = dataset_rows(built.dataset)
    _conn, home = home_rows(built.home)
    assert sorted(spark) == sorted(home)
    assert len(home) > 150
    for article_id, row in home.items():
        got = spark[article_id]
        for name in COMPARED:
            assert got[name] == row[name], (article_id, name)
        assert got["title_inferred"] == bool(row["title_inferred"])
        assert list(got["authors"]) == json.loads(row["authors"])


def test_the_awkward_cases_came_out_as_add_makes_them(built: Built) -> None:
    spark = dataset_rows(built.dataset)
    by_url = {row["canonical_url"]: row for row in spark.values()}
    assert "Update: the council has since confirmed the figures." in by_url[built.corpus.updated_url]["text"]
    assert built.corpus.alias_url not in by_url  # a word-for-word copy is an alias, not an article
    assert built.summary["imports"] == {"added": len(spark), "updated": 1, "unchanged": 1, "copy": 1}
    gazette = [row for row in spark.values() if row["source"] == "Harbour Gazette"]
    assert len(gazette) > 10
    assert not any("morning briefing" in row["text"] for row in gazette)  # the learned template line
    months = {row["month"] for row in spark.values()}
    assert months == {"2025-03", "2025-04", "undated"}
    assert {row["lang"] for row in spark.values()} == {"en", "de"}
    assert all(row["story_id"] is None for row in spark.values())


def test_same_groups_speakers_and_entities(built: Built) -> None:
    spark = dataset_rows(built.dataset)
    conn, home = home_rows(built.home)
    extras = index_extras(conn, sorted(home))
    groups = {i: e.group_id for i, e in extras.items()}
    assert {i: row["group_id"] for i, row in spark.items()} == groups
    assert len(set(filter(None, groups.values()))) >= 6  # the wire stories and their copies
    for article_id, enrichment in extras.items():
        assert tuple(spark[article_id]["speakers"]) == enrichment.speakers, article_id
        assert tuple(spark[article_id]["entities"]) == enrichment.entities, article_id
    assert sum(bool(row["speakers"]) for row in spark.values()) > 50


def test_quotes_are_the_analysis_quotes(built: Built) -> None:
    spark = dataset_rows(built.dataset)
    conn, _home = home_rows(built.home)
    for article_id, row in spark.items():
        quotes = json.loads(row["quotes"])
        stored = conn.execute("SELECT speaker, text, span_start, span_end FROM quotes WHERE article_id = ? "
                              "ORDER BY seq", (article_id,)).fetchall()
        assert [(q["speaker"], q["text"], q["span"][0], q["span"][1]) for q in quotes] == [
            tuple(r) for r in stored]


def test_rejections_are_counted_and_listed(built: Built) -> None:
    conn, _home = home_rows(built.home)
    home_counts = dict(conn.execute("SELECT reason, COUNT(*) FROM rejections GROUP BY reason").fetchall())
    assert built.summary["rejections"] == home_counts
    assert {"malformed-warc", "not-html", "http-404"} <= set(home_counts)
    table = pads.dataset(built.dataset / "rejections", format="parquet").to_table().to_pylist()
    assert sorted(r["reason"] for r in table) == sorted(r for r, n in home_counts.items() for _ in range(n))
    truncated = next(r for r in table if r["reason"] == "malformed-warc")
    assert truncated["origin"].startswith(str(built.corpus.files[1])) and "truncated" in truncated["detail"]
    assert built.summary["passed_over"]["warc-request"] > 100


def test_small_months_of_a_language_share_a_shard(built: Built) -> None:
    """The default --shard-docs (200k) puts both months of a language in one shard; its dates are
    the union of the months' and undated articles are a shard apart."""
    from newsdig.index.shards import read_shard_manifest

    shards = {s.name: s for s in read_shard_manifest(built.dataset / "index")}
    spark = dataset_rows(built.dataset)
    langs = {row["lang"] for row in spark.values()}
    undated = {row["lang"] for row in spark.values() if row["month"] == "undated"}
    expected = {f"2025-03..2025-04_{lang}" for lang in langs} | {f"undated_{lang}" for lang in undated}
    assert set(shards) == expected
    assert sum(s.docs for s in shards.values()) == len(spark) == built.summary["articles"]
    assert built.summary["shards"] == len(shards) and built.summary["shard_docs"] == 200_000
    assert built.summary["parquet_partitions"] == len({(r["month"], r["lang"]) for r in spark.values()})
    english = shards["2025-03..2025-04_en"]
    assert english.months == ("2025-03", "2025-04") and english.month is None
    assert english.docs == sum(r["lang"] == "en" and r["month"] != "undated" for r in spark.values())
    assert english.min_published.startswith("2025-03") and english.max_published.startswith("2025-04")
    assert shards["undated_en"].undated == shards["undated_en"].docs


def _tied(a: Hit, b: Hit) -> bool:
    return math.isclose(a.score, b.score, rel_tol=1e-4, abs_tol=1e-9) and a.published == b.published


def test_same_top_ten_over_the_shards(built: Built) -> None:
    """The same ten hits in the same order; hits that tie (same score and date: many pages give
    only a day) may come in another order, which one index decides by where it stored them."""
    from newsdig.search.engine import Searcher
    from newsdig.search.shards import ShardedSearcher

    home = Searcher(built.home / "index")
    shards = ShardedSearcher(built.dataset / "index")
    assert shards.num_docs() == home.num_docs()
    for query in QUERIES:
        expected = home.search(query, limit=30).hits
        got = shards.search(query, limit=10).hits
        assert len(got) == len(expected[:10]), query
        assert len({hit.id for hit in got}) == len(got), query
        for rank, (want, hit) in enumerate(zip(expected, got, strict=False)):
            if hit.id == want.id:
                continue
            assert _tied(hit, want), (query, rank, want, hit)
            assert any(other.id == hit.id and _tied(other, want) for other in expected), (query, rank)
