"""Facet counts are remembered per index state and query: a later commit must show in them."""

from __future__ import annotations

import json
from pathlib import Path

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search import Searcher

BODY = ("The harbour board met on Monday to discuss the new ferry timetable and the repairs to the old "
        "quay, which have run late for a month because of the storms along the coast this winter.\n\n"
        "Residents asked for more evening sailings, and the board said it would publish a plan in spring "
        "after talking to the ferry operator and the unions about the crews it would need.")


OTHER = ("Ferry crews walked out at dawn over the new timetable, stranding commuters at the quay for "
         "hours while managers and the union argued about overtime, rest days and the winter schedule.\n\n"
         "The harbour board said talks would resume on Thursday and promised extra sailings once the "
         "dispute ends, but gave no date for the repairs that have kept the second ferry in dock.")


def _add(home: Home, path: Path, url: str, source: str, text: str = BODY) -> None:
    path.write_text(json.dumps({"url": url, "title": f"Ferry timetable ({source})", "source": source,
                                "published": "2025-03-03", "text": text, "language": "en"}))
    add_paths(home, [str(path)])


def test_cached_facets_follow_new_commits_and_are_copies(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    _add(home, tmp_path / "one.jsonl", "https://a.example.org/one", "Harbour Herald")
    searcher = Searcher(home.index_dir)
    first = searcher.search("ferry timetable")
    assert dict(first.facets["source"]) == {"Harbour Herald": 1}
    first.facets["source"].append(("Tampered", 9))  # a caller editing its result
    again = searcher.search("ferry timetable")
    assert dict(again.facets["source"]) == {"Harbour Herald": 1}  # the cache kept its own copy

    _add(home, tmp_path / "two.jsonl", "https://b.example.org/two", "Quay Courier", OTHER)
    after = searcher.search("ferry timetable")
    assert after.total == 2
    assert dict(after.facets["source"]) == {"Harbour Herald": 1, "Quay Courier": 1}


QUERIES = ("putin", "putin kremlin", '"north korean troops"', 'korea -"north korean"',
           "witkoff OR lagarde", "site:bbc.co.uk", "putin site:reuters.com -easter", "intitle:putin",
           '"denies"', "soldiers praised", "the", "the OR der OR les", "source:reuters",
           "after:2025-04-01 putin", "lang:en kursk")


def test_facets_count_the_same_matches_as_the_ranking(searcher: Searcher) -> None:
    """Facets are counted on a match-only query (no exact, lead or proximity clauses): it must
    match exactly what the ranked query matches, or the counts would disagree with the total."""
    from newsdig.search.compiler import compile_query
    from newsdig.search.engine import match_only
    from newsdig.search.facets import collect_facets
    from newsdig.search.parser import parse_query
    from newsdig.search.profiles import get_profile

    tantivy_searcher, schema = searcher.snapshot()
    checked = 0
    for text in QUERIES:
        for profile in (get_profile("tuned"), get_profile("bm25")):
            parsed = parse_query(text)
            ranked = compile_query(parsed, schema, tantivy_searcher, profile)
            counted = compile_query(parsed, schema, tantivy_searcher, match_only(profile))
            assert (ranked is None) == (counted is None), text
            if ranked is None or counted is None:
                continue
            total = tantivy_searcher.search(ranked.query, 1, count=True).count
            assert tantivy_searcher.search(counted.query, 1, count=True).count == total, text
            expected = collect_facets(tantivy_searcher, ranked.query)
            assert collect_facets(tantivy_searcher, counted.query) == expected, text
            checked += total > 0
        result = searcher.search(text)
        assert sum(count for _, count in result.facets["language"]) == result.total or not result.total
    assert checked >= 20


def test_facets_counted_beside_the_ranking_agree_under_concurrent_queries(searcher: Searcher) -> None:
    """Facets are walked on a pool thread while the ranking runs: many readers at once must each
    get the counts of their own query."""
    from concurrent.futures import ThreadPoolExecutor

    alone = {}
    for text in QUERIES:
        searcher.clear_cache()
        alone[text] = searcher.search(text).facets
    searcher.clear_cache()
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda text: (text, searcher.search(text).facets), QUERIES * 4))
    assert all(facets == alone[text] for text, facets in together)
    assert sum(bool(f["source"]) for f in alone.values()) >= 10
