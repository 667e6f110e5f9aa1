"""How a query splits in semantic search: the words the model reads, and the restrictions the
keyword index checks.

Query operators keep their meaning in every mode. The positive words and phrases are what the model
reads (`semantic_text`); everything else (site:, source:, lang:, after:/before:, speaker:, entity:,
intitle:, -exclusions) is a restriction compiled by the keyword engine's own compiler
(`restriction_query`) and checked by the keyword index itself: newsdig.search.semantic searches the
articles it selects exactly when they are few, else re-checks the ANN candidates against it
(`restrict`, or the ids `_allowed_keys` reads). Semantic candidates therefore obey exactly the
filters keyword search obeys. It is its own module because it is where semantic search meets the
keyword engine (its compiler, schema and index) rather than the vectors.

Nothing here needs the `[semantic]` extra, and tantivy is imported inside the functions: importing
this module is free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsdig.search.parser import ParsedQuery

if TYPE_CHECKING:
    import tantivy

    from newsdig.search.engine import Searcher


def semantic_text(parsed: ParsedQuery) -> str:
    """The words the model embeds: every positive word and phrase (OR alternatives too), not
    intitle: terms, which are restrictions."""
    return " ".join(term.text for group in parsed.groups for term in group if not term.intitle).strip()


def restriction_only(parsed: ParsedQuery) -> ParsedQuery | None:
    """The query's restrictions alone (filters, dates, exclusions, intitle: groups), or None when it
    has none. Plain words are not restrictions in semantic mode: meaning replaces matching them."""
    groups = tuple(g for g in parsed.groups if all(term.intitle for term in g))
    if not groups and not parsed.excluded and not parsed.has_filters:
        return None
    return replace(parsed, groups=groups)


def restriction_query(searcher: Searcher, parsed: ParsedQuery) -> tantivy.Query | None:
    """The keyword index's query for the restrictions of `parsed` (None: nothing restricts).

    Compiled by the keyword engine's own compiler, so `site:`, `after:`, `lang:`… mean exactly
    what they mean in keyword search. Exclusions alone match every article but the excluded ones.
    """
    import tantivy

    from newsdig.search.compiler import compile_query

    only = restriction_only(parsed)
    if only is None:
        return None
    tantivy_searcher, schema = searcher.snapshot()
    if not only.groups and not only.has_filters:  # exclusions only: all articles minus them
        excluded = compile_query(replace(only, groups=(), excluded=()), schema, tantivy_searcher)
        negative = compile_query(ParsedQuery(groups=tuple((t,) for t in only.excluded)), schema,
                                 tantivy_searcher)
        if negative is None:
            return None
        base = excluded.query if excluded is not None else tantivy.Query.all_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, base),
                                            (tantivy.Occur.MustNot, negative.query)])
    compiled = compile_query(only, schema, tantivy_searcher)
    return compiled.query if compiled is not None else tantivy.Query.empty_query()


def restrict(searcher: Searcher, restriction: tantivy.Query, article_ids: Sequence[str]) -> set[str]:
    """Which of `article_ids` the restriction lets through (one index query, any number of ids)."""
    import tantivy

    from newsdig.index.schema import F

    if not article_ids:
        return set()
    tantivy_searcher, schema = searcher.snapshot()
    both = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, restriction),
        (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, F.ID, list(article_ids))),
    ])
    found = tantivy_searcher.search(both, limit=len(article_ids)).hits
    return {tantivy_searcher.doc(address).get_first(F.ID) or "" for _, address in found}


def _restricted(searcher: Searcher, restriction: tantivy.Query, limit: int) -> tuple[int, list[str] | None]:
    """How many articles the restriction selects, and their ids when there are at most `limit`."""
    from newsdig.index.schema import F

    tantivy_searcher, _ = searcher.snapshot()
    result = tantivy_searcher.search(restriction, limit=limit + 1, count=True)
    if result.count > limit:
        return result.count, None
    return result.count, [tantivy_searcher.doc(address).get_first(F.ID) or "" for _, address in result.hits]


def _allowed_keys(searcher: Searcher, restriction: tantivy.Query, count: int) -> set[int]:
    """The `id_key` (the index's integer fast field of the id) of the `count` articles the restriction
    selects, read from a column: no stored document is opened."""
    from newsdig.index.schema import F

    tantivy_searcher, _ = searcher.snapshot()
    hits = tantivy_searcher.search(restriction, limit=max(count, 1)).hits
    keys = tantivy_searcher.fast_field_values(F.ID_KEY, [address for _, address in hits])
    return {int(key) for key in keys if key is not None}
