"""The catalog on a real SQLite file: migrations, upsert outcomes, change log, streaming reads."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from newsdig.catalog.articles import (
    RawRef,
    get_article,
    iter_articles,
    upsert_article,
)
from newsdig.catalog.db import SCHEMA_VERSION, connect
from newsdig.catalog.meta import applied_seq, last_change_seq, pending_article_ids
from newsdig.errors import HomeError
from newsdig.models import Article, article_id, content_hash


def make_article(url: str, text: str, **extra: object) -> Article:
    return Article(
        id=article_id(url), url=url, canonical_url=url, source="example.com", title="A headline",
        text=text, content_hash=content_hash(text), extractor="test 1", word_count=len(text.split()),
        **extra,  # type: ignore[arg-type]
    )


def test_new_catalog_is_migrated_to_the_current_version_in_wal_mode(tmp_path: Path) -> None:
    conn = connect(tmp_path / "catalog.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    again = connect(tmp_path / "catalog.sqlite")  # migrating twice is a no-op
    assert again.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_catalog_from_a_newer_newsdig_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    connect(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(HomeError, match="newer than this newsdig"):
        connect(path)


def test_upsert_outcomes_and_change_log(tmp_path: Path) -> None:
    conn = connect(tmp_path / "catalog.sqlite")
    first = make_article("https://example.com/a", "Troops were deployed to the border region today.")
    assert upsert_article(conn, first, RawRef("raw-1.warc.gz", 0)).outcome == "added"
    assert upsert_article(conn, first, RawRef("raw-1.warc.gz", 99)).outcome == "unchanged"
    changed = replace(first, text=first.text + " More soldiers followed.",
                      content_hash=content_hash(first.text + " More soldiers followed."))
    assert upsert_article(conn, changed, None).outcome == "updated"
    copy = make_article("https://mirror.example.org/a", first.text)
    result = upsert_article(conn, copy, None)
    assert result.outcome == "added"  # the first text was updated, so this is no longer a copy
    exact = make_article("https://other.example.net/z", changed.text)
    copied = upsert_article(conn, exact, None)
    assert copied.outcome == "copy" and copied.article_id == first.id
    conn.commit()
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    # an added, an updated and another added article: three changes, two distinct articles
    assert last_change_seq(conn) == 3
    assert sorted(pending_article_ids(conn, applied_seq(conn), 3)) == sorted([first.id, copy.id])
    assert get_article(conn, "https://other.example.net/z")["id"] == first.id  # via the alias


def test_lookup_by_unique_prefix_and_streaming_in_id_order(tmp_path: Path) -> None:
    conn = connect(tmp_path / "catalog.sqlite")
    articles = [make_article(f"https://example.com/{n}", f"Story number {n} about the harbour strike.")
                for n in range(1200)]
    for article in articles:
        upsert_article(conn, article, None)
    conn.commit()
    streamed = [a.id for a in iter_articles(conn)]
    assert streamed == sorted(a.id for a in articles)
    target = articles[7].id
    assert get_article(conn, target[:10])["id"] == target
    assert get_article(conn, "zzzz") is None


def test_opening_an_article_by_id_url_or_canonical_url_uses_indexes(tmp_path: Path) -> None:
    """get_article runs on every article page and API lookup: no full scan of the table (a scan
    took 150 ms at 100k articles)."""
    conn = connect(tmp_path / "catalog.sqlite")
    article = make_article("https://example.com/a?utm=1", "Some text.")
    article = replace(article, canonical_url="https://example.com/a")
    upsert_article(conn, article, None)
    conn.commit()
    for ref in (article.id, article.url, article.canonical_url):
        assert get_article(conn, ref)["id"] == article.id
    statements: list[str] = []
    conn.set_trace_callback(statements.append)  # the SQL get_article runs, values bound
    get_article(conn, article.url)
    conn.set_trace_callback(None)
    assert statements
    for statement in statements:
        details = " | ".join(row["detail"] for row in conn.execute("EXPLAIN QUERY PLAN " + statement))
        assert "SCAN articles" not in details, (statement, details)
