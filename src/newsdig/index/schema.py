"""The tantivy schema and the analyzers shared by the index and the query side.

Queries are analyzed in Python with the very analyzers registered on the index, so a query word
becomes exactly the term the index holds (no query-string parser in between).
Changing a field or an analyzer means bumping SCHEMA_VERSION: open_index then refuses the old
index and the caller rebuilds it from the catalog.
"""

from __future__ import annotations

from functools import cache

import tantivy

SCHEMA_VERSION = 2  # 2: enrichment fields (speaker, entity, duplicate group, story)

STEM_TOKENIZER = "newsdig_stem"  # words, lowercased, accents folded, English stems
EXACT_TOKENIZER = "newsdig_exact"  # words, lowercased: the form as written ranks above its stem
MAX_TOKEN_CHARS = 40  # longer "words" are junk (base64, hashes); tantivy's own default limit
STEM_LANGUAGE = "english"

# What the analyzers do, written into newsdig-index.json and compared on open.
TOKENIZER_SETTINGS: dict[str, list[str]] = {
    STEM_TOKENIZER: [
        "simple",
        f"remove_long({MAX_TOKEN_CHARS})",
        "lowercase",
        "ascii_fold",
        f"stemmer({STEM_LANGUAGE})",
    ],
    EXACT_TOKENIZER: ["simple", f"remove_long({MAX_TOKEN_CHARS})", "lowercase"],
}

LEAD_PARAGRAPHS = 2  # the lede: who/what/where usually sits in the first two paragraphs


class F:
    """Field names, so a typo is an AttributeError and not an empty result."""

    ID = "id"
    TITLE = "title"
    TITLE_EXACT = "title_exact"
    LEAD = "lead"
    TEXT = "text"
    TEXT_EXACT = "text_exact"
    URL = "url"
    SOURCE = "source"
    SOURCE_KEY = "source_key"
    SITE = "site"
    LANGUAGE = "language"
    MONTH = "month"
    PUBLISHED = "published"
    PUBLISHED_EPOCH = "published_epoch"  # seconds; an int fast field that fast_field_values can read
    ID_KEY = "id_key"  # the id's first 60 bits as an int fast field: a deterministic tie-break
    PUBLISHED_TEXT = "published_text"  # the ISO string as the article gave it, for display
    SPEAKER = "speaker"  # who is quoted, as words: speaker:Gerasimov matches "Valery Gerasimov"
    SPEAKER_KEY = "speaker_key"  # the canonical names, for facets and facet clicks
    ENTITY = "entity"  # people, organisations, places, as words
    ENTITY_KEY = "entity_key"
    DUP_KEY = "dup_key"  # id_key of the near-duplicate group (of the article itself when alone)
    STORY_ID = "story_id"  # the story cluster, 0 when none yet


@cache
def stem_analyzer() -> tantivy.TextAnalyzer:
    """The analyzer of the stemmed fields (title, lead, text)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer(STEM_LANGUAGE))
        .build()
    )


@cache
def exact_analyzer() -> tantivy.TextAnalyzer:
    """The analyzer of the exact-form fields (title_exact, text_exact) and of `source`."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def register_tokenizers(index: tantivy.Index) -> None:
    """Register our analyzers; needed in every process before writing or making snippets."""
    index.register_tokenizer(STEM_TOKENIZER, stem_analyzer())
    index.register_tokenizer(EXACT_TOKENIZER, exact_analyzer())


def build_schema() -> tantivy.Schema:
    """The one schema of the newsdig index (version SCHEMA_VERSION)."""
    b = tantivy.SchemaBuilder()
    b.add_text_field(F.ID, stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.TITLE, stored=True, tokenizer_name=STEM_TOKENIZER)
    b.add_text_field(F.TITLE_EXACT, tokenizer_name=EXACT_TOKENIZER)
    b.add_text_field(F.LEAD, tokenizer_name=STEM_TOKENIZER)
    b.add_text_field(F.TEXT, stored=True, tokenizer_name=STEM_TOKENIZER)
    b.add_text_field(F.TEXT_EXACT, tokenizer_name=EXACT_TOKENIZER)
    b.add_text_field(F.URL, stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.SOURCE, stored=True, tokenizer_name=EXACT_TOKENIZER)
    b.add_text_field(F.SOURCE_KEY, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.SITE, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.LANGUAGE, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.MONTH, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_date_field(F.PUBLISHED, stored=True, indexed=True, fast=True)
    b.add_integer_field(F.PUBLISHED_EPOCH, fast=True)
    b.add_integer_field(F.ID_KEY, fast=True)
    b.add_text_field(F.PUBLISHED_TEXT, stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.SPEAKER, tokenizer_name=EXACT_TOKENIZER)
    b.add_text_field(F.SPEAKER_KEY, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field(F.ENTITY, tokenizer_name=EXACT_TOKENIZER)
    b.add_text_field(F.ENTITY_KEY, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field(F.DUP_KEY, stored=True, fast=True)
    b.add_integer_field(F.STORY_ID, stored=True, indexed=True, fast=True)
    return b.build()
