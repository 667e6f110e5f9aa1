"""Being a good guest: robots.txt, one request at a time per host, a delay between them, backoff.

- robots.txt (RFC 9309, parsed by protego) is read once per host and kept in the `hosts` table
  for ROBOTS_TTL; 4xx means "allow all", a 5xx or a network failure "disallow all" for this run
  (not stored, so the next crawl asks again). Its `Crawl-delay` for newsdig raises the host's
  delay (capped at MAX_CRAWL_DELAY).
- Per host one request at a time and at least `delay` seconds between the end of one and the
  start of the next; `next_allowed_at` is stored in `hosts`, so a restart stays polite.
- Across hosts at most `concurrency` requests at once.
- Retries: 429 and 5xx (and network failures) are retried after an exponential backoff, or the
  server's Retry-After when longer, capped at MAX_RETRY_AFTER; after MAX_ATTEMPTS the URL fails.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from newsdig.acquire.fetch import ANY_TYPE, Fetcher, FetchResult, HopRefused
from newsdig.catalog.frontier import host_key

ROBOTS_AGENT = "newsdig"  # the product token robots.txt rules are matched against
ROBOTS_TTL = 24 * 3600.0  # seconds a stored robots.txt is trusted
ROBOTS_RETRY = 30.0  # seconds before an unreadable robots.txt is asked for again (same run)
DEFAULT_DELAY = 1.0  # seconds between two requests to one host
MAX_CRAWL_DELAY = 60.0  # a larger robots.txt Crawl-delay is capped (one page a minute is slow enough)
BACKOFF_BASE = 2.0  # seconds before the first retry; doubled each attempt
MAX_RETRY_AFTER = 3600.0  # never wait longer than this for one URL or host
MAX_ATTEMPTS = 3  # fetches of one URL before it is given up
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), capped; None
    when absent or unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    now = time.time() if now is None else now
    return min(max(0.0, when.timestamp() - now), MAX_RETRY_AFTER)


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds before retry number `attempt` (1-based): BACKOFF_BASE * 2^(attempt-1), or the
    server's Retry-After when that is longer; capped at MAX_RETRY_AFTER."""
    wait = BACKOFF_BASE * 2 ** max(0, attempt - 1)
    if retry_after is not None:
        wait = max(wait, retry_after)
    return min(wait, MAX_RETRY_AFTER)


def is_retryable(status: int | None) -> bool:
    """429 and 5xx say "later", not "never"."""
    return status is not None and (status == 429 or status >= 500)


class Rules:
    """A host's robots.txt verdicts: parsed rules, or allow/disallow everything."""

    def __init__(self, text: str | None, allow: bool = True, unavailable: bool = False) -> None:
        self._parsed = Protego.parse(text) if text else None
        self._allow = allow
        self.unavailable = unavailable  # robots.txt could not be read (5xx, network): ask again later
        self.checked_at = 0.0

    def allowed(self, url: str) -> bool:
        if self._parsed is None:
            return self._allow
        return bool(self._parsed.can_fetch(url, ROBOTS_AGENT))

    def crawl_delay(self) -> float | None:
        if self._parsed is None:
            return None
        value = self._parsed.crawl_delay(ROBOTS_AGENT)
        return min(float(value), MAX_CRAWL_DELAY) if value else None


class Politeness:
    """Per-host turn-taking, robots.txt and the global concurrency limit, for one crawl."""

    def __init__(self, conn: sqlite3.Connection, *, delay: float = DEFAULT_DELAY, concurrency: int = 8,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.conn = conn
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._global = asyncio.Semaphore(max(1, concurrency))
        self._locks: dict[str, asyncio.Lock] = {}
        self._robot_locks: dict[str, asyncio.Lock] = {}
        self._next: dict[str, float] = {}
        self._rules: dict[str, Rules] = {}
        self._crawl_delay: dict[str, float] = {}

    # -- turn-taking -----------------------------------------------------------------------
    def _load_host(self, host: str) -> None:
        if host in self._next:
            return
        row = self.conn.execute("SELECT next_allowed_at, crawl_delay FROM hosts WHERE host = ?",
                                (host,)).fetchone()
        self._next[host] = float(row["next_allowed_at"]) if row else 0.0
        if row and row["crawl_delay"]:
            self._crawl_delay[host] = float(row["crawl_delay"])

    def host_delay(self, host: str) -> float:
        """Seconds between two requests to `host`: the setting, or robots' Crawl-delay if longer."""
        return max(self.delay, self._crawl_delay.get(host, 0.0))

    def wait_for(self, host: str) -> float:
        """Seconds until `host` may be asked again (0 when it may now)."""
        self._load_host(host)
        return max(0.0, self._next[host] - self._clock())

    def defer(self, host: str, seconds: float) -> None:
        """Keep away from `host` for `seconds` (a 429 or 503 with Retry-After)."""
        self._load_host(host)
        self._set_next(host, max(self._next[host], self._clock() + min(seconds, MAX_RETRY_AFTER)))

    def _set_next(self, host: str, when: float) -> None:
        self._next[host] = when
        self.conn.execute(
            "INSERT INTO hosts (host, next_allowed_at) VALUES (?, ?) "
            "ON CONFLICT(host) DO UPDATE SET next_allowed_at = excluded.next_allowed_at", (host, when))

    async def request(self, fetcher: Fetcher, url: str, **options: Any) -> FetchResult:
        """Fetch `url` when its host's turn comes: one at a time per host, delay between them."""
        host = host_key(url)
        current = [host]  # the host of the hop in progress

        async def before_hop(next_url: str) -> None:
            # robots.txt binds the host a redirect lands on as much as the one linked to
            verdict = await self.verdict(fetcher, next_url, direct=True)
            if verdict != "allow":
                kind = "robots" if verdict == "disallow" else "robots-unavailable"
                raise HopRefused(f"{kind}: redirect to {next_url} not allowed by its robots.txt")
            # a redirect hop is one more request: space it like any other (without taking the
            # other host's lock, which could deadlock two hosts redirecting to each other)
            self._set_next(current[0], self._clock() + self.host_delay(current[0]))
            current[0] = host_key(next_url)
            while (wait := self.wait_for(current[0])) > 0:
                await self._sleep(wait)

        async with self._locks.setdefault(host, asyncio.Lock()):
            while (wait := self.wait_for(host)) > 0:
                await self._sleep(wait)
            async with self._global:
                try:
                    return await fetcher.fetch(url, before_hop=before_hop, **options)
                finally:
                    self._set_next(current[0], self._clock() + self.host_delay(current[0]))

    # -- robots.txt ------------------------------------------------------------------------
    async def verdict(self, fetcher: Fetcher, url: str, direct: bool = False) -> str:
        """"allow", "disallow" (robots.txt says so) or "unavailable" (robots.txt unreadable:
        nothing may be fetched from the host now, try again later).

        `direct` fetches a missing robots.txt outside the per-host scheduling: a redirect hop
        asks from inside a request that holds the scheduling locks, and waiting on them there
        would deadlock.
        """
        host = host_key(url)
        known = self._rules.get(host)
        if known is not None and known.unavailable and self._clock() >= known.checked_at + ROBOTS_RETRY:
            del self._rules[host]  # ask the struggling server again
        if host not in self._rules:
            async with self._robot_locks.setdefault(host, asyncio.Lock()):
                if host not in self._rules:
                    self._rules[host] = await self._load_rules(fetcher, url, host, direct)
        rules = self._rules[host]
        if rules.unavailable:
            return "unavailable"
        return "allow" if rules.allowed(url) else "disallow"

    async def allowed(self, fetcher: Fetcher, url: str) -> bool:
        """What `url`'s host's robots.txt says for newsdig (fetched or read from the catalog)."""
        return await self.verdict(fetcher, url) == "allow"

    async def _load_rules(self, fetcher: Fetcher, url: str, host: str, direct: bool = False) -> Rules:
        row = self.conn.execute("SELECT robots_txt, robots_fetched_at FROM hosts WHERE host = ?",
                                (host,)).fetchone()
        if row and row["robots_fetched_at"] and self._clock() - row["robots_fetched_at"] < ROBOTS_TTL:
            return self._remember(host, Rules(row["robots_txt"]))
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        if direct:
            result = await fetcher.fetch(robots_url, accept_types=(ANY_TYPE,))
        else:
            result = await self.request(fetcher, robots_url, accept_types=(ANY_TYPE,))
        if result.error and result.error.startswith(("unsafe", "redirect to")):
            return Rules(None, allow=True)  # the page fetch reports the refusal itself
        if result.error is None and result.status is not None and 400 <= result.status < 500:
            text = ""  # no robots.txt: everything is allowed
        elif result.ok:
            text = result.body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
        else:  # 5xx, too large, network trouble: assume everything is disallowed, ask next run
            rules = Rules(None, allow=False, unavailable=True)
            rules.checked_at = self._clock()
            return rules
        rules = Rules(text)
        self.conn.execute(
            "INSERT INTO hosts (host, robots_txt, robots_fetched_at, crawl_delay) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(host) DO UPDATE SET robots_txt = excluded.robots_txt, "
            "robots_fetched_at = excluded.robots_fetched_at, crawl_delay = excluded.crawl_delay",
            (host, text, self._clock(), rules.crawl_delay()))
        return self._remember(host, rules)

    def _remember(self, host: str, rules: Rules) -> Rules:
        delay = rules.crawl_delay()
        if delay:
            self._crawl_delay[host] = delay
        else:
            self._crawl_delay.pop(host, None)
        return rules


class PoliteFetcher:
    """The Fetcher contract with politeness in front (robots, turns): what discovery is given."""

    def __init__(self, politeness: Politeness, fetcher: Fetcher) -> None:
        self.politeness = politeness
        self.fetcher = fetcher

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept_types: tuple[str, ...] | None = None) -> FetchResult:
        verdict = await self.politeness.verdict(self.fetcher, url)
        if verdict != "allow":
            error = "robots" if verdict == "disallow" else "network: robots.txt unavailable"
            return FetchResult(url=url, final_url=url, status=None, error=error)
        options: dict[str, Any] = {"etag": etag, "last_modified": last_modified}
        if accept_types is not None:
            options["accept_types"] = accept_types
        return await self.politeness.request(self.fetcher, url, **options)
