"""Scale-out figures for docs/scale-out.md: `newsdig spark ingest` at local[1] and local[2] on the
same input, side by side, with `newsdig add --jobs 1|2` as the single-machine baseline, and the
query time over per-month shards against coalesced ones.

    python bench/spark.py [--articles 2000] [--warc FILE] [--rounds 1] [--queries 200] [--keep DIR]
                          [--no-add | --no-spark]

The input is one gzipped WARC of bench/corpus.py's synthetic news pages (seed 1; dates spread over
2019-2025, five languages: the many-month case). Every run is its own child process, so each
Spark run pays for starting its JVM, as a user's does; rows are interleaved per round and the
fastest round counts (other work on the machine only slows a run down). The load average is
printed beside the figures: on a shared machine, read the ratio, not the absolute rates.

Rates:
  spark local[N]   articles in the dataset / the job's wall time (Spark start-up included); the
                   "no start" column takes out the session start (the job's own timings)
  add --jobs N     articles in the catalog / wall time of `newsdig add` (extraction, templates,
                   catalog, index, then enrichment: what the Spark job does)

Query time: the local[2] dataset's Parquet is indexed twice in this process with the job's own
functions (newsdig.spark.indexing) — one shard per month x language (the old layout) and
coalesced to --shard-docs — and the same --queries queries run over both (p50/p99, top 10).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

MASTERS = ("local[1]", "local[2]")
JOBS = (1, 2)


@dataclass
class Run:
    name: str
    articles: int
    seconds: float
    work_seconds: float | None = None  # without the Spark session start (Spark runs only)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def newsdig(*args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """`python -m newsdig ARGS` in its own process: wall seconds and stdout (it must succeed)."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsdig", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"newsdig {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout


def spark_run(warc: Path, out: Path, master: str) -> Run:
    seconds, stdout = newsdig("spark", "ingest", str(warc), "--out", str(out), "--master", master,
                              "--overwrite", "--json")
    summary = json.loads(stdout)
    work = sum(summary["timings"].values())
    return Run(f"spark {master}", summary["articles"], seconds, work)


def add_run(warc: Path, home: Path, jobs: int) -> Run:
    shutil.rmtree(home, ignore_errors=True)
    seconds, stdout = newsdig("--home", str(home), "add", str(warc), "--jobs", str(jobs), "--json")
    summary = json.loads(stdout)
    return Run(f"add --jobs {jobs}", summary["added"] + summary.get("updated", 0), seconds)


def fastest(runs: list[Run]) -> dict[str, Run]:
    best: dict[str, Run] = {}
    for run in runs:
        if run.name not in best or run.seconds < best[run.name].seconds:
            best[run.name] = run
    return best


def rates_table(best: dict[str, Run]) -> None:
    print("\n| run | articles | wall s | articles/s | no start s | articles/s no start |")
    print("|---|---:|---:|---:|---:|---:|")
    for run in best.values():
        work = "- | -"
        if run.work_seconds:
            work = f"{run.work_seconds:.1f} | {run.articles / run.work_seconds:.1f}"
        print(f"| {run.name} | {run.articles:,} | {run.seconds:.1f} | {run.rate:.1f} | {work} |")
    one, two = best.get("spark local[1]"), best.get("spark local[2]")
    if one and two:
        print(f"\nspark local[2] / local[1]: x{two.rate / one.rate:.2f} (wall), "
              f"x{(one.work_seconds or 0) / (two.work_seconds or 1):.2f} (without the session start)")
    a1, a2 = best.get("add --jobs 1"), best.get("add --jobs 2")
    if a1 and a2:
        print(f"add --jobs 2 / --jobs 1: x{a2.rate / a1.rate:.2f}")


def query_times(dataset: Path, root: Path, shard_docs: int, count: int) -> None:
    """Per-month shards against coalesced ones, built from the same Parquet, same queries."""
    from newsdig.index.shards import ShardInfo, write_shard_manifest
    from newsdig.search.shards import ShardedSearcher
    from newsdig.spark.indexing import build_planned_shard, list_partitions, plan_shards

    partitions = list_partitions(dataset / "articles")
    queries = corpus.queries(count, 1)
    print("\n| shards | layout | p50 ms | p99 ms |\n|---:|---|---:|---:|")
    for label, target in (("one per month x language", 1), (f"coalesced to {shard_docs:,}", shard_docs)):
        index_root = root / f"index-{target}"
        shutil.rmtree(index_root, ignore_errors=True)
        plans = plan_shards(partitions, target)
        infos = [ShardInfo.from_dict(build_planned_shard(plan, str(index_root))) for plan in plans]
        write_shard_manifest(index_root, infos)
        searcher = ShardedSearcher(index_root)
        try:
            for query in queries[:20]:  # warm the page cache and the analyzers
                searcher.search(query, 10)
            times = []
            for query in queries:
                started = time.perf_counter()
                searcher.search(query, 10)
                times.append((time.perf_counter() - started) * 1000)
        finally:
            searcher.close()
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"| {len(plans)} | {label} | {times[len(times) // 2]:.1f} | {p99:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="pages in the generated WARC")
    parser.add_argument("--warc", type=Path, help="use this WARC instead of generating one")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each row; the fastest counts")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shard-docs", type=int, default=200_000)
    parser.add_argument("--no-add", action="store_true", help="skip the `newsdig add` baseline")
    parser.add_argument("--no-spark", action="store_true", help="only the `newsdig add` baseline")
    parser.add_argument("--keep", type=Path, help="work here and keep it (default: a temp dir)")
    args = parser.parse_args(argv)

    root = args.keep or Path(tempfile.mkdtemp(prefix="newsdig-bench-spark-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        warc = args.warc
        if warc is None:
            warc = root / "input.warc.gz"
            if not warc.exists():
                corpus.write_warc(warc, args.articles, 1)
        print(f"input: {warc} ({warc.stat().st_size / 1e6:.1f} MB), {os.cpu_count()} cores, "
              f"load average before: {load()}")
        runs: list[Run] = []
        for round_ in range(args.rounds):
            for master in () if args.no_spark else MASTERS:
                runs.append(spark_run(warc, root / f"ds-{master[6]}", master))
                print(f"round {round_ + 1}: {runs[-1].name} {runs[-1].rate:.1f} articles/s "
                      f"({runs[-1].seconds:.1f} s), load {load()}", flush=True)
            for jobs in () if args.no_add else JOBS:
                runs.append(add_run(warc, root / "home", jobs))
                print(f"round {round_ + 1}: {runs[-1].name} {runs[-1].rate:.1f} articles/s "
                      f"({runs[-1].seconds:.1f} s), load {load()}", flush=True)
        rates_table(fastest(runs))
        if not args.no_spark:
            query_times(root / "ds-2", root, args.shard_docs, args.queries)
        print(f"\nload average after: {load()}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
