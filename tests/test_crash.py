"""kill -9 in the middle of `newsdig add`, then run it again: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support import run_cli

PAGES = 160
BATCH = 10
TOPICS = ("harbour", "budget", "storm", "election", "vaccine", "wildfire", "court", "energy")


def write_pages(folder: Path) -> None:
    folder.mkdir()
    for n in range(PAGES):
        topic = TOPICS[n % len(TOPICS)]
        html = (
            f"<html lang='en'><head><title>Report {n}: {topic} update</title>"
            f"<link rel='canonical' href='https://crash.example.com/news/{n}'></head><body>"
            f"<article><h1>Report {n}: {topic} update</h1>"
            f"<p>Officials said on Tuesday that the {topic} situation had changed again, with "
            f"token{n}marker figures released by the city council showing {n * 7} cases.</p>"
            f"<p>Opposition members denied the claims and said the numbers for case {n} were "
            "incomplete, adding that an independent review would be published next month.</p>"
            "</article></body></html>"
        )
        (folder / f"page-{n:04d}.html").write_text(html, encoding="utf-8")


def committed(home: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_ingest_then_resume(tmp_path: Path) -> None:
    pages, home = tmp_path / "pages", tmp_path / "home"
    write_pages(pages)
    env = {**os.environ, "NEWSDIG_HOME": str(home), "NEWSDIG_BATCH_SIZE": str(BATCH)}
    proc = subprocess.Popen([sys.executable, "-m", "newsdig", "add", str(pages), "--jobs", "1", "-q"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while committed(home) < 3 * BATCH and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = committed(home)
    assert 0 < before < PAGES, "the kill should land in the middle of the import"

    summary = run_cli(home, "add", str(pages), "--json").json()
    assert summary["added"] == PAGES - before
    assert summary["duplicate"] == before
    stats = run_cli(home, "stats", "--json").json()
    assert stats["articles"] == PAGES
    assert stats["index_docs"] == PAGES
    for n in (0, before - 1, before, PAGES - 1):
        hits = run_cli(home, "search", f"token{n}marker", "--json").json()
        assert hits["total"] == 1, n
