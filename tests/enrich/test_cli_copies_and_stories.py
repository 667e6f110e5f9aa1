"""The syndicated-copy and story fixtures through the real CLI (add follows up with enrichment):
search folds the wire copies under one hit, --no-collapse shows them all; `stories` and `story`
give the event across its outlets and days, without the look-alike articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support import FIXTURES, run_cli

SYNDICATED = FIXTURES / "syndicated"
STORIES = FIXTURES / "stories"


def _pages(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("*.html"))]  # not manifest.json


def _canonical(page: Path) -> str:
    match = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert match, page
    return match.group(1)


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def copies_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("copies")
    added = run_cli(home, "add", "--json", *_pages(SYNDICATED), enrich=True).json()
    assert isinstance(added, dict) and added["enrichment"]["copies"] == 3
    return home


def _id_of(home: Path, page: str) -> str:
    found = run_cli(home, "search", "--json", "--no-collapse", "--limit", "50", "spillways OR sandbags OR "
                    "striker OR cycle OR bakery").json()
    assert isinstance(found, dict)
    canonical = {h["url"]: h["id"] for h in found["hits"]}
    html = (SYNDICATED / page).read_text(encoding="utf-8")
    for url, article_id in canonical.items():
        if url in html:
            return article_id
    raise AssertionError(f"{page} is not in the index")


def test_search_folds_wire_copies_and_no_collapse_shows_them(copies_home: Path) -> None:
    folded = run_cli(copies_home, "search", "--json", "Calder dam spillways").json()
    shown = run_cli(copies_home, "search", "--json", "--no-collapse", "Calder dam spillways").json()
    assert isinstance(folded, dict) and isinstance(shown, dict)
    wire = {_id_of(copies_home, page) for page in _manifest(SYNDICATED)["groups"]["calder-dam-wire"]}
    shown_ids = [h["id"] for h in shown["hits"]]
    assert wire <= set(shown_ids) and shown["collapsed"] is False
    folded_wire = [h for h in folded["hits"] if h["id"] in wire]
    assert len(folded_wire) == 1, "one hit stands for the four copies"
    leader = folded_wire[0]
    assert leader["duplicates"] == 3 and set(leader["duplicate_ids"]) == wire - {leader["id"]}
    assert folded["total"] == shown["total"]  # totals count every matching article
    # the same outlet's own reporting of the flood is not a copy: it stays a hit of its own
    sibling = _id_of(copies_home, "courier-holtby-volunteers-race-to-fill-sandbags.html")
    flood = run_cli(copies_home, "search", "--json", "flood OR spillways OR sandbags").json()
    assert isinstance(flood, dict) and sibling in {h["id"] for h in flood["hits"]}


def test_stories_group_the_event_across_outlets_and_days(tmp_path: Path) -> None:
    added = run_cli(tmp_path, "add", "--json", *_pages(STORIES), enrich=True).json()
    assert isinstance(added, dict) and added["enrichment"]["failed"] == 0
    manifest = _manifest(STORIES)
    listed = run_cli(tmp_path, "stories", "--json").json()
    assert isinstance(listed, dict)
    biggest = listed["stories"][0]
    expect = manifest["expect"]["dunmore-explosion"]
    assert biggest["size"] == len(manifest["groups"]["dunmore-explosion"])
    assert biggest["outlets"] == expect["outlets"]
    assert biggest["first_seen"][:10] == expect["first_seen"]
    assert biggest["last_seen"][:10] == expect["last_seen"]
    story = run_cli(tmp_path, "story", "--json", str(biggest["id"])).json()
    assert isinstance(story, dict)
    urls = {a["url"] for a in story["articles"]}
    assert story["label"] in {a["title"] for a in story["articles"]}
    dates = [a["published"] for a in story["articles"]]
    assert dates == sorted(dates), "the timeline runs oldest first"
    # exactly the event's pages; the look-alikes (same town, same industry, same words) stay out
    assert urls == {_canonical(STORIES / page) for page in manifest["groups"]["dunmore-explosion"]}
    assert not urls & {_canonical(STORIES / page) for page in manifest["unrelated"]}
    strike = next(s for s in listed["stories"] if s["size"] == len(manifest["groups"]["rail-strike"]))
    assert strike["outlets"] == manifest["expect"]["rail-strike"]["outlets"]
