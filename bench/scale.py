"""Scaling curves: how ingest rate, sizes, reindex time, query latency and memory grow with N.

    python bench/scale.py [--sizes 10k,100k,1m] [--jobs 2] [--queries 200] [--keep DIR]

For each N the same synthetic corpus (bench/corpus.py, seed 1) is written as JSONL (streamed to a
temporary file) and goes through the real commands, each in its own process so its peak memory is
its own (os.wait4's rusage):
  newsdig add FILE --jobs J --no-enrich   ingest: catalog, raw archive, template learning, index
  newsdig reindex                         the index rebuilt from the catalog alone
  newsdig stats --json                    the catalog's figures
  a query process                         newsdig keyword search and bare tantivy on the same
                                          index, p50/p99 top 10 with snippets, and its RSS: what
                                          serving costs
JSONL skips HTML extraction, a cost per page that does not grow with N (bench/ingest.py measures
it against trafilatura); enrichment is its own stage (bench/enrich.py).

The last table divides each figure by the one of the size before: a stage whose cost per article
grows with N (a lookup that became a scan, a cache that stopped fitting) shows a rate ratio well
below 1.0 or a memory ratio near the size ratio, instead of hiding in an absolute number.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from search import sizes

QUERY_SCRIPT = r"""
import json, resource, sys, time
sys.path.insert(0, {bench!r})
import corpus
from search import BareTantivy
from newsdig.search.engine import Searcher

searcher = Searcher({index!r})
bare = BareTantivy(searcher)
queries = corpus.queries({count}, 1)
out = {{}}
runs = (("bare", lambda q: bare.run(q, snippets=True)), ("newsdig", lambda q: searcher.search(q, 10)))
for name, run in runs:
    for q in queries[:20]:
        run(q)
    times = []
    for _ in range({rounds}):
        for q in queries:
            t = time.perf_counter(); run(q); times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out[name] = {{"p50": times[len(times) // 2], "p99": times[min(len(times) - 1, int(len(times) * 0.99))]}}
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


@dataclass
class Step:
    seconds: float
    rss_mb: float  # ru_maxrss: the largest process's peak, memory-mapped index files included
    output: str
    anon_mb: float = 0.0  # peak anonymous memory of the whole process tree (heaps, not page cache)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process ended meanwhile
                todo += [int(child) for child in task.read_text().split()]
    return found


def _anon_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class AnonPeak(threading.Thread):
    """Samples the process tree's anonymous RSS twice a second (Linux /proc).

    ru_maxrss counts the pages of memory-mapped files too: tantivy maps its segments, and merging
    them at 1M articles maps gigabytes of index that the kernel can drop at will. Whether ingest
    holds more memory as N grows is the anonymous part: what the processes allocated.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak_kb = max(self.peak_kb, sum(_anon_kb(p) for p in _descendants(self.pid)))


@dataclass
class Point:
    n: int
    add: Step | None = None
    reindex: Step | None = None
    stats: Step | None = None
    query: dict[str, object] = field(default_factory=dict)
    catalog_mb: float = 0.0
    index_mb: float = 0.0
    raw_mb: float = 0.0
    articles: int = 0


def run(argv: list[str], env: dict[str, str] | None = None) -> Step:
    """A command in its own process: wall time, its peak RSS and its output (it must succeed)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = AnonPeak(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        sampler.done.set()
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}):\n{text[-2000:]}")
    return Step(seconds, usage.ru_maxrss / 1024, text, sampler.peak_kb / 1024)


def du_mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def measure(n: int, root: Path, jobs: int, queries: int, rounds: int) -> Point:
    home = root / f"home-{n}"
    shutil.rmtree(home, ignore_errors=True)
    data = root / f"articles-{n}.jsonl"
    print(f"\n{n:,} articles: writing {data.name}", file=sys.stderr, flush=True)
    corpus.write_jsonl(data, n, 1)
    env = {**os.environ, "NEWSDIG_ENRICH": "0"}
    newsdig = [sys.executable, "-m", "newsdig", "--home", str(home)]
    point = Point(n)
    print("  add …", file=sys.stderr, flush=True)
    point.add = run([*newsdig, "add", str(data), "--jobs", str(jobs), "--no-enrich"], env)
    data.unlink()
    print(f"  add {point.add.seconds:.0f} s; reindex …", file=sys.stderr, flush=True)
    point.reindex = run([*newsdig, "reindex"], env)
    point.stats = run([*newsdig, "stats", "--json"], env)
    try:
        point.articles = int(json.loads(point.stats.output).get("articles", 0))
    except (ValueError, AttributeError):
        point.articles = 0
    point.catalog_mb = sum(du_mb(home / name) for name in ("catalog.sqlite", "catalog.sqlite-wal"))
    point.index_mb = du_mb(home / "index")
    point.raw_mb = du_mb(home / "raw")
    print("  queries …", file=sys.stderr, flush=True)
    script = QUERY_SCRIPT.format(bench=str(Path(__file__).resolve().parent), index=str(home / "index"),
                                 count=queries, rounds=rounds)
    step = run([sys.executable, "-c", script], env)
    point.query = json.loads(step.output.strip().splitlines()[-1])
    return point


def table(points: list[Point]) -> None:
    print(f"\n{'articles':>10}{'add /s':>9}{'add RSS':>9}{'add anon':>9}{'reindex s':>11}"
          f"{'idx doc/s':>10}{'stats s':>9}"
          f"{'catalog':>9}{'index':>8}{'raw':>8}{'p50 ms':>8}{'p99 ms':>8}{'bare p50':>9}{'bare p99':>9}"
          f"{'serve RSS':>10}")
    for p in points:
        assert p.add and p.reindex and p.stats
        q = p.query
        print(f"{p.n:>10,}{p.n / p.add.seconds:>9,.0f}{p.add.rss_mb:>8,.0f}M{p.add.anon_mb:>8,.0f}M"
              f"{p.reindex.seconds:>11.1f}"
              f"{p.n / p.reindex.seconds:>10,.0f}{p.stats.seconds:>9.2f}{p.catalog_mb:>8,.0f}M"
              f"{p.index_mb:>7,.0f}M{p.raw_mb:>7,.0f}M{q['newsdig']['p50']:>8.2f}{q['newsdig']['p99']:>8.2f}"
              f"{q['bare']['p50']:>9.2f}{q['bare']['p99']:>9.2f}{q['rss_mb']:>9,.0f}M")
    if len(points) < 2:
        return
    print("\ngrowth against the size before (a rate ratio near 1.0 and a size ratio near the N ratio "
          "are linear scaling)")
    print(f"{'articles':>10}{'N x':>6}{'add rate':>10}{'add RSS':>9}{'add anon':>9}{'reindex':>9}"
          f"{'catalog':>9}{'index':>8}"
          f"{'p50':>7}{'p99':>7}{'serve RSS':>10}")
    for before, p in itertools.pairwise(points):
        assert p.add and before.add and p.reindex and before.reindex
        ratio = p.n / before.n
        print(f"{p.n:>10,}{ratio:>6.0f}"
              f"{(p.n / p.add.seconds) / (before.n / before.add.seconds):>10.2f}"
              f"{p.add.rss_mb / before.add.rss_mb:>9.2f}{p.add.anon_mb / max(before.add.anon_mb, 1):>9.2f}"
              f"{p.reindex.seconds / before.reindex.seconds:>9.1f}"
              f"{p.catalog_mb / before.catalog_mb:>9.1f}{p.index_mb / before.index_mb:>8.1f}"
              f"{p.query['newsdig']['p50'] / before.query['newsdig']['p50']:>7.2f}"  # type: ignore[index]
              f"{p.query['newsdig']['p99'] / before.query['newsdig']['p99']:>7.2f}"  # type: ignore[index]
              f"{p.query['rss_mb'] / before.query['rss_mb']:>10.2f}")  # type: ignore[operator]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k", help="corpus sizes, e.g. 10k,100k,1m")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the homes here and keep them (default: a temp dir)")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsdig-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"newsdig scaling, {os.cpu_count()} cores, --jobs {args.jobs}, homes under {root}, "
          f"load average {os.getloadavg()[0]:.1f}")
    points: list[Point] = []
    try:
        for n in sizes(args.sizes):
            points.append(measure(n, root, args.jobs, args.queries, args.rounds))
            table(points)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
