"""Source diversity on a real home where one outlet dominates: the default ranking never lets one
outlet take the whole first page while another outlet answers the query, even from deep in the
re-ranked window; a query that picks the outlet (`source:`, `site:`) is not capped.

The home is imported by the real CLI (`newsdig add` of a JSON Lines file written here): one outlet
files many articles on each topic, the others a few weaker ones.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from newsdig.home import Home
from newsdig.search import Searcher
from newsdig.search.profiles import BM25, TUNED
from newsdig.search.ranking import DIVERSITY_PAGE, DIVERSITY_SCAN
from tests.support import run_cli

NOW = datetime(2026, 3, 1, tzinfo=UTC)
GAZETTE, COURIER, TIMES = "Harbour Gazette", "Bay Courier", "Coast Times"
SITES = {GAZETTE: "harbourgazette.com", COURIER: "baycourier.net", TIMES: "coasttimes.org"}
PLACES = ("Port Ellis", "Kingsway", "Millbrook", "Ashford", "Redcliff", "Westgate", "Dunmore", "Elmstead",
          "Carrow", "Fenwick", "Galloway", "Hollins")
THINGS = ("timetable", "fares", "crew", "engines", "pier", "tickets", "schedule", "weather", "repairs")
# More gazette ferry stories than the diversity scan reads: the courier's one is deeper.
FERRY_STORIES = DIVERSITY_SCAN + 6
FILLER = ("The council published its quarterly report on roads, schools, parks, libraries, bins and "
          "street lighting, with figures for each district and a long list of planned works. ")


def _article(outlet: str, slug: str, title: str, text: str, published: str) -> dict[str, str]:
    return {"url": f"https://{SITES[outlet]}/news/{slug}", "title": title, "text": text,
            "published": published, "source": outlet, "language": "en"}


def _articles() -> list[dict[str, str]]:
    rows = []
    for n in range(FERRY_STORIES):
        place, thing = PLACES[n % len(PLACES)], THINGS[n % len(THINGS)]
        rows.append(_article(
            GAZETTE, f"ferry-{n}", f"Ferry {thing} change at {place} pier, notice {n}",
            f"The ferry operator changed the {thing} for the {place} ferry crossing (notice {n}). "
            f"Ferry passengers at {place} should check the ferry board. Notice number {n} of the year "
            f"covers the {thing} of the {place} service only.", f"2026-02-{1 + n % 27:02d}"))
    rows.append(_article(COURIER, "council-report", "Council report lists planned works",
                         FILLER * 6 + "One line mentions the ferry pier paint.", "2025-06-01"))
    for n in range(12):
        place = PLACES[n]
        rows.append(_article(
            GAZETTE, f"lighthouse-{n}", f"Lighthouse keeper at {place} logs storm, entry {n}",
            f"The lighthouse at {place} logged a storm (entry {n}). The lighthouse keeper said the "
            f"lighthouse lamp at {place} held all night.", f"2026-02-{1 + n:02d}"))
    for shift, outlet in enumerate((COURIER, TIMES)):
        for n in range(3):
            start = PLACES[3 + n + 3 * shift]
            rows.append(_article(outlet, f"coast-{n}", f"{outlet} coast walk guide: from {start}",
                                 FILLER * (3 + shift) + f"{outlet} walkers pass the old lighthouse on "
                                 f"stage {n} of the path from {start}.", "2025-05-01"))
    return rows


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    root = tmp_path_factory.mktemp("diversity")
    dump = root / "articles.jsonl"
    dump.write_text("".join(json.dumps(row) + "\n" for row in _articles()), encoding="utf-8")
    summary = run_cli(root / "home", "add", str(dump), "--json").json()
    assert isinstance(summary, dict) and summary["added"] == len(_articles()), summary
    return Home(root / "home")


@pytest.fixture(scope="module")
def searcher(home: Home) -> Searcher:
    return Searcher(home.index_dir)


def outlets(searcher: Searcher, query: str, profile: object = TUNED, limit: int = DIVERSITY_PAGE,
            offset: int = 0) -> list[str]:
    return [h.source for h in searcher.search(query, limit, offset, now=NOW, profile=profile).hits]


def test_the_home_is_dominated_by_one_outlet(searcher: Searcher) -> None:
    assert outlets(searcher, "ferry", BM25) == [GAZETTE] * DIVERSITY_PAGE
    assert outlets(searcher, "lighthouse", BM25) == [GAZETTE] * DIVERSITY_PAGE


def test_at_most_the_cap_when_other_outlets_answer(searcher: Searcher) -> None:
    page = Counter(outlets(searcher, "lighthouse"))
    assert page[GAZETTE] == TUNED.source_cap
    assert page[COURIER] + page[TIMES] == DIVERSITY_PAGE - TUNED.source_cap  # 5 of their 6


def test_no_outlet_takes_all_ten_even_when_the_other_is_deep(searcher: Searcher) -> None:
    bm25 = [h.source for h in searcher.search("ferry", FERRY_STORIES + 1, now=NOW, profile=BM25).hits]
    assert bm25.index(COURIER) >= DIVERSITY_SCAN  # beyond what the cap's scan reads
    page = outlets(searcher, "ferry")
    assert len(page) == DIVERSITY_PAGE and page.count(GAZETTE) == DIVERSITY_PAGE - 1
    assert page[-1] == COURIER  # the best other-outlet hit, last on the page


def test_paging_never_repeats_or_skips_a_hit(searcher: Searcher) -> None:
    full = searcher.search("ferry", 100, now=NOW)
    assert full.total == FERRY_STORIES + 1
    pages = [h.id for offset in range(0, full.total, 7)
             for h in searcher.search("ferry", 7, offset, now=NOW).hits]
    assert pages == [h.id for h in full.hits] and len(set(pages)) == full.total


def test_a_query_that_picks_the_outlet_is_not_capped(searcher: Searcher) -> None:
    assert outlets(searcher, f'ferry source:"{GAZETTE}"') == [GAZETTE] * DIVERSITY_PAGE
    assert outlets(searcher, f"lighthouse site:{SITES[GAZETTE]}") == [GAZETTE] * DIVERSITY_PAGE
    # excluding an outlet picks none: still capped, the courier's three fill in, the gazette the rest
    assert Counter(outlets(searcher, f'lighthouse -source:"{TIMES}"')) == {GAZETTE: 7, COURIER: 3}


def test_the_cli_shows_the_capped_page(home: Home) -> None:
    data = run_cli(home.root, "search", "lighthouse", "--json").json()
    assert isinstance(data, dict)
    sources = Counter(hit["source"] for hit in data["hits"][:DIVERSITY_PAGE])
    assert max(sources.values()) <= TUNED.source_cap and len(sources) == 3


def test_the_default_profile_caps_sources() -> None:
    assert 0 < TUNED.source_cap < DIVERSITY_PAGE and BM25.source_cap == 0
