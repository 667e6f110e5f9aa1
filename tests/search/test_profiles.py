"""Ranking profiles and the features they switch: query intent and recency, relaxation of long
queries, phrase proximity, source diversity; on the real index of search_corpus.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import FrozenInstanceError

import pytest
from search_corpus import NOW, by_url

from newsdig.errors import InputError
from newsdig.index.schema import F
from newsdig.search import Searcher, parse_query
from newsdig.search.compiler import compile_query
from newsdig.search.profiles import BM25, CLASSIC, PROFILES, TUNED, RankingProfile, get_profile
from newsdig.search.ranking import (
    DIVERSITY_PAGE,
    NO_RECENCY,
    Intent,
    Ranked,
    cap_sources,
    query_intent,
    recency_for,
    recency_multiplier,
)


def urls(searcher: Searcher, query: str, profile: str | RankingProfile = "tuned", **kwargs) -> list[str]:
    return [h.url for h in searcher.search(query, limit=50, now=NOW, profile=profile, **kwargs).hits]


# -- profiles ----------------------------------------------------------------------------


def test_named_profiles_and_the_default() -> None:
    assert set(PROFILES) >= {"bm25", "bm25f", "tuned"}
    assert get_profile() is TUNED and get_profile("BM25") is BM25 and get_profile(CLASSIC) is CLASSIC
    with pytest.raises(ValueError, match="unknown ranking profile"):
        get_profile("bm26")
    with pytest.raises(FrozenInstanceError):
        TUNED.title = 9.0  # type: ignore[misc]
    tweaked = TUNED.but(source_cap=2)
    assert tweaked.source_cap == 2 and tweaked.name == "tuned+source_cap=2" and TUNED.source_cap == 5


def test_bm25_is_the_plain_baseline() -> None:
    assert (BM25.title, BM25.body, BM25.lead, BM25.exact) == (1.0, 1.0, 0.0, 0.0)
    assert BM25.recency == "off" and BM25.proximity == 0 and BM25.source_cap == 0 and BM25.relax_below == 0


def test_search_takes_a_profile_and_defaults_to_tuned(searcher: Searcher) -> None:
    default = urls(searcher, "putin")
    assert default == urls(searcher, "putin", profile="tuned") == urls(searcher, "putin", TUNED)
    assert set(urls(searcher, "putin", "bm25")) == set(urls(searcher, "putin"))
    with pytest.raises(InputError, match="unknown ranking profile"):
        searcher.search("putin", profile="nope")


def test_bm25_ties_ignore_dates() -> None:
    assert recency_for(BM25, Intent(fresh=True)) == NO_RECENCY


# -- intent and recency ------------------------------------------------------------------


@pytest.mark.parametrize(("query", "fresh", "dated", "optional"), [
    ("latest storm damage", True, False, {"latest"}),
    ("Almira drought latest", True, False, {"latest"}),
    ("latest Rovers result", True, False, {"latest", "result"}),
    ("what are the latest results?", True, False, {"latest", "results?"}),
    ("fake news", False, False, set()),
    ("storm this week", True, False, set()),
    ("new tram line", True, False, set()),  # "new" asks for freshness but is kept as a word
    ("Kursk 1943", False, True, set()),
    ("2024 election results", False, True, {"results"}),  # a year turns recency off...
    ("latest storm after:2025-01", False, True, {"latest"}),  # ...but intent words stay optional
    ("storm before:2025", False, True, set()),
    ("storm eowyn", False, False, set()),
    ('"latest news"', True, False, set()),  # words in quotes are the topic: they stay required
])
def test_query_intent(query: str, fresh: bool, dated: bool, optional: set[str]) -> None:
    intent = query_intent(parse_query(query))
    assert (intent.fresh, intent.dated) == (fresh, dated)
    assert {t.text.lower() for t in intent.intent_words} == optional
    assert query_intent(parse_query("Kursk, 1943")).dated


def test_recency_rule() -> None:
    gentle = recency_for(TUNED, Intent())
    assert gentle.weight == TUNED.recency_weight and not gentle.from_newest
    fresh = recency_for(TUNED, Intent(fresh=True))
    assert fresh.weight == TUNED.fresh_weight > gentle.weight and fresh.from_newest
    assert recency_for(TUNED, Intent(fresh=True, dated=True)) == NO_RECENCY
    assert recency_for(CLASSIC, Intent(fresh=True)) == gentle  # classic: the gentle prior for all
    assert recency_multiplier(0, 30 * 86_400, weight=2.0, half_life_days=30) == pytest.approx(2.0)


def test_intent_words_need_not_match_but_stay_required_alone(searcher: Searcher) -> None:
    storms = [by_url("storm-eowyn-march").url, by_url("storm-eowyn-january").url]
    assert urls(searcher, "latest storm eowyn") == storms  # no article says "latest"
    assert urls(searcher, "latest storm eowyn", "classic") == []  # before: every word required
    assert urls(searcher, "latest") == []  # nothing else to search for: "latest" is the query


def test_fresh_queries_prefer_the_newest_much_more(searcher: Searcher) -> None:
    plain = searcher.search("storm eowyn", now=NOW).hits
    fresh = searcher.search("latest storm eowyn", now=NOW).hits
    assert [h.url for h in plain] == [h.url for h in fresh]
    # age is counted from the newest match: the March article gets the whole fresh weight
    assert fresh[0].score / fresh[1].score > 1.5 > plain[0].score / plain[1].score


# -- long queries ------------------------------------------------------------------------


def test_a_long_question_is_answered_when_strict_and_finds_nothing(searcher: Searcher) -> None:
    question = "why did Gerasimov praise the heroism of the North Korean soldiers"
    assert urls(searcher, question, "classic") == []  # "why" is in no article
    found = searcher.search(question, now=NOW)
    assert found.hits[0].url == by_url("kursk").url and found.total >= 1
    assert found.suggestion is None


def test_a_long_query_whose_words_exist_is_never_answered_with_nothing(searcher: Searcher) -> None:
    # two of the three words are in no article: "most of the words" finds nothing, any word does
    assert urls(searcher, "zorblax quuxfoo gerasimov") == [by_url("kursk").url]
    assert urls(searcher, "zorblax quuxfoo flibbert") == []


def test_short_queries_stay_strict(searcher: Searcher) -> None:
    assert urls(searcher, "gerasimov witkoff") == []  # two words: all must match
    assert searcher.search("gerasimov witkoff", now=NOW).total == 0


def test_relaxed_results_put_articles_with_every_word_first(searcher: Searcher) -> None:
    query = "putin kremlin russian talks"
    strict = urls(searcher, query, TUNED.but(relax_below=0))
    relaxed = urls(searcher, query)
    assert strict == [by_url("witkoff").url]
    assert len(relaxed) > len(strict) and relaxed[: len(strict)] == strict
    for profile in ("tuned", TUNED.but(relax_strict_first=False)):
        full = searcher.search(query, limit=50, now=NOW, profile=profile)
        pages = [searcher.search(query, limit=2, offset=o, now=NOW, profile=profile) for o in range(0, 50, 2)]
        assert [h.id for p in pages for h in p.hits] == [h.id for h in full.hits]
        assert {p.total for p in pages} == {full.total}
        # the facets (counted on a thread beside the ranking) count the relaxed matches, not the strict one
        assert sum(count for _, count in full.facets["language"]) == full.total


def test_relaxed_typo_query_still_suggests_the_spelling(searcher: Searcher) -> None:
    found = searcher.search("gerasimv praised the north korean soldiers", now=NOW)
    assert by_url("kursk").url in [h.url for h in found.hits]
    assert found.suggestion is not None and "gerasimov" in found.suggestion.lower()


def test_relaxation_requires_most_content_words(searcher: Searcher) -> None:
    index_searcher, schema = searcher.snapshot()
    parsed = parse_query("the putin of kremlin and the weather")  # content: putin, kremlin, weather
    relaxed = compile_query(parsed, schema, index_searcher, TUNED, relax=True)
    assert relaxed is not None and relaxed.relaxed
    found = index_searcher.search(relaxed.query, limit=20).hits
    texts = [index_searcher.doc(a).get_first(F.TEXT).lower() for _, a in found]
    assert texts and all(sum(w in t for w in ("putin", "kremlin", "weather")) >= 2 for t in texts)
    assert compile_query(parse_query("the putin"), schema, index_searcher, TUNED, relax=True) is None


# -- proximity ---------------------------------------------------------------------------


def test_proximity_rewards_the_words_together(searcher: Searcher) -> None:
    near = TUNED.but(proximity=1.0, proximity_slop=1)
    plain = {h.url: h.score for h in searcher.search("korean troops", now=NOW, profile=TUNED).hits}
    boosted = {h.url: h.score for h in searcher.search("korean troops", now=NOW, profile=near).hits}
    assert boosted[by_url("kursk").url] > plain[by_url("kursk").url]  # "North Korean troops"
    index_searcher, schema = searcher.snapshot()
    assert "slop: 1" in repr(compile_query(parse_query("korean troops"), schema, index_searcher, near).query)
    assert "Phrase" not in repr(compile_query(parse_query("korean"), schema, index_searcher, near).query)


# -- source diversity --------------------------------------------------------------------


def test_source_cap_on_the_first_page_with_stable_paging(searcher: Searcher) -> None:
    capped = TUNED.but(source_cap=2)
    full = searcher.search("the", limit=50, now=NOW, profile=capped)
    first_page = Counter(h.source for h in full.hits[:DIVERSITY_PAGE])
    assert max(first_page.values()) <= 2
    assert Counter(h.source for h in searcher.search("the", limit=50, now=NOW).hits[:10])["Example News"] > 2
    pages = [searcher.search("the", limit=3, offset=o, now=NOW, profile=capped)
             for o in range(0, full.total, 3)]
    ids = [h.id for p in pages for h in p.hits]
    assert ids == [h.id for h in full.hits] and len(set(ids)) == full.total


def test_cap_sources_is_a_permutation_that_fills_the_page(searcher: Searcher) -> None:
    index_searcher, schema = searcher.snapshot()
    query = compile_query(parse_query("the"), schema, index_searcher, TUNED).query
    window = [Ranked(s, a) for s, a in index_searcher.search(query, limit=50).hits]
    for cap in (1, 2, 3):
        out = cap_sources(index_searcher, window, cap)
        keys = [(r.address.segment_ord, r.address.doc) for r in out]
        assert sorted(keys) == sorted((r.address.segment_ord, r.address.doc) for r in window)
        assert len(out[:DIVERSITY_PAGE]) == min(DIVERSITY_PAGE, len(window))
    assert cap_sources(index_searcher, window, 0) is window


def test_no_cap_when_the_query_picks_the_source(searcher: Searcher) -> None:
    capped = TUNED.but(source_cap=1)
    assert urls(searcher, "site:example-news.com", capped) == urls(searcher, "site:example-news.com")
    assert urls(searcher, "storm source:\"Example News\"", capped)[:2] == [
        by_url("storm-eowyn-march").url, by_url("storm-eowyn-january").url]
