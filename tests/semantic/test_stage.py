"""`newsdig embed` as a stage: incremental, resumable after kill -9, `--all`, failures isolated."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import run_cli

SAMPLE_SITES = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample" / "generated" / "sites"


def _embed(env: dict[str, str], *args: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run([sys.executable, "-m", "newsdig", "embed", "--json", "--jobs", "1", *args],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def _catalog(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "catalog.sqlite")


@pytest.fixture
def herald(extra: None, tmp_path: Path) -> Path:
    """A home of 20 real sample articles (one outlet), imported without enrichment."""
    home = tmp_path / "home"
    pages = sorted((SAMPLE_SITES / "herald").glob("*.html"))[:20]
    run_cli(home, "add", *map(str, pages))
    return home


def test_embed_is_incremental(herald: Path, small_env: dict[str, str], tmp_path: Path) -> None:
    first = _embed(small_env)
    articles = _catalog(herald).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert first["embedded"] == articles == first["pending"] and first["failed"] == 0
    assert first["chunks"] >= articles and first["index"]["kind"] == "exact"

    second = _embed(small_env)
    assert second["pending"] == 0 and second["embedded"] == 0  # nothing to redo

    # Change one article's text (export, edit, add back: same article, new content hash).
    exported = run_cli(herald, "export", "--format", "jsonl").stdout.splitlines()
    record = json.loads(exported[0])
    record["text"] = "The harbour authority said the pier would reopen after repairs. " + record["text"]
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    conn = _catalog(herald)
    article_id = conn.execute("SELECT id FROM articles WHERE canonical_url = ?",
                              (record["canonical_url"],)).fetchone()[0]
    old_chunks = {r[0] for r in conn.execute("SELECT id FROM embedding_chunks WHERE article_id = ?",
                                             (article_id,))}
    run_cli(herald, "add", str(changed))

    third = _embed(small_env)
    assert third["pending"] == 1 and third["embedded"] == 1
    new_chunks = {r[0] for r in conn.execute("SELECT id FROM embedding_chunks WHERE article_id = ?",
                                             (article_id,))}
    assert new_chunks and not (new_chunks & old_chunks)  # fresh ids: old index entries resolve to nothing
    row = conn.execute("SELECT p.content_hash = a.content_hash FROM embedding_progress p JOIN articles a "
                       "ON a.id = p.article_id WHERE a.id = ?", (article_id,)).fetchone()
    assert row[0] == 1

    redo = _embed(small_env, "--all")
    assert redo["pending"] == articles and redo["embedded"] == articles
    assert _embed(small_env)["pending"] == 0


def _progress_rows(home: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM embedding_progress").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_embed_then_resume(herald: Path, small_env: dict[str, str]) -> None:
    articles = _catalog(herald).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    env = {**small_env, "NEWSDIG_EMBED_BATCH": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "newsdig", "embed", "--jobs", "1", "-q"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _progress_rows(herald) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _progress_rows(herald)
    assert 0 < before < articles, "the kill should land in the middle of the run"

    resumed = _embed(small_env)
    assert resumed["pending"] == articles - before  # committed work is not redone
    conn = _catalog(herald)
    done = conn.execute("SELECT COUNT(*) FROM embedding_progress WHERE status = 'ok'").fetchone()[0]
    assert done == articles
    agree = conn.execute(
        "SELECT COUNT(*) FROM embedding_progress p WHERE p.chunks != "
        "(SELECT COUNT(*) FROM embedding_chunks c WHERE c.article_id = p.article_id)").fetchone()[0]
    assert agree == 0  # every article has exactly the chunks its progress row counts


def test_a_failing_article_is_recorded_and_skipped(herald: Path, small_env: dict[str, str]) -> None:
    conn = _catalog(herald)
    broken = conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET 3").fetchone()[0]
    # Text that is not valid UTF-8 (as another tool could write it): this article cannot be read.
    conn.execute("UPDATE articles SET text = CAST(X'C328A0FF' AS TEXT) WHERE id = ?", (broken,))
    conn.commit()
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    first = _embed(small_env)
    assert first["failed"] == 1 and first["embedded"] == articles - 1
    assert first["errors"][0]["id"] == broken
    status, error = conn.execute("SELECT status, error FROM embedding_progress WHERE article_id = ?",
                                 (broken,)).fetchone()
    assert status == "failed" and "unreadable" in error

    again = _embed(small_env)  # the failed article is retried, the others are not redone
    assert again["pending"] == 1 and again["failed"] == 1 and again["embedded"] == 0



def test_worker_processes_give_the_in_process_vectors(herald: Path) -> None:
    import numpy as np

    from newsdig.enrich.embed_stage import Embedded, embed_stream

    items = [(r[0], r[1], r[2]) for r in _catalog(herald).execute("SELECT id, title, text FROM articles")]
    alone = list(embed_stream(iter(items), 1, len(items)))
    pooled = list(embed_stream(iter(items), 2, 10**6))  # a large total: the pool path, 2 processes
    assert [r.article_id for r in pooled] == [r.article_id for r in alone]  # input order kept
    for one, other in zip(alone, pooled, strict=True):
        assert isinstance(one, Embedded) and isinstance(other, Embedded)
        assert one.vectors.shape == other.vectors.shape
        assert np.min(np.sum(one.vectors * other.vectors, axis=1)) > 0.9999
