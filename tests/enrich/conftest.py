"""Shared fixtures for the language-analysis tests: the real spaCy pipeline, loaded once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from newsdig.enrich.entities import extract_entities
from newsdig.enrich.nlp import load_pipeline
from newsdig.enrich.quotes import extract_quotes
from newsdig.enrich.records import Entity, Quote

if TYPE_CHECKING:  # spaCy is imported by load_pipeline, only when a test asks for the model
    from spacy.language import Language


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The production pipeline (model + paragraph sentencer); a missing model fails loudly."""
    return load_pipeline()


Analyse = Callable[[str], tuple[list[Entity], list[Quote]]]


@pytest.fixture(scope="session")
def analyse(nlp: Language) -> Analyse:
    """Entities and quotes of a short text, with every quote's span checked against the text."""

    def run(text: str) -> tuple[list[Entity], list[Quote]]:
        doc = nlp(text)
        entities = extract_entities(doc)
        quotes = extract_quotes(doc, entities)
        for quote in quotes:
            start, end = quote.span
            assert 0 <= start < end <= len(text), quote
            assert quote.speaker, quote
        return entities, quotes

    return run
