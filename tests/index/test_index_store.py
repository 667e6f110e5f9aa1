"""The index side: documents, writer semantics, compatibility checks and rebuilds."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tantivy

from newsdig.errors import IndexError_
from newsdig.index import (
    SCHEMA_VERSION,
    IndexBusyError,
    article_to_document,
    build_fresh,
    doc_count,
    host_suffixes,
    open_index,
    open_writer,
    parse_published,
)
from newsdig.index.manifest import MANIFEST_NAME
from newsdig.models import Article, article_id, content_hash

HEAP = 20_000_000


def art(url: str, title: str = "A title", text: str = "Some text.", **kw) -> Article:
    canonical_url = kw.pop("canonical_url", url)
    source = kw.pop("source", "Wire")
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=canonical_url,
        source=source,
        title=title,
        text=text,
        content_hash=content_hash(text),
        extractor="test 1",
        **kw,
    )


ARTICLES = [
    art(
        "https://www.bbc.co.uk/news/a",
        "Gerasimov praises heroism",
        "North Korean troops in Kursk.",
        published="2025-04-28T09:15:00+02:00",
        language="en",
        source="BBC News",
    ),
    art("https://www.reuters.com/b", "Putin speaks", "The Kremlin said.", published="2025-04-19"),
    art("https://example.org/c", "Undated piece", "No date here.", published=None),
]


def search_ids(index: tantivy.Index, field: str, value: str) -> list[str]:
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(index.schema, field, value), 10).hits
    return [searcher.doc(addr).get_first("id") for _, addr in hits]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-04-28", datetime(2025, 4, 28, tzinfo=UTC)),
        ("2025-04-28T09:15:00+02:00", datetime(2025, 4, 28, 7, 15, tzinfo=UTC)),
        ("2025-04-28T09:15:00Z", datetime(2025, 4, 28, 9, 15, tzinfo=UTC)),
        ("2025-04-28 09:15", datetime(2025, 4, 28, 9, 15, tzinfo=UTC)),
        (" 2025-04 ", datetime(2025, 4, 1, tzinfo=UTC)),
        ("2025", None),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("2025-02-30", None),
        ("0001-01-01", None),
    ],
)
def test_parse_published(value: str | None, expected: datetime | None) -> None:
    assert parse_published(value) == expected


def test_host_suffixes() -> None:
    assert host_suffixes("www.bbc.co.uk") == ["www.bbc.co.uk", "bbc.co.uk", "co.uk"]
    assert host_suffixes("bbc.com") == ["bbc.com"]
    assert host_suffixes("localhost") == ["localhost"]
    assert host_suffixes("10.0.0.1") == ["10.0.0.1"]
    assert host_suffixes("") == []


def test_article_to_document() -> None:
    fields = article_to_document(ARTICLES[0]).to_dict()
    assert fields["id"] == [ARTICLES[0].id]
    assert fields["site"] == ["www.bbc.co.uk", "bbc.co.uk", "co.uk"]
    assert fields["month"] == ["2025-04"] and fields["language"] == ["en"]
    assert fields["published"] == [datetime(2025, 4, 28, 7, 15, tzinfo=UTC)]
    assert fields["published_text"] == ["2025-04-28T09:15:00+02:00"]
    assert fields["source"] == ["BBC News"] and fields["source_key"] == ["BBC News"]
    undated = article_to_document(ARTICLES[2]).to_dict()
    assert not {"published", "published_epoch", "month", "published_text", "language"} & set(undated)


def test_canonical_host_counts_as_a_site() -> None:
    article = art("https://amp.example.com/x", canonical_url="https://www.example.org/x")
    assert set(article_to_document(article).to_dict()["site"]) >= {"amp.example.com", "example.org"}


def test_upsert_replaces_and_delete_removes(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    with open_writer(index_dir, heap_bytes=HEAP, threads=1) as writer:
        assert writer.upsert(ARTICLES) == 3
        writer.commit()
        assert doc_count(index_dir) == 3
        renamed = dataclasses.replace(ARTICLES[1], title="Putin speaks again")
        writer.upsert([renamed, renamed])  # twice in one batch: still one document
        writer.commit()
        assert doc_count(index_dir) == 3
        index = writer.index
        assert search_ids(index, "title", "again") == [ARTICLES[1].id]
        assert writer.delete([ARTICLES[0].id, ARTICLES[0].id, "no-such-id"]) == 2
        writer.commit()
    assert doc_count(index_dir) == 2
    assert search_ids(open_index(index_dir), "id", ARTICLES[0].id) == []


def test_context_manager_commits_or_rolls_back(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    with open_writer(index_dir, heap_bytes=HEAP, threads=1) as writer:
        writer.upsert(ARTICLES[:1])
    assert doc_count(index_dir) == 1
    with pytest.raises(RuntimeError), open_writer(index_dir, heap_bytes=HEAP, threads=1) as writer:
        writer.upsert(ARTICLES[1:])
        raise RuntimeError("boom")
    assert doc_count(index_dir) == 1
    with pytest.raises(RuntimeError, match="closed"):
        writer.upsert(ARTICLES)


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = open_writer(index_dir, heap_bytes=HEAP, threads=1)
    with pytest.raises(IndexBusyError):
        open_writer(index_dir, heap_bytes=HEAP, threads=1)
    first.close()
    open_writer(index_dir, heap_bytes=HEAP, threads=1).close()


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="no search index"):
        open_index(tmp_path / "missing")


def test_manifest_is_written_and_checked(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_fresh(index_dir, ARTICLES, heap_bytes=HEAP, threads=1)
    manifest = index_dir / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    open_index(index_dir)

    manifest.write_text(json.dumps(data | {"schema_version": SCHEMA_VERSION + 1}))
    with pytest.raises(IndexError_, match="schema version"):
        open_index(index_dir)
    with pytest.raises(IndexError_):  # the writer refuses it too
        open_writer(index_dir, heap_bytes=HEAP, threads=1)

    manifest.write_text(json.dumps(data | {"tokenizers": {"newsdig_stem": ["simple"]}}))
    with pytest.raises(IndexError_, match="analyzer"):
        open_index(index_dir)

    manifest.write_text("{not json")
    with pytest.raises(IndexError_, match="unreadable"):
        open_index(index_dir)

    manifest.unlink()
    with pytest.raises(IndexError_, match="not a newsdig index"):
        open_index(index_dir)


def test_corrupt_tantivy_meta(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_fresh(index_dir, ARTICLES, heap_bytes=HEAP, threads=1)
    (index_dir / "meta.json").write_text("garbage")
    with pytest.raises(IndexError_):
        open_index(index_dir)


def test_other_schema_is_refused(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_fresh(index_dir, [], heap_bytes=HEAP, threads=1)
    manifest = (index_dir / MANIFEST_NAME).read_text()
    other = tmp_path / "other"
    other.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True)
    tantivy.Index(builder.build(), str(other))
    (other / MANIFEST_NAME).write_text(manifest)
    with pytest.raises(IndexError_, match="different schema"):
        open_index(other)


def test_build_fresh_swaps(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    assert build_fresh(index_dir, ARTICLES, heap_bytes=HEAP, threads=1) == 3
    old_reader = open_index(index_dir)
    (tmp_path / "index.new").mkdir()  # leftovers of an interrupted build are cleared
    (tmp_path / "index.new" / "junk").write_text("x")
    assert build_fresh(index_dir, ARTICLES[:1], heap_bytes=HEAP, threads=1) == 1
    assert doc_count(index_dir) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]
    assert old_reader.searcher().num_docs == 3  # an open reader keeps its snapshot


def test_junk_directory_is_not_an_index(tmp_path: Path) -> None:
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "stray.txt").write_text("x")
    with pytest.raises(IndexError_):
        open_writer(tmp_path / "index", heap_bytes=HEAP, threads=1)
    build_fresh(tmp_path / "index", ARTICLES, heap_bytes=HEAP, threads=1)  # the rebuild replaces it
    assert doc_count(tmp_path / "index") == 3


def test_a_delete_file_left_by_a_kill_does_not_block_the_replay(tmp_path: Path) -> None:
    """A kill after tantivy wrote a segment's delete file and before meta.json named it: the next
    run replays the same changes to the same opstamp and must still commit (it failed with
    FileAlreadyExists). The state is made exactly: the delete file of the later commit is put
    back into a copy of the index taken before it."""
    import shutil

    index_dir, before = tmp_path / "index", tmp_path / "before"
    with open_writer(index_dir, heap_bytes=HEAP, threads=1) as writer:
        writer.upsert(ARTICLES)
    shutil.copytree(index_dir, before)
    renamed = dataclasses.replace(ARTICLES[1], title="Putin speaks again")
    with open_writer(index_dir, heap_bytes=HEAP, threads=1) as writer:
        writer.upsert([renamed])
    left = sorted(index_dir.glob("*.del"))
    assert left
    for path in left:
        shutil.copy(path, before / path.name)
    with open_writer(before, heap_bytes=HEAP, threads=1) as writer:
        writer.upsert([renamed])  # the same change again, as catch-up replays it
    assert doc_count(before) == 3
    assert search_ids(open_index(before), "title", "again") == [ARTICLES[1].id]
