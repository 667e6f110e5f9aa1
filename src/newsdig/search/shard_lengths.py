"""BM25's length normalisation made global over shards: the scores one index would give.

BM25 scores a term tf / (tf + k1 * (1 - b + b * dl / avgdl)) times its idf. search/shards.py makes
the idf global with a per-term boost; avgdl, the field's average length, is a statistic of each
shard that tantivy-py 0.27 lets nobody replace (tantivy's Rust API has a statistics provider for
this; the binding does not expose it). So the merged candidates are rescored here, exactly:

- Each shard's avgdl per field is read once from tantivy's own explanation of one term query
  (total tokens / documents, tantivy's formula); over all shards it is sum(avgdl x docs) / docs.
- A candidate's rescoring compiles the query for its shard once more with IDF_SCALE set to a
  recorder that wraps every scored term or phrase clause in a distinct tag boost (TAG_BASE + i);
  tantivy's explanation of the candidate then names each clause's term frequency and field
  length under its tag, and the clause is recomputed with the global idf and the global avgdl.
  Boosts of the ranking profile and constant (filter) parts are kept as they are.
- An explanation costs ~0.1 ms, so not every candidate is rescored. Changing avgdl by a factor
  r moves a clause's score by a factor between 1 and r, so a shard's scores can only move within
  [lo, hi] (its fields' extreme ratios). Candidates are rescored best upper bound first until the
  k best exact (recency-weighted) scores beat every bound left: those k are then exactly one
  index's top k, and the caller asks for more when its page (after folding copies and capping
  outlets) reaches deeper.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Sequence
from typing import Any

import tantivy

from newsdig.index.schema import F
from newsdig.search.compiler import IDF_SCALE, CompiledQuery
from newsdig.search.shard_stats import GlobalStats, bm25_idf

K1, B = 1.2, 0.75  # tantivy's BM25 constants (its explanations print them too)
TAG_BASE = 4096.0  # tag boosts: exact in float32, far from any ranking profile's boost
SCORED_FIELDS = (F.TITLE, F.TITLE_EXACT, F.LEAD, F.TEXT, F.TEXT_EXACT)  # read at start; others on demand
_PROBES = ("e", "a", "t", "s", "i", "o", "n", "")  # short term-dictionary walks before the whole one
_EPSILON = 1e-5  # float32 noise around the bounds

Node = dict[str, Any]


def shard_avgdl(searcher: tantivy.Searcher, schema: tantivy.Schema, field: str) -> float:
    """tantivy's average length of `field` in one index (0.0 when the field has no token)."""
    for prefix in _PROBES:
        try:
            terms = searcher.terms_with_prefix(field, prefix, limit=1)
        except ValueError:  # not a text field
            return 0.0
        if terms:
            break
    else:
        return 0.0
    query = tantivy.Query.term_query(schema, field, terms[0][0])
    hits = searcher.search(query, 1).hits
    if not hits:
        return 0.0
    found = _avgdl(json.loads(query.explain(searcher, hits[0][1]).to_json()))
    return 0.0 if found is None else found


def _avgdl(node: Node) -> float | None:
    if node.get("description", "").startswith("avgdl"):
        return float(node["value"])
    for child in node.get("details", ()):
        found = _avgdl(child)
        if found is not None:
            return found
    return None


class FieldLengths:
    """Per-shard and global average field lengths of the shards one ShardedSearcher opened."""

    def __init__(self, shards: Sequence[tuple[tantivy.Searcher, tantivy.Schema]]) -> None:
        self._shards = list(shards)
        self._docs = [searcher.num_docs for searcher, _ in self._shards]
        self._local: dict[str, list[float]] = {}
        self._global: dict[str, float] = {}
        for field in SCORED_FIELDS:
            self.average(field)

    def average(self, field: str) -> float:
        """The avgdl one index of all the shards' articles would have for `field`."""
        found = self._global.get(field)
        if found is None:
            local = self._local[field] = [shard_avgdl(s, schema, field) for s, schema in self._shards]
            total = sum(self._docs)
            tokens = sum(avg * docs for avg, docs in zip(local, self._docs, strict=True))
            found = self._global[field] = tokens / total if total else 0.0
        return found

    def bounds(self, shard: int) -> tuple[float, float]:
        """(lo, hi): how far rescoring can move any score of `shard` (as factors), over every field
        read so far (a Rescorer reads the fields of its clauses before bounds are asked for)."""
        lo = hi = 1.0
        for field in self._local:
            wanted = self.average(field)
            local = self._local[field][shard]
            if local > 0 and wanted > 0:
                ratio = wanted / local
                lo, hi = min(lo, ratio), max(hi, ratio)
        return lo * (1 - _EPSILON), hi * (1 + _EPSILON)

    def exact(self) -> bool:
        """True when every shard already has the global averages (one shard, or equal shards)."""
        return all(self.bounds(i) == (1 - _EPSILON, 1 + _EPSILON) for i in range(len(self._shards)))


class Rescorer:
    """Exact one-index scores for the candidates of one shard under one query."""

    def __init__(self, compile_tagged: Callable[[], CompiledQuery | None], searcher: tantivy.Searcher,
                 stats: GlobalStats, lengths: FieldLengths) -> None:
        self._clauses: dict[float, tuple[str, float]] = {}  # tag -> (field, global idf)

        def record(field: str, tokens: Sequence[str]) -> float:
            tag = TAG_BASE + len(self._clauses)
            lengths.average(field)  # so that bounds() covers this field
            idf = sum(bm25_idf(stats.doc_freq(field, token), stats.num_docs) for token in tokens)
            self._clauses[tag] = (field, idf)
            return tag

        token = IDF_SCALE.set(record)
        try:
            compiled = compile_tagged()
        finally:
            IDF_SCALE.reset(token)
        self._query = None if compiled is None else compiled.query
        self._searcher = searcher
        self._lengths = lengths

    def score(self, address: tantivy.DocAddress, fallback: float) -> float:
        """The candidate's score over all shards; `fallback` if its explanation has a shape this
        module does not know (a tantivy upgrade), so a search never fails for it."""
        if self._query is None:
            return fallback
        tree = json.loads(self._query.explain(self._searcher, address).to_json())
        try:
            return self._value(tree)
        except (KeyError, ValueError, IndexError, TypeError):
            return fallback

    def _value(self, node: Node) -> float:
        description: str = node["description"]
        children: list[Node] = node.get("details", [])
        if description.startswith("Boost x"):
            boost = float(description[len("Boost x"):].split()[0])
            clause = self._clauses.get(boost)
            if clause is not None:
                return self._clause(children[0], *clause)
            return boost * self._value(children[0])
        if description.startswith("BooleanClause. sum of"):
            return sum(self._value(child) for child in children)
        if not children:  # a constant (filter) score
            return float(node["value"])
        raise ValueError(f"unknown explanation node {description!r}")

    def _clause(self, node: Node, field: str, idf: float) -> float:
        """One tagged term or phrase clause: (k1 + 1) x global idf x tf part with the global avgdl."""
        if node["description"] == "Phrase Scorer":
            node = node["details"][0]
        if not node["description"].startswith("TermQuery"):
            raise ValueError(f"unknown clause {node['description']!r}")
        parts = {child["description"].split(",")[0]: child for child in node["details"]}
        norm = parts["freq / (freq + k1 * (1 - b + b * dl / avgdl))"]
        values = {child["description"].split(",")[0]: float(child["value"]) for child in norm["details"]}
        freq, dl = values["freq"], values["dl"]
        avgdl = self._lengths.average(field)
        length = 1 - B + B * dl / avgdl if avgdl > 0 else 1.0
        return (K1 + 1) * idf * freq / (freq + K1 * length)


def exact_top(
    scores: Sequence[float], bounds: Sequence[tuple[float, float]], factors: Sequence[float],
    flags: Sequence[bool] | None, need: int, rescore: Callable[[int], float], done: dict[int, float],
) -> list[float]:
    """`scores` with enough of them rescored (into `done`, kept across calls) that the `need`
    best by (flag, score x factor) are exact and in their exact order.

    Candidates go best upper bound first; it stops once `need` exact keys beat every bound left.
    Scores not rescored keep the shard's value, which cannot exceed their bound, so they stay below.
    """
    def key(position: int, value: float) -> tuple[bool, float]:
        return (bool(flags and flags[position]), value * factors[position])

    upper = sorted(range(len(scores)), key=lambda i: key(i, scores[i] * bounds[i][1]), reverse=True)
    best: list[tuple[bool, float]] = []  # min-heap of the `need` best exact keys
    for position in done:
        _keep(best, key(position, done[position]), need)
    for position in upper:
        if position in done:
            continue
        if len(best) >= need and best[0] >= key(position, scores[position] * bounds[position][1]):
            break
        done[position] = rescore(position)
        _keep(best, key(position, done[position]), need)
    return [done.get(position, score) for position, score in enumerate(scores)]


def _keep(heap: list[tuple[bool, float]], item: tuple[bool, float], size: int) -> None:
    if len(heap) < size:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)
