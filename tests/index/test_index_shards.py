"""Index shards: building one, the shard manifest and its errors.

(Named test_index_shards.py, not test_shards.py: tests/index and tests/search are not packages, so
two test_shards.py modules would clash in one pytest run.)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdig.errors import IndexError_
from newsdig.index import SCHEMA_VERSION, open_index
from newsdig.index.shards import (
    SHARD_MANIFEST,
    ShardInfo,
    build_shard,
    read_shard_manifest,
    write_shard_manifest,
)
from newsdig.models import Article, Enrichment
from tests.search.search_corpus import make_article

HEAP = 20_000_000


def art(url: str, title: str, text: str, published: str | None, language: str = "en") -> Article:
    return make_article(url, title, text, "Wire", published, language)


MARCH = [
    art("https://a.example/1", "Floods in Valencia", "Rain fell for days.", "2025-03-02T08:00:00+01:00"),
    art("https://a.example/2", "Budget vote delayed", "The parliament waited.", "2025-03-30"),
    art("https://a.example/3", "Undated feature", "No date on this one.", None),
]
APRIL = [
    art("https://b.example/1", "Putin meets Witkoff", "Talks in the Kremlin.", "2025-04-25T14:30:00+03:00"),
    art("https://b.example/2", "Easter truce", "A 30-hour truce.", "2025-04-19"),
]


def streamed(articles: list[Article]) -> Iterator[tuple[Article, Enrichment]]:
    """A generator, as a Spark partition is: build_shard must not need a list."""
    for article in articles:
        yield (
            article,
            Enrichment(speakers=("Valery Gerasimov",)) if "Putin" in article.title else Enrichment(),
        )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shards") / "index"
    shards = [build_shard(root / name, streamed(items), name=name, month=name[:7], language="en",
                          heap_bytes=HEAP)
              for name, items in (("2025-03_en", MARCH), ("2025-04_en", APRIL))]
    write_shard_manifest(root, shards)
    return root


def test_shards_open_as_ordinary_indexes_with_their_counts_and_dates(root: Path) -> None:
    shards = read_shard_manifest(root)
    assert [s.name for s in shards] == ["2025-03_en", "2025-04_en"]
    march, april = shards
    assert (march.docs, march.undated) == (3, 1)
    assert march.min_published == "2025-03-02T07:00:00+00:00"  # converted to UTC
    assert march.max_published == "2025-03-30T00:00:00+00:00"
    assert (april.docs, april.undated) == (2, 0)
    assert april.min_published == "2025-04-19T00:00:00+00:00"
    assert april.max_published == "2025-04-25T11:30:00+00:00"
    assert (april.month, april.language, april.path) == ("2025-04", "en", "2025-04_en")
    for shard in shards:
        assert open_index(root / shard.path).searcher().num_docs == shard.docs


def test_a_shard_holds_the_enrichment_of_its_articles(root: Path) -> None:
    index = open_index(root / "2025-04_en")
    searcher = index.searcher()
    query = index.parse_query('speaker_key:"Valery Gerasimov"')
    assert searcher.search(query, 10).count == 1


def test_manifest_round_trips(root: Path) -> None:
    data = json.loads((root / SHARD_MANIFEST).read_text())
    assert (data["format"], data["version"], data["schema_version"]) == ("newsdig-shards", 1, SCHEMA_VERSION)
    shards = read_shard_manifest(root)
    assert [ShardInfo.from_dict(s.as_dict()) for s in shards] == shards
    assert [s.as_dict() for s in shards] == data["shards"]


def test_a_shard_with_only_undated_articles_has_no_range(tmp_path: Path) -> None:
    info = build_shard(tmp_path / "undated_und", streamed([MARCH[2]]), name="undated_und", heap_bytes=HEAP)
    assert (info.docs, info.undated, info.min_published, info.max_published) == (1, 1, None, None)


def test_an_empty_partition_gives_an_empty_shard(tmp_path: Path) -> None:
    info = build_shard(tmp_path / "empty", iter(()), name="empty", heap_bytes=HEAP)
    assert info.docs == 0
    assert open_index(tmp_path / "empty").searcher().num_docs == 0


def test_build_refuses_a_directory_that_holds_something(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file").write_text("x")
    with pytest.raises(IndexError_, match="not empty"):
        build_shard(tmp_path / "busy", streamed(APRIL), name="busy", heap_bytes=HEAP)


def copy_of(root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(root, copy)
    return copy


def test_missing_manifest_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match=r"not a sharded newsdig index \(manifest.json is missing\)"):
        read_shard_manifest(tmp_path)


def test_unreadable_manifest_is_a_clear_error(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    (copy / SHARD_MANIFEST).write_text("{not json")
    with pytest.raises(IndexError_, match=r"shard manifest .* is unreadable"):
        read_shard_manifest(copy)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "other"}, "not a newsdig shard manifest"),
        ({"version": 99}, "has version 99, this newsdig reads version 1"),
        ({"schema_version": SCHEMA_VERSION - 1}, "have to be rebuilt"),
        ({"shards": None}, "no list of shards"),
        ({"shards": [{"name": "x", "path": "../x", "docs": 1, "undated": 0}]}, "under the index root"),
        ({"shards": [{"name": "x", "path": "x", "docs": "1", "undated": 0}]}, "'docs' must be a count"),
    ],
)
def test_a_wrong_manifest_is_a_clear_error(root: Path, tmp_path: Path, change: dict, message: str) -> None:
    copy = copy_of(root, tmp_path)
    data = json.loads((copy / SHARD_MANIFEST).read_text()) | change
    (copy / SHARD_MANIFEST).write_text(json.dumps(data))
    with pytest.raises(IndexError_, match=message):
        read_shard_manifest(copy)


def test_a_missing_shard_directory_is_a_clear_error(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    shutil.rmtree(copy / "2025-04_en")
    with pytest.raises(IndexError_, match=r"shard '2025-04_en' listed in .* is missing"):
        read_shard_manifest(copy)


def test_shard_names_must_be_unique(root: Path, tmp_path: Path) -> None:
    shard = read_shard_manifest(root)[0]
    with pytest.raises(IndexError_, match="unique"):
        write_shard_manifest(tmp_path, [shard, shard])
    assert not (tmp_path / SHARD_MANIFEST).exists()
