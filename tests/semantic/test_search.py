"""Semantic and hybrid search on the demo sample: meaning without shared words, filters that still
hold, more like this, and fusion measured against the team's judged queries."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from newsdig.home import Home

RELEVANCE = Path(__file__).resolve().parents[1] / "fixtures" / "relevance"


@pytest.fixture(scope="module")
def searcher(demo_home: Home):  # type: ignore[no-untyped-def]
    from newsdig.search.engine import Searcher

    return Searcher(demo_home.index_dir)


def _article(home: Home, article_id: str) -> tuple[str, str, str | None, str]:
    import sqlite3

    conn = sqlite3.connect(home.catalog_path)
    row = conn.execute("SELECT title, text, language, canonical_url FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    conn.close()
    return row


def test_semantic_available(demo_home: Home, tmp_path: Path) -> None:
    from newsdig.search.semantic import semantic_available

    assert semantic_available(demo_home) is None
    assert "newsdig add" in (semantic_available(Home(tmp_path / "none")) or "")


def test_meaning_without_shared_words(demo_home: Home, searcher) -> None:  # type: ignore[no-untyped-def]
    from newsdig.search.semantic import semantic_ids

    found = semantic_ids(demo_home, "aircraft company goes bust", 3, searcher=searcher)
    assert len(found) == 3
    texts = [_article(demo_home, article_id) for article_id, _ in found]
    assert all("Skylark" in title + text for title, text, _, _ in texts)
    # ... and at least one of them has none of the query's telling words: keyword search cannot
    # find it with this query.
    assert any(not re.search(r"\b(aircraft|goes|bust)\b", (title + " " + text).lower())
               for title, text, _, _ in texts)


def test_filters_hold_in_semantic_mode(demo_home: Home, searcher) -> None:  # type: ignore[no-untyped-def]
    from newsdig.search.semantic import semantic_ids

    french = semantic_ids(demo_home, "aircraft company goes bust lang:fr", 5, searcher=searcher)
    assert french and all(_article(demo_home, i)[2] == "fr" for i, _ in french)
    assert "Skylark" in _article(demo_home, french[0][0])[0]

    without = semantic_ids(demo_home, "aircraft company goes bust -skylark", 10, searcher=searcher)
    assert without and all("skylark" not in (_article(demo_home, i)[0] + _article(demo_home, i)[1]).lower()
                           for i, _ in without)

    query = "drinking water from the sea site:coastlinedaily.net"
    site = semantic_ids(demo_home, query, 5, searcher=searcher)
    assert site and all("coastlinedaily.net" in _article(demo_home, i)[3] for i, _ in site)
    assert "desalination" in _article(demo_home, site[0][0])[0].lower()

    assert semantic_ids(demo_home, "lang:fr", 5, searcher=searcher) == []  # no words: nothing to mean


def test_search_mode_pages(demo_home: Home, searcher) -> None:  # type: ignore[no-untyped-def]
    from newsdig.search.modes import search_mode

    keyword = search_mode(demo_home, searcher, "skylark", "keyword", 5)
    assert [h.id for h in keyword.hits] == [h.id for h in searcher.search("skylark", 5).hits]
    semantic = search_mode(demo_home, searcher, "aircraft company goes bust", "semantic", 3, 1)
    first = search_mode(demo_home, searcher, "aircraft company goes bust", "semantic", 4)
    assert [h.id for h in semantic.hits] == [h.id for h in first.hits[1:]]
    assert all(h.snippet for h in semantic.hits)
    hybrid = search_mode(demo_home, searcher, "airline collapse passengers stranded", "hybrid", 5)
    assert len(hybrid.hits) == 5 and "Skylark" in hybrid.hits[0].title


def test_similar_by_vector(demo_home: Home, searcher) -> None:  # type: ignore[no-untyped-def]
    from newsdig.search.semantic import semantic_ids, similar_by_vector

    skylark = semantic_ids(demo_home, "Skylark Air collapse stranded passengers", 1)[0][0]
    similar = similar_by_vector(demo_home, skylark, 3)
    assert len(similar) == 3 and skylark not in {i for i, _ in similar}
    assert all("Skylark" in _article(demo_home, i)[0] + _article(demo_home, i)[1] for i, _ in similar)


def _judged() -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    queries = {}
    for line in (RELEVANCE / "sample-queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, query, *_ = line.split("\t")
            queries[qid] = query
    qrels: dict[str, dict[str, int]] = {}
    for line in (RELEVANCE / "sample-qrels.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, _, url, grade = line.split()
            qrels.setdefault(qid, {})[url] = int(grade)
    return queries, qrels


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    gain = sum((2 ** grades.get(u, 0) - 1) / math.log2(i + 2) for i, u in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


@pytest.mark.skipif(not (RELEVANCE / "sample-qrels.txt").exists(), reason="no judged query set")
def test_hybrid_beats_either_alone_on_judged_queries(demo_home: Home, searcher) -> None:  # type: ignore[no-untyped-def]
    """nDCG@10 over the team's judged demo queries (judged before any ranking work), no copies
    folded so every judged article can count."""
    import sqlite3

    from newsdig.search.modes import fuse, keyword_ids
    from newsdig.search.semantic import semantic_ids

    conn = sqlite3.connect(demo_home.catalog_path)
    url = dict(conn.execute("SELECT id, canonical_url FROM articles").fetchall())
    conn.close()
    queries, qrels = _judged()
    totals = {"keyword": 0.0, "semantic": 0.0, "hybrid": 0.0}
    for qid, query in queries.items():
        _, keyword = keyword_ids(searcher, query, 100, collapse=False)
        semantic = semantic_ids(demo_home, query, 100, searcher=searcher, collapse=False)
        runs = {"keyword": keyword, "semantic": semantic, "hybrid": fuse(keyword, semantic)}
        for name, ranked in runs.items():
            totals[name] += ndcg([url[i] for i, _ in ranked], qrels.get(qid, {}))
    scores = {name: total / len(queries) for name, total in totals.items()}
    print("nDCG@10", {name: round(score, 4) for name, score in scores.items()})
    assert scores["hybrid"] > scores["keyword"] and scores["hybrid"] > scores["semantic"], scores
