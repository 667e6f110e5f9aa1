"""More like this: the articles nearest in meaning to one article, or sharing its most telling terms.

`similar_hits` is the seam the API and the article page call: by meaning (the article's vectors,
`semantic.similar_by_vector`) when semantic search is available and the article is embedded, else
by terms (`similar_articles`). It says which method answered, so clients can tell.

tantivy's MoreLikeThis picks the article's top tf-idf terms (title and text, through the fields'
own analyzers) and ORs them, each weighted by its tf-idf. Our part is the tuning below and the
cut-off: the article scores itself on that query, so its own score measures how much it can share,
and neighbours under MIN_RELATIVE_SCORE of it share only chance words ("said", a weekday).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Literal

import tantivy

from newsdig.home import Home
from newsdig.index.schema import F, stem_analyzer
from newsdig.search.engine import Searcher, make_hit
from newsdig.search.results import Hit

log = logging.getLogger(__name__)

Method = Literal["semantic", "terms"]

MAX_LIMIT = 50
MAX_QUERY_TERMS = 25  # the article's most telling terms; more only adds noise and cost
MIN_DOC_FREQUENCY = 1  # terms only this article has count too: they lift its own score, the yardstick
MAX_DOC_RATIO = 0.5  # a term in more than half of all articles says nothing about this one
MIN_WORD_CHARS = 3
MIN_RELATIVE_SCORE = 0.1  # on the sample, same-story articles score 20-85 % of self, unrelated 3-9 %

# Function words of the languages the sample carries: MoreLikeThis has no stop list of its own,
# and a few French articles would otherwise look alike through "les", "des" and "dans".
STOP_WORDS = (
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "before",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "more", "most", "no", "not", "of", "on",
    "one", "or", "our", "out", "over", "said", "says", "she", "so", "than", "that", "the", "their",
    "them", "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "who",
    "will", "with", "would", "you", "yesterday", "today", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des",
    "du", "elle", "en", "est", "et", "il", "ils", "la", "le", "les", "leur", "mais", "ne", "nous",
    "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur",
    "un", "une", "été", "était", "à",
)


@cache
def _stop_words() -> list[str]:
    """The stop words as the index holds them (folded and stemmed, like the title/text tokens)."""
    analyzer = stem_analyzer()
    return sorted({token for word in STOP_WORDS for token in analyzer.analyze(word)})


def _find(searcher: tantivy.Searcher, schema: tantivy.Schema, article_id: str) -> tantivy.Document | None:
    found = searcher.search(tantivy.Query.term_query(schema, F.ID, article_id), limit=1).hits
    return searcher.doc(found[0][1]) if found else None


def similar_articles(searcher: Searcher, article_id: str, limit: int = 5) -> list[Hit]:
    """Up to `limit` articles most like `article_id` (a full id), best first; [] when it is not indexed.

    Snippets are each article's opening: a neighbour is shown for what it is about, not for the
    words it happens to share.
    """
    limit = min(max(int(limit), 0), MAX_LIMIT)
    tantivy_searcher, schema = searcher.snapshot()
    doc = _find(tantivy_searcher, schema, article_id)
    if doc is None or limit == 0:
        return []
    fields = {name: [value] for name in (F.TITLE, F.TEXT) if (value := doc.get_first(name))}
    if not fields:
        return []
    query = tantivy.Query.more_like_this_document_fields_query(
        schema,
        fields,
        min_doc_frequency=MIN_DOC_FREQUENCY,
        max_doc_frequency=max(MIN_DOC_FREQUENCY, int(tantivy_searcher.num_docs * MAX_DOC_RATIO)),
        min_term_frequency=1,  # news articles are short: a name said once still counts
        max_query_terms=MAX_QUERY_TERMS,
        min_word_length=MIN_WORD_CHARS,
        stop_words=_stop_words(),
    )
    # The article itself is in the results (and gives the score to compare with): one extra hit.
    found = tantivy_searcher.search(query, limit=limit + 1).hits
    hits = [make_hit(tantivy_searcher, None, score, address) for score, address in found]
    own = next((hit.score for hit in hits if hit.id == article_id), 0.0)
    floor = own * MIN_RELATIVE_SCORE
    return [hit for hit in hits if hit.id != article_id and hit.score >= floor][:limit]


def similar_hits(home: Home, searcher: Searcher, article_id: str, limit: int = 5) -> tuple[Method, list[Hit]]:
    """(method, hits): up to `limit` articles like `article_id` (a full id), best first.

    By meaning when semantic search is available on `home` and the article has vectors: a reader's
    "more like this" is about the subject, which shared words catch only when the outlets word it
    alike. Its near-duplicate copies are left out (the reader has seen that text). Otherwise, or
    when the vectors find no neighbour at all, by terms. Hit scores are cosines with "semantic",
    MoreLikeThis scores with "terms": comparable within one answer only.
    """
    limit = min(max(int(limit), 0), MAX_LIMIT)
    if limit:
        hits = _by_vector(home, searcher, article_id, limit)
        if hits:
            return "semantic", hits
    return "terms", similar_articles(searcher, article_id, limit)


def _by_vector(home: Home, searcher: Searcher, article_id: str, limit: int) -> list[Hit]:
    """Neighbours by meaning as Hits (opening snippets, like the terms path); [] whenever semantic
    search cannot answer, so the caller falls back to terms instead of failing."""
    from newsdig.search.semantic import semantic_available, similar_by_vector

    try:
        if semantic_available(home) is not None:
            return []
        found = similar_by_vector(home, article_id, limit)
    except Exception as err:  # a broken model or vector index must not cost the reader the terms answer
        log.warning("more like this by meaning failed for %s: %s", article_id, err)
        return []
    tantivy_searcher, schema = searcher.snapshot()
    hits = []
    for neighbour, score in found:
        if neighbour == article_id:
            continue
        hit = tantivy_searcher.search(tantivy.Query.term_query(schema, F.ID, neighbour), limit=1).hits
        if hit:  # embedded but not (yet) in the keyword index: nothing to show for it
            hits.append(make_hit(tantivy_searcher, None, score, hit[0][1]))
    return hits
