"""The query parser is total: every string parses, quickly, to something sensible."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdig.search.parser import MAX_PHRASE_WORDS, MAX_TERMS, FieldFilter, ParsedQuery, Term, parse_query


def test_words_phrases_and_exclusions() -> None:
    q = parse_query('north korean "Kursk region" -putin -"peace talks"')
    assert q.words == ["north", "korean"]
    assert q.phrases == ["Kursk region"]
    assert q.excluded == (Term("putin"), Term("peace talks", phrase=True))


def test_or_binds_tighter_than_and() -> None:
    q = parse_query('a OR b c "d e" | f')
    assert q.groups == ((Term("a"), Term("b")), (Term("c"),), (Term("d e", phrase=True), Term("f")))
    assert q.normalised() == 'a OR b c "d e" OR f'


def test_or_at_the_edges_and_lowercase_or() -> None:
    assert parse_query("OR a OR").groups == ((Term("a"),),)
    assert parse_query("a or b").words == ["a", "or", "b"]
    assert parse_query("a OR -b c").groups == ((Term("a"),), (Term("c"),))


def test_filters() -> None:
    q = parse_query('site:https://www.BBC.co.uk/news source:"Two  Words" lang:EN -site:x.com -source:ft')
    assert q.filters == (
        FieldFilter("site", "www.bbc.co.uk"),
        FieldFilter("source", "Two Words"),
        FieldFilter("lang", "en"),
        FieldFilter("site", "x.com", negated=True),
        FieldFilter("source", "ft", negated=True),
    )
    assert q.sites == ["www.bbc.co.uk"] and q.sources == ["Two Words"] and q.languages == ["en"]
    assert q.normalised() == 'site:www.bbc.co.uk source:"Two Words" lang:en -site:x.com -source:ft'


@pytest.mark.parametrize(
    ("text", "after", "before"),
    [
        ("after:2025-04-28", date(2025, 4, 28), None),
        ("after:2025-04", date(2025, 4, 1), None),
        ("before:2025", None, date(2025, 1, 1)),
        ("after:2024 after:2025-02 before:2025-06 before:2025-05", date(2025, 2, 1), date(2025, 5, 1)),
    ],
)
def test_dates(text: str, after: date | None, before: date | None) -> None:
    q = parse_query(text)
    assert (q.after, q.before) == (after, before)
    assert q.groups == () and q.has_filters


def test_bad_filter_values_are_dropped_with_a_warning() -> None:
    q = parse_query("after:yesterday lang:english site:/// putin")
    assert q.words == ["putin"] and not q.has_filters
    assert len(q.warnings) == 3


def test_intitle() -> None:
    q = parse_query('intitle:putin intitle:"easter truce" -intitle:war')
    assert q.groups == ((Term("putin", intitle=True),), (Term("easter truce", phrase=True, intitle=True),))
    assert q.excluded == (Term("war", intitle=True),)
    assert q.normalised() == 'intitle:putin intitle:"easter truce" -intitle:war'


def test_unknown_operators_are_words() -> None:
    assert parse_query("foo:bar").words == ["foo:bar"]
    assert parse_query("site:").words == ["site:"]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ('"north korean troops', '"north korean troops"'),
        ("-", ""),
        (": - | OR", ""),
        ("🙂 ?!", ""),
        ("🙂putin", "🙂putin"),
        ("Site:BBC.co.uk", "site:bbc.co.uk"),
        ("putin putin", "putin"),
        ('""', ""),
        ("a -", "a"),
    ],
)
def test_hostile_strings(text: str, normalised: str) -> None:
    assert parse_query(text).normalised() == normalised


def test_size_is_capped() -> None:
    q = parse_query("word " * 5000)
    assert q.words == ["word"]
    q = parse_query(" ".join(f"w{i}" for i in range(1000)))
    assert len(q.groups) == MAX_TERMS and q.warnings
    q = parse_query('"' + "x " * 5000)
    assert len(q.phrases[0].split()) <= 16


def test_empty() -> None:
    assert parse_query("").is_empty and parse_query("   ").is_empty
    assert parse_query("").normalised() == ""
    assert isinstance(parse_query(None), ParsedQuery)  # type: ignore[arg-type]


QUERY_ALPHABET = st.sampled_from(
    [
        *'abcXYZ019 "-|:.éß🙂\t\n',
        *["OR", "site:", "source:", "lang:", "after:", "before:", "intitle:", "2025-04", "bbc.co.uk", "en"],
        *['-"', ':"'],
    ]
)
query_texts = st.one_of(st.text(max_size=300), st.lists(QUERY_ALPHABET, max_size=60).map("".join))


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(query_texts)
def test_parser_is_total_and_normalised_is_a_fixpoint(text: str) -> None:
    parsed = parse_query(text)
    once = parsed.normalised()
    again = parse_query(once)
    assert again == parsed
    assert again.normalised() == once


def _ten_kb(seed: str) -> str:
    return (seed * (10_240 // len(seed) + 1))[:10_240]


big_texts = query_texts.filter(bool).map(_ten_kb)


@settings(max_examples=100, deadline=None)
@given(big_texts)
def test_parser_bounds_the_work_on_big_input(text: str) -> None:
    """10 kB of anything is cut to a bounded query (what keeps it fast; timing is bench work)."""
    parsed = parse_query(text)
    terms = sum(len(group) for group in parsed.groups) + len(parsed.excluded) + len(parsed.filters)
    assert terms <= MAX_TERMS
    assert all(len(term.text.split()) <= MAX_PHRASE_WORDS for group in parsed.groups for term in group)
