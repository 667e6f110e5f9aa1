"""`newsdig demo`: the bundled sample builds a useful home, re-runs are free, templates are gone."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsdig.demo import bind_socket
from tests.support import ROOT, run_cli

SAMPLE = ROOT / "src" / "newsdig" / "sample"
# Site furniture the generated pages carry in four languages; none of it may reach article text.
FURNITURE = ("Previous article", "Next article", "Sign up for our newsletter", "We use cookies",
             "Article précédent", "Nous utilisons des cookies", "Inscrivez-vous à notre newsletter",
             "Vorheriger Artikel", "Wir verwenden Cookies", "Artículo anterior", "Utilizamos cookies",
             "Advertisement", "Most read", "All rights reserved")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    home = tmp_path_factory.mktemp("demo-home")
    result = run_cli(home, "--home", str(home), "demo", "--no-serve", "--json")
    return home, result.json()  # type: ignore[return-value]


def search(home: Path, query: str) -> dict[str, Any]:
    return run_cli(home, "--home", str(home), "search", query, "--json").json()  # type: ignore[return-value]


def test_the_sample_builds_hundreds_of_articles(demo: tuple[Path, dict[str, Any]]) -> None:
    _, data = demo
    assert data["import"]["reused"] is False
    assert data["import"]["added"] >= 300
    overview = data["overview"]
    assert overview["articles"] >= 300
    assert set(overview["languages"]) >= {"en", "fr", "de", "es"}
    assert overview["sources"] >= 6
    assert overview["months"] >= 24
    assert overview["copies"] >= 3  # syndicated wire copies filed as aliases of one article
    assert all(result["total"] > 0 for result in data["searches"])


def test_facets_span_months_sources_and_languages(demo: tuple[Path, dict[str, Any]]) -> None:
    home, _ = demo
    facets = search(home, "strike OR grève OR Streik OR huelga OR storm OR Hochwasser")["facets"]
    assert len(facets["month"]) >= 6
    assert len(facets["source"]) >= 6
    assert len(facets["language"]) >= 3


@pytest.mark.parametrize(("query", "outlets"), [
    ('"Skylark Air"', 8),
    ('"Millbrook Bridge"', 4),
    ("Halcyon satellite", 5),
    ("Zippa drivers", 4),
])
def test_generated_stories_are_told_by_several_outlets(demo: tuple[Path, dict[str, Any]], query: str,
                                                      outlets: int) -> None:
    home, _ = demo
    result = search(home, query)
    assert len(result["facets"]["source"]) >= outlets, result["facets"]["source"]


def test_one_story_in_four_languages(demo: tuple[Path, dict[str, Any]]) -> None:
    home, _ = demo
    languages = {v["value"] for v in search(home, '"Skylark Air"')["facets"]["language"]}
    assert languages == {"en", "fr", "de", "es"}


def test_a_second_run_reuses_the_home(demo: tuple[Path, dict[str, Any]]) -> None:
    home, first = demo
    raw_before = raw_bytes(home)
    again = run_cli(home, "--home", str(home), "demo", "--no-serve", "--json").json()
    assert again["import"]["reused"] is True  # type: ignore[index]
    assert again["import"]["added"] == 0  # type: ignore[index]
    assert again["import"]["seconds"] < 1  # type: ignore[index]
    assert again["overview"]["articles"] == first["overview"]["articles"]  # type: ignore[index]
    assert raw_bytes(home) == raw_before  # no import ran: nothing was archived again


def raw_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in (home / "raw").rglob("*") if p.is_file())


def test_the_home_is_marked_as_sample_data(demo: tuple[Path, dict[str, Any]]) -> None:
    home, _ = demo
    conn = sqlite3.connect(home / "catalog.sqlite")
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'sample%'").fetchall())
    finally:
        conn.close()
    assert meta["sample"] == "1"
    assert len(meta["sample_fingerprint"]) == 32


def test_extraction_removes_the_site_templates(demo: tuple[Path, dict[str, Any]]) -> None:
    home, _ = demo
    exported = run_cli(home, "--home", str(home), "export").stdout
    records = [json.loads(line) for line in exported.splitlines()]
    assert len(records) >= 300
    leaks = [(r["url"], phrase) for r in records for phrase in FURNITURE if phrase in r["text"]]
    assert not leaks, leaks[:5]
    titles_in_text = [r["url"] for r in records if r["text"].startswith(r["title"])]
    assert not titles_in_text, titles_in_text[:5]


def test_quotes_keep_their_speakers(demo: tuple[Path, dict[str, Any]]) -> None:
    home, _ = demo
    exported = run_cli(home, "--home", str(home), "export").stdout
    text = "\n".join(json.loads(line)["text"] for line in exported.splitlines())
    assert "“Every effort was made to find a buyer." in text
    assert "Neil Harrington, the administrator appointed to run Skylark Air" in text
    assert "« Personne ne restera bloqué." in text
    assert "„Niemand wird im Stich gelassen." in text
    assert "denied" in text and "according to" in text


def test_the_committed_sample_matches_its_generator() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_the_sample_stays_small() -> None:
    size = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert size < 3 * 1024 * 1024


def test_a_busy_port_falls_back_to_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        busy = taken.getsockname()[1]
        sock = bind_socket(busy)
        try:
            assert sock.getsockname()[1] not in (busy, 0)
        finally:
            sock.close()


def test_the_demo_is_enriched_stories_and_who_said_what(demo: tuple[Path, dict[str, Any]]) -> None:
    home, data = demo
    overview = data["overview"]
    assert overview["stories"] >= 5 and overview["quotes"] >= 100 and overview["speakers"] >= 30
    enrichment = data["import"]["enrichment"]
    assert enrichment["failed"] == 0 and enrichment["enriched"] >= 250
    gerasimov = next(s for s in data["searches"] if s["query"] == "speaker:Gerasimov Kursk")
    assert gerasimov["total"] >= 1
    story = run_cli(home, "story", "--json", str(overview["top_story"])).json()
    assert isinstance(story, dict) and story["size"] >= 3 and len(story["outlets"]) >= 2
