"""Crawl speed: `newsdig.acquire.crawler.crawl` beside a plain httpx fetch loop, same URLs, same run.

A loopback fixture site (tests/crawl/sites.py GeneratedSite: robots.txt -> sitemap, a feed, small
realistic article pages generated on the fly) is served by this process on --hosts ports of
127.0.0.1 with --articles articles in all. Each contender runs in its own child process so its CPU
is measured alone (the servers' CPU stays in this process):

  httpx loop      httpx.AsyncClient, a semaphore of --concurrency, GET every article URL, read the body
  newsdig crawl   crawl(home, allow_private=True, delay=0, concurrency=--concurrency) after
                  `newsdig source add` of every host: robots.txt, sitemaps, fetch, WARC, extract,
                  catalog, index

Printed: wall seconds, pages/s, CPU seconds per page (process + its children), and the ratios.

Usage: python bench/crawl.py [--articles 5000] [--hosts 20] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crawl.sites import GeneratedSite, Host  # noqa: E402

HTTPX_CHILD = r"""
import asyncio, json, resource, sys, time
import httpx

urls = json.load(open(sys.argv[1]))
concurrency = int(sys.argv[2])

async def main():
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    ok = failed = size = 0
    async with httpx.AsyncClient(limits=limits, timeout=30, trust_env=False) as client:
        async def one(url):
            nonlocal ok, failed, size
            async with sem:
                try:
                    r = await client.get(url)
                    size += len(r.content)
                    ok += r.status_code == 200
                    failed += r.status_code != 200
                except httpx.HTTPError:
                    failed += 1
        await asyncio.gather(*(one(u) for u in urls))
    return ok, failed, size

c0, t0 = time.process_time(), time.perf_counter()
ok, failed, size = asyncio.run(main())
wall = time.perf_counter() - t0
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - c0 + kids.ru_utime + kids.ru_stime
print(json.dumps({"wall": wall, "cpu": cpu, "pages": ok, "failed": failed, "bytes": size}))
"""

CRAWL_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from newsdig.acquire.crawler import crawl
from newsdig.home import Home

home = Home(Path(sys.argv[1]))
concurrency = int(sys.argv[2])
c0, t0 = time.process_time(), time.perf_counter()
summary = crawl(home, once=True, allow_private=True, delay=0, concurrency=concurrency)
wall = time.perf_counter() - t0
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - c0 + kids.ru_utime + kids.ru_stime
data = summary.as_dict()
print(json.dumps({"wall": wall, "cpu": cpu, "summary": data}))
"""


def child(code: str, *args: str, env: dict[str, str] | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT, timeout=3600)
    if proc.returncode != 0:
        sys.exit(f"child failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles in all (default 5000)")
    parser.add_argument("--hosts", type=int, default=20, help="loopback hosts (ports) (default 20)")
    parser.add_argument("--concurrency", type=int, default=8, help="global concurrency (default 8)")
    args = parser.parse_args()
    if args.articles < args.hosts:
        parser.error("--articles must be at least --hosts")

    hosts = [Host(f"h{n}") for n in range(args.hosts)]
    per_host = [args.articles // args.hosts + (n < args.articles % args.hosts) for n in range(args.hosts)]
    sites = [GeneratedSite(h, count) for h, count in zip(hosts, per_host, strict=True)]
    urls = [s.host.url(p) for s in sites for p in s.paths]
    print(f"fixture: {len(urls):,} articles on {args.hosts} loopback hosts, concurrency {args.concurrency}")

    with tempfile.TemporaryDirectory(prefix="newsdig-bench-crawl-") as tmp:
        url_file = Path(tmp) / "urls.json"
        url_file.write_text(json.dumps(urls))
        plain = child(HTTPX_CHILD, str(url_file), str(args.concurrency))
        for h in hosts:
            h.clear_log()

        home = Path(tmp) / "home"
        env = {"NEWSDIG_HOME": str(home)}
        started = time.perf_counter()
        for s in sites:
            subprocess.run([sys.executable, "-m", "newsdig", "source", "add", s.host.base + "/",
                            "--allow-private", "--json"], check=True, capture_output=True,
                           env={**os.environ, **env}, cwd=ROOT)
        took = time.perf_counter() - started
        print(f"setup: {args.hosts} x `newsdig source add` in {took:.1f}s (not timed)")
        for h in hosts:
            h.clear_log()
        crawled = child(CRAWL_CHILD, str(home), str(args.concurrency), env=env)
        requests = sum(len(h.requests(method=None)) for h in hosts)
        article_requests = sum(1 for h in hosts for e in h.requests() if e.bare_path.startswith("/a/"))
    for h in hosts:
        h.close()

    summary = crawled["summary"]
    stored = summary.get("new_articles", 0)
    rows = [
        ("httpx loop", plain["wall"], plain["pages"], plain["cpu"]),
        ("newsdig crawl", crawled["wall"], stored, crawled["cpu"]),
    ]
    print(f"\n{'':15} {'wall s':>8} {'pages':>7} {'pages/s':>9} {'CPU ms/page':>12}")
    for name, wall, pages, cpu in rows:
        rate = pages / wall if wall else 0.0
        per = 1000 * cpu / pages if pages else float("nan")
        print(f"{name:15} {wall:8.2f} {pages:7,} {rate:9.1f} {per:12.2f}")
    if stored and plain["pages"]:
        speed = (plain["pages"] / plain["wall"]) / (stored / crawled["wall"])
        cpu_ratio = (crawled["cpu"] / stored) / (plain["cpu"] / plain["pages"])
        print(f"\nnewsdig crawl is {speed:.1f}x slower than the plain loop and uses {cpu_ratio:.1f}x "
              "the CPU per page (it also extracts, stores, indexes and writes WARC)")
    print(f"crawl: {requests:,} requests to the fixture ({article_requests:,} article GETs); "
          f"summary {json.dumps(summary)}")
    problems = []
    if plain["failed"]:
        problems.append(f"httpx loop: {plain['failed']} failed requests")
    if stored != len(urls):
        problems.append(f"crawl stored {stored:,} new articles of {len(urls):,}")
    if article_requests != len(urls):
        problems.append(f"crawl made {article_requests:,} article requests for {len(urls):,} URLs")
    for problem in problems:
        print(f"WARNING: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
