"""Facet counts over all matching articles, from fast fields via tantivy's terms aggregation."""

from __future__ import annotations

from typing import Any

import tantivy

from newsdig.index.schema import F

# facet name -> (fast field, how many values, order). Months come newest first (a timeline);
# sources and languages most frequent first.
FACETS: dict[str, tuple[str, int, dict[str, str]]] = {
    "source": (F.SOURCE_KEY, 20, {"_count": "desc"}),
    "language": (F.LANGUAGE, 20, {"_count": "desc"}),
    "month": (F.MONTH, 24, {"_key": "desc"}),
    "speaker": (F.SPEAKER_KEY, 15, {"_count": "desc"}),
    "entity": (F.ENTITY_KEY, 20, {"_count": "desc"}),
}

Facets = dict[str, list[tuple[str, int]]]


def empty_facets() -> Facets:
    return {name: [] for name in FACETS}


def _aggregation() -> dict[str, Any]:
    return {
        name: {"terms": {"field": field, "size": size, "order": order}}
        for name, (field, size, order) in FACETS.items()
    }


def collect_facets(searcher: tantivy.Searcher, query: tantivy.Query) -> Facets:
    """Counts per source, language, month, speaker and entity among the articles matching `query`."""
    result = searcher.aggregate(query, _aggregation())
    facets = empty_facets()
    for name in FACETS:
        buckets = (result.get(name) or {}).get("buckets") or []
        facets[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets if b.get("key")]
    return facets
