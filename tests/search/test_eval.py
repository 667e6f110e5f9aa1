"""The evaluation harness: TREC readers, metrics on hand-computed toy runs, copy groups, the split."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest

from newsdig.search import eval as ev

LOG2_3 = math.log2(3)


def test_dcg_uses_linear_gain_and_log2_discount() -> None:
    # ranks 1..3 with grades 3, 2, 0: 3/log2(2) + 2/log2(3) + 0
    assert ev.dcg([3, 2, 0]) == pytest.approx(3 + 2 / LOG2_3)
    assert ev.dcg([0, 0, 1]) == pytest.approx(1 / 2)  # log2(4) = 2
    assert ev.dcg([1] * 12) == pytest.approx(sum(1 / math.log2(i + 1) for i in range(1, 11)))  # cut at 10


def test_ndcg_ideal_comes_from_all_judged_grades_not_the_retrieved_ones() -> None:
    # judged: 3, 2, 1 (and a 0); retrieved: the 2 first, then an unjudged doc, then the 3
    gains = [2, 0, 3]
    ideal = 3 + 2 / LOG2_3 + 1 / 2
    assert ev.ndcg(gains, [3, 2, 1, 0]) == pytest.approx((2 + 3 / 2) / ideal)
    assert ev.ndcg([3, 2, 1], [1, 3, 2]) == pytest.approx(1.0)
    assert ev.ndcg([1, 1], [0, 0]) == 0.0  # nothing relevant judged: 0, not a division by zero
    assert ev.ndcg([], [3]) == 0.0


def test_reciprocal_rank_precision_and_recall() -> None:
    gains = [0, 0, 1, 3] + [0] * 8
    assert ev.reciprocal_rank(gains) == pytest.approx(1 / 3)  # grade 1 counts as relevant
    assert ev.reciprocal_rank([0] * 10 + [3]) == 0.0  # beyond 10
    assert ev.precision(gains) == pytest.approx(2 / 10)
    judged = {"a": 3, "b": 1, "c": 0, "d": 2}
    assert ev.recall(["a", "c", "x"], judged) == pytest.approx(1 / 3)  # a of {a, b, d}
    assert ev.recall(["a"], {"c": 0}) == 0.0


def test_score_query_on_a_toy_run_unjudged_count_as_not_relevant() -> None:
    judged = {"d1": 3, "d2": 2, "d3": 0, "d4": 1}
    ranked = [("d3", []), ("x", []), ("d1", []), ("d2", [])]  # x is unjudged
    score = ev.score_query("q", ranked, judged)
    ideal = 3 + 2 / LOG2_3 + 1 / 2
    assert score.ndcg == pytest.approx((3 / math.log2(4) + 2 / math.log2(5)) / ideal)
    assert score.mrr == pytest.approx(1 / 3)
    assert score.recall == pytest.approx(2 / 3)  # d1, d2 of d1, d2, d4
    assert score.precision == pytest.approx(2 / 10)
    assert score.retrieved == 4


def test_folded_copies_score_as_their_group() -> None:
    # d1 (3) and its copy c1 (2) are one group; the run shows c1 with d1 folded under it
    judged = {"d1": 3, "c1": 2, "d2": 1}
    groups = {"d1": "g", "c1": "g"}
    score = ev.score_query("q", [("c1", ["d1"]), ("d2", [])], judged, groups)
    assert score.ndcg == pytest.approx(1.0)  # ideal: the group at 3, then d2 at 1
    assert score.recall == 1.0
    # without groups (unfolded view) the ideal has three units and the shown list only two
    plain = ev.score_query("q", [("c1", ["d1"]), ("d2", [])], judged)
    assert plain.ndcg < 1.0
    # a folded copy found for recall even when the leader is not judged relevant
    assert ev.score_query("q", [("x", ["d2"])], {"d2": 1}).recall == 1.0


def test_tsv_queries_ignore_extra_columns_and_keep_the_type(tmp_path: Path) -> None:
    path = tmp_path / "q.tsv"
    path.write_text('q1\tskylark air\ttopical\n\nq2\t"north korean troops"\tphrase\textra\nq3\tbare\n',
                    encoding="utf-8")
    assert ev.read_queries(path) == [ev.Topic("q1", "skylark air", "topical"),
                                     ev.Topic("q2", '"north korean troops"', "phrase"),
                                     ev.Topic("q3", "bare", "")]
    path.write_text("q1 no tab\n", encoding="utf-8")
    with pytest.raises(ValueError, match="qid<TAB>query"):
        ev.read_queries(path)


def test_trec_topics(tmp_path: Path) -> None:
    path = tmp_path / "topics.txt"
    path.write_text("<top>\n<num> Number: 301\n<title> International Organized Crime\n\n"
                    "<desc> Description:\nIdentify organizations\n</top>\n"
                    "<top><num>302<title>Poliomyelitis  and Post-Polio</top>\n", encoding="utf-8")
    assert ev.read_queries(path) == [ev.Topic("301", "International Organized Crime"),
                                     ev.Topic("302", "Poliomyelitis and Post-Polio")]


def test_qrels(tmp_path: Path) -> None:
    path = tmp_path / "qrels.txt"
    path.write_text("q1 0 https://a.example/1 3\nq1 0 doc2 0\n\nq2 0 doc3 1\n", encoding="utf-8")
    assert ev.read_qrels(path) == {"q1": {"https://a.example/1": 3, "doc2": 0}, "q2": {"doc3": 1}}
    path.write_text("q1 0 doc 2.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an integer"):
        ev.read_qrels(path)


def test_resolve_qrels_maps_urls_and_aliases_to_ids(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.sqlite"
    conn = sqlite3.connect(catalog)
    conn.executescript(
        "CREATE TABLE articles (id TEXT, url TEXT, canonical_url TEXT);"
        "CREATE TABLE aliases (url TEXT, article_id TEXT);"
        "CREATE TABLE duplicates (article_id TEXT, group_id TEXT);"
        "INSERT INTO articles VALUES ('id1', 'https://a.example/1?utm=x', 'https://a.example/1');"
        "INSERT INTO articles VALUES ('id2', 'https://b.example/2', 'https://b.example/2');"
        "INSERT INTO aliases VALUES ('https://mirror.example/1', 'id1');"
        "INSERT INTO duplicates VALUES ('id1', 'id1'), ('id2', 'id1');")
    conn.commit()
    conn.close()
    qrels = {"q": {"https://a.example/1": 2, "https://mirror.example/1": 3, "https://a.example/1?utm=x": 1,
                   "id2": 1, "https://gone.example/": 2}}
    resolved, missing = ev.resolve_qrels(qrels, catalog)
    assert resolved == {"q": {"id1": 3, "id2": 1, "https://gone.example/": 2}}  # best grade kept
    assert missing == ["https://gone.example/"]
    assert ev.copy_groups(catalog) == {"id1": "id1", "id2": "id1"}


def test_split_is_fixed_by_qid_number() -> None:
    tune, test = ev.split_qids(["q01", "q02", "q03", "q10", "topic-7", "x"])
    assert tune == ["q01", "q03", "topic-7"]  # odd numbers tune
    assert test == ["q02", "q10", "x"]  # even ones test; no number: by its characters (x = 120)


class _ToyRanker:
    """Ranks from a fixed table; records the profile it was asked for."""

    def __init__(self) -> None:
        self.asked: list[object] = []

    def rank(self, query: str, depth: int = 100, now: object = None, *, collapse: bool = True,
             profile: object = None) -> list[tuple[str, list[str]]]:
        self.asked.append(profile)
        good = [("d1", []), ("d2", [])]
        return good if profile == "good" else list(reversed(good))


def test_profiles_side_by_side_and_the_diff() -> None:
    topics = [ev.Topic("q1", "a"), ev.Topic("q2", "b"), ev.Topic("q3", "unjudged")]
    qrels = {"q1": {"d1": 3, "d2": 0}, "q2": {"d1": 1, "d2": 1}}
    ranker = _ToyRanker()
    bad, good = ev.evaluate_profiles(ranker, topics, qrels, ["bad", "good"])
    assert ranker.asked == ["bad"] * 3 + ["good"] * 3
    assert good.missing_qrels == ["q3"] and good.count() == 2
    assert good.scores["q1"].ndcg == 1.0 and bad.scores["q1"].ndcg == pytest.approx(1 / LOG2_3)
    assert good.scores["q2"].ndcg == bad.scores["q2"].ndcg == 1.0
    assert good.mean("ndcg@10") == 1.0 and good.summary()["queries"] == 2
    diff = ev.per_query_diff(bad, good)
    assert [row[0] for row in diff] == ["q1", "q2"]  # biggest change first
    assert diff[0][3] == pytest.approx(1 - 1 / LOG2_3)
    table = ev.format_table([bad, good])
    assert table.splitlines()[0].split() == ["profile", "ndcg@10", "mrr@10", "recall@100", "p@10", "queries"]
    assert ev.format_table([bad, good], markdown=True).count("\n") == 3


def test_mode_ranker_passes_keyword_profiles_to_the_engine_and_lists_whole_copy_groups() -> None:
    from newsdig.home import Home

    engine = _ToyRanker()
    groups = {"d1": "g", "c1": "g", "c2": "g", "e1": "h", "e2": "h"}
    ranker = ev.ModeRanker(engine, Home(Path("unused")), groups)  # type: ignore[arg-type]
    assert ranker.rank("a", 5, profile="good") == [("d1", []), ("d2", [])] and engine.asked == ["good"]
    assert ranker.copies("c1") == ["c2", "d1"] and ranker.copies("e2") == ["e1"]
    assert ranker.copies("d2") == []  # no copies


def test_a_shallow_depth_scores_the_page_the_ranking_is_cut_from() -> None:
    depths: list[int] = []

    class Deep(_ToyRanker):
        def rank(self, query: str, depth: int = 100, now: object = None, *, collapse: bool = True,
                 profile: object = None) -> list[tuple[str, list[str]]]:
            depths.append(depth)
            return super().rank(query, depth, now, collapse=collapse, profile=profile)

    ev.evaluate_profiles(Deep(), [ev.Topic("q1", "a")], {"q1": {"d1": 1}}, ["good"], depth=10)
    ev.evaluate_profiles(Deep(), [ev.Topic("q1", "a")], {"q1": {"d1": 1}}, ["good"])
    assert depths == [10, ev.RECALL_DEPTH]


def test_fusion_treats_a_copy_group_as_one_item() -> None:
    """Two folded lists led by different copies of one story fuse into one hit (the keyword list's),
    scored as the group's ranks in both lists; without groups both copies would be shown."""
    from newsdig.search.modes import RRF_K, fuse

    keyword = [("a1", 1.0), ("b", 0.5)]  # a1 and a2 are copies of one story
    semantic = [("a2", 0.9), ("c", 0.8), ("b", 0.7)]
    plain = [doc for doc, _ in fuse(keyword, semantic)]
    assert {"a1", "a2"} <= set(plain)
    fused = fuse(keyword, semantic, groups={"a1": "a", "a2": "a"})
    assert [doc for doc, _ in fused] == ["a1", "b", "c"]
    assert fused[0][1] == pytest.approx(2 / (RRF_K + 1))
    assert fuse(keyword, semantic, groups={}) == fuse(keyword, semantic)
