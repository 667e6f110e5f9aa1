"""Language analysis of articles: one spaCy pass per text, then the entity and quote rules.

This is the seam the enrich pipeline (and its worker processes) calls. Texts are parsed in
batches with `nlp.pipe`, which is several times faster than one call per text; everything after
the parse is pure Python over the Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsdig.enrich.entities import extract_entities
from newsdig.enrich.nlp import load_pipeline, model_name
from newsdig.enrich.quotes import extract_quotes
from newsdig.enrich.records import Analysis

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Enough for any real article (a long feature runs 30-60k characters); a giant page (a scraped
# transcript, a data dump) is cut so one item cannot eat the worker's memory.
MAX_CHARS = 100_000


def cap_text(text: str, limit: int = MAX_CHARS) -> str:
    """`text` cut to at most `limit` characters, at a paragraph or word break when one is near,
    so offsets into the result are offsets into the original text."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit * 0.8:
        cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit]


def analyze_doc(doc: Doc, article_id: str, model: str) -> Analysis:
    """Entities and quotes of one parsed article."""
    entities = extract_entities(doc)
    quotes = extract_quotes(doc, entities)
    return Analysis(article_id=article_id, entities=tuple(entities), quotes=tuple(quotes), model=model)


def analyze_texts(items: Iterable[tuple[str, str]], batch_size: int = 32) -> Iterator[Analysis]:
    """(article_id, text) pairs in, one Analysis per pair out, in the same order.

    Raises EnrichModelError when the model cannot be loaded.
    """
    nlp = load_pipeline()
    model = model_name()
    pairs = ((cap_text(text), article_id) for article_id, text in items)
    for doc, article_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield analyze_doc(doc, article_id, model)
