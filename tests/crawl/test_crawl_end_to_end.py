"""The crawler end to end over real HTTP on 127.0.0.1: discovery, politeness, robots, retries,
rejections, redirects, conditional GET, --since and SSRF refusal.

One module-scoped scenario runs `source add` x2, then `crawl` twice, snapshotting the servers'
request logs after each step; the tests below each assert one property of that run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.crawl.conftest import catalog_rows, loopback2_available
from tests.crawl.sites import Host, LoggedRequest, NewsSite, Response, SecondSite, spacing
from tests.support import CliResult, run_cli

DELAY = 0.2  # --delay
CRAWL_DELAY = 0.3  # robots.txt Crawl-delay of the main site
TOLERANCE = 0.05  # seconds of slack on measured spacing (server-side arrival times)


@dataclass
class Scenario:
    home: Path
    main: Host
    second: Host
    site: NewsSite
    gazette: SecondSite
    add_main: CliResult
    add_second: CliResult
    add_log: list[LoggedRequest]
    crawl1: dict
    log1: dict[str, list[LoggedRequest]]
    crawl2: dict
    log2: dict[str, list[LoggedRequest]]


def _snapshot(*hosts: Host) -> dict[str, list[LoggedRequest]]:
    taken = {h.label: h.requests(method=None) for h in hosts}
    for h in hosts:
        h.clear_log()
    return taken


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("crawl-e2e") / "home"
    main, second = Host("main"), Host("second")
    try:
        site = NewsSite(main, crawl_delay=CRAWL_DELAY)
        gazette = SecondSite(second)
        add_main = run_cli(
            home, "source", "add", main.base + "/", "--name", "Fixture Daily", "--allow-private", "--json"
        )
        add_second = run_cli(
            home,
            "source",
            "add",
            second.url(SecondSite.FEED),
            "--name",
            "Second Gazette",
            "--allow-private",
            "--json",
        )
        add_log = [e for entries in _snapshot(main, second).values() for e in entries]
        crawl1 = run_cli(home, "crawl", "--once", "--allow-private", "--delay", str(DELAY), "--json").json()
        log1 = _snapshot(main, second)
        crawl2 = run_cli(home, "crawl", "--once", "--allow-private", "--delay", str(DELAY), "--json").json()
        log2 = _snapshot(main, second)
        yield Scenario(
            home, main, second, site, gazette, add_main, add_second, add_log, crawl1, log1, crawl2, log2
        )
    finally:
        main.close()
        second.close()


def _paths(entries: list[LoggedRequest]) -> list[str]:
    return [e.bare_path for e in entries if e.method == "GET"]


def _expected_urls(s: Scenario) -> set[str]:
    return {s.main.url(p) for p in s.site.all_stored_paths()} | {
        s.second.url(a.path) for a in s.gazette.articles
    }


# -- discovery --------------------------------------------------------------------------------


def test_source_add_discovers_feed_and_sitemaps(scenario: Scenario) -> None:
    s = scenario
    assert s.main.url(NewsSite.FEED) in s.add_main.stdout, s.add_main.stdout
    assert s.main.url(NewsSite.INDEX) in s.add_main.stdout, s.add_main.stdout
    endpoints = dict(catalog_rows(s.home, "SELECT url, kind FROM endpoints"))
    assert endpoints.get(s.main.url(NewsSite.FEED)) == "feed", endpoints
    assert s.main.url(NewsSite.INDEX) in endpoints, endpoints
    assert endpoints.get(s.second.url(SecondSite.FEED)) == "feed", endpoints
    # the index's children are tracked too (their validators make the next crawl conditional)
    assert {s.main.url(NewsSite.NEWS_SITEMAP), s.main.url(NewsSite.GZ_SITEMAP)} <= set(endpoints), endpoints
    listed = run_cli(s.home, "source", "list", "--json").stdout
    assert "Fixture Daily" in listed and "Second Gazette" in listed, listed


# -- what got stored --------------------------------------------------------------------------


def test_crawl_stores_expected_articles_and_they_are_searchable(scenario: Scenario) -> None:
    s = scenario
    stored = {row[0] for row in catalog_rows(s.home, "SELECT canonical_url FROM articles")}
    expected = _expected_urls(s)
    assert stored == expected, f"missing {sorted(expected - stored)}; unexpected {sorted(stored - expected)}"
    assert s.crawl1["new_articles"] == len(expected), s.crawl1
    for article in (
        s.site.articles[0],
        s.site.articles[-1],
        s.site.specials[NewsSite.SLOW],
        s.gazette.articles[1],
    ):
        hits = run_cli(s.home, "search", article.token, "--json").json()
        assert hits["total"] == 1, (article.path, hits)


def test_robots_txt_disallow_is_obeyed(scenario: Scenario) -> None:
    s = scenario
    everything = s.add_log + [e for log in (s.log1, s.log2) for entries in log.values() for e in entries]
    assert any(e.bare_path == "/robots.txt" for e in everything), "robots.txt never fetched"
    assert not [e.path for e in everything if e.bare_path.startswith("/private/")]


def test_each_url_fetched_at_most_once(scenario: Scenario) -> None:
    s = scenario
    counts = Counter(_paths(s.log1["main"]) + _paths(s.log1["second"]))
    retried = {NewsSite.FLAKY: 2, NewsSite.LIMITED: 2}
    # robots.txt is exempt: the sitemap refresh and the politeness layer each read it (2 GETs
    # per crawl at the time of writing; wasteful, not wrong)
    doubled = {p: n for p, n in counts.items() if n > retried.get(p, 1) and p != "/robots.txt"}
    assert not doubled, f"fetched more than once in one crawl: {doubled}"
    # feed links carry ?utm_source=...: normalised to the sitemap's URL, fetched once (above)
    assert counts[s.site.articles[0].path] == 1


def test_requests_to_one_host_are_spaced_by_the_delay(scenario: Scenario) -> None:
    """Every request counts, redirect hops included (robots.txt, read before the first page, aside)."""
    s = scenario
    problems = []
    for label, minimum in (("main", CRAWL_DELAY), ("second", DELAY)):
        entries = [e for e in s.log1[label] if e.bare_path != "/robots.txt"]
        assert len(entries) > 3, label
        short = [
            (round(gap, 3), a.path, b.path) for gap, a, b in spacing(entries) if gap < minimum - TOLERANCE
        ]
        if short:
            problems.append(f"{label}: requests closer than {minimum}s: {short}")
    # per-host concurrency 1: nothing reaches the host while the slow page is being served
    slow = [e for e in s.log1["main"] if e.bare_path == NewsSite.SLOW]
    assert slow, "the slow page was never fetched"
    after = [e.t for e in s.log1["main"] if e.t > slow[0].t]
    if after and min(after) < slow[0].t + 1.5 - TOLERANCE:
        problems.append("a request reached the host while the slow page was still being answered")
    assert not problems, problems


def test_500_then_200_and_429_then_200_are_retried_and_stored(scenario: Scenario) -> None:
    s = scenario
    flaky = [e for e in s.log1["main"] if e.bare_path == NewsSite.FLAKY]
    limited = [e for e in s.log1["main"] if e.bare_path == NewsSite.LIMITED]
    assert [e.status for e in flaky] == [500, 200]
    assert [e.status for e in limited] == [429, 200]
    waited = limited[1].t - limited[0].t
    assert waited >= 1.0 - TOLERANCE, f"retried the 429 after {waited:.3f}s, Retry-After was 1"
    stored = {row[0] for row in catalog_rows(s.home, "SELECT canonical_url FROM articles")}
    assert {s.main.url(NewsSite.FLAKY), s.main.url(NewsSite.LIMITED), s.main.url(NewsSite.SLOW)} <= stored


def test_huge_binary_and_non_html_pages_are_rejected_with_reasons(scenario: Scenario) -> None:
    s = scenario
    rows = {
        url: (state, reason)
        for url, state, reason in catalog_rows(s.home, "SELECT url, state, reason FROM frontier")
    }
    stored = {row[0] for row in catalog_rows(s.home, "SELECT canonical_url FROM articles")}
    for path in s.site.rejected_specials:
        url = s.main.url(path)
        assert url not in stored, path
        state, reason = rows.get(url, (None, None))
        assert state in ("failed", "skipped") and reason, (path, state, reason)
    reasons = Counter({**s.crawl1["skipped"], **s.crawl1["errors"]})
    assert sum(reasons.values()) >= len(s.site.rejected_specials), s.crawl1
    huge_reasons = {rows[s.main.url(p)][1] for p in (NewsSite.HUGE, NewsSite.HUGE_STREAM)}
    binary_reason = rows[s.main.url(NewsSite.BINARY)][1]
    assert binary_reason not in huge_reasons, "a binary page and an oversized page need different reasons"


def test_redirect_is_followed_and_final_url_recorded(scenario: Scenario) -> None:
    s = scenario
    rows = catalog_rows(
        s.home,
        "SELECT state, final_url, article_id FROM frontier WHERE url = ?",
        s.main.url(NewsSite.REDIRECT),
    )
    assert rows, "the redirecting URL has no frontier row"
    state, final_url, article_id = rows[0]
    assert state == "done" and final_url == s.main.url(NewsSite.REDIRECT_TARGET), rows
    canonical = catalog_rows(s.home, "SELECT canonical_url FROM articles WHERE id = ?", article_id)
    assert canonical == [(s.main.url(NewsSite.REDIRECT_TARGET),)]
    counts = Counter(_paths(s.log1["main"]))
    assert counts[NewsSite.REDIRECT] == 1 and counts[NewsSite.REDIRECT_TARGET] == 1, counts


def test_second_crawl_fetches_no_article_and_gets_304_for_feeds(scenario: Scenario) -> None:
    s = scenario
    assert s.crawl2["new_articles"] == 0 and s.crawl2["updated"] == 0, s.crawl2
    article_paths = set(s.site.all_stored_paths()) | set(s.site.specials) | set(s.site.rejected_specials)
    refetched = [p for p in _paths(s.log2["main"]) if p in article_paths]
    refetched += [p for p in _paths(s.log2["second"]) if p.startswith("/story/")]
    assert not refetched, f"the second crawl fetched articles again: {refetched}"
    for label, path, etag in (
        ("main", NewsSite.FEED, s.site.feed_etag),
        ("second", SecondSite.FEED, '"second-v1"'),
    ):
        feed = [e for e in s.log2[label] if e.bare_path == path]
        assert feed, f"{label}: the feed was not fetched again"
        assert feed[0].headers.get("if-none-match") == etag and feed[0].status == 304, feed[0]
    for entry in s.log2["main"]:
        if entry.bare_path in (NewsSite.INDEX, NewsSite.NEWS_SITEMAP):
            assert entry.status == 304, f"sitemap not fetched conditionally: {entry}"
    assert s.crawl2["not_modified"] >= 2, s.crawl2
    stored = catalog_rows(s.home, "SELECT COUNT(*) FROM articles")[0][0]
    assert stored == len(_expected_urls(s))


# -- separate small runs ----------------------------------------------------------------------


def test_since_skips_old_items_before_fetching(tmp_path: Path, hosts: list[Host]) -> None:
    host = Host("since")
    hosts.append(host)
    site = NewsSite(host, articles=12, old=4, crawl_delay=None, specials=False)
    home = tmp_path / "home"
    run_cli(home, "source", "add", host.base + "/", "--allow-private")
    summary = run_cli(
        home, "crawl", "--once", "--allow-private", "--delay", "0", "--since", "2026-01-01", "--json"
    ).json()
    fetched = set(_paths(host.requests()))
    old = {a.path for a in site.old_articles}
    assert not fetched & old, f"old items fetched: {sorted(fetched & old)}"
    stored = {row[0] for row in catalog_rows(home, "SELECT canonical_url FROM articles")}
    assert stored == {host.url(a.path) for a in site.articles if a.path not in old}
    assert sum(summary["skipped"].values()) >= len(old), summary


def test_without_allow_private_loopback_is_refused_clearly(tmp_path: Path, hosts: list[Host]) -> None:
    host = Host("ssrf")
    hosts.append(host)
    site = NewsSite(host, articles=2, crawl_delay=None, specials=False)
    home = tmp_path / "home"
    added = run_cli(home, "source", "add", host.base + "/", check=False)
    assert added.code != 0, added
    assert "--allow-private" in added.stdout + added.stderr, added
    crawled = run_cli(home, "crawl", "--once", "--url", host.url(site.articles[0].path), check=False)
    assert "--allow-private" in crawled.stdout + crawled.stderr, crawled
    assert host.requests(method=None) == [], "a request reached the loopback host"
    assert catalog_rows(home, "SELECT COUNT(*) FROM articles") in ([], [(0,)])


def test_redirect_into_private_range_is_refused(
    tmp_path: Path, hosts: list[Host], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 127.0.0.1 treated as public (as a real site would be), redirects to 127.0.0.2 (a trap
    server that logs any hit), 10.0.0.1 and 169.254.169.254 are refused without a connection."""
    if not loopback2_available():
        pytest.fail("127.0.0.2 is not bindable here; this test needs Linux loopback /8")
    import ipaddress

    from newsdig.acquire import crawler, safety

    trap = Host("trap", bind="127.0.0.2")
    hosts.append(trap)
    site_host = Host("redirector")
    hosts.append(site_host)
    NewsSite(site_host, articles=1, crawl_delay=None, trap_url=trap.url("/admin"))
    site_host.route("/news/to-ten", Response.redirect("http://10.0.0.1/admin", 302))
    real = safety.is_public
    monkeypatch.setattr(safety, "is_public", lambda a: a == ipaddress.ip_address("127.0.0.1") or real(a))

    urls = [
        site_host.url(NewsSite.TO_PRIVATE),
        site_host.url("/news/to-ten"),
        site_host.url(NewsSite.TO_METADATA),
    ]
    home = tmp_path / "home"
    from newsdig.home import Home

    summary = crawler.crawl(Home(home).ensure(), once=True, urls=urls, allow_private=False, delay=0).as_dict()
    assert trap.requests(method=None) == [], "the crawler followed a redirect into 127.0.0.2"
    assert [e.bare_path for e in site_host.requests()].count(NewsSite.TO_PRIVATE) == 1, site_host.log
    rows = {
        u: (state, reason)
        for u, state, reason in catalog_rows(home, "SELECT url, state, reason FROM frontier")
    }
    for url in urls:
        state, reason = rows.get(url, (None, None))
        assert state in ("failed", "skipped") and reason, (url, state, reason)
    assert catalog_rows(home, "SELECT COUNT(*) FROM articles") == [(0,)]
    assert sum(summary["errors"].values()) + sum(summary["skipped"].values()) >= 3, summary


def test_a_redirect_into_another_hosts_disallowed_path_is_not_fetched(tmp_path: Path,
                                                                      hosts: list[Host]) -> None:
    """robots.txt binds the host a redirect lands on, not only the host the link was on."""
    origin, target = Host("origin"), Host("target")
    hosts.extend([origin, target])
    origin.route("/robots.txt", Response.text("User-agent: *\nAllow: /\n"))
    origin.route("/jump", Response.redirect(target.url("/private/memo"), status=302))
    target.route("/robots.txt", Response.text("User-agent: *\nDisallow: /private/\n"))
    target.route("/private/memo", Response.html("<html><body><p>staff only</p></body></html>"))
    home = tmp_path / "home"
    summary = run_cli(home, "crawl", "--once", "--allow-private", "--delay", "0", "--json",
                      "--url", origin.url("/jump")).json()
    assert target.requests("/private/memo") == [], "robots.txt of the redirect target was ignored"
    assert origin.requests("/jump"), "the redirecting page was fetched"
    reasons = {**summary["skipped"], **summary["errors"]}
    assert any("robots" in reason for reason in reasons), summary


def test_crawl_follows_up_with_enrichment(tmp_path: Path, hosts: list[Host]) -> None:
    host = Host("enrich")
    hosts.append(host)
    site = NewsSite(host, articles=6, old=0, crawl_delay=None, specials=False)
    home = tmp_path / "home"
    run_cli(home, "source", "add", host.base + "/", "--allow-private")
    crawl = ("crawl", "--once", "--allow-private", "--delay", "0", "--json")
    summary = run_cli(home, *crawl, enrich=True).json()
    assert isinstance(summary, dict)
    assert summary["new_articles"] == len(site.articles)
    assert summary["enrichment"]["pending"] == len(site.articles)
    assert summary["enrichment"]["failed"] == 0
    statuses = catalog_rows(home, "SELECT status, COUNT(*) FROM enrichment GROUP BY status")
    assert sum(n for _, n in statuses) == len(site.articles)
    again = run_cli(home, *crawl, enrich=True).json()
    assert isinstance(again, dict) and again["enrichment"] is None  # nothing new: nothing to enrich
