"""What a search returns, and its JSON form (a contract shared by the CLI and the HTTP API)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from newsdig.search.parser import ParsedQuery


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    url: str
    source: str
    published: str | None  # the ISO string the article gave
    language: str | None
    score: float  # 0.0 when sorted by date
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # char offsets into snippet
    duplicates: list[str] = field(default_factory=list)  # ids of matching copies folded under this hit
    story_id: int | None = None
    speakers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published,
            "language": self.language,
            "score": round(self.score, 6),
            "snippet": self.snippet,
            "highlights": [[start, end] for start, end in self.highlights],
            "duplicates": len(self.duplicates),
            "duplicate_ids": list(self.duplicates),
            "story_id": self.story_id,
            "speakers": list(self.speakers),
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int  # every matching article, not just this page
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # "source", "language", "month" -> [(value, count)]
    took_ms: float
    parsed: ParsedQuery
    suggestion: str | None = None  # a respelled query that finds more, when this one finds little
    collapsed: bool = True  # near-duplicates folded under their best-ranked copy
    relaxed: bool = False  # a long query answered by articles with most (not all) of its words
    shards_searched: int | None = None  # a sharded index: shards the date filter left to search
    shards_total: int | None = None  # ... and all its shards (None for a single index)

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract: {"query","total","took_ms","hits":[...],"facets":{name:[{"value","count"}]},
        "suggestion": str | null}; a sharded search adds "shards_searched" and "shards_total"."""
        return {
            "query": self.query,
            "total": self.total,
            "took_ms": round(self.took_ms, 3),
            "hits": [hit.as_dict() for hit in self.hits],
            "facets": {
                name: [{"value": value, "count": count} for value, count in values]
                for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "collapsed": self.collapsed,
            "relaxed": self.relaxed,
        } | self._shards()

    def _shards(self) -> dict[str, Any]:
        """The shard counts of a sharded search; nothing for one index (its JSON stays as it was)."""
        if self.shards_total is None:
            return {}
        return {"shards_searched": self.shards_searched, "shards_total": self.shards_total}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)
