"""Did you mean: respelling unknown query words on real indexes (the corpus and the fixture site)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import tantivy
from search_corpus import NOW

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search import Searcher, parse_query
from newsdig.search.suggest import MAX_WORDS, PREFIX_SCAN_LIMIT, correct_word, edit_distance, suggest
from tests.support import FIXTURES


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    """The fixture news site and plain-text captures, imported like `newsdig add` does."""
    home = Home(tmp_path_factory.mktemp("suggest-home"))
    add_paths(home, [str(FIXTURES / "site"), str(FIXTURES / "text")])
    yield Searcher(home.index_dir)


def suggestion(searcher: Searcher, query: str) -> str | None:
    return searcher.search(query, now=NOW).suggestion


def test_typos_are_respelled(searcher: Searcher, site: Searcher) -> None:
    assert suggestion(site, "dokworkers") == "dockworkers"
    assert suggestion(searcher, "gerasimv heroism") == "gerasimov heroism"
    assert suggestion(searcher, "kremln putin") == "kremlin putin"
    assert suggestion(site, "hospitl wrkers") == "hospital workers"


def test_the_suggestion_finds_what_the_query_did_not(searcher: Searcher, site: Searcher) -> None:
    for engine, query in ((site, "dokworkers"), (searcher, "gerasimv heroism")):
        result = engine.search(query, now=NOW)
        assert result.total == 0 and result.suggestion
        assert engine.search(result.suggestion, now=NOW).total > 0
        assert "suggestion" in result.as_dict()


def test_operators_filters_and_phrases_are_kept(site: Searcher, searcher: Searcher) -> None:
    query = 'dokworkers "wage talks" -ferry site:harborherald.com after:2024'
    assert suggestion(site, query) == 'dockworkers "wage talks" -ferry site:harborherald.com after:2024-01-01'
    assert suggestion(searcher, "witkof OR lagarde") == "witkoff OR lagarde"
    assert suggestion(searcher, 'putin "kremln"') is None  # a quoted word is meant as typed


def test_case_is_kept(searcher: Searcher) -> None:
    assert suggestion(searcher, "Gerasimv") == "Gerasimov"
    assert suggestion(searcher, "GERASIMV") == "GERASIMOV"


def test_no_suggestion_when_nothing_is_wrong_or_nothing_helps(searcher: Searcher) -> None:
    assert suggestion(searcher, "gerasimov") is None  # found: nothing to suggest
    assert suggestion(searcher, "gerasimov witkoff") is None  # real words that never meet
    assert suggestion(searcher, "zzqxjvw") is None  # nothing close
    assert suggestion(searcher, "gerasimv arsenal") is None  # respelled, still finds nothing
    assert suggestion(searcher, "") is None
    assert suggestion(searcher, "-gerasimv") is None  # exclusions are not respelled


def test_short_words_and_numbers_are_left_alone(searcher: Searcher) -> None:
    schema_searcher, _ = searcher.snapshot()
    assert correct_word(schema_searcher, "kiw") is None  # too short to guess (kyiv? kim?)
    assert correct_word(schema_searcher, "20255") is None
    assert correct_word(schema_searcher, "putin") is None  # a known word


def test_two_edits_only_for_long_words(searcher: Searcher) -> None:
    raw, _ = searcher.snapshot()
    assert correct_word(raw, "gerasmiv") == "gerasimov"  # 8 letters, two edits
    assert correct_word(raw, "garasimv") is None  # two edits, one inside the first PREFIX_CHARS
    assert correct_word(raw, "ptun") is None  # 4 letters, two edits from putin: too far


def test_edit_distance() -> None:
    assert edit_distance("kitten", "sitting", 3) == 3
    assert edit_distance("kitten", "sitting", 2) == 3  # over the bound: bound + 1
    assert edit_distance("abcd", "abdc", 2) == 1  # a swap is one edit
    assert edit_distance("", "ab", 2) == 2
    assert edit_distance("same", "same", 1) == 0
    assert edit_distance("ab", "abcde", 2) == 3


class CountingSearcher:
    """A tantivy searcher that counts the dictionary lookups suggest makes."""

    def __init__(self, inner: tantivy.Searcher) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return attr(*args, **kwargs)
        return counted


def test_cost_is_bounded(searcher: Searcher) -> None:
    """A pasted paragraph of unknown words costs at most MAX_WORDS words' worth of lookups."""
    raw, schema = searcher.snapshot()
    counting = CountingSearcher(raw)
    words = " ".join(f"qzxvbnmwrt{chr(97 + i % 26)}" for i in range(60))
    assert suggest(counting, schema, parse_query(words)) is None  # type: ignore[arg-type]
    per_word = (26 + 1) * 2 * 12 + 12  # the one-edit variants of an 11-letter word, generously
    assert counting.calls["doc_freq"] <= MAX_WORDS * (per_word + 2)
    assert counting.calls.get("terms_with_prefix", 0) <= MAX_WORDS
    assert PREFIX_SCAN_LIMIT <= 5000
