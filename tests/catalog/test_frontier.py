"""The frontier: a seen-set of normalised URLs, due-time ordering, states and counts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsdig.catalog import frontier
from newsdig.catalog.db import connect


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "catalog.sqlite")


def test_enqueue_is_a_seen_set_of_normalised_urls(conn: sqlite3.Connection) -> None:
    assert frontier.enqueue(conn, "https://News.Example.com/a/1?utm_source=rss#top", None,
                            published="2026-01-05", title="One")
    assert not frontier.enqueue(conn, "https://news.example.com/a/1", None)
    assert not frontier.enqueue(conn, "https://NEWS.example.com/a/1?utm_medium=x", None)
    assert not frontier.enqueue(conn, "mailto:desk@example.com", None)
    assert not frontier.enqueue(conn, "not a url", None)
    row = frontier.get(conn, "https://news.example.com/a/1")
    assert row is not None
    assert (row["state"], row["host"], row["published"], row["title"]) == (
        "queued", "news.example.com", "2026-01-05", "One")
    assert frontier.counts(conn) == {"queued": 1, "done": 0, "failed": 0, "skipped": 0}


def test_host_keeps_an_explicit_port() -> None:
    assert frontier.host_key("http://127.0.0.1:8081/a") == "127.0.0.1:8081"
    assert frontier.host_key("https://Example.com/a") == "example.com"


def test_next_batch_takes_due_urls_round_robin_across_hosts(conn: sqlite3.Connection) -> None:
    for n in range(4):
        frontier.enqueue(conn, f"https://a.example.com/{n}", None)
    for n in range(2):
        frontier.enqueue(conn, f"https://b.example.com/{n}", None)
    frontier.mark_failed(conn, "https://a.example.com/0", "http-503", retry_at=5_000.0)
    batch = frontier.next_batch(conn, now=1_000.0, limit=10)
    assert [r["url"] for r in batch] == [
        "https://a.example.com/1", "https://b.example.com/0",
        "https://a.example.com/2", "https://b.example.com/1", "https://a.example.com/3"]
    assert [r["url"] for r in frontier.next_batch(conn, now=1_000.0, limit=2)] == [
        "https://a.example.com/1", "https://b.example.com/0"]
    later = [r["url"] for r in frontier.next_batch(conn, now=6_000.0, limit=10)]
    assert later[-1] == "https://a.example.com/0"  # due now, but after its host's earlier-due URLs
    only = frontier.next_batch(conn, now=1_000.0, limit=10, urls=["https://b.example.com/1"])
    assert [r["url"] for r in only] == ["https://b.example.com/1"]
    assert frontier.next_due(conn) == 0.0
    assert frontier.next_due(conn, ["https://a.example.com/0"]) == 5_000.0
    assert frontier.queued_by_host(conn) == {"a.example.com": 4, "b.example.com": 2}


def test_states_attempts_and_requeue(conn: sqlite3.Connection) -> None:
    urls = [f"https://a.example.com/{n}" for n in range(4)]
    for url in urls:
        frontier.enqueue(conn, url, None)
    frontier.mark_done(conn, urls[0], 200, "https://a.example.com/final", "abc123")
    frontier.mark_failed(conn, urls[1], "http-500", retry_at=99.0)
    frontier.mark_failed(conn, urls[2], "http-404", retry_at=None)
    frontier.mark_skipped(conn, urls[3], "robots")
    rows = {u: frontier.get(conn, u) for u in urls}
    assert (rows[urls[0]]["state"], rows[urls[0]]["final_url"], rows[urls[0]]["article_id"],
            rows[urls[0]]["attempts"]) == ("done", "https://a.example.com/final", "abc123", 1)
    assert (rows[urls[1]]["state"], rows[urls[1]]["next_try_at"], rows[urls[1]]["attempts"],
            rows[urls[1]]["reason"]) == ("queued", 99.0, 1, "http-500")
    assert (rows[urls[2]]["state"], rows[urls[2]]["reason"]) == ("failed", "http-404")
    skipped = rows[urls[3]]
    assert (skipped["state"], skipped["reason"], skipped["attempts"]) == ("skipped", "robots", 0)
    assert frontier.counts(conn) == {"queued": 1, "done": 1, "failed": 1, "skipped": 1}
    assert frontier.next_batch(conn, now=50.0, limit=10) == []
    frontier.requeue(conn, urls[2])
    again = frontier.get(conn, urls[2])
    assert (again["state"], again["attempts"], again["next_try_at"]) == ("queued", 0, 0)
