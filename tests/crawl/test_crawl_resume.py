"""kill -9 in the middle of `newsdig crawl`, then crawl again: every article stored once, no URL
fetched twice except the few in flight at the kill, and nothing left queued."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from tests.crawl.conftest import catalog_rows
from tests.crawl.sites import GeneratedSite, Host
from tests.support import run_cli

HOSTS = 3
PER_HOST = 50  # 150 articles in all
CONCURRENCY = 8  # the crawler's default global concurrency: the in-flight bound at a kill
LATENCY = 0.2  # seconds per article response: ~12 s of fetching per host in all
DELAY = 0.05  # --delay
KILL_AFTER = 1  # committed articles before the SIGKILL...
KEEP_FETCHING = 2.0  # ...and this many seconds more of fetching, so pages are mid-pipeline


def _committed(home: Path) -> int:
    rows = catalog_rows(home, "SELECT COUNT(*) FROM articles")
    return rows[0][0] if rows else 0


def test_sigkill_mid_crawl_then_resume(tmp_path: Path, hosts: list[Host]) -> None:
    sites = []
    for n in range(HOSTS):
        host = Host(f"gen{n}")
        hosts.append(host)
        sites.append(GeneratedSite(host, PER_HOST, latency=LATENCY))
    total = HOSTS * PER_HOST
    home = tmp_path / "home"
    for site in sites:
        run_cli(home, "source", "add", site.host.base + "/", "--allow-private")
    for site in sites:
        site.host.clear_log()

    env = {**os.environ, "NEWSDIG_HOME": str(home)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsdig",
            "crawl",
            "--once",
            "--allow-private",
            "--delay",
            str(DELAY),
            "--json",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while _committed(home) < KILL_AFTER and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(KEEP_FETCHING)
    proc.send_signal(signal.SIGKILL)
    _, stderr = proc.communicate()
    before = _committed(home)
    assert proc.returncode == -signal.SIGKILL, f"the crawl ended on its own: {stderr.decode()[-2000:]}"
    assert 0 < before < total, f"the kill should land in the middle of the crawl ({before}/{total})"
    first_run = {
        s.host.label: Counter(e.bare_path for e in s.host.requests() if e.bare_path.startswith("/a/"))
        for s in sites
    }

    summary = run_cli(home, "crawl", "--once", "--allow-private", "--delay", str(DELAY), "--json").json()
    assert summary["new_articles"] == total - before, (summary, before)

    stored = catalog_rows(home, "SELECT canonical_url FROM articles")
    assert len(stored) == total == len(set(stored))
    assert {u for (u,) in stored} == {s.host.url(p) for s in sites for p in s.paths}

    states = Counter(state for (state,) in catalog_rows(home, "SELECT state FROM frontier"))
    assert states["queued"] == 0, states
    article_states = catalog_rows(
        home, "SELECT state, COUNT(*) FROM frontier WHERE url LIKE '%/a/%' GROUP BY state"
    )
    assert article_states == [("done", total)], article_states
    hits = run_cli(home, "search", sites[1].token(PER_HOST - 1), "--json").json()
    assert hits["total"] == 1

    # last, so the invariants above are checked even when this bound fails
    twice = {}
    for site in sites:
        counts = Counter(e.bare_path for e in site.host.requests() if e.bare_path.startswith("/a/"))
        assert set(counts) == set(site.paths), site.host.label
        twice.update({site.host.url(p): n for p, n in counts.items() if n > 1})
    assert all(n == 2 for n in twice.values()), twice
    assert len(twice) <= CONCURRENCY, (
        f"{len(twice)} URLs fetched in both runs (in flight at most {CONCURRENCY})"
    )
    # a refetched URL was requested in the first run (in flight at the kill); per-host
    # concurrency is 1, so at most one such URL per host
    for site in sites:
        mine = [urlsplit(u).path for u in twice if u.startswith(site.host.base + "/")]
        assert all(first_run[site.host.label][p] == 1 for p in mine), (site.host.label, mine)
        assert len(mine) <= 1, f"{site.host.label}: {mine} refetched, more than one in flight per host"
