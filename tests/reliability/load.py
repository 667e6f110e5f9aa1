"""Load harness: the real `newsdig serve` on loopback, many keep-alive readers, one writer, and
self-checking articles, so that a reader can tell a whole article from a half-written one.

Probe articles (what the writer adds, new and as updated versions) check themselves:
- the title is `Probe TOKEN vN report TAG`, TAG a hash of (TOKEN, N), so a title from one
  version glued to another's tag is caught;
- the text opens with `TOKEN vN` and ends with `Check TOKEN vN words W digest D`, where W and D
  are the word count and a hash of every word before that line: a cut, padded or mixed text
  (or a title of one version over the text of another) fails the check.
Every time a reader gets a probe (as a search hit, a whole record, an article page or a feed
entry) it is checked; every search hit's id must then resolve (no hit whose article 404s), and an
article once seen must never 404 again.

The writer alternates the two write paths a real home has: `newsdig add` of a JSONL chunk in a
subprocess (the importer) and POST /api/articles on the server itself (--allow-writes).
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from newsdig.extract.urls import normalise_url
from newsdig.models import article_id

PROBE_WORD = "loadprobe"  # in every probe's first paragraph: one query finds the newest probes
TITLE_RE = re.compile(r"Probe (lp\d{6}q) v(\d+) report ([0-9a-f]{8})")
CHECK_RE = re.compile(r"Check (lp\d{6}q) v(\d+) words (\d+) digest ([0-9a-f]{12})\.")
ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLE_TITLE_RE = re.compile(r'<h1 id="article-title"[^>]*>(.*?)</h1>', re.S)  # the article page's
ARTICLE_BODY_RE = re.compile(r'<div class="article__body">(.*?)</div>', re.S)  # title and text
WORDS = ("harbour", "council", "budget", "river", "market", "school", "storm", "vote", "rail", "energy",
         "court", "health", "farm", "bridge", "festival", "museum", "station", "tunnel", "ferry", "library",
         "hospital", "stadium", "orchard", "quarry", "airport", "canal", "bakery", "factory", "garden",
         "theatre", "clinic", "pension", "tariff", "drought", "flood", "harvest", "strike", "inquiry")
READY_TIMEOUT_S = 180.0
REQUEST_TIMEOUT_S = 60.0  # a request slower than this is a hang, counted as an error
RSS_EVERY_S = 0.25
MAX_ERROR_TEXTS = 20  # error descriptions kept for the failure message (all are counted)


class Inconsistent(AssertionError):
    """A reader saw an article that is not whole: a half-written or mixed record."""


# -- probe articles -----------------------------------------------------------------------------
def token(n: int) -> str:
    return f"lp{n:06d}q"


def probe_url(n: int) -> str:
    return f"https://probe{n % 5}.loadtest.example/news/{token(n)}"


def probe_id(n: int) -> str:
    """The id the catalog gives probe n (derived from its canonical URL, as for every article)."""
    return article_id(normalise_url(probe_url(n)))


def _tag(tok: str, version: int) -> str:
    return hashlib.sha1(f"{tok}:{version}".encode()).hexdigest()[:8]


def _digest(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:12]


def probe_capture(n: int, version: int) -> dict[str, object]:
    """Probe n at `version` as a JSONL line / POST body: url, title, text, date, source."""
    tok = token(n)
    rng = random.Random(f"{n}:{version}")
    opening = " ".join(rng.choices(WORDS, k=rng.randint(20, 40)))
    paragraphs = [f"{tok} v{version} {PROBE_WORD} {opening}."]
    paragraphs += [" ".join(rng.choices(WORDS, k=rng.randint(20, 40))).capitalize() + "."
                   for _ in range(rng.randint(2, 5))]
    words = " ".join(paragraphs).split()
    paragraphs.append(f"Check {tok} v{version} words {len(words)} digest {_digest(words)}.")
    return {"url": probe_url(n), "title": f"Probe {tok} v{version} report {_tag(tok, version)}",
            "text": "\n\n".join(paragraphs), "published": f"2026-11-{1 + n % 25:02d}T10:00:00Z",
            "source": f"Probe Daily {n % 5}"}


def check_title(title: str) -> tuple[str, int]:
    """(token, version) of a whole probe title; raises Inconsistent for a broken one."""
    match = TITLE_RE.fullmatch(title.strip())
    if not match or _tag(match[1], int(match[2])) != match[3]:
        raise Inconsistent(f"probe title is not whole: {title!r}")
    return match[1], int(match[2])


def check_text(text: str) -> tuple[str, int]:
    """(token, version) of a whole probe text; raises Inconsistent for a cut or mixed one."""
    body, _, last = text.strip().rpartition("\n\n")
    match = CHECK_RE.fullmatch(last.strip())
    words = body.split()
    if not match or not words or words[:2] != [match[1], f"v{match[2]}"]:
        raise Inconsistent(f"probe text lost its head or check line: {text[:60]!r} ... {text[-80:]!r}")
    if len(words) != int(match[3]) or _digest(words) != match[4]:
        raise Inconsistent(f"probe {match[1]} v{match[2]}: text has {len(words)} words, check says "
                           f"{match[3]} (digest {_digest(words)} vs {match[4]})")
    return match[1], int(match[2])


def check_record(record: dict[str, object]) -> tuple[str, int]:
    """A whole stored probe: title and text each whole and of the same version."""
    from_title, from_text = check_title(str(record["title"])), check_text(str(record["text"]))
    if from_title != from_text:
        raise Inconsistent(f"title of {from_title} over the text of {from_text}")
    return from_title


# -- the write plan and the writer ------------------------------------------------------------------
@dataclass
class Batch:
    way: str  # "cli" (`newsdig add` of a JSONL chunk) or "http" (POST /api/articles)
    items: list[tuple[int, int]]  # (probe number, version)


def write_plan(batches: int, per_cli: int, per_http: int, update_share: float = 0.2) -> list[Batch]:
    """Alternate HTTP and CLI batches of new probes (HTTP first: it is quick to start); each batch
    after the first also rewrites some earlier probes as a new version (an update in place: the
    case where a half-written row could show)."""
    rng = random.Random(20261126)
    plan, made, versions = [], 0, {}
    for number in range(batches):
        way, size = ("http", per_http) if number % 2 == 0 else ("cli", per_cli)
        fresh = list(range(made, made + size))
        made += size
        older = rng.sample(sorted(versions), min(len(versions), int(size * update_share)))
        items = []
        for n in older:
            versions[n] += 1
            items.append((n, versions[n]))
        for n in fresh:
            versions[n] = 1
            items.append((n, 1))
        plan.append(Batch(way, items))
    return plan


@dataclass
class WriterReport:
    batches: int = 0
    added: int = 0
    updated: int = 0
    seconds: float = 0.0
    latest: dict[int, int] = field(default_factory=dict)  # probe -> version last written
    failures: list[str] = field(default_factory=list)


class Writer(threading.Thread):
    """Runs the plan's batches in order until it is done or `stop` is set."""

    def __init__(self, home: Path, base_url: str, plan: list[Batch], folder: Path) -> None:
        super().__init__(name="load-writer", daemon=True)
        self.home, self.base_url, self.plan, self.folder = home, base_url, plan, folder
        self.stop = threading.Event()
        self.report = WriterReport()

    def run(self) -> None:
        began = time.monotonic()
        with httpx.Client(base_url=self.base_url, timeout=REQUEST_TIMEOUT_S * 3) as client:
            for number, batch in enumerate(self.plan):
                if self.stop.is_set():
                    break
                captures = [probe_capture(n, v) for n, v in batch.items]
                try:
                    summary = (self._cli(number, captures) if batch.way == "cli"
                               else self._http(client, captures))
                    stored = int(summary.get("added", 0)) + int(summary.get("updated", 0))
                    if stored != len(captures):
                        raise RuntimeError(f"{stored} of {len(captures)} captures stored: {summary}")
                except Exception as problem:  # reported, and fails the test
                    self.report.failures.append(f"batch {number} ({batch.way}): {problem}")
                    break
                self.report.batches += 1
                self.report.added += int(summary.get("added", 0))
                self.report.updated += int(summary.get("updated", 0))
                self.report.latest.update(dict(batch.items))
        self.report.seconds = round(time.monotonic() - began, 1)

    def _cli(self, number: int, captures: list[dict[str, object]]) -> dict[str, Any]:
        chunk = self.folder / f"chunk-{number:03d}.jsonl"
        chunk.write_text("".join(json.dumps(c) + "\n" for c in captures), encoding="utf-8")
        env = {**os.environ, "NEWSDIG_HOME": str(self.home), "NEWSDIG_ENRICH": "0"}
        done = subprocess.run([sys.executable, "-m", "newsdig", "add", str(chunk), "--jobs", "1", "--json"],
                              env=env, capture_output=True, text=True, timeout=900, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"newsdig add exited {done.returncode}: {done.stderr[-600:]}")
        return json.loads(done.stdout)

    def _http(self, client: httpx.Client, captures: list[dict[str, object]]) -> dict[str, Any]:
        answer = client.post("/api/articles", json={"captures": captures})
        if answer.status_code != 201:
            raise RuntimeError(f"POST /api/articles answered {answer.status_code}: {answer.text[:300]}")
        return answer.json()["summary"]


# -- the server and its memory ------------------------------------------------------------------------
class Server:
    """`newsdig serve --allow-writes` on 127.0.0.1:port in a subprocess (stderr to a log file)."""

    def __init__(self, home: Path, port: int, log: Path) -> None:
        self.home, self.port, self.log = home, port, log
        self.base_url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "NEWSDIG_HOME": str(self.home), "NEWSDIG_ENRICH": "0"}
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "newsdig", "serve", "--port", str(self.port),
                                          "--allow-writes"], env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"newsdig serve exited {self.proc.returncode}: {self.log_tail()}")
            try:
                if httpx.get(self.base_url + "/healthz", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"newsdig serve not ready in {READY_TIMEOUT_S:.0f} s: {self.log_tail()}")

    def __exit__(self, *_: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # uvicorn's graceful stop
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_rss_kb(pid: int) -> int:
    """VmRSS of a process and all its descendants, in kB (0 once it is gone)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match[1]) if match else 0
    return total


class RssSampler(threading.Thread):
    """Samples the server's RSS (with children) every RSS_EVERY_S until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(name="load-rss", daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, int]] = []  # (seconds since start, kB)
        self.stop = threading.Event()

    def run(self) -> None:
        began = time.monotonic()
        while not self.stop.is_set():
            self.samples.append((time.monotonic() - began, tree_rss_kb(self.pid)))
            self.stop.wait(RSS_EVERY_S)

    def figures(self) -> dict[str, float]:
        """Start, peak and end RSS (MB), and the last third's mean over the middle third's."""
        kb = [k for _, k in self.samples if k] or [0]
        third = max(1, len(kb) // 3)
        middle, last = kb[third:2 * third] or kb, kb[-third:]
        growth = (sum(last) / len(last)) / max(1.0, sum(middle) / len(middle))
        return {"rss_start_mb": round(kb[0] / 1024, 1), "rss_peak_mb": round(max(kb) / 1024, 1),
                "rss_end_mb": round(kb[-1] / 1024, 1), "rss_last_over_middle_third": round(growth, 3)}


# -- the readers ------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class ReadStats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # kind -> ms
    errors: int = 0
    error_texts: list[str] = field(default_factory=list)
    expected_404: int = 0  # unknown ids, and probes not written yet
    dropped: int = 0  # kept-alive connections closed by the server under a request (retried once)
    checks: int = 0  # probe records, titles and pages verified whole
    first_seen: dict[str, float] = field(default_factory=dict)  # probe id -> when a reader first had it
    seconds: float = 0.0

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_texts) < MAX_ERROR_TEXTS:
            self.error_texts.append(text)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def all_ms(self) -> list[float]:
        return [ms for values in self.latencies.values() for ms in values]


@dataclass
class Mix:
    """What the readers ask for: bench queries, known article ids, and the probes."""

    queries: list[str]
    article_ids: list[str]
    probes: int  # probe numbers 0..probes-1 may exist
    weights: dict[str, int] = field(default_factory=lambda: {
        "api_search": 30, "search_page": 12, "api_article": 14, "article_page": 8, "feed": 4,
        "probe_search": 12, "probe_newest": 6, "probe_article": 10, "probe_page": 3, "unknown_id": 1})


class Reader:
    """One reader's requests over a shared keep-alive client; every answer is checked."""

    def __init__(self, client: httpx.AsyncClient, mix: Mix, stats: ReadStats, rng: random.Random) -> None:
        self.client, self.mix, self.stats, self.rng = client, mix, stats, rng

    async def get(self, kind: str, path: str, ok: tuple[int, ...] = (200,)) -> httpx.Response | None:
        """GET path; None (and an error counted) unless it answers with a status in `ok`.

        A kept-alive connection the server closes just as a request goes out on it is the one case
        retried, once, as browsers do for an idempotent request (RFC 9112, 9.3.1): it is counted
        apart (`dropped`), and a second failure is an error."""
        started = time.monotonic()  # a retried request's latency includes the dropped attempt
        for attempt in (1, 2):
            try:
                answer = await self.client.get(path)
                break
            except (httpx.RemoteProtocolError, httpx.ReadError) as problem:
                if attempt == 1:
                    self.stats.dropped += 1
                    continue
                self.stats.error(f"{kind} {path}: {type(problem).__name__} {problem} (twice)")
                return None
            except httpx.HTTPError as problem:
                self.stats.error(f"{kind} {path}: {type(problem).__name__} {problem}")
                return None
        self.stats.latencies[kind].append((time.monotonic() - started) * 1000)
        if answer.status_code not in ok:
            self.stats.error(f"{kind} {path}: HTTP {answer.status_code} {answer.text[:200]!r}")
            return None
        if answer.status_code == 404:
            self.stats.expected_404 += 1
        return answer

    def _probe_seen(self, ident: str, asked_at: float, found: bool, what: str) -> None:
        seen = self.stats.first_seen.get(ident)
        if found:
            self.stats.first_seen.setdefault(ident, time.monotonic())
        elif seen is not None and seen < asked_at:
            self.stats.error(f"{what}: probe {ident} was served before, now 404")

    async def step(self) -> None:
        kind = self.rng.choices(list(self.mix.weights), weights=list(self.mix.weights.values()))[0]
        try:
            await getattr(self, kind)()
        except Inconsistent as problem:
            self.stats.error(f"{kind}: {problem}")
        except (ValueError, KeyError, ET.ParseError) as problem:  # an answer of the wrong shape
            self.stats.error(f"{kind}: malformed answer: {type(problem).__name__} {problem}")

    async def api_search(self) -> None:
        params: dict[str, object] = {"q": self.rng.choice(self.mix.queries), "limit": 10}
        if self.rng.random() < 0.2:
            params["sort"] = "date"
        if self.rng.random() < 0.1:
            params["offset"] = 10
        if self.rng.random() < 0.2:
            params["facets"] = "false"
        answer = await self.get("api_search", "/api/search?" + urlencode(params))
        if answer is not None and (hits := answer.json()["hits"]):
            await self._resolves(hits[0]["id"])

    async def _resolves(self, ident: str) -> None:
        """A hit's id names a stored article (the index never runs ahead of the catalog)."""
        answer = await self.get("hit_article", f"/api/articles/{ident}")
        if answer is not None and TITLE_RE.fullmatch(answer.json()["title"]):
            check_record(answer.json())
            self.stats.checks += 1
            self.stats.first_seen.setdefault(answer.json()["id"], time.monotonic())

    async def search_page(self) -> None:
        await self.get("search_page", "/search?" + urlencode({"q": self.rng.choice(self.mix.queries)}))

    async def api_article(self) -> None:
        answer = await self.get("api_article", f"/api/articles/{self.rng.choice(self.mix.article_ids)}")
        if answer is not None and not answer.json()["text"]:
            raise Inconsistent("a stored article came back without text")

    async def article_page(self) -> None:
        await self.get("article_page", f"/article/{self.rng.choice(self.mix.article_ids)}")

    async def feed(self) -> None:
        q = PROBE_WORD if self.rng.random() < 0.5 else self.rng.choice(self.mix.queries)
        answer = await self.get("feed", "/feed?" + urlencode({"q": q}))
        if answer is not None:
            for entry in ET.fromstring(answer.content).iter(f"{ATOM}entry"):
                title = entry.findtext(f"{ATOM}title") or ""
                if title.startswith("Probe lp"):
                    check_title(title)
                    self.stats.checks += 1

    async def probe_search(self) -> None:
        tok = token(self.rng.randrange(self.mix.probes))
        answer = await self.get("probe_search", "/api/search?" + urlencode({"q": tok}))
        await self._probe_hits(answer)

    async def probe_newest(self) -> None:
        params = {"q": PROBE_WORD, "sort": "date", "limit": 20}
        await self._probe_hits(await self.get("probe_newest", "/api/search?" + urlencode(params)))

    async def _probe_hits(self, answer: httpx.Response | None) -> None:
        if answer is None:
            return
        hits = answer.json()["hits"]
        for hit in hits:
            check_title(hit["title"])
            self.stats.checks += 1
        if hits:
            await self._resolves(self.rng.choice(hits)["id"])

    async def probe_article(self) -> None:
        n = self.rng.randrange(self.mix.probes)
        asked = time.monotonic()
        answer = await self.get("probe_article", f"/api/articles/{probe_id(n)}", ok=(200, 404))
        if answer is None:
            return
        if answer.status_code == 200:
            if check_record(answer.json())[0] != token(n):
                raise Inconsistent(f"/api/articles/{probe_id(n)} served another probe")
            self.stats.checks += 1
        self._probe_seen(probe_id(n), asked, answer.status_code == 200, "probe_article")

    async def probe_page(self) -> None:
        n = self.rng.randrange(self.mix.probes)
        asked = time.monotonic()
        answer = await self.get("probe_page", f"/article/{probe_id(n)}", ok=(200, 404))
        if answer is None:
            return
        if answer.status_code == 200:
            title, body = ARTICLE_TITLE_RE.search(answer.text), ARTICLE_BODY_RE.search(answer.text)
            if title is None or body is None:
                raise Inconsistent(f"/article/{probe_id(n)} has no title or no body")
            paragraphs = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body[1], re.S)]
            shown = check_record({"title": html.unescape(title[1]), "text": "\n\n".join(paragraphs)})
            if shown[0] != token(n):
                raise Inconsistent(f"/article/{probe_id(n)} shows another probe: {shown}")
            self.stats.checks += 1
        self._probe_seen(probe_id(n), asked, answer.status_code == 200, "probe_page")

    async def unknown_id(self) -> None:
        await self.get("unknown_id", f"/api/articles/{self.rng.getrandbits(64):016x}", ok=(404,))


async def read_load(base_url: str, mix: Mix, connections: int, seconds: float, seed: int,
                    writer: Writer | None = None) -> ReadStats:
    """`connections` readers, each on its own keep-alive connection, for `seconds`; then, if a
    writer is given, it is told to stop and the readers go on until its batch in flight is done
    (so every write happens under load)."""
    stats = ReadStats()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_S) as client:
        began = time.monotonic()
        deadline = began + seconds

        def going() -> bool:
            if time.monotonic() < deadline:
                return True
            if writer is None:
                return False
            writer.stop.set()
            return writer.is_alive()

        async def reader(number: int) -> None:
            one = Reader(client, mix, stats, random.Random(f"{seed}:{number}"))
            while going():
                await one.step()

        await asyncio.gather(*(reader(n) for n in range(connections)))
        stats.seconds = time.monotonic() - began
    return stats
