"""The names an article's index document carries, straight from its Analysis (no catalog).

`catalog.enrichment.index_extras` reads them back from SQLite after `store_analysis`; a Spark
executor has the Analysis in hand and no catalog, so it needs the same lists computed in memory.
This module is that computation, kept next to the rules it mirrors:
- speakers: each quote's speaker, then its relay (`via`) when there is one, in quote order, each
  name once (`ORDER BY seq`, first occurrence wins);
- entities: one per canonical name with the mentions of repeated names summed (`store_analysis`
  merges them), by mentions descending, then name (SQLite's BINARY collation, which orders UTF-8
  bytes as Python orders code points).
tests/spark/test_index_names.py checks it against `index_extras` on a real home.
"""

from __future__ import annotations

from newsdig.enrich.records import Analysis


def index_speakers(analysis: Analysis) -> tuple[str, ...]:
    """Who is quoted, then who relayed it, in quote order, each once."""
    names: dict[str, None] = {}
    for quote in analysis.quotes:
        names[quote.speaker] = None
        if quote.via:
            names[quote.via] = None
    return tuple(names)


def index_entities(analysis: Analysis) -> tuple[str, ...]:
    """Canonical entity names, most mentioned first, ties by name."""
    mentions: dict[str, int] = {}
    for entity in analysis.entities:
        mentions[entity.name] = mentions.get(entity.name, 0) + entity.mentions
    return tuple(sorted(mentions, key=lambda name: (-mentions[name], name)))


def index_names(analysis: Analysis | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(speakers, entities) as `index_extras` gives them after `store_analysis(analysis)`;
    empty for an article without analysis (no model for its language, or a failure)."""
    if analysis is None:
        return (), ()
    return index_speakers(analysis), index_entities(analysis)
