"""Stage 4, on the executors: clean each kept article with its group's template, then enrich it.

Per partition: `Ingestor.clean_article` with the learned template keys (the cleaning `newsdig add`
stores), then the enrich pipeline's own `analyse_chunk` (spaCy via `enrich.analyze`, one bad
article failing alone) for the articles `newsdig enrich` would analyse, `index_names` for the
speakers and entities the index carries, and the MinHash signature and band keys for the global
near-duplicate pass. The spaCy pipeline is loaded once per Python worker (`load_pipeline` is
cached and Spark reuses its workers between tasks).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsdig.enrich.dedup import band_keys, signature, to_bytes
from newsdig.enrich.index_names import index_names
from newsdig.enrich.pipeline import AnalysisFailure, analysable_text, analyse_chunk, current_model
from newsdig.enrich.records import Analysis
from newsdig.ingest import Ingestor
from newsdig.models import Article
from newsdig.spark.rows import article_values, lang_of, month_of, quotes_json, row_article

CHUNK = 32  # articles per nlp.pipe call (analyze_texts' own batch size)


def enrich_rows(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Rows (ARTICLE_FIELDS + seq + tkeys) -> rows in ENRICHED_DDL order."""
    model: str | None = None
    chunk: list[tuple[Article, str]] = []
    for position, row in enumerate(rows):
        if position == 0:  # an empty partition does not load the model
            model, _why = current_model()
        data = row.asDict() if hasattr(row, "asDict") else dict(row)
        article = Ingestor.clean_article(row_article(data), set(data.get("tkeys") or ()))
        chunk.append((article, data["seq"]))
        if len(chunk) >= CHUNK:
            yield from _enrich_chunk(chunk, model is not None)
            chunk = []
    if chunk:
        yield from _enrich_chunk(chunk, model is not None)


def _enrich_chunk(chunk: list[tuple[Article, str]], have_model: bool) -> Iterator[tuple[Any, ...]]:
    items = [(a.id, a.text if have_model and analysable_text(a) else None) for a, _ in chunk]
    results = analyse_chunk(items)
    for (article, seq), result in zip(chunk, results, strict=True):
        analysis = result if isinstance(result, Analysis) else None
        status = "failed" if isinstance(result, AnalysisFailure) else ("ok" if analysis else "partial")
        speakers, entities = index_names(analysis)
        values = signature(article.text)
        yield (
            *article_values(article), seq, list(speakers), list(entities),
            quotes_json(analysis.quotes if analysis else ()), month_of(article.published),
            lang_of(article.language), status,
            to_bytes(values) if values is not None else None,
            band_keys(values) if values is not None else None,
        )
