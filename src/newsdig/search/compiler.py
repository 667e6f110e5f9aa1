"""ParsedQuery -> tantivy Query, analyzing each word with the index's own analyzers.

How words are weighted comes from a RankingProfile (newsdig.search.profiles): field weights,
the exact-form bonus, and the optional clauses that only add score (phrase proximity). A long
query can also be compiled `relaxed`: its content words then need only partly match.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime

import tantivy

from newsdig.index.schema import F, exact_analyzer, stem_analyzer
from newsdig.search.parser import FieldFilter, ParsedQuery, Term
from newsdig.search.profiles import RankingProfile, get_profile

MAX_PHRASE_TOKENS = 16  # one "word" like a.b.c.d... can analyze into many tokens
Occur = tantivy.Occur
Q = tantivy.Query
_FILTER_FIELDS = {"site": F.SITE, "lang": F.LANGUAGE}

# Words a question or a pasted sentence is full of but that say nothing about its topic: a relaxed
# query does not count them toward the words an article must share (they still count in phrases).
STOP_WORDS = frozenset((
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing",
    "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "just", "many", "me", "more", "most", "much", "my",
    "no", "nor", "not", "now", "of", "on", "once", "only", "or", "other", "our", "out", "over", "own",
    "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your",
    "au", "aux", "avec", "ce", "dans", "de", "des", "du", "el", "en", "et", "il", "la", "las", "le",
    "les", "los", "par", "pour", "que", "qui", "sur", "un", "una", "une", "y",
    "das", "dem", "den", "der", "die", "ein", "eine", "im", "ist", "mit", "und", "von", "zu",
))


# A sharded search (newsdig.search.shards) compiles one query per shard and sets this, in the
# shard's thread, to `scale(field, tokens)`: the factor that turns the shard's BM25 idf of a term
# (or the sum over a phrase's terms) into the idf over all shards. Every scored term and phrase
# clause is boosted by it, so the shards' scores are comparable. None (the default): no boost.
IdfScale = Callable[[str, Sequence[str]], float]
IDF_SCALE: ContextVar[IdfScale | None] = ContextVar("newsdig_idf_scale", default=None)


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    query: tantivy.Query
    highlight: tantivy.Query | None  # the positive terms on `text`, for snippets
    scored: bool  # False when only filters select: then there is no relevance to sort by
    relaxed: bool = False  # True when the content words need only partly match (a long query)


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return Q.boolean_query([(Occur.Should, q) for q in queries])


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else Q.boost_query(query, boost)


def _match(schema: tantivy.Schema, field: str, tokens: list[str], slop: int = 0) -> tantivy.Query:
    """A term query for one token, a phrase query for several (tantivy panics on 1-term phrases)."""
    if len(tokens) == 1:
        return Q.term_query(schema, field, tokens[0])
    return Q.phrase_query(schema, field, tokens, slop)


def _scored(schema: tantivy.Schema, field: str, tokens: list[str], slop: int = 0) -> tantivy.Query:
    """`_match` for a clause that scores, rescaled by IDF_SCALE when a sharded search set one."""
    query = _match(schema, field, tokens, slop)
    scale = IDF_SCALE.get()
    return query if scale is None else _boost(query, scale(field, tokens))


def _tokens(term: Term) -> tuple[list[str], list[str]]:
    stems = stem_analyzer().analyze(term.text)[:MAX_PHRASE_TOKENS]
    exacts = exact_analyzer().analyze(term.text)[:MAX_PHRASE_TOKENS]
    return stems, exacts


def _fields(profile: RankingProfile, intitle: bool) -> list[tuple[str, str | None, float]]:
    """(stemmed field, exact field or None, weight) a term is looked up in; weight-0 fields are skipped."""
    if intitle:
        return [(F.TITLE, F.TITLE_EXACT, 1.0)]
    fields = [(F.TITLE, F.TITLE_EXACT, profile.title), (F.TEXT, F.TEXT_EXACT, profile.body),
              (F.LEAD, None, profile.lead)]
    return [entry for entry in fields if entry[2] > 0]


def term_query(
    schema: tantivy.Schema, term: Term, profile: RankingProfile | None = None
) -> tantivy.Query | None:
    """Should(stem and exact fields, weighted); a quoted single word matches its exact form only."""
    profile = get_profile(profile)
    stems, exacts = _tokens(term)
    if not stems or len(stems) != len(exacts):
        return None
    exact_only = term.phrase and len(stems) == 1
    clauses = []
    for stem_field, exact_field, weight in _fields(profile, term.intitle):
        if not exact_only:
            clauses.append(_boost(_scored(schema, stem_field, stems), weight))
        if exact_field is not None and (exact_only or profile.phrase_exact or len(exacts) == 1):
            exact_weight = weight if exact_only else weight * profile.exact
            if exact_weight > 0:
                clauses.append(_boost(_scored(schema, exact_field, exacts), exact_weight))
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


def _is_plain(term: Term) -> bool:
    return not term.phrase and not term.intitle


def plain_words(parsed: ParsedQuery) -> list[Term]:
    """The bare words of the query (groups of one unquoted word), in the order typed."""
    return [g[0] for g in parsed.groups if len(g) == 1 and _is_plain(g[0])]


def is_stop_word(term: Term) -> bool:
    return term.text.lower() in STOP_WORDS


def proximity_query(
    schema: tantivy.Schema, words: list[Term], profile: RankingProfile
) -> tantivy.Query | None:
    """A bonus for the query's words close together, in order, in the text (and the title).

    A sloppy phrase over the words as typed (stop words included: they hold the positions), so a
    pasted sentence scores highest where it appears, and `ferry collision` above an article that
    has "ferry" in one paragraph and "collision" in another. None when off or under two tokens.
    """
    if profile.proximity <= 0 or len(words) < 2:
        return None
    tokens = stem_analyzer().analyze(" ".join(term.text for term in words))[:MAX_PHRASE_TOKENS]
    if len(tokens) < 2:
        return None
    clauses = [_boost(_scored(schema, field, tokens, profile.proximity_slop), profile.proximity * w)
               for field, w in ((F.TEXT, profile.body), (F.TITLE, profile.title)) if w > 0]
    return _any(clauses) if clauses else None


def _relaxed_words(
    schema: tantivy.Schema, words: list[Term], profile: RankingProfile
) -> tantivy.Query | None:
    """Must(at least relax_coverage of the content words), or None when under two content words."""
    content = [t for t in words if not is_stop_word(t)]
    queries = [q for q in (term_query(schema, t, profile) for t in content) if q is not None]
    if len(queries) < 2:
        return None
    needed = max(1, math.ceil(profile.relax_coverage * len(queries) - 1e-9))
    return Q.boolean_query([(Occur.Should, q) for q in queries], minimum_number_should_match=needed)


def compile_query(
    parsed: ParsedQuery,
    schema: tantivy.Schema,
    searcher: tantivy.Searcher,
    profile: RankingProfile | str | None = None,
    *,
    optional: frozenset[Term] = frozenset(),
    relax: bool = False,
) -> CompiledQuery | None:
    """The tantivy query for `parsed`, or None when it can match nothing (no words and no filters).

    `optional` plain words only add to the score (words of intent such as "latest", which an
    article about the latest storm need not contain); they stay required when they are all there
    is. `relax`: the plain words need only `relax_coverage` of their content words (stop words
    dropped; at least one), while phrases, OR groups, filters and exclusions still hold; None when
    the query has fewer than two content words to relax.
    Groups whose words all analyze to nothing (e.g. 50-letter tokens) are dropped; when every group
    drops, nothing matches rather than silently widening to the filters alone.
    `searcher` is only asked for doc_freq (source:, speaker:, entity: pick the exact key when it is
    indexed): a sharded search passes its statistics over all shards, so every shard decides alike.
    """
    profile = get_profile(profile)
    words = plain_words(parsed)
    if all(len(g) == 1 and g[0] in optional for g in parsed.groups):
        optional = frozenset()
    loose = set(words) if relax else set()
    groups: list[tantivy.Query] = []
    should: list[tantivy.Query] = []
    for group in parsed.groups:
        if len(group) == 1 and group[0] in loose and group[0] not in optional:
            continue  # in the relaxed clause below
        alternatives = [q for q in (term_query(schema, t, profile) for t in group) if q is not None]
        if not alternatives:
            continue
        (should if len(group) == 1 and group[0] in optional else groups).append(_any(alternatives))
    if relax:
        relaxed = _relaxed_words(schema, [t for t in words if t not in optional], profile)
        if relaxed is None:
            return None
        groups.append(relaxed)
    if parsed.groups and not groups:
        if not should:
            return None
        groups, should = should, []
    if not groups and not parsed.has_filters:
        return None
    clauses = [(Occur.Must, q) for q in groups] or [(Occur.Must, Q.all_query())]
    clauses += [(Occur.Should, q) for q in should]
    near = proximity_query(schema, [t for t in words if t not in optional], profile) if groups else None
    if near is not None:
        clauses.append((Occur.Should, near))
    clauses += filter_clauses(schema, searcher, parsed)
    for term in parsed.excluded:
        excluded = exclusion_query(schema, term)
        if excluded is not None:
            clauses.append((Occur.MustNot, excluded))
    return CompiledQuery(
        query=Q.boolean_query(clauses),
        highlight=highlight_query(schema, parsed.positive_terms),
        scored=bool(groups),
        relaxed=relax,
    )
