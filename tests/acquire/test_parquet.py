"""`newsdig add` of Parquet articles (the `newsdig spark ingest` output): rows stored as they are.

The rows are real extractions of the fixture site's pages (the same `extract` a Spark task runs),
written by pyarrow in the contract's columns into a hive-partitioned directory (month=/lang=).
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from newsdig.acquire.files import iter_captures
from newsdig.acquire.parquet import INSTALL_HINT, row_to_article
from newsdig.errors import InputError
from newsdig.extract import extract
from newsdig.home import Home
from newsdig.ingest import add_paths, capture_url, reextract
from newsdig.models import Article, Capture, Rejection
from newsdig.search.engine import search
from tests.support import FIXTURES, run_cli

pa = pytest.importorskip("pyarrow", reason="Parquet import needs pyarrow: pip install 'newsdig[spark]'")
pq = pytest.importorskip("pyarrow.parquet")

SITE = FIXTURES / "site"


def site_articles() -> list[Article]:
    """What `newsdig add tests/fixtures/site` extracts, in its arrival order."""
    articles = []
    for item in iter_captures([SITE]):
        if isinstance(item, Capture):
            result = extract(item, url=capture_url(item), source=item.hint("source"))
            if isinstance(result, Article):
                articles.append(result)
    assert len(articles) >= 6
    return articles


def row(article: Article, seq: int) -> dict[str, object]:
    """One row in the contract's columns (the enrichment ones as Spark would fill them)."""
    record = asdict(article)
    record["authors"] = list(article.authors)
    return {**record, "seq": f"{0:06d}:{seq:015d}", "group_id": article.id, "speakers": ["Ana Ruiz"],
            "entities": ["Harbour City"], "story_id": None, "quotes": "[]"}


SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("source", pa.string()),
    ("title", pa.string()), ("text", pa.string()), ("content_hash", pa.string()),
    ("extractor", pa.string()), ("authors", pa.list_(pa.string())), ("published", pa.string()),
    ("language", pa.string()), ("site_name", pa.string()), ("description", pa.string()),
    ("title_inferred", pa.bool_()), ("fetched_at", pa.string()), ("origin", pa.string()),
    ("word_count", pa.int64()), ("seq", pa.string()), ("group_id", pa.string()),
    ("speakers", pa.list_(pa.string())), ("entities", pa.list_(pa.string())), ("story_id", pa.int64()),
    ("quotes", pa.string()),
])


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), path)
    return path


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article]]:
    """articles/month=…/lang=en/part-*.parquet, one part written out of seq order, a bad row and a
    row without text among them, and Spark's _SUCCESS and .crc files beside them."""
    root = tmp_path_factory.mktemp("dataset") / "articles"
    articles = site_articles()
    rows = [row(a, n * 1000) for n, a in enumerate(articles)]
    half = len(rows) // 2
    bad_id = {**rows[0], "id": "0123456789abcdef", "seq": f"{0:06d}:{999_999:015d}"}
    no_text = {**rows[1], "text": None, "seq": f"{0:06d}:{999_998:015d}"}
    write(root / "month=2025-03" / "lang=en" / "part-00000.parquet", list(reversed(rows[:half])))
    write(root / "month=undated" / "lang=en" / "part-00001.parquet", [*rows[half:], bad_id, no_text])
    (root / "_SUCCESS").write_bytes(b"")
    (root / "month=2025-03" / "lang=en" / ".part-00000.parquet.crc").write_bytes(b"crc")
    return root, articles


def stored(home: Home) -> list[sqlite3.Row]:
    conn = sqlite3.connect(home.catalog_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM articles ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_rows_are_stored_as_extracted_in_seq_order_and_found(
        tmp_path: Path, dataset: tuple[Path, list[Article]]) -> None:
    root, articles = dataset
    home = Home(tmp_path / "home")
    summary = add_paths(home, [str(root)])
    ids = list(dict.fromkeys(a.id for a in articles))  # two pages of the site share a canonical URL
    assert (summary.added, summary.added + summary.updated) == (len(ids), len(articles))
    assert dict(summary.skipped) == {"bad-value": 1, "missing-field": 1}
    assert "not the id of its canonical_url" in summary.examples["bad-value"]
    assert summary.examples["missing-field"].endswith("part-00001.parquet#6: no text")
    rows = stored(home)
    # the first file in seq order although written backwards; the second one after it
    assert [r["id"] for r in rows] == ids
    by_id = {a.id: a for a in articles}  # the later of two with one id: it updated the first
    for stored_row in rows:
        article = by_id[stored_row["id"]]
        assert (stored_row["title"], stored_row["extractor"], stored_row["origin"]) == (
            article.title, article.extractor, article.origin)
        assert stored_row["raw_file"] is None  # no raw capture came with a Parquet row
    # the same articles, ids and texts as `newsdig add` of the pages themselves
    pages = Home(tmp_path / "pages")
    add_paths(pages, [str(SITE)])
    assert {(r["id"], r["text"]) for r in stored(pages)} == {(r["id"], r["text"]) for r in rows}
    found = search(home.index_dir, "ferry night crossings")
    assert found.total >= 1
    assert found.hits[0].title == next(a.title for a in articles if "ferry" in a.url)
    conn = sqlite3.connect(home.catalog_path)
    rejected = conn.execute("SELECT stage, reason, origin FROM rejections ORDER BY reason").fetchall()
    conn.close()
    assert [(s, r) for s, r, _ in rejected] == [("import", "bad-value"), ("import", "missing-field")]
    assert all("part-00001.parquet#" in origin for _, _, origin in rejected)


def test_adding_the_same_parquet_again_changes_nothing(
        tmp_path: Path, dataset: tuple[Path, list[Article]]) -> None:
    root, articles = dataset
    home = Home(tmp_path / "home")
    add_paths(home, [str(root)])
    before = [tuple(r) for r in stored(home)]
    again = add_paths(home, [str(root)])
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(articles))  # all known texts
    assert [tuple(r) for r in stored(home)] == before


def test_reextract_skips_articles_without_a_raw_capture(
        tmp_path: Path, dataset: tuple[Path, list[Article]]) -> None:
    root, _ = dataset
    home = Home(tmp_path / "home")
    add_paths(home, [str(root)])
    texts = {r["id"]: r["text"] for r in stored(home)}
    summary = reextract(home)
    assert summary.skipped["no-raw-capture"] == len(texts)
    assert "Parquet" in summary.examples["no-raw-capture"]
    assert {r["id"]: r["text"] for r in stored(home)} == texts


def test_the_cli_imports_a_dataset_directory(tmp_path: Path, dataset: tuple[Path, list[Article]]) -> None:
    root, articles = dataset
    result = run_cli(tmp_path / "home", "add", str(root), "--json")
    summary = json.loads(result.stdout)
    assert summary["added"] == len({a.id for a in articles})
    assert summary["skipped_by_reason"] == {"bad-value": 1, "missing-field": 1}
    found = run_cli(tmp_path / "home", "search", "oysters", "--json").json()
    assert isinstance(found, dict) and found["total"] >= 1


def test_files_that_are_not_article_parquet_are_rejected_whole(tmp_path: Path) -> None:
    rejections = tmp_path / "rejections" / "part-00000.parquet"
    rejections.parent.mkdir()
    pq.write_table(pa.table({"stage": ["extract"], "reason": ["empty-text"], "origin": ["a.warc@0"],
                             "url": [None], "detail": ["3 words"]}), rejections)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(b"PAR1" + b"\x00" * 64)
    items = list(iter_captures([rejections, cut]))
    assert [(i.reason, i.origin) for i in items if isinstance(i, Rejection)] == [
        ("not-articles", str(rejections)), ("unreadable", str(cut))]
    assert "text" in items[0].detail  # type: ignore[union-attr]
    piped = list(iter_captures(["-"], stdin=io.BytesIO(rejections.read_bytes())))
    assert [(i.reason, i.origin) for i in piped] == [("unsupported-file", "-")]  # type: ignore[union-attr]


def test_bad_values_name_their_column() -> None:
    [article] = [a for a in site_articles()[:1]]
    good = row(article, 0)
    assert row_to_article(good, "x#0") == article
    cases = {
        "published": ({"published": "last Tuesday"}, "bad-value"),
        "word_count": ({"word_count": -3}, "bad-value"),
        "authors": ({"authors": "Ana Ruiz"}, "bad-value"),
        "source": ({"source": "  "}, "missing-field"),
    }
    for column, (change, reason) in cases.items():
        result = row_to_article({**good, **change}, "x#7")
        assert isinstance(result, Rejection), column
        assert (result.stage, result.reason, result.origin) == ("import", reason, "x#7")
        assert column in result.detail
    optional_missing = {k: v for k, v in good.items() if k not in ("word_count", "authors", "origin")}
    assert row_to_article(optional_missing, "x#1") == replace(
        article, authors=(), origin="x#1", word_count=len(article.text.split()))


def test_without_pyarrow_the_error_says_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset: tuple[Path, list[Article]]) -> None:
    root, _ = dataset
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InputError, match=INSTALL_HINT.replace("[", r"\[").replace("]", r"\]")):
        list(iter_captures([root]))
