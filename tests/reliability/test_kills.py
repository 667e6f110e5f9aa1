"""SIGKILL `newsdig add` and `newsdig crawl` at random points, many times, then let them finish:
every article committed before a kill is still there, nothing is doubled, the index agrees with
the catalog (`newsdig check`), and search finds every article.

The quick versions run in the default suite; the long ones (25 kills on 3,000 pages with
enrichment on, then kills during `newsdig enrich`; 20 kills on a 2,001-article crawl) are marked
slow: `pytest -m slow tests/reliability`. Each writes its figures (section "crash") through
`tests.reliability.records.write_record` when NEWSDIG_RELIABILITY_OUT is set.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdig.search import Searcher
from tests.crawl.sites import GeneratedSite, Host, make_article
from tests.reliability.harness import (
    catalog_ids,
    enriched_ids,
    kill_enrich,
    kill_loop,
    newsdig,
    stderr_tail,
)
from tests.support import run_cli

SEED = int(os.environ.get("NEWSDIG_KILL_SEED", "20261125"))


def write_pages(folder: Path, count: int) -> dict[str, str]:
    """`count` news pages as HTML files; returns token -> canonical URL (one unique word each)."""
    folder.mkdir()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    tokens = {}
    for n in range(count):
        article = make_article(n, f"/news/{n}", start + timedelta(hours=7 * n))
        base = f"https://kill{n % 5}.example.com"
        (folder / f"page-{n:05d}.html").write_text(article.page(base, f"Kill Gazette {n % 5}"),
                                                    encoding="utf-8")
        tokens[article.token] = base + article.path
    return tokens


def assert_whole(home: Path, tokens: dict[str, str]) -> dict[str, object]:
    """The end state: every page once in the catalog and the index, each found by its token."""
    rows = run_cli(home, "export", "--format", "jsonl").stdout.splitlines()
    assert len(rows) == len(tokens)
    check = run_cli(home, "check", "--json").json()
    assert check["ok"] and check["catalog_articles"] == check["index_documents"] == len(tokens), check
    searcher = Searcher(home / "index")
    found = Counter()
    for token in tokens:
        found[searcher.search(token, limit=3).total] += 1
    assert found == {1: len(tokens)}, found
    return check


def _add_pages(tmp_path: Path, pages: int, kills: int, startup_seconds: float, enrich: bool,
               long: bool = False) -> None:
    started = time.monotonic()
    tokens = write_pages(tmp_path / "pages", pages)
    home = tmp_path / "home"
    env = {"NEWSDIG_BATCH_SIZE": "25", "NEWSDIG_INDEX_COMMIT_SECONDS": "1",
           "NEWSDIG_ENRICH": "1" if enrich else "0"}
    report = kill_loop(lambda: newsdig(home, "add", str(tmp_path / "pages"), "--jobs", "2", "-q", **env),
                       home, "add", pages, kills, SEED, startup_seconds)
    assert len(report.kills) >= kills * 0.8, report  # most runs were really killed
    assert len({k.committed for k in report.kills}) >= len(report.kills) // 2  # at different points
    # With enrichment on, the final add leaves it to the enrich phase below, so that its kills
    # land in real work (the kills above hit imports: enrichment only starts after one ends).
    final = newsdig(home, "add", str(tmp_path / "pages"), "-q", **{**env, "NEWSDIG_ENRICH": "0"})
    assert final.wait(timeout=900) == 0, stderr_tail(home)
    check = assert_whole(home, tokens)
    extra: dict[str, object] = {}
    if enrich:
        extra = _enrich_after_kills(home, tokens)
    report.final_articles = check["catalog_articles"]
    report.write(f"kill-add-{pages}", f"SIGKILL during newsdig add ({pages:,} pages"
                 + (", enrichment on) and newsdig enrich" if enrich else ")"),
                 ["SIGKILL at start-up (opening the home, catching the index up)",
                  "SIGKILL mid-import, after a random number of committed articles",
                  "restart after every kill, then a final run to the end"]
                 + (["SIGKILL during newsdig enrich (model loading, mid-batch), then enrich to the end"]
                    if enrich else []),
                 {"enrich": enrich, "duplicates": check["duplicated"], **extra,
                  "wall seconds": round(time.monotonic() - started, 1), "check": check}, long=long)


ENRICH_KILLS = 6


def _enrich_after_kills(home: Path, tokens: dict[str, str]) -> dict[str, object]:
    """Kill `newsdig enrich` a few times, then let it finish: every article enriched once, none
    failed, nothing left pending, and the index (which carries enrichment) still agrees."""
    # Small enrich batches (200 by default) so that kills land between commits, as for add.
    env = {"NEWSDIG_ENRICH": "1", "NEWSDIG_ENRICH_BATCH": "25"}
    pending = len(tokens) - len(enriched_ids(home))
    # Should an add killed above have enriched everything already, redo it all (--all) under the kills.
    args = ("enrich", "-q") if pending else ("enrich", "--all", "-q")
    kills = kill_enrich(home, args, ENRICH_KILLS, SEED, most_seconds=30.0, **env)
    final = newsdig(home, "enrich", "-q", **env)
    assert final.wait(timeout=1800) == 0, stderr_tail(home)
    again = run_cli(home, "enrich", "--json", enrich=True).json()
    assert again["pending"] == 0 and again["failed"] == 0, again
    assert len(enriched_ids(home)) == len(tokens)
    doubled = _doubled_quotes(home)
    assert doubled == 0
    assert_whole(home, tokens)
    return {"pending enrichment before the enrich kills": pending, "enrich kills survived": len(kills),
            "articles enriched at enrich kills": [kill.committed for kill in kills],
            "enriched at the end": len(enriched_ids(home)), "doubled quotes": doubled}


def _doubled_quotes(home: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM quotes GROUP BY article_id, seq "
                                "HAVING COUNT(*) > 1)").fetchone()[0])
    finally:
        conn.close()


def test_add_survives_kills_at_random_points(tmp_path: Path) -> None:
    _add_pages(tmp_path, pages=800, kills=6, startup_seconds=1.5, enrich=False)


@pytest.mark.slow
def test_add_survives_twenty_five_kills_on_three_thousand_pages(tmp_path: Path) -> None:
    _add_pages(tmp_path, pages=3000, kills=25, startup_seconds=3.0, enrich=True, long=True)


def _crawl_sites(hosts: list[Host], count: int, per_host: int) -> list[GeneratedSite]:
    sites = []
    for n in range(count):
        host = Host(f"k{n}")
        hosts.append(host)
        sites.append(GeneratedSite(host, per_host, latency=0.02))
    return sites


def _crawl(tmp_path: Path, hosts: list[Host], per_host: int, kills: int, startup_seconds: float,
           long: bool = False) -> None:
    started = time.monotonic()
    sites = _crawl_sites(hosts, 3, per_host)
    home = tmp_path / "home"
    for site in sites:
        run_cli(home, "source", "add", site.host.base + "/", "--allow-private")
    total = 3 * per_host
    args = ("crawl", "--once", "--allow-private", "--delay", "0.02", "--json")
    env = {"NEWSDIG_ENRICH": "0"}
    report = kill_loop(lambda: newsdig(home, *args, **env), home, "crawl", total, kills, SEED,
                       startup_seconds)
    assert len(report.kills) >= kills * 0.8, report
    final = newsdig(home, *args, **env)
    assert final.wait(timeout=900) == 0, stderr_tail(home)
    tokens = {site.token(n): site.host.base + path for site in sites for n, path in enumerate(site.paths)}
    check = assert_whole(home, tokens)
    stored = Counter(url for url in _canonical_urls(home))
    assert all(n == 1 for n in stored.values())
    report.final_articles = check["catalog_articles"]
    report.write(f"kill-crawl-{total}",
                 f"SIGKILL during newsdig crawl ({total:,} articles on 3 loopback sites)",
                 ["SIGKILL at start-up (refreshing feeds and sitemaps)",
                  "SIGKILL mid-crawl, after a random number of committed articles",
                  "restart after every kill, then a final crawl to the end"],
                 {"duplicates": check["duplicated"] + sum(n - 1 for n in stored.values()),
                  "wall seconds": round(time.monotonic() - started, 1), "check": check}, long=long)


def _canonical_urls(home: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT canonical_url FROM articles")]
    finally:
        conn.close()


def test_crawl_survives_kills_at_random_points(tmp_path: Path, hosts: list[Host]) -> None:
    _crawl(tmp_path, hosts, per_host=40, kills=5, startup_seconds=1.5)


@pytest.mark.slow
def test_crawl_survives_twenty_kills_on_two_thousand_articles(tmp_path: Path, hosts: list[Host]) -> None:
    _crawl(tmp_path, hosts, per_host=667, kills=20, startup_seconds=2.0, long=True)


def test_the_harness_notices_a_lost_article(tmp_path: Path) -> None:
    """The harness itself must be able to fail: delete a committed article between two runs."""
    import sqlite3

    tokens = write_pages(tmp_path / "pages", 60)
    home = tmp_path / "home"
    done = newsdig(home, "add", str(tmp_path / "pages"), "-q", NEWSDIG_ENRICH="0")
    assert done.wait(timeout=300) == 0, stderr_tail(home)
    assert len(catalog_ids(home)) == len(tokens)
    conn = sqlite3.connect(home / "catalog.sqlite")
    with conn:
        conn.execute("DELETE FROM articles WHERE id = (SELECT MIN(id) FROM articles)")
    conn.close()
    with pytest.raises(AssertionError):
        assert_whole(home, tokens)
