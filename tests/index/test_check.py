"""`newsdig check`: the index is compared with the catalog and repaired, whatever broke it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tantivy

from newsdig.catalog.db import connect
from newsdig.catalog.meta import INDEX_APPLIED_SEQ, set_meta
from newsdig.home import Home
from newsdig.index.check import SLICE_TARGET, _prefixes, check_index
from newsdig.index.document import article_to_document
from newsdig.index.schema import F
from newsdig.ingest import add_paths
from newsdig.models import Article, article_id, content_hash
from newsdig.search import Searcher

FEEDS = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample" / "generated" / "feeds"


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home")
    add_paths(home, [str(p) for p in sorted(FEEDS.glob("*.jsonl"))])
    return home


def _catalog_ids(home: Home) -> list[str]:
    return [r[0] for r in connect(home.catalog_path).execute("SELECT id FROM articles ORDER BY id")]


def _raw_writer(home: Home) -> tantivy.IndexWriter:
    """A tantivy writer that bypasses newsdig: what a bug, a crash or a hand edit could do."""
    from newsdig.index.reader import open_index

    return open_index(home.index_dir).writer(heap_size=20_000_000, num_threads=1)


def test_a_healthy_home_checks_clean(home: Home) -> None:
    report = check_index(connect(home.catalog_path), home.index_dir, deep=True)
    assert report.ok and report.problems == 0 and report.actions == []
    assert report.catalog_articles == report.index_documents == len(_catalog_ids(home)) > 30


def test_lost_extra_and_doubled_documents_are_found_and_repaired(home: Home) -> None:
    ids = _catalog_ids(home)
    conn = connect(home.catalog_path)
    lost, doubled = ids[3], ids[7]
    stranger = Article(id=article_id("https://nowhere.example/x"), url="https://nowhere.example/x",
                       canonical_url="https://nowhere.example/x", source="Nowhere", title="Stranger",
                       text="An article the catalog never had.", content_hash=content_hash("x"),
                       extractor="test")
    from newsdig.catalog.articles import get_articles

    writer = _raw_writer(home)
    writer.delete_documents_by_term(F.ID, lost)
    writer.add_document(article_to_document(get_articles(conn, [doubled])[doubled]))
    writer.add_document(article_to_document(stranger))
    writer.commit()
    writer.wait_merging_threads()

    found = check_index(conn, home.index_dir)
    assert not found.ok
    assert (found.missing, found.extra, found.duplicated) == (1, 1, 1)
    assert found.examples == {"missing": [lost], "extra": [stranger.id], "duplicated": [doubled]}
    assert found.actions == []  # reporting changes nothing

    repaired = check_index(conn, home.index_dir, repair=True)
    assert repaired.ok and len(repaired.actions) == 1
    assert check_index(conn, home.index_dir, deep=True).problems == 0
    searcher = Searcher(home.index_dir)
    assert searcher.num_docs() == len(ids)
    assert searcher.search("Stranger").total == 0


def test_pending_changes_are_applied(home: Home) -> None:
    conn = connect(home.catalog_path)
    with conn:
        set_meta(conn, INDEX_APPLIED_SEQ, "0")  # as if the run died before the index commit
    found = check_index(conn, home.index_dir)
    assert found.pending_changes == len(_catalog_ids(home)) and not found.ok
    assert found.missing == found.extra == 0  # explained by the change log, not counted twice
    repaired = check_index(conn, home.index_dir, repair=True)
    assert repaired.ok and repaired.actions[0].startswith("applied")
    assert check_index(conn, home.index_dir).problems == 0


def test_a_text_changed_behind_the_change_log_is_stale_only_to_a_deep_check(home: Home) -> None:
    conn = connect(home.catalog_path)
    target = _catalog_ids(home)[11]
    with conn:
        conn.execute("UPDATE articles SET text = text || ' Corrected on Friday.' WHERE id = ?", (target,))
    assert check_index(conn, home.index_dir).ok  # ids agree
    deep = check_index(conn, home.index_dir, deep=True)
    assert deep.stale == 1 and deep.examples == {"stale": [target]} and not deep.ok
    assert check_index(conn, home.index_dir, deep=True, repair=True).ok
    assert Searcher(home.index_dir).search('"Corrected on Friday"').total == 1


@pytest.mark.parametrize("damage", ["meta", "segments", "garbage"])
def test_a_corrupted_index_is_rebuilt_from_the_catalog(home: Home, damage: str) -> None:
    conn = connect(home.catalog_path)
    total = len(_catalog_ids(home))
    if damage == "meta":
        (home.index_dir / "meta.json").write_text("{ not json")
    elif damage == "segments":
        for path in home.index_dir.iterdir():
            if path.suffix in (".idx", ".term"):
                path.unlink()
    else:
        shutil.rmtree(home.index_dir)
        home.index_dir.mkdir()
        (home.index_dir / "newsdig-index.json").write_text("garbage")
    found = check_index(conn, home.index_dir)
    assert found.unusable and not found.ok and found.actions == []
    repaired = check_index(conn, home.index_dir, repair=True)
    assert repaired.ok and "rebuilt the index from the catalog" in repaired.actions[0]
    assert Searcher(home.index_dir).num_docs() == total


def test_slices_cover_the_id_space(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _prefixes(10) == list("0123456789abcdef")
    assert len(_prefixes(SLICE_TARGET * 40)) == 256
    monkeypatch.setattr("newsdig.index.check.SLICE_TARGET", 1)  # 256 slices over this small home
    lost = _catalog_ids(home)[-1]  # the highest id: the last slice, up to the top of the space
    writer = _raw_writer(home)
    writer.delete_documents_by_term(F.ID, lost)
    writer.commit()
    writer.wait_merging_threads()
    found = check_index(connect(home.catalog_path), home.index_dir)
    assert (found.missing, found.extra, found.examples) == (1, 0, {"missing": [lost]})


def test_the_check_command_reports_exits_1_and_repairs(home: Home) -> None:
    from tests.support import run_cli

    assert run_cli(home.root, "check", "--json").json()["ok"] is True
    writer = _raw_writer(home)
    writer.delete_documents_by_term(F.ID, _catalog_ids(home)[0])
    writer.commit()
    writer.wait_merging_threads()
    found = run_cli(home.root, "check", check=False)
    assert found.code == 1 and "missing: 1" in found.stdout and "newsdig check --repair" in found.stdout
    repaired = run_cli(home.root, "check", "--repair", "--json").json()
    assert repaired["ok"] is True and repaired["missing"] == 1 and repaired["actions"]
    assert run_cli(home.root, "check", "--deep", "--json").json() == {
        **repaired, "missing": 0, "examples": {}, "actions": [], "deep": True, "stale": 0}
