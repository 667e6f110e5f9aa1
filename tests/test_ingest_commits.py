"""During one import the catalog commits every batch; the index commits every few seconds and at
the end (a tantivy commit costs ~0.3 s whatever it holds). Seen from a reader's side."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from newsdig import ingest
from newsdig.catalog.db import connect
from newsdig.catalog.meta import applied_seq, last_change_seq
from newsdig.home import Home
from newsdig.search import Searcher

ARTICLES = 12
BATCH = 3


def _jsonl(path: Path) -> Path:
    rows = [{"url": f"https://news.example.org/{n}", "title": f"Harbour report number {n}",
             "published": "2025-03-03", "language": "en",
             "text": f"Report {n}: the harbour board counted {n * 7} ferries and {n * 3} delays this "
                     f"week, and promised a new timetable for route {n} before the summer season."}
            for n in range(ARTICLES)]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seconds: float) -> tuple[list[int], Home]:
    """Import in batches of BATCH; after each catalog batch, how far the index has committed."""
    monkeypatch.setattr(ingest, "BATCH_SIZE", BATCH)
    monkeypatch.setattr(ingest, "INDEX_COMMIT_SECONDS", seconds)
    home = Home(tmp_path / "home")
    seen: list[int] = []

    def on_item(summary: ingest.IngestSummary) -> None:
        if summary.added and summary.added % BATCH == 1:  # the first capture of a new batch
            conn = connect(home.catalog_path, readonly=True)
            try:
                seen.append(applied_seq(conn))
            finally:
                conn.close()

    ingest.add_paths(home, [str(_jsonl(tmp_path / "in.jsonl"))], on_item=on_item)
    return seen, home


def test_index_commits_are_spaced_but_complete_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, home = _run(tmp_path, monkeypatch, seconds=3600)
    assert len(seen) >= 3 and set(seen) == {0}  # batches committed to the catalog, index not yet
    conn = connect(home.catalog_path, readonly=True)
    try:
        assert applied_seq(conn) == last_change_seq(conn) > 0  # the end commits the index
    finally:
        conn.close()
    assert Searcher(home.index_dir).search("harbour report", limit=50).total == ARTICLES


def test_with_no_spacing_every_batch_reaches_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, _ = _run(tmp_path, monkeypatch, seconds=0)
    assert len(seen) >= 3 and seen[0] == 0  # before the first batch
    assert all(a < b for a, b in itertools.pairwise(seen[1:])) and seen[1] > 0


def test_an_import_with_nothing_new_does_not_commit_the_index(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    source = _jsonl(tmp_path / "in.jsonl")
    ingest.add_paths(home, [str(source)])
    meta = home.index_dir / "meta.json"
    before = (meta.stat().st_mtime_ns, meta.read_bytes())
    again = ingest.add_paths(home, [str(source)])  # every capture already stored
    assert again.added == 0
    assert (meta.stat().st_mtime_ns, meta.read_bytes()) == before
