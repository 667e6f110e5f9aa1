"""Load: the real server on loopback under many keep-alive readers while a writer adds and rewrites
articles in the same home (`newsdig add` chunks and POST /api/articles, alternately).

What must hold: no request fails (every status is the expected one, no connection error, no
timeout), every probe article a reader gets is whole (tests/reliability/load.py says how a probe
checks itself), no search hit names an article that then 404s, an article once served never
404s again, and at the end the catalog holds the last version of every probe written and agrees
with the index (`newsdig check`). Latency (p50/p99), requests/s and the server's RSS over time are
measured and printed; memory is judged on its trend, not on a timed bound.

Quick (default run): a 3,000-article home, 10 connections, 8 s. Long (`pytest -m slow`): the
100k-article bench home, 50 connections, 60 s, a few thousand articles written meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from bench.corpus import build_home, default_home_dir, queries

from newsdig.search.engine import Searcher
from tests.reliability.load import (
    Inconsistent,
    Mix,
    RssSampler,
    Server,
    Writer,
    check_record,
    free_port,
    percentile,
    probe_capture,
    probe_id,
    read_load,
    write_plan,
)
from tests.reliability.records import write_record
from tests.support import run_cli

SEED = 1
# The last third's mean RSS over the middle third's: above this, memory is still climbing at the
# end of the run (a leak), not settling after warm-up. Loose on purpose: the index reloads after
# each writer commit and its caches fill as readers touch more of it.
MAX_RSS_TREND = 1.5


def _bench_home(tmp: Path, articles: int) -> Path:
    """A bench home of `articles` in tmp: copied from the bench cache when one is there (never
    written into), else generated (bench/corpus.py)."""
    home = tmp / "home"
    cached = default_home_dir(articles, SEED)
    if (cached / "catalog.sqlite").exists() and (cached / "index").is_dir():
        home.mkdir()
        for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
            if (cached / name).exists():
                shutil.copy2(cached / name, home / name)
        # index, raw and, when the semantic benchmark embedded the home, its vector index: a
        # catalog with embeddings but no vectors/ would rebuild it inside the first page request
        for name in ("index", "raw", "vectors"):
            if (cached / name).is_dir():
                shutil.copytree(cached / name, home / name)
    build_home(home, articles, SEED, verbose=False)  # reuses the copy when it matches (n, seed)
    return home


def _sample_ids(home: Path, count: int) -> list[str]:
    conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT ?", (count,))]
    finally:
        conn.close()


def _stored(home: Path, ident: str) -> dict[str, object] | None:
    conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT title, text FROM articles WHERE id = ?", (ident,)).fetchone()
    finally:
        conn.close()
    return None if row is None else {"title": row[0], "text": row[1]}


def run_load(tmp: Path, articles: int, connections: int, seconds: float, batches: int, per_cli: int,
             per_http: int, long: bool) -> None:
    home = _bench_home(tmp, articles)
    plan = write_plan(batches, per_cli, per_http)
    probes = max(n for batch in plan for n, _ in batch.items) + 1
    mix = Mix(queries(200, seed=SEED), _sample_ids(home, 2000), probes)
    machine = {"cpus": os.cpu_count(), "load average at start": round(os.getloadavg()[0], 1)}
    (tmp / "chunks").mkdir()
    with Server(home, free_port(), tmp / "server.log") as server:
        assert server.proc is not None
        sampler = RssSampler(server.proc.pid)
        writer = Writer(home, server.base_url, plan, tmp / "chunks")
        sampler.start()
        writer.start()
        stats = asyncio.run(read_load(server.base_url, mix, connections, seconds, SEED, writer))
        writer.join(timeout=900)
        sampler.stop.set()
        sampler.join()
        log = server.log_tail()
    memory = sampler.figures()
    written = writer.report

    latencies = stats.all_ms()
    by_kind = {kind: round(percentile(ms, 99)) for kind, ms in sorted(stats.latencies.items())}
    figures: dict[str, object] = {
        "home articles": articles, "connections": connections, "seconds": round(stats.seconds, 1),
        "requests": stats.requests, "requests/s": round(stats.requests / stats.seconds, 1),
        "p50 ms": round(percentile(latencies, 50), 1), "p99 ms": round(percentile(latencies, 99), 1),
        "max ms": round(max(latencies, default=0.0), 1),
        "p99 ms by request": by_kind,
        "articles written": written.added, "articles rewritten": written.updated,
        "write batches": written.batches, "consistency checks": stats.checks,
        "probes seen by readers": len(stats.first_seen), "expected 404s": stats.expected_404,
        "keep-alive connections closed under a request (retried)": stats.dropped,
        **{key.replace("_", " "): value for key, value in memory.items()}, **machine,
    }
    print(f"\nload {'long' if long else 'quick'}:", ", ".join(f"{k} {v}" for k, v in figures.items()))
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:<14} {len(values):>7} requests  p50 {percentile(values, 50):7.1f} ms  "
              f"p99 {percentile(values, 99):7.1f} ms")
    errors = stats.errors + len(written.failures)

    # The final state: the last version of every probe written, whole, and the index agrees.
    final_bad = []
    for n, version in written.latest.items():
        record = _stored(home, probe_id(n))
        try:
            if record is None or check_record(record)[1] != version:
                final_bad.append(n)
        except Inconsistent:
            final_bad.append(n)
    check = run_cli(home, "check", "--json").json()
    searcher = Searcher(home / "index")
    probes_indexed = searcher.search("loadprobe", limit=1).total
    leaking = memory["rss_last_over_middle_third"] >= MAX_RSS_TREND
    errors += len(final_bad) + (not check["ok"]) + (probes_indexed != len(written.latest)) + leaking
    write_record(
        name=f"load-{'long' if long else 'quick'}", section="load",
        title=f"{connections} connections for {seconds:.0f} s on a {articles:,}-article home while it is "
              "written to",
        attacks=["keep-alive readers: search page, /api/search with filters/phrases/facets, article "
                 "pages and /api/articles, feeds, unknown ids",
                 "a writer adding and rewriting self-checking articles meanwhile "
                 "(`newsdig add` chunks and POST /api/articles)",
                 "every probe read checked whole; every hit's id resolved; no 404 after a 200"],
        figures=figures, errors=errors, long=long)

    assert not written.failures, written.failures
    assert stats.errors == 0, f"{stats.errors} errors, first: {stats.error_texts}\nserver log: {log}"
    assert not final_bad, f"probes not stored whole at their last version: {final_bad[:10]}"
    assert check["ok"], check
    assert probes_indexed == len(written.latest), (probes_indexed, len(written.latest))
    # Not vacuous: readers did meet probes while they were being written.
    assert written.added > 0 and written.updated > 0 and written.batches >= 2, written
    assert stats.checks > 0 and stats.first_seen, (stats.checks, len(stats.first_seen))
    assert not leaking, f"the server's RSS was still climbing at the end: {memory}"


def test_readers_under_load_while_a_writer_imports(tmp_path: Path) -> None:
    run_load(tmp_path, articles=3000, connections=10, seconds=8, batches=4, per_cli=100, per_http=25,
             long=False)


@pytest.mark.slow
def test_fifty_connections_for_a_minute_on_a_100k_home_while_it_is_written_to(tmp_path: Path) -> None:
    run_load(tmp_path, articles=100_000, connections=50, seconds=60, batches=8, per_cli=1000,
             per_http=100, long=True)


def test_a_probe_with_a_mixed_version_or_a_cut_text_is_caught() -> None:
    """The check itself: a whole probe passes; a cut, a padded text or a title of another version
    does not (else the load test could not fail on a half-written article)."""
    whole = probe_capture(7, 2)
    assert check_record(whole) == ("lp000007q", 2)
    text = str(whole["text"])
    other = probe_capture(7, 3)
    broken = [
        {**whole, "text": text[: len(text) // 2]},
        {**whole, "text": text.replace(" ", " storm ", 1)},
        {**whole, "title": other["title"]},
        {**whole, "text": str(other["text"]).split("\n\n")[0] + "\n\n" + text.split("\n\n", 1)[1]},
        {**whole, "title": str(whole["title"])[:-1] + ("1" if str(whole["title"]).endswith("0") else "0")},
    ]
    for record in broken:
        with pytest.raises(Inconsistent):
            check_record(record)
