"""`newsdig crawl`: refresh the sources, then drain the frontier politely into the catalog.

Everything runs in the main thread. An asyncio scheduler keeps one worker per host fetching its
due URLs (politeness.py spaces them and caps global concurrency); whenever the event loop hands
control back, finished fetches go to one Ingestor (raw WARC first, then extraction and the
catalog). A URL's frontier row is marked done in the same catalog transaction as the article it
produced (`_CrawlIngestor.take`), and each batch of finished fetches is committed before the
event loop runs again, so before that host's next request: a crawl killed at any point resumes
where it stopped, an article is never stored while its URL stays queued (nor the reverse), and
only the pages in flight at the kill (at most one per host) are fetched again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsdig.acquire import politeness as polite
from newsdig.acquire.fetch import Fetcher, FetchResult
from newsdig.acquire.safety import check_url
from newsdig.catalog import frontier
from newsdig.errors import HomeError, InputError, write_failure_hint
from newsdig.extract.urls import normalise_url
from newsdig.home import Home, writer_lock
from newsdig.ingest import Ingestor
from newsdig.models import Article, Capture, Rejection
from newsdig.pool import ExtractJob

DELAY_ENV = "NEWSDIG_CRAWL_DELAY"  # seconds between requests to one host (default 1.0)
BATCH_URLS = 200  # due URLs handed to host workers per look at the frontier (at most)
REFILL_SECONDS = 1.0  # the scheduler looks at the frontier at least this often
IDLE_SECONDS = 0.5  # the main thread looks in at least this often while nothing arrives
INDEX_SECONDS = 2.0  # the search index catches up with the catalog at least this often
ONCE_WAIT = 60.0  # --once waits this long for retries and busy hosts; later ones wait for the next crawl
HTML_TYPES = ("text/html", "application/xhtml+xml")
ORIGIN_PREFIX = "crawl:"


@dataclass
class CrawlProgress:
    """A snapshot for the live display."""

    fetched: int
    new_articles: int
    updated: int
    errors: int
    skipped: int
    queued: dict[str, int]  # per host
    current: str | None = None


@dataclass
class CrawlSummary:
    fetched: int = 0
    new_articles: int = 0
    updated: int = 0
    not_modified: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    hosts: int = 0
    duplicates: int = 0
    enqueued: int = 0
    sources: int = 0
    queued: int = 0  # left on the frontier
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {"fetched": self.fetched, "new_articles": self.new_articles, "updated": self.updated,
                "duplicates": self.duplicates, "not_modified": self.not_modified,
                "skipped": dict(self.skipped), "errors": dict(self.errors), "hosts": self.hosts,
                "enqueued": self.enqueued, "sources": self.sources, "queued": self.queued,
                "seconds": round(self.seconds, 2)}


def default_delay() -> float:
    return float(os.environ.get(DELAY_ENV, "") or polite.DEFAULT_DELAY)


def parse_every(text: str) -> float:
    """'30s', '15m', '2h', '1d' or plain seconds -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not match or float(match[1]) <= 0:
        raise InputError(f"cannot read the interval {text!r}: use e.g. 30s, 15m, 2h")
    return float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]]


def _check_since(since: str | None) -> str | None:
    if since is None:
        return None
    try:
        return datetime.strptime(since, "%Y-%m-%d").date().isoformat()
    except ValueError as error:
        raise InputError(f"--since must be a date like 2026-01-01, not {since!r}") from error


def _target(url: str, allow_private: bool) -> str:
    """A --url, checked and normalised before anything is stored (UnsafeURL is an InputError)."""
    check_url(url, allow_private)
    normal = normalise_url(url)
    if normal is None:
        raise InputError(f"not an http(s) URL newsdig can crawl: {url!r}")
    return normal


def _older(published: str | None, since: str | None) -> bool:
    return bool(published and since and published[:10] < since)


def _classify(result: FetchResult) -> tuple[str, str]:
    """(action, reason): action is capture, skip, retry or fail."""
    error = result.error
    if error:
        for prefix, action, reason in (("robots-unavailable", "retry", "robots-unavailable"),
                                       ("robots", "skip", "robots"), ("unsafe", "skip", "unsafe"),
                                       ("redirect to", "skip", "unsafe"), ("not-html", "skip", "not-html"),
                                       ("too large", "skip", "too-large"), ("too many", "fail", "redirects"),
                                       ("timeout", "retry", "timeout"), ("dns", "retry", "dns")):
            if error.startswith(prefix):
                return action, reason
        return "retry", "network"
    if result.status == 200:
        return "capture", ""
    if polite.is_retryable(result.status):
        return "retry", f"http-{result.status}"
    return "fail", f"http-{result.status}"


class _CrawlIngestor(Ingestor):
    """An Ingestor that marks each capture's frontier row in the article's own transaction."""

    def __init__(self, home: Home, on_stored: Callable[[ExtractJob, Article | Rejection, bool], None]
                 ) -> None:
        super().__init__(home, jobs=1)
        self._on_stored = on_stored

    def take(self, job: ExtractJob, result: Article | Rejection) -> None:
        added = self.summary.added
        super().take(job, result)
        self._on_stored(job, result, self.summary.added > added)

    def checkpoint(self, index: bool) -> None:
        """Commit what is stored so far: raw flushed first, then the catalog; the index follows
        only when `index` (its commit is the costly part, and the catalog is the truth: the
        next command catches a lagging index up)."""
        if index:
            self.commit()
            return
        self.raw.flush()
        self.conn.commit()


class _Crawl:
    def __init__(self, home: Home, *, once: bool, max_pages: int | None, since: str | None,
                 allow_private: bool, targets: list[str] | None, delay: float, concurrency: int,
                 on_progress: Callable[[CrawlProgress], None] | None, next_crawl_in: float | None) -> None:
        self.once, self.max_pages, self.since = once, max_pages, since
        self.allow_private, self.targets = allow_private, targets
        self.on_progress, self.next_crawl_in = on_progress, next_crawl_in
        self.ingestor = _CrawlIngestor(home, self._stored)
        self.conn: sqlite3.Connection = self.ingestor.conn
        self.loop = asyncio.new_event_loop()
        self.polite = polite.Politeness(self.conn, delay=delay, concurrency=concurrency)
        self.fetchers: dict[bool, Fetcher] = {}
        self.summary = CrawlSummary()
        self.wait_limit = ONCE_WAIT if once else polite.MAX_RETRY_AFTER
        self.claimed: set[str] = set()  # handed to a worker, not yet marked in the frontier
        self.queues: dict[str, deque[sqlite3.Row]] = {}
        self.parked: set[str] = set()  # hosts that make us wait longer than wait_limit
        self.results: list[tuple[sqlite3.Row, FetchResult]] = []
        self.ready = asyncio.Event()
        self.stored_rows: dict[str, sqlite3.Row] = {}  # captures on their way through the ingestor
        self.dirty = False
        self.queued_at = 0.0
        self.private_sources: dict[int, bool] = {}
        self.per_source: dict[int, Counter[str]] = {}
        self.hosts: set[str] = set()
        self.queued: dict[str, int] = {}
        self.started = 0
        self.source_errors: dict[int, str] = {}

    # -- the whole run ---------------------------------------------------------------------
    def run(self) -> CrawlSummary:
        started = time.monotonic()
        try:
            for row in self.conn.execute("SELECT id, allow_private FROM sources"):
                self.private_sources[row["id"]] = bool(row["allow_private"])
            if self.targets is None:
                self.loop.run_until_complete(self._refresh_sources())
            else:
                for url in self.targets:
                    if not frontier.enqueue(self.conn, url, None):
                        frontier.requeue(self.conn, url)
                self.conn.commit()
            ingest = self.ingestor.run(self.ingestor.archive(self._captures()))
            self._record_sources()
            self.summary.queued = frontier.counts(self.conn)["queued"]
        except sqlite3.Error as err:  # the frontier or sources could not be saved: a full disk, mostly
            root = self.ingestor.home.root
            raise HomeError(f"cannot write the crawl state to the catalog in {root}: {err}"
                            f"{write_failure_hint(root, err)}; every stored article and fetched URL "
                            "is kept, and the next crawl resumes from there") from err
        finally:
            with contextlib.suppress(Exception):  # an interrupted loop may not close cleanly
                self.loop.run_until_complete(self._close())
            self.loop.close()
            self.conn.close()
        s = self.summary
        s.new_articles, s.updated, s.duplicates = ingest.added, ingest.updated, ingest.duplicates
        s.skipped.update(ingest.skipped)
        s.hosts, s.seconds = len(self.hosts), time.monotonic() - started
        return s

    async def _fetcher(self, allow_private: bool) -> Fetcher:
        if allow_private not in self.fetchers:
            self.fetchers[allow_private] = Fetcher(allow_private=allow_private)
        return self.fetchers[allow_private]

    async def _close(self) -> None:
        for fetcher in self.fetchers.values():
            await fetcher.aclose()

    async def _refresh_sources(self) -> None:
        """Every source's feeds and sitemaps, conditional GET, new candidates enqueued."""
        try:
            from newsdig.acquire.discover import RefreshStats, refresh_source
        except ImportError:  # discovery not installed in this build
            return
        rows = self.conn.execute("SELECT * FROM sources ORDER BY id").fetchall()

        async def one(row: sqlite3.Row) -> None:
            stats = RefreshStats()
            fetcher = await self._fetcher(self.allow_private or bool(row["allow_private"]))
            counts = self.per_source.setdefault(row["id"], Counter())
            try:
                await refresh_source(self.conn, polite.PoliteFetcher(self.polite, fetcher), row,
                                     self.since, stats=stats)
            except Exception as error:  # one broken source must not stop the others
                counts["errors"] += 1
                self.summary.errors["source"] += 1
                self.source_errors[row["id"]] = f"{type(error).__name__}: {error}"
                return
            self.summary.enqueued += stats.enqueued
            self.summary.not_modified += stats.not_modified
            if stats.skipped_old:
                self.summary.skipped["old"] += stats.skipped_old
            if stats.errors:
                self.summary.errors["feed"] += stats.errors
                counts["errors"] += stats.errors
                self.source_errors[row["id"]] = "; ".join(stats.messages[-3:])

        self.summary.sources = len(rows)
        await asyncio.gather(*(one(row) for row in rows))
        self.conn.commit()

    def _record_sources(self) -> None:
        try:
            from newsdig.catalog.sources import record_crawl
        except ImportError:
            return
        next_at = None
        if self.next_crawl_in:
            when = datetime.fromtimestamp(time.time() + self.next_crawl_in, UTC)
            next_at = when.isoformat(timespec="seconds")
        for source_id, counts in self.per_source.items():
            record_crawl(self.conn, source_id, counts["articles"], counts["errors"],
                         self.source_errors.get(source_id), next_at)

    # -- the fetch loop -------------------------------------------------------------------
    # A scheduler task keeps one worker per host busy (politeness spaces its requests); finished
    # fetches pile up in `results`; the ingestor's generator below takes them, in the main thread,
    # whenever the event loop is given back, and commits each batch before the loop runs on.
    def _budget_left(self) -> bool:
        return self.max_pages is None or self.started < self.max_pages

    def _captures(self) -> Iterator[Capture]:
        scheduler = self.loop.create_task(self._schedule())
        last_index = time.monotonic()
        try:
            while (results := self.loop.run_until_complete(self._next_results(scheduler))) is not None:
                for row, result in results:
                    capture = self._settle(row, result)
                    self.dirty = True
                    if capture is not None:
                        yield capture
                if self.dirty:  # before the loop runs again, so before the host's next request
                    index = time.monotonic() - last_index >= INDEX_SECONDS
                    self.ingestor.checkpoint(index=index)
                    self.dirty = False
                    if index:
                        last_index = time.monotonic()
        finally:
            if not scheduler.done():
                scheduler.cancel()
                with contextlib.suppress(BaseException):
                    self.loop.run_until_complete(scheduler)
        scheduler.result()  # a bug in the scheduler surfaces here

    async def _next_results(self, scheduler: asyncio.Task[None]
                            ) -> list[tuple[sqlite3.Row, FetchResult]] | None:
        """What finished since the last call; [] after IDLE_SECONDS of nothing; None when done."""
        if not self.results and not scheduler.done():
            waiter = asyncio.ensure_future(self.ready.wait())
            await asyncio.wait({waiter, scheduler}, timeout=IDLE_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        self.ready.clear()
        if not self.results and scheduler.done():
            return None
        batch, self.results = self.results, []
        return batch

    async def _schedule(self) -> None:
        workers: dict[str, asyncio.Task[None]] = {}
        while True:
            for host, task in list(workers.items()):
                if task.done():
                    del workers[host]
                    task.result()
            fresh = self._refill(workers) if self._budget_left() else 0
            if workers or fresh:
                await asyncio.wait(list(workers.values()), timeout=REFILL_SECONDS,
                                   return_when=asyncio.FIRST_COMPLETED)
                continue
            if not self._budget_left():
                return
            if self.results or self.claimed:  # the main thread has not settled everything yet
                await asyncio.sleep(0.02)
                continue
            due = frontier.next_due(self.conn, self.targets, exclude_hosts=self.parked)
            if due is None or due - time.time() > self.wait_limit:
                return  # nothing queued, or only retries for a later crawl
            await asyncio.sleep(min(max(due - time.time(), 0.0), REFILL_SECONDS))

    def _refill(self, workers: dict[str, asyncio.Task[None]]) -> int:
        """Hand due frontier rows to their hosts' workers; how many were handed out."""
        rows = frontier.next_batch(self.conn, time.time(), BATCH_URLS + len(self.claimed), self.targets,
                                   exclude_hosts=self.parked)
        handed = 0
        for row in rows:
            if handed >= BATCH_URLS:
                break
            if row["url"] in self.claimed or self._skip_old(row):
                continue
            self.claimed.add(row["url"])
            self.queues.setdefault(row["host"], deque()).append(row)
            handed += 1
            if row["host"] not in workers:
                workers[row["host"]] = asyncio.ensure_future(self._host_worker(row["host"]))
        if handed and self.on_progress is not None and time.monotonic() - self.queued_at > 1.0:
            self.queued, self.queued_at = frontier.queued_by_host(self.conn), time.monotonic()
        return handed

    def _skip_old(self, row: sqlite3.Row) -> bool:
        if not _older(row["published"], self.since):
            return False
        frontier.mark_skipped(self.conn, row["url"], "old")
        self.summary.skipped["old"] += 1
        self.dirty = True
        return True

    async def _host_worker(self, host: str) -> None:
        """Fetch a host's queued rows one after the other (Politeness spaces them)."""
        queue = self.queues[host]
        while queue:
            if self.polite.wait_for(host) > self.wait_limit or not self._budget_left():
                if self._budget_left():
                    self.parked.add(host)  # e.g. Retry-After longer than this crawl waits
                self.claimed.difference_update(row["url"] for row in queue)
                queue.clear()
                return
            row = queue.popleft()
            allow = self.allow_private or self.private_sources.get(row["source_id"] or -1, False)
            fetcher = await self._fetcher(allow)
            verdict = await self.polite.verdict(fetcher, row["url"])
            if verdict != "allow":
                error = "robots" if verdict == "disallow" else "robots-unavailable"
                result = FetchResult(row["url"], row["url"], None, error=error)
            else:
                self.started += 1
                result = await self.polite.request(fetcher, row["url"], accept_types=HTML_TYPES)
                self.hosts.add(host)
                if result.status is not None:
                    self.summary.fetched += 1
                self.queued[host] = max(0, self.queued.get(host, 0) - 1)
            self.results.append((row, result))
            self.ready.set()
            self._progress(row["url"])

    def _settle(self, row: sqlite3.Row, result: FetchResult) -> Capture | None:
        """Turn a fetch into a frontier mark, or a Capture for the ingestor."""
        url = row["url"]
        action, reason = _classify(result)
        if action != "capture":
            self.claimed.discard(url)
        if action == "capture":
            hints = (("published", row["published"]),) if row["published"] else ()
            self.stored_rows[url] = row
            return Capture(url=result.final_url, body=result.body, kind="html", origin=ORIGIN_PREFIX + url,
                           fetched_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                           status=result.status, content_type=result.content_type,
                           http_headers=tuple(result.headers.items()), hints=hints)
        if action == "skip":
            frontier.mark_skipped(self.conn, url, reason)
            self.summary.skipped[reason] += 1
            return None
        self.summary.errors[reason] += 1
        attempts = row["attempts"] + 1
        if action == "retry" and attempts < polite.MAX_ATTEMPTS:
            retry_after = polite.parse_retry_after(result.headers.get("retry-after"))
            if retry_after is not None and result.status in (429, 503):
                self.polite.defer(row["host"], retry_after)
            frontier.mark_failed(self.conn, url, reason, time.time() + polite.backoff(attempts, retry_after))
            return None
        frontier.mark_failed(self.conn, url, reason, None)
        if row["source_id"] is not None:
            self.per_source.setdefault(row["source_id"], Counter())["errors"] += 1
        return None

    def _stored(self, job: ExtractJob, result: Article | Rejection, added: bool) -> None:
        """Called by the ingestor right after an article is stored (same transaction)."""
        if job.capture is None or not job.capture.origin.startswith(ORIGIN_PREFIX):
            return
        url = job.capture.origin.removeprefix(ORIGIN_PREFIX)
        self.claimed.discard(url)
        row = self.stored_rows.pop(url, None)
        article_id, reason = (result.id, None) if isinstance(result, Article) else (None, result.reason)
        frontier.mark_done(self.conn, url, job.capture.status, job.capture.url, article_id, reason=reason)
        if added and row is not None and row["source_id"] is not None:
            self.per_source.setdefault(row["source_id"], Counter())["articles"] += 1
        self._progress(None)

    def _progress(self, current: str | None) -> None:
        if self.on_progress is None:
            return
        ingest = self.ingestor.summary
        self.on_progress(CrawlProgress(
            fetched=self.summary.fetched, new_articles=ingest.added, updated=ingest.updated,
            errors=sum(self.summary.errors.values()),
            skipped=sum(self.summary.skipped.values()) + sum(ingest.skipped.values()),
            queued={h: n for h, n in self.queued.items() if n}, current=current))


def crawl(home: Home, *, once: bool = True, max_pages: int | None = None, since: str | None = None,
          allow_private: bool = False, urls: list[str] | None = None, delay: float | None = None,
          concurrency: int = 8, on_progress: Callable[[CrawlProgress], None] | None = None,
          next_crawl_in: float | None = None) -> CrawlSummary:
    """Refresh every source (or take `urls` alone), then fetch and store what is due."""
    since = _check_since(since)
    targets = [_target(url, allow_private) for url in urls] if urls else None
    with writer_lock(home):
        run = _Crawl(home, once=once, max_pages=max_pages, since=since, allow_private=allow_private,
                     targets=targets, delay=default_delay() if delay is None else delay,
                     concurrency=concurrency, on_progress=on_progress, next_crawl_in=next_crawl_in)
        return run.run()
