"""Search latency and throughput: in process and over HTTP, the same queries in the same run.

    python bench/serve.py [--articles 100000] [--seed 1] [--home DIR] [--queries 200] [--rounds 3]
                          [--concurrency 8] [--requests 2000 | --seconds S] [--wrk]

On a bench home of --articles synthetic articles (bench/corpus.py; built once, then reused from
~/.cache/newsdig-bench), a fixed mix of ~200 queries (1-3 words of every frequency, names, phrases,
site:/after:/before:/lang: filters) runs:
  in process     Searcher(index).search(q, limit=10) in a loop (1 thread), then from --threads threads
  HTTP           the real app (create_app) under uvicorn in a subprocess on 127.0.0.1, queried at
                 /api/search?q=...&limit=10: one keep-alive connection (latency beside in process),
                 then --concurrency connections with httpx.AsyncClient (throughput), and with wrk
                 if asked (--wrk) and installed
Both sides do the same work (top 10 with snippets, facets, suggestion); the HTTP side adds routing,
validation, JSON and the socket. Every HTTP answer is checked (status 200, same total as in process).
Prints p50/p99 ms and queries/s side by side, the HTTP/in-process ratios, sizes and server RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/serve.py` puts bench/, not the repo, on the path
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from newsdig.home import Home  # noqa: E402
from newsdig.search.engine import Searcher  # noqa: E402

HOME_ENV = "NEWSDIG_BENCH_HOME"
LIMIT = 10
READY_TIMEOUT_S = 120.0


def app_from_env():  # type: ignore[no-untyped-def]  # uvicorn --factory entry point
    """The real app over the home named by $NEWSDIG_BENCH_HOME (what `newsdig serve` runs)."""
    from newsdig.serve.app import create_app

    return create_app(Home(Path(os.environ[HOME_ENV])))


# --------------------------------------------------------------------------------------------
# Measurements


@dataclass(frozen=True, slots=True)
class Run:
    name: str
    latencies_ms: list[float]
    wall_s: float
    errors: int = 0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return self.count / self.wall_s if self.wall_s else 0.0

    def pct(self, p: float) -> float:
        return percentile(self.latencies_ms, p)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run_direct(searcher: Searcher, queries: list[str], rounds: int, threads: int) -> Run:
    """`rounds` passes over the queries, from one thread or spread over a pool of `threads`."""
    work = queries * rounds

    def one(query: str) -> float:
        started = time.perf_counter()
        searcher.search(query, limit=LIMIT)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    if threads <= 1:
        latencies = [one(q) for q in work]
    else:
        with ThreadPoolExecutor(threads) as pool:
            latencies = list(pool.map(one, work))
    wall = time.perf_counter() - started
    label = "in process, 1 thread" if threads <= 1 else f"in process, {threads} threads"
    return Run(label, latencies, wall)


def search_path(query: str) -> str:
    return "/api/search?" + urlencode({"q": query, "limit": LIMIT})


def run_http_sequential(base: str, queries: list[str], rounds: int, expected: dict[str, int],
                        took: list[float] | None = None) -> Run:
    """One keep-alive connection, one request at a time: latency beside the in-process loop.

    `took` collects the server's own `took_ms` (the search inside the server, without HTTP).
    """
    latencies: list[float] = []
    errors = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        started = time.perf_counter()
        for query in queries * rounds:
            t0 = time.perf_counter()
            response = client.get(search_path(query))
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += not _answer_ok(response, query, expected, took)
        wall = time.perf_counter() - started
    return Run("HTTP, 1 connection (httpx)", latencies, wall, errors)


def run_http_floor(base: str, count: int) -> Run:
    """GET /healthz on one connection: what the HTTP stack and the client cost with no search."""
    latencies: list[float] = []
    errors = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        started = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            response = client.get("/healthz")
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += response.status_code != 200
        wall = time.perf_counter() - started
    return Run("HTTP floor: GET /healthz, 1 conn", latencies, wall, errors)


def _answer_ok(response: httpx.Response, query: str, expected: dict[str, int],
               took: list[float] | None = None) -> bool:
    if response.status_code != 200:
        return False
    body = response.json()
    if took is not None:
        took.append(float(body.get("took_ms", 0.0)))
    return body.get("total") == expected[query]


async def _load(base: str, queries: list[str], concurrency: int, requests: int | None,
                seconds: float | None, expected: dict[str, int]) -> Run:
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + seconds if seconds else None
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal issued, errors
        while True:
            if deadline is not None and time.perf_counter() >= deadline:
                return
            if deadline is None and issued >= (requests or 0):
                return
            query = queries[issued % len(queries)]
            issued += 1
            t0 = time.perf_counter()
            try:
                response = await client.get(search_path(query))
                ok = _answer_ok(response, query, expected)
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += not ok

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return Run(f"HTTP, {concurrency} connections (httpx)", latencies, wall, errors)


def run_wrk(base: str, queries: list[str], concurrency: int, seconds: float) -> Run | str:
    """wrk over the same query paths (a Lua script cycles through them); a message if unusable."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return "wrk is not installed (apt-get install wrk); skipped"
    paths = ", ".join('"' + search_path(q).replace("\\", "\\\\").replace('"', '\\"') + '"' for q in queries)
    script = (f"local paths = {{{paths}}}\nlocal i = 0\n"
              "request = function()\n  i = i + 1\n"
              "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        threads = max(1, min(2, concurrency))
        proc = subprocess.run([wrk, f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s",
                               "--latency", "-s", fh.name, base],
                              capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(fh.name)
    out = proc.stdout
    rate = re.search(r"Requests/sec:\s*([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not (rate and p50 and p99 and done):
        return f"wrk output not understood:\n{out}{proc.stderr}"
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    wall = float(done.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[done.group(3)]
    # wrk reports percentiles, not samples: keep the two that are printed
    samples = [float(p50.group(1)) * scale[p50.group(2)], float(p99.group(1)) * scale[p99.group(2)]]
    return _WrkRun(f"wrk, {concurrency} connections", samples, wall, int(bad.group(1)) if bad else 0,
                   int(done.group(1)))


@dataclass(frozen=True, slots=True)
class _WrkRun(Run):
    requests: int = 0

    @property
    def count(self) -> int:
        return self.requests

    def pct(self, p: float) -> float:
        return self.latencies_ms[0] if p <= 50 else self.latencies_ms[1]


# --------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`python -m uvicorn --factory bench.serve:app_from_env` on 127.0.0.1, in its own process."""

    def __init__(self, home: Home, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="newsdig-bench-server-", suffix=".log")  # noqa: SIM115
        env = {**os.environ, HOME_ENV: str(home.root)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "bench.serve:app_from_env", "--app-dir", str(ROOT),
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_ready(self) -> str | None:
        """None when /api/search answers; else why not."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"the server exited with {self.proc.returncode}:\n{self.output()}"
            try:
                response = httpx.get(self.base + search_path("bench"), timeout=5)
            except httpx.HTTPError:
                time.sleep(0.2)
                continue
            if response.status_code == 404:
                return "GET /api/search answers 404: the endpoint does not exist in this newsdig yet"
            if response.status_code != 200:
                return f"GET /api/search answers {response.status_code}: {response.text[:500]}"
            return None
        return f"the server did not answer within {READY_TIMEOUT_S:.0f} s:\n{self.output()}"

    def rss_mb(self) -> tuple[float, float]:
        """Current and peak resident memory of the server process, in MB."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return 0.0, 0.0
        found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
        return int(found.get("VmRSS", 0)) / 1024, int(found.get("VmHWM", 0)) / 1024

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# --------------------------------------------------------------------------------------------
# Report


def _row(run: Run, base: Run | None = None) -> str:
    line = f"  {run.name:<36}{run.pct(50):>9.2f}{run.pct(99):>9.2f}{run.rate:>9.0f}{run.count:>8}"
    if run.errors:
        line += f"  {run.errors} BAD ANSWERS"
    if base is not None:
        line += (f"   x{run.pct(50) / base.pct(50):.2f} p50, x{run.pct(99) / base.pct(99):.2f} p99, "
                 f"x{run.rate / base.rate:.2f} rate vs {base.name}")
    return line


def _mb(value: int) -> str:
    return f"{value / 1e6:,.0f} MB"


def _load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min) on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", "-n", type=int, default=100_000, help="corpus size (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--home", type=Path, help="bench home (default ~/.cache/newsdig-bench/home-N-SEED)")
    parser.add_argument("--queries", type=int, default=200, help="how many queries in the mix")
    parser.add_argument("--rounds", type=int, default=3,
                        help="passes over the queries (in process, and HTTP on 1 connection)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2, help="threads, in process")
    parser.add_argument("--concurrency", "-c", type=int, default=8, help="HTTP connections under load")
    parser.add_argument("--requests", type=int, default=2000, help="requests under load")
    parser.add_argument("--seconds", type=float, help="load for this long instead of --requests")
    parser.add_argument("--wrk", action="store_true", help="also load with wrk, if installed")
    args = parser.parse_args(argv)

    print(f"newsdig serve bench: {_load_note()}")
    report = corpus.build_home(args.home, args.articles, args.seed)
    home = report.home
    queries = corpus.queries(args.queries, seed=1)

    t0 = time.perf_counter()
    searcher = Searcher(home.index_dir)
    open_ms = (time.perf_counter() - t0) * 1000
    expected: dict[str, int] = {}
    cold: list[float] = []
    for query in queries:  # first pass: warms the page cache, and gives the totals HTTP must match
        started = time.perf_counter()
        expected[query] = searcher.search(query, limit=LIMIT).total
        cold.append((time.perf_counter() - started) * 1000)
    direct = run_direct(searcher, queries, args.rounds, 1)
    direct_mt = run_direct(searcher, queries, args.rounds, args.threads) if args.threads > 1 else None

    server = Server(home, free_port())
    runs: list[tuple[Run, Run | None]] = [(direct, None)]
    if direct_mt is not None:
        runs.append((direct_mt, direct))
    notes: list[str] = []
    try:
        problem = server.wait_ready()
        if problem:
            print(f"\nHTTP side not measured: {problem}", file=sys.stderr)
            _print(report, queries, expected, cold, open_ms, runs, notes, None)
            return 1
        warm = run_http_sequential(server.base, queries, 1, expected)  # warm-up, not reported
        if warm.errors:
            notes.append(f"warm-up: {warm.errors} HTTP answers differ from in process")
        floor = run_http_floor(server.base, len(queries) * args.rounds)
        took: list[float] = []
        sequential = run_http_sequential(server.base, queries, args.rounds, expected, took)
        runs.append((sequential, direct))
        runs.append((floor, None))
        notes.append(f"search inside the server (its took_ms, 1 connection): "
                     f"p50 {percentile(took, 50):.2f} ms, p99 {percentile(took, 99):.2f} ms")
        loaded = asyncio.run(_load(server.base, queries, args.concurrency, args.requests, args.seconds,
                                   expected))
        runs.append((loaded, direct_mt or direct))
        if args.wrk:
            wrk = run_wrk(server.base, queries, args.concurrency, args.seconds or max(5.0, loaded.wall_s))
            if isinstance(wrk, Run):
                runs.append((wrk, direct_mt or direct))
            else:
                notes.append(wrk)
        rss = server.rss_mb()
    finally:
        server.stop()
    _print(report, queries, expected, cold, open_ms, runs, notes, rss)
    bad = sum(run.errors for run, _ in runs)
    return 1 if bad else 0


def _print(report: corpus.BuildReport, queries: list[str], expected: dict[str, int], cold: list[float],
           open_ms: float, runs: list[tuple[Run, Run | None]], notes: list[str],
           rss: tuple[float, float] | None) -> None:
    totals = sorted(expected.values())
    print(f"\nhome {report.home.root}: {report.articles:,} articles, catalog {_mb(report.catalog_bytes)}, "
          f"index {_mb(report.index_bytes)}")
    print(f"{len(queries)} queries (top {LIMIT}, snippets, facets): hits per query median "
          f"{totals[len(totals) // 2]:,}, max {totals[-1]:,}, {sum(t == 0 for t in totals)} with none; "
          f"Searcher opened in {open_ms:.0f} ms, first pass p50 {percentile(cold, 50):.2f} ms "
          f"p99 {percentile(cold, 99):.2f} ms")
    print(f"\n  {'':<36}{'p50 ms':>9}{'p99 ms':>9}{'q/s':>9}{'count':>8}")
    for run, base in runs:
        print(_row(run, base))
    direct = runs[0][0]
    http = next((run for run, _ in runs if run.name.startswith("HTTP, 1 ")), None)
    if http is not None:
        print(f"\nHTTP overhead per request (1 connection): +{http.pct(50) - direct.pct(50):.2f} ms at p50, "
              f"+{http.pct(99) - direct.pct(99):.2f} ms at p99")
    if rss is not None:
        print(f"server RSS after the load: {rss[0]:,.0f} MB (peak {rss[1]:,.0f} MB)")
    for note in notes:
        print(note)
    print(_load_note() + " (figures are noisy when other work shares the machine)")


if __name__ == "__main__":
    sys.exit(main())
