"""Search behaviour on a real tantivy index built from the corpus in conftest.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from search_corpus import CORPUS, NOW, by_url

from newsdig.errors import IndexError_
from newsdig.search import Searcher, ranking, search
from newsdig.search.facets import FACETS


def urls(searcher: Searcher, query: str, **kwargs) -> list[str]:
    result = searcher.search(query, limit=50, now=NOW, **kwargs)
    return [hit.url for hit in result.hits]


def test_words_are_anded_and_stemmed(searcher: Searcher) -> None:
    assert urls(searcher, "gerasimov heroism") == [by_url("kursk").url]
    assert urls(searcher, "gerasimov witkoff") == []
    assert by_url("kursk").url in urls(searcher, "praises soldier")  # praised, soldiers


def test_phrase(searcher: Searcher) -> None:
    assert urls(searcher, '"north korean troops"') == [by_url("kursk").url]
    # South Korea's article has "north" and "korea", but not next to each other
    assert urls(searcher, '"north korea"') == []
    assert by_url("south-korea").url in urls(searcher, "north korea")


def test_exclusions(searcher: Searcher) -> None:
    assert urls(searcher, "putin -easter") == [by_url("witkoff").url, by_url("kursk").url]
    assert urls(searcher, 'korea -"north korean"') == [by_url("south-korea").url]
    assert by_url("kursk").url not in urls(searcher, "putin -soldier")  # -word excludes its stem forms


def test_or_groups(searcher: Searcher) -> None:
    assert set(urls(searcher, "witkoff OR lagarde")) == {by_url("witkoff").url, by_url("ecb").url}
    assert set(urls(searcher, "witkoff | lagarde")) == {by_url("witkoff").url, by_url("ecb").url}
    # (putin OR lagarde) AND kremlin
    assert urls(searcher, "putin OR lagarde kremlin") == [by_url("witkoff").url]


def test_site_matches_subdomains(searcher: Searcher) -> None:
    bbc_uk = {by_url("putin-easter").url, by_url("south-korea").url}  # www. and news.
    assert set(urls(searcher, "site:bbc.co.uk")) == bbc_uk
    assert set(urls(searcher, "site:https://www.bbc.co.uk/news")) == {by_url("putin-easter").url}
    assert urls(searcher, "site:bbc.com") == [by_url("arsenal").url]
    assert urls(searcher, "putin site:reuters.com -easter") == [by_url("witkoff").url, by_url("kursk").url]
    assert set(urls(searcher, "site:bbc.com OR site:ft.com")) == {by_url("arsenal").url, by_url("ecb").url}
    assert urls(searcher, "madrid") == [by_url("arsenal").url]
    assert urls(searcher, "madrid -site:bbc.com") == []


def test_source(searcher: Searcher) -> None:
    assert set(urls(searcher, "source:reuters")) == {by_url("kursk").url, by_url("witkoff").url}
    # an exact source name (what a facet click sends) does not match "BBC Sport"
    assert set(urls(searcher, 'source:"BBC News"')) == {by_url("putin-easter").url, by_url("south-korea").url}
    assert len(urls(searcher, "source:bbc")) == 3  # the word matches BBC News and BBC Sport
    assert urls(searcher, "source:nonexistent") == []


def test_dates(searcher: Searcher) -> None:
    after = urls(searcher, "after:2025-04-20")
    assert after == [by_url("kursk").url, by_url("witkoff").url]  # filters alone: newest first
    april = urls(searcher, "after:2025-04 before:2025-05")
    assert len(april) == 8 and by_url("storm-eowyn-march").url not in april
    assert set(urls(searcher, "before:2025-02")) == {by_url("storm-eowyn-january").url}
    assert urls(searcher, "after:2026") == []
    assert by_url("artemis").url not in urls(searcher, "rocket after:2000")  # undated never match a range
    assert urls(searcher, "rocket") == [by_url("artemis").url]


def test_lang(searcher: Searcher) -> None:
    assert urls(searcher, "lang:de") == [by_url("tagesschau").url]
    assert urls(searcher, "lang:FR") == [by_url("lemonde").url]
    assert by_url("tagesschau").url not in urls(searcher, "-lang:de after:2025-03-15 before:2025-03-31")


def test_intitle(searcher: Searcher) -> None:
    # the Kursk article mentions Putin in its text only
    assert set(urls(searcher, "intitle:putin")) == {by_url("putin-easter").url, by_url("witkoff").url}
    assert urls(searcher, 'intitle:"easter truce"') == [by_url("putin-easter").url]
    assert urls(searcher, "putin -intitle:putin") == [by_url("kursk").url]


def test_exact_form_ranks_above_stem(searcher: Searcher) -> None:
    assert urls(searcher, "deny") == [by_url("fuel-prices-deny").url, by_url("fuel-prices-denies").url]
    assert urls(searcher, "denies") == [by_url("fuel-prices-denies").url, by_url("fuel-prices-deny").url]
    assert urls(searcher, '"denies"') == [by_url("fuel-prices-denies").url]  # quoted word: that form only


def test_title_boost(searcher: Searcher) -> None:
    assert urls(searcher, "volcano") == [by_url("iceland-volcano").url, by_url("flight-disruption").url]


def test_recency_breaks_ties(searcher: Searcher) -> None:
    hits = searcher.search("storm eowyn", now=NOW).hits
    assert [h.url for h in hits] == [by_url("storm-eowyn-march").url, by_url("storm-eowyn-january").url]
    assert hits[0].score > hits[1].score


def test_recency_prior_is_gentle() -> None:
    now = NOW.timestamp()
    assert ranking.recency_multiplier(None, now) == 1.0
    assert ranking.recency_multiplier(int(now), now) == pytest.approx(1 + ranking.RECENCY_WEIGHT)
    assert ranking.recency_multiplier(int(now) + 86_400, now) == pytest.approx(1 + ranking.RECENCY_WEIGHT)
    a_year_ago = int(now - 365 * 86_400)
    assert 1.0 < ranking.recency_multiplier(a_year_ago, now) < 1.001


def test_date_sort(searcher: Searcher) -> None:
    result = searcher.search("the", limit=50, sort="date", now=NOW)
    published = [h.published for h in result.hits]
    assert published[-1] is None  # the undated article comes last
    assert result.hits[0].url == by_url("kursk").url
    assert all(h.score == 0.0 for h in result.hits)
    dated = [h for h in result.hits if h.published]
    newest = [by_url("kursk").url, by_url("witkoff").url, by_url("putin-easter").url]
    assert [h.url for h in dated][:3] == newest


def test_facets(searcher: Searcher) -> None:
    result = searcher.search("putin", now=NOW)
    assert result.total == 3
    assert dict(result.facets["source"]) == {"Reuters": 2, "BBC News": 1}
    assert result.facets["source"][0] == ("Reuters", 2)
    assert result.facets["language"] == [("en", 3)]
    assert result.facets["month"] == [("2025-04", 3)]
    months = searcher.search("the OR der OR les", now=NOW).facets["month"]
    assert [m for m, _ in months] == sorted((m for m, _ in months), reverse=True)  # newest first
    assert searcher.search("putin", with_facets=False).facets == {name: [] for name in FACETS}


def test_pagination_is_stable(searcher: Searcher) -> None:
    full = searcher.search("the", limit=50, now=NOW)
    assert full.total == len(full.hits) > 8
    pages = [searcher.search("the", limit=3, offset=o, now=NOW) for o in range(0, full.total, 3)]
    assert {p.total for p in pages} == {full.total}
    assert [h.id for p in pages for h in p.hits] == [h.id for h in full.hits]
    assert searcher.search("the", limit=3, offset=1000, now=NOW).hits == []
    assert searcher.search("the", limit=0, now=NOW).total == full.total


def test_pages_beyond_rerank_depth_fall_back_to_bm25(searcher: Searcher, monkeypatch) -> None:
    monkeypatch.setattr(ranking, "RERANK_DEPTH", 4)
    full = searcher.search("the", limit=50, now=NOW)
    pages = [searcher.search("the", limit=3, offset=o, now=NOW) for o in range(0, full.total, 3)]
    ids = [h.id for p in pages for h in p.hits]
    assert ids == [h.id for h in full.hits]
    assert len(set(ids)) == full.total


def test_snippet_highlights_point_at_terms(searcher: Searcher) -> None:
    [hit] = searcher.search("heroism", now=NOW).hits
    assert "heroism" in hit.snippet
    assert hit.highlights and all(hit.snippet[s:e].lower() == "heroism" for s, e in hit.highlights)
    assert "\n" not in hit.snippet and len(hit.snippet) <= 230
    # stems are highlighted too, and offsets are characters even after non-ASCII text
    [_, denies] = searcher.search("deny", now=NOW).hits
    assert [denies.snippet[s:e] for s, e in denies.highlights] == ["denies"]
    [french] = searcher.search("reforme", now=NOW).hits
    assert {french.snippet[s:e] for s, e in french.highlights} == {"réforme"}


def test_phrase_and_title_terms_are_highlighted(searcher: Searcher) -> None:
    [hit] = searcher.search('"north korean troops"', now=NOW).hits
    marked = {hit.snippet[s:e].lower() for s, e in hit.highlights}
    assert {"north", "korean", "troops"} <= marked
    [hit] = searcher.search("intitle:witkoff", now=NOW).hits
    assert "Witkoff" in [hit.snippet[s:e] for s, e in hit.highlights]


def test_snippet_falls_back_to_the_opening(searcher: Searcher) -> None:
    [hit] = searcher.search("lang:de", now=NOW).hits
    assert hit.snippet.startswith("Der Bundestag hat am Freitag") and hit.highlights == []


def test_json_contract(searcher: Searcher) -> None:
    data = json.loads(searcher.search("putin", limit=2, now=NOW).to_json())
    # The contract's keys are all there; later issues add keys (never rename one).
    assert set(data) >= {"query", "total", "took_ms", "hits", "facets", "suggestion"}
    assert data["query"] == "putin" and data["total"] == 3 and len(data["hits"]) == 2
    assert data["suggestion"] is None
    assert set(data["hits"][0]) >= {
        "id",
        "title",
        "url",
        "source",
        "published",
        "language",
        "score",
        "snippet",
        "highlights",
    }
    assert set(data["facets"]) >= {"source", "language", "month"}
    assert data["facets"]["source"][0] == {"value": "Reuters", "count": 2}
    start, end = data["hits"][0]["highlights"][0]
    assert data["hits"][0]["snippet"][start:end] == "Putin"


def test_hit_fields(searcher: Searcher) -> None:
    [hit] = searcher.search("witkoff", now=NOW).hits
    article = by_url("witkoff")
    assert (hit.id, hit.title, hit.url, hit.source) == (article.id, article.title, article.url, "Reuters")
    assert hit.published == "2025-04-25T14:30:00+03:00" and hit.language == "en"


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '"',
        '"""',
        '"north korean',
        "-",
        "--",
        "- -",
        "OR",
        "OR OR",
        "a OR",
        "OR a",
        "|",
        "||",
        ":",
        "::",
        "site:",
        'site:"',
        'source:"',
        "after:",
        "after:2025-13-45",
        "before:0000",
        "lang:x",
        "intitle:",
        'intitle:"',
        "foo:bar",
        "🙂",
        "🙂 putin 🙂",
        "!!!",
        "***",
        "(((",
        "a" * 100,
        "putin " * 2000,
        '"' + "word " * 2000,
        "-" * 5000,
        "x:" * 3000,
        "\x00\x01\x02",
        "\u200b",
        "site:[::1]",
        "after:9999 before:0001",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z",
        "NOT putin AND (kremlin)",
        "title:putin^5",
        "*",
        "putin~2",
    ],
)
def test_hostile_queries_never_raise(searcher: Searcher, query: str) -> None:
    result = searcher.search(query, now=NOW)
    assert result.total >= 0
    json.dumps(result.as_dict())


def test_only_filters_or_nothing(searcher: Searcher) -> None:
    assert searcher.search("", now=NOW).total == 0
    assert searcher.search("-putin", now=NOW).total == 0
    assert searcher.search("🙂", now=NOW).total == 0
    assert searcher.search("site:reuters.com", now=NOW).total == 2


def test_unknown_sort_is_an_input_error(searcher: Searcher) -> None:
    from newsdig.errors import InputError

    with pytest.raises(InputError):
        searcher.search("putin", sort="popularity")


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="no search index"):
        search(tmp_path / "nowhere", "putin")


def test_search_function_matches_searcher(index_dir: Path, searcher: Searcher) -> None:
    a = search(index_dir, "putin", now=NOW)
    b = searcher.search("putin", now=NOW)
    assert [h.id for h in a.hits] == [h.id for h in b.hits] and a.total == b.total == 3
    assert len(CORPUS) == 15
