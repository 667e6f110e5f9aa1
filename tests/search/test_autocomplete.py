"""Search-box autocomplete on a real enriched home: names from any of their words, words by document
frequency (counted with the earlier words), recent stories, operators, and inputs of every kind.

The enriched home is the one test_suggest_entities.py builds (once per session).
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_suggest_entities import enriched_sample_home

from newsdig.catalog.db import connect
from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search import Searcher
from newsdig.search.autocomplete import (
    MAX_LIMIT,
    RECENT_DAYS,
    Completer,
    Completion,
    complete,
    parse_tail,
    recent_stories,
)

KINDS = {"entity", "speaker", "story", "word"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return enriched_sample_home(tmp_path_factory)


def texts(home: Home, query: str, limit: int = 8) -> list[str]:
    return [c.text for c in complete(home, query, limit)]


def test_a_name_completes_from_any_of_its_words(home: Home) -> None:
    first = complete(home, "Gera")[0]
    assert first == Completion("Valery Gerasimov", "entity", first.count) and first.count >= 2
    for typed in ("gera", "GERA", "Géra", "gerasim"):  # case and accents do not matter
        assert texts(home, typed)[0] == "Valery Gerasimov", typed
    assert texts(home, "pyo")[0] == "Pyongyang"
    assert texts(home, "oleksandr sy")[0] == "Oleksandr Syrskyi"


def test_accents_are_optional_both_ways(home: Home) -> None:
    assert texts(home, "lucia")[0] == "Lucía Ferrer"
    assert texts(home, "cecile")[0] == "Cécile Moulin"
    assert texts(home, "valbru")[0] == "Valbrück"
    assert "troisième" in texts(home, "troisie")  # a word, found through the accent-folded stems
    assert "état" in texts(home, "etat") and "état" in texts(home, "état")


def test_earlier_words_are_kept_or_taken_into_the_name(home: Home) -> None:
    assert texts(home, "russia gera")[0] == "russia Valery Gerasimov"
    assert texts(home, "valery ge")[0] == "Valery Gerasimov"  # "valery" is the name's, not kept twice
    assert texts(home, "northwind coun")[0] == "Northwind city council"
    assert texts(home, "north korean troops ku") == ["north korean troops Kursk"]
    # A name the earlier words never meet is not offered after them.
    assert not any("Jonas Keller" in text for text in texts(home, "kim j", 20))


def test_words_rank_by_document_frequency(home: Home) -> None:
    raw, _ = Searcher(home.index_dir).snapshot()
    words = [c for c in complete(home, "wa", MAX_LIMIT) if c.kind == "word"]
    assert len(words) >= 3
    assert [c.count for c in words] == sorted((c.count for c in words), reverse=True)
    for completion in words:
        assert completion.count == raw.doc_freq("text_exact", completion.text)


def test_after_earlier_words_words_are_counted_where_those_words_are(home: Home) -> None:
    alone = {c.text: c.count for c in complete(home, "tro", MAX_LIMIT)}
    after = complete(home, '"north korean tro', MAX_LIMIT)
    assert after[0].text == '"north korean troops"'  # the phrase is completed and closed
    assert after[0].count <= alone["troops"]
    assert texts(home, "skylark a")[0] == "Skylark Air"


def test_operators_shape_the_completion(home: Home) -> None:
    assert texts(home, "-gera")[0] == '-"Valery Gerasimov"'  # an exclusion of the whole name
    assert complete(home, "speaker:gera")[0] == Completion('speaker:"Valery Gerasimov"', "speaker", 2)
    assert texts(home, 'speaker:"valery g') == ['speaker:"Valery Gerasimov"']
    assert {c.kind for c in complete(home, "entity:pyo")} == {"entity"}
    assert texts(home, "entity:pyo")[0] == "entity:Pyongyang"
    assert texts(home, 'intitle:"skylark a')[0] == 'intitle:"Skylark Air"'
    assert texts(home, "site:example.com gera")[0] == "site:example.com Valery Gerasimov"
    for nothing in ("site:bb", "lang:e", "after:20", "before:2025-0", "OR", "gera |", '"closed"',
                    "kursk ", "kursk,", "-", '"', "source:"):
        assert complete(home, nothing) == [], nothing


def test_the_tail_is_read_like_the_parser_reads_it() -> None:
    tail = parse_tail('site:x.org "north korean tro')
    assert tail is not None and tail.context == "phrase" and tail.closer == '"'
    assert [w.text for w in tail.words] == ["north", "korean", "tro"]
    tail = parse_tail("russia -kursk valery ge")
    assert tail is not None and tail.context == "plain" and not tail.whole_query_plain
    assert [w.text for w in tail.words] == ["valery", "ge"]
    tail = parse_tail("speaker:ge")
    assert tail is not None and tail.field == "speaker" and tail.value_start == len("speaker:")
    assert parse_tail("speaker:") is None and parse_tail("") is None


@pytest.mark.parametrize("query", [
    "", " ", "a", "ü", "🚢", "🚢 port 🌊", "x" * 10_000, "gera " * 2000, "a" * 41, '"', "-", ":", "||",
    "\x00", "\u200b", "Ω≈ç√", "东京", "intitle:", "speaker:\"", 'entity:"', "-\"", "OR OR OR", "a:b:c",
    "<script>alert(1)</script>", "' OR 1=1 --", "%", "_", "\\", "*", "gera*", "(gera", "gera)",
])
def test_any_input_is_answered(home: Home, query: str) -> None:
    found = complete(home, query, 8)
    assert len(found) <= 8
    assert all(c.text and c.kind in KINDS and c.count >= 0 for c in found)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80), st.integers(min_value=-5, max_value=50))
def test_never_raises(home: Home, query: str, limit: int) -> None:
    found = complete(home, query, limit)
    assert len(found) <= max(1, min(limit, MAX_LIMIT))


def test_one_letter_and_limits(home: Home) -> None:
    found = complete(home, "s", MAX_LIMIT)
    assert len(found) == MAX_LIMIT and {c.kind for c in found} >= {"entity", "word"}
    assert len(complete(home, "s", 1)) == 1
    assert len(complete(home, "s", 10_000)) == MAX_LIMIT
    assert len({c.text.casefold() for c in found}) == len(found)  # one completion per text


def write_stories(path: Path, rows: list[tuple[str, int, str]]) -> Path:
    conn = connect(path)
    conn.executemany("INSERT INTO stories(label, first_seen, last_seen, size, outlets, updated_at) "
                     "VALUES (?, ?, ?, ?, 1, '2025-01-01')",
                     [(label, seen, seen, size) for label, size, seen in rows])
    conn.commit()
    conn.close()
    return path


def test_stories_are_recent_and_biggest_first(home: Home, tmp_path: Path) -> None:
    catalog = write_stories(tmp_path / "catalog.sqlite", [
        ("Skylark Air collapses, stranding 40,000 passengers", 10, "2025-11-26T16:05:00+00:00"),
        ("Skylark Air cuts routes", 3, "2025-11-20"),
        ("Skylark Air lone report", 1, "2025-11-25"),  # one article: a headline, not a story
        ("Skylark Air founded, thirty years ago", 40, "2025-09-01"),  # bigger, but long over
    ])
    assert [s.label for s in recent_stories(catalog)] == [
        "Skylark Air collapses, stranding 40,000 passengers", "Skylark Air cuts routes"]
    completer = Completer(Searcher(home.index_dir), catalog)
    stories = [c for c in completer.complete("skylark coll", 8) if c.kind == "story"]
    assert stories == [Completion("Skylark Air collapses, stranding 40,000 passengers", "story", 10)]
    assert [c.text for c in completer.complete("sky", 8) if c.kind == "story"] == [
        "Skylark Air collapses, stranding 40,000 passengers", "Skylark Air cuts routes"]
    assert not [c for c in completer.complete("-sky", 8) if c.kind == "story"]  # not as an exclusion
    assert not [c for c in completer.complete("site:x.org sky", 8) if c.kind == "story"]


def test_the_homes_own_recent_stories(home: Home) -> None:
    conn = connect(home.catalog_path, readonly=True)
    try:
        newest = conn.execute("SELECT MAX(last_seen) FROM stories").fetchone()[0]
        rows = conn.execute("SELECT label, size, last_seen FROM stories WHERE size >= 2 ORDER BY size DESC")
        stories = [tuple(r) for r in rows]
    finally:
        conn.close()
    recent = [s for s in stories if s[2][:10] >= _days_before(newest, RECENT_DAYS)]
    assert [s.label for s in recent_stories(home.catalog_path)] == [s[0] for s in recent]
    for label, size, _ in recent[:3]:
        word = max(label.split(), key=len).strip(",.‘’'\"")
        assert Completion(label, "story", size) in complete(home, word, MAX_LIMIT), (word, label)


def _days_before(day: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day[:10]) - timedelta(days=days)).isoformat()


def test_a_commit_refreshes_the_cached_vocabulary(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    body = ("The harbour board met on Monday to discuss the new ferry timetable and the repairs to the old "
            "quay, which have run late for a month because of the storms along the coast this winter.\n\n"
            "Residents asked for more evening sailings, and the board said it would publish a plan in spring "
            "after talking to the ferry operator and the unions about the crews it would need.")
    first = tmp_path / "one.jsonl"
    first.write_text(json.dumps({"url": "https://a.example.org/one", "title": "Harbour board meets",
                                 "published": "2025-03-03", "text": body, "language": "en"}))
    add_paths(home, [str(first)])
    searcher = Searcher(home.index_dir)
    assert complete(searcher, "zebraf") == []
    assert [c.text for c in complete(searcher, "ferr")] == ["ferry"]
    second = tmp_path / "two.jsonl"
    second.write_text(json.dumps({"url": "https://a.example.org/two", "title": "Zebrafish return",
                                  "published": "2025-03-04", "language": "en",
                                  "text": body.replace("ferry", "zebrafish")}))
    add_paths(home, [str(second)])
    assert complete(searcher, "zebraf") == [Completion("zebrafish", "word", 1)]
    assert complete(searcher, "ferr") == [Completion("ferry", "word", 1)]


def test_a_home_with_no_index_completes_nothing(tmp_path: Path) -> None:
    assert complete(Home(tmp_path / "empty"), "gera") == []


def test_the_cost(home: Home) -> None:
    """Cold: the name table and the first walks (a few ms here); warm: well under a millisecond."""
    queries = ["g", "ge", "ger", "gera", "russia gera", "sk", "skylark a", "valbru", "troisie",
               '"north korean tro', "speaker:gera", "-gera", "e", "northwind coun"]
    searcher = Searcher(home.index_dir)
    completer = Completer(searcher, home.catalog_path)
    started = time.perf_counter()
    for query in queries:
        completer.complete(query, 8)
    cold = (time.perf_counter() - started) * 1000
    warm = []
    for query in queries * 3:
        started = time.perf_counter()
        completer.complete(query, 8)
        warm.append((time.perf_counter() - started) * 1000)
    assert cold < 2000, cold  # ~20 ms here
    assert statistics.median(warm) < 5, warm  # ~0.2 ms here
