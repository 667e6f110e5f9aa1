"""Relevance evaluation: judged queries (TREC files) in, nDCG@10 / MRR@10 / Recall@100 / P@10 out.

Inputs
  queries  TSV `qid<TAB>text[<TAB>type]` (extra columns ignored; a third one is the query type),
           or TREC topics (`<top> <num> Number: 1 <title> text </top>`).
  qrels    TREC `qid 0 docid grade`; docid is an article id or a URL (canonical URL, fetched URL
           or an alias URL, mapped to the article id through the catalog).

Metrics (per query, then the mean over queries; unjudged retrieved articles count as not relevant)
  nDCG@10    graded: gain = grade (linear, as trec_eval's ndcg_cut), discount 1/log2(rank + 1);
             the ideal ranking is every judged grade of the query, sorted, cut at 10.
  MRR@10     1/rank of the first hit with grade >= RELEVANT (1), 0 when none in the top 10.
  Recall@100 judged-relevant (grade >= 1) articles found in the top 100, over all judged-relevant.
  P@10       hits with grade >= 1 among the first 10 positions, over 10.

Copies: search folds near-duplicates under their best-ranked member (the default, and what a
reader sees: one result per copy group, "+N copies" under it). Eval scores that view, with the copy
group as the unit of judgment: a shown hit earns the best grade among itself and the copies folded
under it; the ideal ranking is every judged copy group at its best member's grade (groups from the
catalog's `duplicates` table, an article without copies is its own group); recall counts a group
found when any member is shown or folded in the top 100. `collapse=False` scores the unfolded list
with the article as the unit (plain TREC). Without this, a query whose relevant articles are five
copies of one wire story could never score above ~0.4 folded, whatever the ranking does.

Semantic and hybrid (the `[semantic]` extra, ModeProfile in newsdig.search.modes) are scored
through ModeRanker, in the same folded view: their rankings are what search_mode pages are cut
from, copies fused as one item, and a hit found by meaning stands for its whole copy group (its
copies are the group's other members: every near-duplicate of a text has its meaning, where the
keyword engine lists the copies that matched the words; on the judged set listing whole groups for
keyword runs too changes no score).
"""

from __future__ import annotations

import math
import re
import sqlite3
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from newsdig.home import Home
    from newsdig.search.engine import Searcher

RELEVANT = 1  # the grade from which an article counts as relevant for MRR, recall and precision
K = 10
RECALL_DEPTH = 100
METRICS = ("ndcg@10", "mrr@10", "recall@100", "p@10")

Qrels = dict[str, dict[str, int]]  # qid -> docid -> grade
Run = dict[str, list[tuple[str, list[str]]]]  # qid -> [(id, ids of folded copies)] in rank order

_TOP = re.compile(r"<top>(.*?)</top>", re.DOTALL | re.IGNORECASE)
_NUM = re.compile(r"<num>\s*(?:Number:)?\s*([^\s<]+)", re.IGNORECASE)
_TITLE = re.compile(r"<title>\s*(?:Topic:)?\s*(.*?)\s*(?=<|\Z)", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Topic:
    """One judged query."""

    qid: str
    text: str
    kind: str = ""  # the query type (third TSV column), "" when not given


def read_queries(path: Path) -> list[Topic]:
    """Queries from a TSV file or a TREC topics file (recognised by a `<top>` tag)."""
    content = Path(path).read_text(encoding="utf-8")
    if _TOP.search(content):
        return _trec_topics(content)
    topics = []
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
            raise ValueError(f"{path}:{number}: want qid<TAB>query, got {line!r}")
        kind = fields[2].strip() if len(fields) > 2 else ""
        topics.append(Topic(fields[0].strip(), fields[1].strip(), kind))
    return topics


def _trec_topics(content: str) -> list[Topic]:
    topics = []
    for block in _TOP.findall(content):
        num, title = _NUM.search(block), _TITLE.search(block)
        if num is None or title is None:
            raise ValueError(f"TREC topic without <num> or <title>: {block.strip()[:80]!r}")
        topics.append(Topic(num.group(1).strip(), " ".join(title.group(1).split())))
    return topics


def read_qrels(path: Path) -> Qrels:
    """TREC qrels: `qid iteration docid grade` per line (the iteration column is ignored)."""
    qrels: Qrels = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) != 4:
            raise ValueError(f"{path}:{number}: want 'qid 0 docid grade', got {line!r}")
        qid, _, docid, grade = fields
        try:
            qrels.setdefault(qid, {})[docid] = int(grade)
        except ValueError:
            raise ValueError(f"{path}:{number}: grade {grade!r} is not an integer") from None
    return qrels


def resolve_qrels(qrels: Qrels, catalog: Path) -> tuple[Qrels, list[str]]:
    """Qrels keyed by article id: URLs are looked up as canonical URL, then fetched URL, then alias.

    Returns the resolved qrels and the docids that match no article (they stay in the ideal
    ranking under their own name: a judged article missing from the home still counts as missed).
    Two docids resolving to one article keep the higher grade.
    """
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        lookups = (
            "SELECT id FROM articles WHERE id = ?",
            "SELECT id FROM articles WHERE canonical_url = ?",
            "SELECT id FROM articles WHERE url = ?",
            "SELECT article_id FROM aliases WHERE url = ?",
        )
        cache: dict[str, str | None] = {}

        def lookup(docid: str) -> str | None:
            if docid not in cache:
                cache[docid] = next((row[0] for sql in lookups if (row := conn.execute(sql, (docid,))
                                                                    .fetchone())), None)
            return cache[docid]

        resolved: Qrels = {}
        missing: list[str] = []
        for qid, judged in qrels.items():
            out = resolved.setdefault(qid, {})
            for docid, grade in judged.items():
                article = lookup(docid)
                if article is None:
                    missing.append(docid)
                    article = docid
                out[article] = max(grade, out.get(article, grade))
        return resolved, sorted(set(missing))
    finally:
        conn.close()


def copy_groups(catalog: Path) -> dict[str, str]:
    """article id -> copy group id, for the articles that have near-duplicate copies (enrichment's
    `duplicates` table; empty when the home was never enriched)."""
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT article_id, group_id FROM duplicates").fetchall())
    except sqlite3.OperationalError:  # a catalog from before enrichment existed
        return {}
    finally:
        conn.close()


# -- metrics -----------------------------------------------------------------------------


def dcg(gains: Sequence[float], k: int = K) -> float:
    """Discounted cumulative gain of the first k gains: sum gain_i / log2(i + 1), i from 1."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]) if g > 0)


def ndcg(gains: Sequence[float], judged: Iterable[int], k: int = K) -> float:
    """nDCG@k of a ranking's gains against the ideal order of all judged grades (0 when none > 0)."""
    ideal = dcg(sorted((g for g in judged if g > 0), reverse=True), k)
    return dcg(gains, k) / ideal if ideal > 0 else 0.0


def reciprocal_rank(gains: Sequence[float], k: int = K, relevant: int = RELEVANT) -> float:
    return next((1.0 / (i + 1) for i, g in enumerate(gains[:k]) if g >= relevant), 0.0)


def precision(gains: Sequence[float], k: int = K, relevant: int = RELEVANT) -> float:
    return sum(1 for g in gains[:k] if g >= relevant) / k


def recall(found: Iterable[str], judged: dict[str, int], relevant: int = RELEVANT) -> float:
    """Share of the judged-relevant articles among `found` (0 when the query has none)."""
    wanted = {doc for doc, grade in judged.items() if grade >= relevant}
    return len(wanted & set(found)) / len(wanted) if wanted else 0.0


@dataclass(frozen=True, slots=True)
class QueryScore:
    qid: str
    ndcg: float
    mrr: float
    recall: float
    precision: float
    retrieved: int  # positions in the run (folded groups count once)

    def metric(self, name: str) -> float:
        values = {"ndcg@10": self.ndcg, "mrr@10": self.mrr, "recall@100": self.recall, "p@10": self.precision}
        return values[name]


def group_grades(judged: dict[str, int], groups: dict[str, str] | None) -> dict[str, int]:
    """Judged grades per unit of judgment: per copy group (its best member) or, without groups,
    per article."""
    if groups is None:
        return dict(judged)
    units: dict[str, int] = {}
    for doc, grade in judged.items():
        unit = groups.get(doc, doc)
        units[unit] = max(grade, units.get(unit, grade))
    return units


def score_query(qid: str, ranked: Sequence[tuple[str, Sequence[str]]], judged: dict[str, int],
                groups: dict[str, str] | None = None) -> QueryScore:
    """Metrics of one ranked list of (id, folded copy ids).

    With `groups` (article id -> copy group id), the copy group is the unit of judgment (see the
    module docstring); without, the article is.
    """
    gains = [max([judged.get(doc, 0), *(judged.get(c, 0) for c in copies)]) for doc, copies in ranked]
    units = group_grades(judged, groups)
    found: set[str] = set()
    for doc, copies in ranked[:RECALL_DEPTH]:
        found.update((groups or {}).get(d, d) for d in (doc, *copies))
    return QueryScore(
        qid=qid,
        ndcg=ndcg(gains, units.values()),
        mrr=reciprocal_rank(gains),
        recall=recall(found, units),
        precision=precision(gains),
        retrieved=len(ranked),
    )


@dataclass(frozen=True, slots=True)
class Report:
    """The scores of one profile over a query set."""

    profile: str
    scores: dict[str, QueryScore]  # qid -> score
    seconds: float = 0.0
    missing_qrels: list[str] = field(default_factory=list)  # queries without judgments (skipped)

    def mean(self, metric: str, qids: Iterable[str] | None = None) -> float:
        chosen = [self.scores[q] for q in (self.scores if qids is None else qids) if q in self.scores]
        return statistics.fmean(s.metric(metric) for s in chosen) if chosen else 0.0

    def count(self, qids: Iterable[str] | None = None) -> int:
        return len(self.scores) if qids is None else sum(1 for q in qids if q in self.scores)

    def summary(self, qids: Iterable[str] | None = None) -> dict[str, float]:
        wanted = None if qids is None else list(qids)
        return {**{m: round(self.mean(m, wanted), 4) for m in METRICS}, "queries": self.count(wanted)}


class Ranker(Protocol):
    def rank(self, query: str, depth: int = ..., now: datetime | None = ..., *, collapse: bool = ...,
             profile: object = ...) -> list[tuple[str, list[str]]]: ...


class ModeRanker:
    """The keyword engine's profiles, and semantic/hybrid ModeProfiles, behind one `rank`.

    `groups` (article id -> copy group, `copy_groups`) gives a folded hit by meaning its copies
    (see the module docstring). Check `semantic_available(home)` before ranking a ModeProfile.
    """

    def __init__(self, searcher: Searcher, home: Home, groups: dict[str, str] | None = None) -> None:
        self.searcher, self.home = searcher, home
        self.members: dict[str, list[str]] = {}
        for article, group in sorted((groups or {}).items()):
            self.members.setdefault(group, []).append(article)
        self.groups = groups or {}

    def rank(self, query: str, depth: int = RECALL_DEPTH, now: datetime | None = None, *,
             collapse: bool = True, profile: object = None) -> list[tuple[str, list[str]]]:
        from newsdig.search.modes import ModeProfile, rank_by_mode

        if not isinstance(profile, ModeProfile):
            chosen = {} if profile is None else {"profile": profile}
            return self.searcher.rank(query, depth, now, collapse=collapse, **chosen)
        ranking = rank_by_mode(self.home, self.searcher, query, profile, depth, now=now, collapse=collapse)
        return [(doc, self.copies(doc) if collapse else []) for doc, _ in ranking.ranked[:depth]]

    def copies(self, article: str) -> list[str]:
        """The other members of the article's copy group ([] when it has none)."""
        group = self.groups.get(article)
        return [a for a in self.members.get(group, ()) if a != article] if group else []


def run_profile(ranker: Ranker, topics: Sequence[Topic], profile: object, *, now: datetime | None = None,
                collapse: bool = True, depth: int = RECALL_DEPTH) -> Run:
    """The top `depth` (id, copies) of every topic under one ranking profile."""
    return {t.qid: ranker.rank(t.text, depth, now, collapse=collapse, profile=profile) for t in topics}


def evaluate_profiles(
    ranker: Ranker, topics: Sequence[Topic], qrels: Qrels, profiles: Sequence[object], *,
    now: datetime | None = None, collapse: bool = True, groups: dict[str, str] | None = None,
    depth: int = RECALL_DEPTH,
) -> list[Report]:
    """Every profile over the same topics and ranker, one after the other (same index, same clock).

    Pass the catalog's copy `groups` when collapsing (see the module docstring). A `depth` under
    RECALL_DEPTH scores the ranking a page of that size is cut from (hybrid fusion depends on it);
    recall is then of that page.
    """
    reports = []
    for profile in profiles:
        started = time.perf_counter()
        run = run_profile(ranker, topics, profile, now=now, collapse=collapse, depth=depth)
        name = profile if isinstance(profile, str) else getattr(profile, "name", str(profile))
        reports.append(evaluate_run(name, run, qrels, time.perf_counter() - started,
                                    groups=groups if collapse else None))
    return reports


def evaluate_run(name: str, run: Run, qrels: Qrels, seconds: float = 0.0,
                 groups: dict[str, str] | None = None) -> Report:
    """Score a run; queries without judgments are left out (and listed)."""
    scores = {qid: score_query(qid, ranked, qrels[qid], groups)
              for qid, ranked in run.items() if qid in qrels}
    return Report(name, scores, seconds, sorted(qid for qid in run if qid not in qrels))


def per_query_diff(a: Report, b: Report, metric: str = "ndcg@10") -> list[tuple[str, float, float, float]]:
    """(qid, a, b, b - a) for the queries both scored, biggest change first (then by qid)."""
    rows = [(qid, a.scores[qid].metric(metric), b.scores[qid].metric(metric))
            for qid in a.scores if qid in b.scores]
    diffs = [(qid, x, y, y - x) for qid, x, y in rows]
    return sorted(diffs, key=lambda row: (-abs(row[3]), row[0]))


def split_qids(qids: Iterable[str]) -> tuple[list[str], list[str]]:
    """The fixed tune/test split: queries whose number is odd tune, even ones test.

    By qid and nothing else, so it never moves when results change; the judged set lists its
    query types in blocks, so odd/even takes about half of every type into each side.
    """
    tune, test = [], []
    for qid in qids:
        digits = re.findall(r"\d+", qid)
        number = int(digits[-1]) if digits else sum(map(ord, qid))
        (tune if number % 2 else test).append(qid)
    return tune, test


def format_table(reports: Sequence[Report], qids: Iterable[str] | None = None, *,
                 markdown: bool = False) -> str:
    """Profiles side by side: one row per profile, one column per metric, and the query count."""
    wanted = None if qids is None else list(qids)
    header = ["profile", *METRICS, "queries"]
    rows = [[r.profile, *(f"{r.mean(m, wanted):.4f}" for m in METRICS), str(r.count(wanted))]
            for r in reports]
    if markdown:
        rule = "|" + "|".join(["---", *["---:"] * (len(header) - 1)]) + "|"
        lines = ["| " + " | ".join(header) + " |", rule]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                       enumerate(zip(row, widths, strict=True))) for row in [header, *rows]]
    return "\n".join(lines)
