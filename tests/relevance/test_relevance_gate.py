"""The quality bar: on the judged queries over the demo sample, the default ranking (`tuned`) must
score at least plain BM25 on nDCG@10, and must not fall back from where it stands.

A ranking change that lowers nDCG@10 fails here. If a change is meant to trade some nDCG for
something else, say so in docs/relevance.md (re-run `python bench/relevance.py`) and move the floor.
The clock is the judging date, so recency scores the same on any day.
"""

from __future__ import annotations

import pytest

from newsdig.home import Home
from newsdig.search import eval as ev
from newsdig.search.engine import Searcher
from tests.relevance.judged import NOW, QRELS, QUERIES
from tests.support import run_cli

PROFILES = ("bm25", "bm25f", "classic", "tuned")
# tuned measured 0.8397 nDCG@10 (docs/relevance.md); the floor leaves room for a copy group the
# enrichment draws differently, not for a ranking regression.
TUNED_FLOOR = 0.82


@pytest.fixture(scope="module")
def reports(sample_home: Home) -> dict[str, ev.Report]:
    topics = ev.read_queries(QUERIES)
    qrels, _ = ev.resolve_qrels(ev.read_qrels(QRELS), sample_home.catalog_path)
    groups = ev.copy_groups(sample_home.catalog_path)
    found = ev.evaluate_profiles(Searcher(sample_home.index_dir), topics, qrels, PROFILES, now=NOW,
                                 groups=groups)
    return {report.profile: report for report in found}


def test_every_judged_article_is_in_the_sample_home(sample_home: Home) -> None:
    _, missing = ev.resolve_qrels(ev.read_qrels(QRELS), sample_home.catalog_path)
    assert missing == []


def test_every_query_is_scored(reports: dict[str, ev.Report]) -> None:
    assert {r.count() for r in reports.values()} == {len(ev.read_queries(QUERIES))}


def test_tuned_is_at_least_bm25(reports: dict[str, ev.Report]) -> None:
    tuned, bm25 = reports["tuned"].mean("ndcg@10"), reports["bm25"].mean("ndcg@10")
    assert tuned >= bm25, f"the default ranking scores nDCG@10 {tuned:.4f} < plain BM25 {bm25:.4f}"


def test_tuned_is_at_least_bm25_on_both_halves(reports: dict[str, ev.Report]) -> None:
    for half in ev.split_qids(list(reports["tuned"].scores)):
        assert reports["tuned"].mean("ndcg@10", half) >= reports["bm25"].mean("ndcg@10", half)


def test_tuned_does_not_fall_back(reports: dict[str, ev.Report]) -> None:
    tuned = reports["tuned"].mean("ndcg@10")
    assert tuned >= reports["classic"].mean("ndcg@10")  # the ranking before profiles
    assert tuned >= TUNED_FLOOR, f"tuned nDCG@10 {tuned:.4f} fell under its floor {TUNED_FLOOR}"


def test_eval_command(sample_home: Home, reports: dict[str, ev.Report]) -> None:
    args = ["eval", "--queries", str(QUERIES), "--qrels", str(QRELS), "--now", NOW.isoformat()]
    data = run_cli(sample_home.root, *args, "--json", "--diff", "bm25", "tuned").json()
    assert isinstance(data, dict)
    assert set(data["profiles"]) == {"bm25", "bm25f", "tuned"}
    for name, summary in data["profiles"].items():
        assert summary["ndcg@10"] == pytest.approx(reports[name].mean("ndcg@10"), abs=1e-4)
        assert summary["queries"] == reports[name].count()
        assert set(summary) >= {"ndcg@10", "mrr@10", "recall@100", "p@10", "queries", "per_query"}
    deltas = [abs(row["delta"]) for row in data["diff"]]
    assert len(deltas) == reports["tuned"].count() and deltas == sorted(deltas, reverse=True)
    assert data["settings"]["collapse"] is True and data["unresolved_docids"] == []

    text = run_cli(sample_home.root, *args, "--profiles", "bm25,tuned").stdout
    assert text.splitlines()[0].split() == ["profile", "ndcg@10", "mrr@10", "recall@100", "p@10", "queries"]
    assert run_cli(sample_home.root, *args, "--profiles", "bm99", check=False).code == 1
