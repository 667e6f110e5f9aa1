"""Searching while the index changes, and the engine's totality over arbitrary query strings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_corpus import CORPUS, NOW, by_url

from newsdig.index import build_fresh, open_writer
from newsdig.search import Searcher

QUERIES = [
    "putin",
    "north korean troops",
    '"north korean"',
    "deny",
    "volcano",
    "storm eowyn",
    "the",
    "site:bbc.co.uk",
    "source:reuters",
    "lang:fr",
    "after:2025-04",
    "putin OR lagarde kremlin",
    "intitle:putin",
    'korea -"north korean"',
]


def _snapshot(searcher: Searcher, query: str) -> tuple:
    result = searcher.search(query, limit=20, now=NOW)
    hits = [(h.id, round(h.score, 4), h.snippet, tuple(h.highlights)) for h in result.hits]
    return result.total, hits, result.facets


def test_build_fresh_equals_incremental(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    build_fresh(fresh, CORPUS, heap_bytes=20_000_000, threads=1)
    incremental = tmp_path / "incremental"
    with open_writer(incremental, heap_bytes=20_000_000, threads=1) as writer:
        writer.upsert(CORPUS[:5])
        writer.commit()
        writer.upsert(CORPUS[3:])  # overlaps: replaced, not duplicated
        writer.delete([CORPUS[0].id])
        writer.commit()
        writer.upsert(CORPUS[:1])
    a, b = Searcher(fresh), Searcher(incremental)
    for query in QUERIES:
        fa, fb = _snapshot(a, query), _snapshot(b, query)
        assert (fa[0], [h[0] for h in fa[1]], fa[2]) == (fb[0], [h[0] for h in fb[1]], fb[2]), query


def test_searcher_sees_commits_and_swaps(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_fresh(index_dir, CORPUS[:3], heap_bytes=20_000_000, threads=1)
    searcher = Searcher(index_dir)
    assert searcher.search("volcano").total == 0

    with open_writer(index_dir, heap_bytes=20_000_000, threads=1) as writer:
        writer.upsert([by_url("iceland-volcano")])
    assert searcher.search("volcano").total == 1

    with open_writer(index_dir, heap_bytes=20_000_000, threads=1) as writer:
        changed = dataclasses.replace(by_url("iceland-volcano"), title="Lava reaches Grindavik")
        writer.upsert([changed])
    result = searcher.search("grindavik")
    assert result.total == 1 and result.hits[0].title == "Lava reaches Grindavik"

    build_fresh(index_dir, CORPUS, heap_bytes=20_000_000, threads=1)  # reindex swaps directories
    assert searcher.search("volcano").total == 2
    assert searcher.search("the", limit=50).total == len(CORPUS) - 2  # the German and French texts
    assert not (tmp_path / "index.new").exists() and not (tmp_path / "index.old").exists()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(
            st.sampled_from(
                [
                    "putin",
                    "korea",
                    "OR",
                    "|",
                    "-",
                    '"',
                    "site:",
                    "bbc.co.uk",
                    "source:",
                    "lang:",
                    "en",
                    "after:",
                    "before:",
                    "2025",
                    "2025-04",
                    "intitle:",
                    ":",
                    " ",
                    "🙂",
                    "the",
                    '-"',
                    "x" * 45,
                ]
            ),
            max_size=30,
        ).map("".join),
    ),
    st.integers(min_value=-5, max_value=300),
    st.integers(min_value=-5, max_value=50),
    st.sampled_from(["relevance", "date"]),
)
def test_search_never_raises(searcher: Searcher, query: str, offset: int, limit: int, sort: str) -> None:
    result = searcher.search(query, limit=limit, offset=offset, sort=sort, now=NOW)
    assert 0 <= len(result.hits) <= max(limit, 0)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)
