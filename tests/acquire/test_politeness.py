"""Politeness: Retry-After, backoff, robots.txt cached in the catalog, per-host turns."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from newsdig.acquire import politeness as polite
from newsdig.acquire.fetch import FetchResult
from newsdig.acquire.politeness import PoliteFetcher, Politeness, backoff, parse_retry_after
from newsdig.catalog.db import connect

NOW = 1_800_000_000.0


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(" 0 ") == 0
    assert parse_retry_after("86400") == polite.MAX_RETRY_AFTER
    assert parse_retry_after(formatdate(NOW + 30, usegmt=True), now=NOW) == pytest.approx(30)
    assert parse_retry_after(formatdate(NOW - 30, usegmt=True), now=NOW) == 0
    assert parse_retry_after(formatdate(NOW + 10 * 86400, usegmt=True), now=NOW) == polite.MAX_RETRY_AFTER
    for unreadable in (None, "", "soon", "-5", "1.5"):
        assert parse_retry_after(unreadable, now=NOW) is None


def test_backoff_doubles_and_honours_retry_after() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert backoff(1, retry_after=30) == 30
    assert backoff(3, retry_after=1) == 8
    assert backoff(40) == polite.MAX_RETRY_AFTER
    assert polite.is_retryable(429) and polite.is_retryable(503) and not polite.is_retryable(404)
    assert not polite.is_retryable(None)


class FakeFetcher:
    """Answers from a table; records (time, url) of every request."""

    def __init__(self, answers: dict[str, tuple[int | None, bytes]], clock=time.monotonic) -> None:
        self.answers = answers
        self.calls: list[tuple[float, str]] = []
        self.clock = clock

    async def fetch(self, url: str, **options: object) -> FetchResult:
        self.calls.append((self.clock(), url))
        await asyncio.sleep(0.01)
        status, body = self.answers.get(url.split("/", 3)[-1], (404, b""))
        if status is None:
            return FetchResult(url, url, None, error="network: refused")
        return FetchResult(url, url, status, {}, body)


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "catalog.sqlite")


ROBOTS = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"


def test_robots_is_obeyed_cached_in_the_catalog_and_refreshed_after_a_day(conn: sqlite3.Connection) -> None:
    clock = [NOW]
    fetcher = FakeFetcher({"robots.txt": (200, ROBOTS)})

    async def verdicts(p: Politeness) -> list[bool]:
        return [await p.allowed(fetcher, "http://a.example/news/1"),
                await p.allowed(fetcher, "http://a.example/private/x"),
                await p.allowed(fetcher, "http://a.example/news/2")]

    def fresh() -> Politeness:
        return Politeness(conn, delay=0, clock=lambda: clock[0], sleep=_no_sleep(clock))

    first = fresh()
    assert asyncio.run(verdicts(first)) == [True, False, True]
    assert len(fetcher.calls) == 1 and fetcher.calls[0][1] == "http://a.example/robots.txt"
    assert first.host_delay("a.example") == 3  # Crawl-delay beats the smaller setting
    row = conn.execute("SELECT * FROM hosts WHERE host = 'a.example'").fetchone()
    assert row["robots_txt"] == ROBOTS.decode() and row["crawl_delay"] == 3

    second = fresh()  # a new crawl: robots.txt comes from the catalog
    assert asyncio.run(verdicts(second)) == [True, False, True]
    assert len(fetcher.calls) == 1
    assert second.host_delay("a.example") == 3

    clock[0] += polite.ROBOTS_TTL + 1
    assert asyncio.run(verdicts(fresh())) == [True, False, True]
    assert len(fetcher.calls) == 2


def _no_sleep(clock: list[float]):
    async def sleep(seconds: float) -> None:
        clock[0] += seconds
    return sleep


def test_missing_robots_allows_all_and_a_broken_one_means_try_later(conn: sqlite3.Connection) -> None:
    clock = [NOW]
    fetcher = FakeFetcher({"robots.txt": (404, b"")})
    p = Politeness(conn, delay=0, clock=lambda: clock[0], sleep=_no_sleep(clock))
    assert asyncio.run(p.verdict(fetcher, "http://a.example/x")) == "allow"

    broken = FakeFetcher({"robots.txt": (503, b"")})
    assert asyncio.run(p.verdict(broken, "http://b.example/x")) == "unavailable"
    assert conn.execute("SELECT robots_fetched_at FROM hosts WHERE host = 'b.example'").fetchone()[0] is None
    assert asyncio.run(p.verdict(broken, "http://b.example/y")) == "unavailable"
    assert len(broken.calls) == 1  # remembered for a while …
    clock[0] += polite.ROBOTS_RETRY + 1
    broken.answers["robots.txt"] = (200, b"User-agent: *\nDisallow:\n")
    assert asyncio.run(p.verdict(broken, "http://b.example/y")) == "allow"  # … then asked again

    down = FakeFetcher({"robots.txt": (None, b"")})
    assert asyncio.run(p.verdict(down, "http://c.example/x")) == "unavailable"


def test_one_request_at_a_time_per_host_with_the_delay_between(conn: sqlite3.Connection) -> None:
    fetcher = FakeFetcher({})
    p = Politeness(conn, delay=0.2, concurrency=8)
    urls = [f"http://{host}/a{n}" for n in range(3) for host in ("a.example", "b.example:8080")]

    async def go() -> None:
        await asyncio.gather(*(p.request(fetcher, url) for url in urls))

    started = time.monotonic()
    asyncio.run(go())
    elapsed = time.monotonic() - started
    for host in ("a.example", "b.example:8080"):
        times = [t for t, url in fetcher.calls if f"//{host}/" in url]
        assert len(times) == 3
        assert min(b - a for a, b in itertools.pairwise(times)) >= 0.2
    assert elapsed < 0.9  # the two hosts went side by side
    stored = conn.execute("SELECT next_allowed_at FROM hosts WHERE host = 'a.example'").fetchone()[0]
    assert stored > time.time()  # persisted: a restarted crawl waits its turn too

    again = Politeness(conn, delay=0.2)
    assert 0 < again.wait_for("a.example") <= 0.2


def test_global_concurrency_is_limited(conn: sqlite3.Connection) -> None:
    active = [0, 0]

    class Counting(FakeFetcher):
        async def fetch(self, url: str, **options: object) -> FetchResult:
            active[0] += 1
            active[1] = max(active[1], active[0])
            await asyncio.sleep(0.05)
            active[0] -= 1
            return FetchResult(url, url, 200, {}, b"")

    p = Politeness(conn, delay=0, concurrency=3)

    async def go() -> None:
        fetcher = Counting({})
        await asyncio.gather(*(p.request(fetcher, f"http://h{n}.example/") for n in range(10)))

    asyncio.run(go())
    assert active[1] == 3


def test_defer_keeps_away_from_a_host(conn: sqlite3.Connection) -> None:
    clock = [NOW]
    p = Politeness(conn, delay=1, clock=lambda: clock[0])
    p.defer("a.example", 120)
    assert p.wait_for("a.example") == 120
    p.defer("a.example", 10)  # a shorter request never shortens the wait
    assert p.wait_for("a.example") == 120


def test_the_polite_fetcher_refuses_what_robots_disallows(conn: sqlite3.Connection) -> None:
    fetcher = FakeFetcher({"robots.txt": (200, ROBOTS), "news/1": (200, b"<p>hi</p>")})
    p = Politeness(conn, delay=0)
    wrapped = PoliteFetcher(p, fetcher)  # type: ignore[arg-type]
    assert asyncio.run(wrapped.fetch("http://a.example/private/x")).error == "robots"
    assert asyncio.run(wrapped.fetch("http://a.example/news/1")).ok


def test_redirect_hops_are_spaced_like_requests(conn: sqlite3.Connection) -> None:
    class Redirecting(FakeFetcher):
        async def fetch(self, url: str, **options: object) -> FetchResult:
            if url.endswith("/robots.txt"):  # the hop's robots check: none here, all allowed
                return FetchResult(url, url, 404, {}, b"")
            self.calls.append((time.monotonic(), url))
            await options["before_hop"]("http://a.example/final")  # type: ignore[operator]
            self.calls.append((time.monotonic(), "http://a.example/final"))
            return FetchResult(url, "http://a.example/final", 200, {}, b"")

    fetcher = Redirecting({})
    asyncio.run(Politeness(conn, delay=0.2).request(fetcher, "http://a.example/old"))
    (first, _), (second, _) = fetcher.calls
    assert second - first >= 0.2
