"""kill -9 in the middle of `newsdig enrich`, then run it again: every article enriched exactly
once (no doubled quotes, entities, story memberships), and the index agrees with the catalog."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support import run_cli

SAMPLE_SITES = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample" / "generated" / "sites"
BATCH = 5


def enriched(home: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM enrichment").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_enrich_then_resume(tmp_path: Path) -> None:
    pages = sorted((SAMPLE_SITES / "herald").glob("*.html"))[:40]
    home = tmp_path / "home"
    run_cli(home, "add", *map(str, pages))
    articles = run_cli(home, "stats", "--json").json()["articles"]  # type: ignore[index]
    env = {**os.environ, "NEWSDIG_HOME": str(home), "NEWSDIG_ENRICH_BATCH": str(BATCH)}
    proc = subprocess.Popen([sys.executable, "-m", "newsdig", "enrich", "--jobs", "1", "-q"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while enriched(home) < 2 * BATCH and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = enriched(home)
    assert 0 < before < articles, "the kill should land in the middle of the run"

    resumed = run_cli(home, "enrich", "--json").json()
    assert isinstance(resumed, dict)
    assert resumed["pending"] == articles - before  # committed work is not redone
    conn = sqlite3.connect(home / "catalog.sqlite")
    assert conn.execute("SELECT COUNT(*) FROM enrichment WHERE status = 'ok'").fetchone()[0] == articles
    assert conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == articles
    doubled = conn.execute(
        "SELECT COUNT(*) FROM (SELECT article_id, seq FROM quotes GROUP BY 1, 2 HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    assert doubled == 0
    sizes = conn.execute(
        "SELECT s.id FROM stories s WHERE s.size != (SELECT COUNT(*) FROM story_articles a "
        "WHERE a.story_id = s.id)").fetchall()
    assert sizes == []  # story sizes agree with their members after the kill
    quoted = {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM quotes")}
    assert quoted, "the sample's articles quote people"
    # the index carries the enrichment of every article (speakers searchable), as after a clean run
    speaker = conn.execute("SELECT speaker FROM quotes ORDER BY id LIMIT 1").fetchone()[0]
    expected = conn.execute(
        "SELECT COUNT(DISTINCT article_id) FROM quotes WHERE speaker = ? OR via = ?", (speaker, speaker)
    ).fetchone()[0]
    found = run_cli(home, "search", "--json", "--limit", "100", f'speaker:"{speaker}"').json()
    assert isinstance(found, dict) and found["total"] == expected
    stats = run_cli(home, "stats", "--json").json()
    assert isinstance(stats, dict) and stats["index_status"] == "up to date"
