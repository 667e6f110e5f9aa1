"""Index shards: many tantivy indexes (adjacent months of one language each) listed by one manifest.

A Spark job builds each shard on the executor that holds its partition, so a shard is an ordinary
newsdig index (same schema, analyzers and newsdig-index.json) and `open_index` opens it as is.
The shard manifest at the index root says which shards exist and which dates each one covers, so a
search can skip the shards an `after:`/`before:` filter rules out without opening them.

Manifest entries only gain fields, never lose or rename one: a reader ignores the keys it does
not know, so a newer manifest stays readable by an older newsdig of the same SHARDS_VERSION.
`months` (added with coalesced shards) lists the months a shard holds; `month` is set only for a
shard of a single month.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from newsdig.errors import IndexError_
from newsdig.index.document import parse_published
from newsdig.index.schema import SCHEMA_VERSION
from newsdig.index.writer import IndexWriter, create_index
from newsdig.models import Article, Enrichment

SHARD_MANIFEST = "manifest.json"
SHARDS_FORMAT = "newsdig-shards"
SHARDS_VERSION = 1

# A Spark task runs on one core (spark.task.cpus=1), so one indexing thread; tantivy wants at least
# 15 MB of heap per thread. 128 MB keeps a month of one language in a few segments while leaving an
# executor's default 1 GB for the extraction running beside it. NEWSDIG_SHARD_HEAP_MB overrides it.
SHARD_THREADS = 1
MIN_HEAP_MB = 32
SHARD_HEAP_BYTES = max(MIN_HEAP_MB, int(os.environ.get("NEWSDIG_SHARD_HEAP_MB", "128"))) * 1_000_000


@dataclass(frozen=True)
class ShardInfo:
    """One shard of the index: where it is, how many articles and which dates it holds."""

    name: str  # e.g. "2025-03_en" (month_lang) or "2025-01..2025-06_en" (several months)
    path: str  # directory name relative to the index root
    docs: int
    min_published: str | None  # ISO datetime UTC of the oldest dated article, None if none
    max_published: str | None
    undated: int  # articles without a (usable) date
    month: str | None = None  # the month of a single-month shard; None for several or undated
    language: str | None = None
    months: tuple[str, ...] = ()  # every (dated) month it holds, in order

    def as_dict(self) -> dict[str, object]:
        """The manifest entry (plain JSON types)."""
        return {**asdict(self), "months": list(self.months)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ShardInfo:
        """A manifest entry back; IndexError_ naming the bad key when it is malformed."""
        if not isinstance(data, Mapping):
            raise IndexError_(f"a shard entry of the manifest is not an object: {data!r}")
        name = data.get("name")
        path = _required_str(data, "path", name)
        if PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
            raise IndexError_(f"shard {name!r}: path {path!r} must be a directory under the index root")
        return cls(
            name=_required_str(data, "name", name),
            path=path,
            docs=_required_int(data, "docs", name),
            min_published=_optional_str(data, "min_published", name),
            max_published=_optional_str(data, "max_published", name),
            undated=_required_int(data, "undated", name),
            month=_optional_str(data, "month", name),
            language=_optional_str(data, "language", name),
            months=_months(data, name),
        )


def _required_str(data: Mapping[str, object], key: str, name: object) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise IndexError_(f"shard {name!r} of the manifest: {key!r} must be a non-empty string")
    return value


def _optional_str(data: Mapping[str, object], key: str, name: object) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise IndexError_(f"shard {name!r} of the manifest: {key!r} must be a string or null")
    return value


def _months(data: Mapping[str, object], name: object) -> tuple[str, ...]:
    value = data.get("months")
    if value is None:  # a manifest written before shards were coalesced: one month or none
        month = data.get("month")
        return (month,) if isinstance(month, str) and month else ()
    if not isinstance(value, list) or not all(isinstance(m, str) and m for m in value):
        raise IndexError_(f"shard {name!r} of the manifest: 'months' must be a list of strings")
    return tuple(value)


def _required_int(data: Mapping[str, object], key: str, name: object) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise IndexError_(f"shard {name!r} of the manifest: {key!r} must be a count (int >= 0)")
    return value


def build_shard(
    directory: Path,
    items: Iterable[tuple[Article, Enrichment]],
    *,
    name: str,
    month: str | None = None,
    language: str | None = None,
    months: tuple[str, ...] | None = None,
    heap_bytes: int | None = None,
) -> ShardInfo:
    """Index `items` into a fresh index at `directory` (missing or empty) with one commit.

    Items are consumed one at a time (an executor never holds a partition in memory). The date
    range uses the same parsing as the index document, so it is exactly what `after:`/`before:`
    filter on. `path` in the result is the directory's name: the shard is expected to sit directly
    under the index root whose manifest lists it. `months` defaults to (month,) when a month is
    given.
    """
    directory = Path(directory)
    index = create_index(directory)  # IndexError_ when the directory holds anything
    docs = undated = 0
    oldest: datetime | None = None
    newest: datetime | None = None
    with IndexWriter(index, directory, heap_bytes or SHARD_HEAP_BYTES, SHARD_THREADS) as writer:

        def counted() -> Iterable[tuple[Article, Enrichment | None]]:
            nonlocal docs, undated, oldest, newest
            for article, extras in items:
                published = parse_published(article.published)
                if published is None:
                    undated += 1
                else:
                    oldest = published if oldest is None or published < oldest else oldest
                    newest = published if newest is None or published > newest else newest
                docs += 1
                yield article, extras

        writer.add_enriched(counted())
        writer.commit()
    return ShardInfo(
        name=name,
        path=directory.name,
        docs=docs,
        min_published=_iso(oldest),
        max_published=_iso(newest),
        undated=undated,
        month=month,
        language=language,
        months=tuple(months) if months is not None else ((month,) if month else ()),
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def write_shard_manifest(index_root: Path, shards: Sequence[ShardInfo]) -> Path:
    """Write `index_root/manifest.json` atomically (temp file + rename); returns its path.

    Written after every shard is committed, so a reader never sees a manifest naming a shard
    that is still being built.
    """
    index_root = Path(index_root)
    index_root.mkdir(parents=True, exist_ok=True)
    names = [shard.name for shard in shards]
    if len(set(names)) != len(names):
        raise IndexError_(f"shard names must be unique: {sorted(names)}")
    data: dict[str, Any] = {
        "format": SHARDS_FORMAT,
        "version": SHARDS_VERSION,
        "schema_version": SCHEMA_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "shards": [shard.as_dict() for shard in shards],
    }
    path = index_root / SHARD_MANIFEST
    tmp = index_root / (SHARD_MANIFEST + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_shard_manifest(index_root: Path) -> list[ShardInfo]:
    """The shards listed at `index_root`, each checked to exist; IndexError_ saying what is wrong."""
    index_root = Path(index_root)
    path = index_root / SHARD_MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexError_(
            f"{index_root} is not a sharded newsdig index ({SHARD_MANIFEST} is missing)"
        ) from None
    except (OSError, ValueError) as exc:
        raise IndexError_(f"the shard manifest {path} is unreadable: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != SHARDS_FORMAT:
        raise IndexError_(f"{path} is not a newsdig shard manifest")
    if data.get("version") != SHARDS_VERSION:
        raise IndexError_(
            f"the shard manifest {path} has version {data.get('version')!r}, this newsdig reads "
            f"version {SHARDS_VERSION}"
        )
    if data.get("schema_version") != SCHEMA_VERSION:
        raise IndexError_(
            f"the shards at {index_root} have schema version {data.get('schema_version')!r}, this "
            f"newsdig needs {SCHEMA_VERSION}; they have to be rebuilt"
        )
    entries = data.get("shards")
    if not isinstance(entries, list):
        raise IndexError_(f"the shard manifest {path} has no list of shards")
    shards = [ShardInfo.from_dict(entry) for entry in entries]
    for shard in shards:
        if not (index_root / shard.path).is_dir():
            raise IndexError_(
                f"shard {shard.name!r} listed in {path} is missing: no directory {index_root / shard.path}"
            )
    return shards
