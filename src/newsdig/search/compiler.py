"""ParsedQuery -> tantivy Query, analyzing each word with the index's own analyzers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import tantivy

from newsdig.index.schema import F, exact_analyzer, stem_analyzer
from newsdig.search.parser import FieldFilter, ParsedQuery, Term
from newsdig.search.ranking import EXACT_BOOST, LEAD_BOOST, TITLE_BOOST

MAX_PHRASE_TOKENS = 16  # one "word" like a.b.c.d... can analyze into many tokens
Occur = tantivy.Occur
Q = tantivy.Query

# (stemmed field, exact field or None, boost) for a term searched everywhere / in titles only
_ALL_FIELDS = ((F.TITLE, F.TITLE_EXACT, TITLE_BOOST), (F.TEXT, F.TEXT_EXACT, 1.0), (F.LEAD, None, LEAD_BOOST))
_TITLE_FIELDS = ((F.TITLE, F.TITLE_EXACT, 1.0),)
_FILTER_FIELDS = {"site": F.SITE, "lang": F.LANGUAGE}


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    query: tantivy.Query
    highlight: tantivy.Query | None  # the positive terms on `text`, for snippets
    scored: bool  # False when only filters select: then there is no relevance to sort by


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return Q.boolean_query([(Occur.Should, q) for q in queries])


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else Q.boost_query(query, boost)


def _match(schema: tantivy.Schema, field: str, tokens: list[str]) -> tantivy.Query:
    """A term query for one token, a phrase query for several (tantivy panics on 1-term phrases)."""
    if len(tokens) == 1:
        return Q.term_query(schema, field, tokens[0])
    return Q.phrase_query(schema, field, tokens)


def _tokens(term: Term) -> tuple[list[str], list[str]]:
    stems = stem_analyzer().analyze(term.text)[:MAX_PHRASE_TOKENS]
    exacts = exact_analyzer().analyze(term.text)[:MAX_PHRASE_TOKENS]
    return stems, exacts


def term_query(schema: tantivy.Schema, term: Term) -> tantivy.Query | None:
    """Should(stem and exact fields, boosted); a quoted single word matches its exact form only."""
    stems, exacts = _tokens(term)
    if not stems or len(stems) != len(exacts):
        return None
    exact_only = term.phrase and len(stems) == 1
    clauses = []
    for stem_field, exact_field, boost in _TITLE_FIELDS if term.intitle else _ALL_FIELDS:
        if not exact_only:
            clauses.append(_boost(_match(schema, stem_field, stems), boost))
        if exact_field is not None:
            exact_boost = boost if exact_only else boost * EXACT_BOOST
            clauses.append(_boost(_match(schema, exact_field, exacts), exact_boost))
    return _any(clauses) if clauses else None


def exclusion_query(schema: tantivy.Schema, term: Term) -> tantivy.Query | None:
    """What -term excludes: its stems in title and text (a superset of the exact forms)."""
    stems, exacts = _tokens(term)
    if not stems:
        return None
    if term.phrase and len(exacts) == 1:  # -"denies" excludes that form only
        fields, tokens = [F.TITLE_EXACT] if term.intitle else [F.TITLE_EXACT, F.TEXT_EXACT], exacts
    else:
        fields, tokens = [F.TITLE] if term.intitle else [F.TITLE, F.TEXT], stems
    return _any([_match(schema, f, tokens) for f in fields])


def highlight_query(schema: tantivy.Schema, terms: list[Term]) -> tantivy.Query | None:
    """The positive terms on the stored `text` field, which is what SnippetGenerator highlights."""
    clauses = []
    for term in terms:
        stems, _ = _tokens(term)
        if stems:
            clauses.append(_match(schema, F.TEXT, stems))
    return _any(clauses) if clauses else None


def _source_query(schema: tantivy.Schema, searcher: tantivy.Searcher, value: str) -> tantivy.Query:
    """The exact source name when one is indexed (a facet click), else its words in order."""
    if searcher.doc_freq(F.SOURCE_KEY, value) > 0:
        return Q.term_query(schema, F.SOURCE_KEY, value)
    tokens = exact_analyzer().analyze(value)[:MAX_PHRASE_TOKENS]
    return _match(schema, F.SOURCE, tokens) if tokens else Q.empty_query()


_NAME_FIELDS = {"speaker": (F.SPEAKER_KEY, F.SPEAKER), "entity": (F.ENTITY_KEY, F.ENTITY)}


def _name_query(
    schema: tantivy.Schema, searcher: tantivy.Searcher, key_field: str, word_field: str, value: str
) -> tantivy.Query:
    """A canonical name exactly (a facet click), else its words in order: "Gerasimov" finds
    "Valery Gerasimov", "Kim Jong Un" finds only that sequence."""
    if searcher.doc_freq(key_field, value) > 0:
        return Q.term_query(schema, key_field, value)
    tokens = exact_analyzer().analyze(value)[:MAX_PHRASE_TOKENS]
    return _match(schema, word_field, tokens) if tokens else Q.empty_query()


def _filter_query(schema: tantivy.Schema, searcher: tantivy.Searcher, flt: FieldFilter) -> tantivy.Query:
    if flt.field == "source":
        return _source_query(schema, searcher, flt.value)
    if flt.field in _NAME_FIELDS:
        key_field, word_field = _NAME_FIELDS[flt.field]
        return _name_query(schema, searcher, key_field, word_field, flt.value)
    return Q.term_query(schema, _FILTER_FIELDS[flt.field], flt.value)


def _utc(day: date) -> datetime:
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return min(max(moment, tantivy.MIN_DATETIME), tantivy.MAX_DATETIME)


def date_query(schema: tantivy.Schema, after: date | None, before: date | None) -> tantivy.Query | None:
    """published in [after, before): after is inclusive, before exclusive; undated never match."""
    if after is None and before is None:
        return None
    if after is not None and before is not None and after >= before:
        return Q.empty_query()
    return Q.range_query(
        schema,
        F.PUBLISHED,
        tantivy.FieldType.Date,
        lower_bound=_utc(after) if after else None,
        upper_bound=_utc(before) if before else None,
        include_upper=before is None,
    )


def filter_clauses(
    schema: tantivy.Schema, searcher: tantivy.Searcher, parsed: ParsedQuery
) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """Filters as Must (scoring 0, so they never change the order) and MustNot clauses."""
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for name in ("site", "source", "lang", "speaker", "entity"):
        values = [f for f in parsed.filters if f.field == name and not f.negated]
        wanted = [_filter_query(schema, searcher, f) for f in values]
        if wanted:  # several values of one filter: any of them
            clauses.append((Occur.Must, Q.const_score_query(_any(wanted), 0.0)))
    clauses += [(Occur.MustNot, _filter_query(schema, searcher, f)) for f in parsed.filters if f.negated]
    dates = date_query(schema, parsed.after, parsed.before)
    if dates is not None:
        clauses.append((Occur.Must, Q.const_score_query(dates, 0.0)))
    return clauses


def compile_query(
    parsed: ParsedQuery, schema: tantivy.Schema, searcher: tantivy.Searcher
) -> CompiledQuery | None:
    """The tantivy query for `parsed`, or None when it can match nothing (no words and no filters).

    Groups whose words all analyze to nothing (e.g. 50-letter tokens) are dropped; when every group
    drops, nothing matches rather than silently widening to the filters alone.
    """
    groups = []
    for group in parsed.groups:
        alternatives = [q for q in (term_query(schema, t) for t in group) if q is not None]
        if alternatives:
            groups.append(_any(alternatives))
    if parsed.groups and not groups:
        return None
    if not groups and not parsed.has_filters:
        return None
    clauses = [(Occur.Must, q) for q in groups] or [(Occur.Must, Q.all_query())]
    clauses += filter_clauses(schema, searcher, parsed)
    for term in parsed.excluded:
        excluded = exclusion_query(schema, term)
        if excluded is not None:
            clauses.append((Occur.MustNot, excluded))
    return CompiledQuery(
        query=Q.boolean_query(clauses),
        highlight=highlight_query(schema, parsed.positive_terms),
        scored=bool(groups),
    )
