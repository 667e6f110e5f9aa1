"""Stage 7, on the executors: one tantivy shard per (month, language) partition of the Parquet.

Each task reads its partition's Parquet files a batch at a time with pyarrow and streams the
articles into `index.shards.build_shard`, so a shard is built where its data sits and no task
holds a partition in memory. The shard directory sits under DIR/index/, which the driver and
every executor must see (the dataset directory is a shared mount on a cluster).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from newsdig.models import Article, Enrichment
from newsdig.spark.rows import ARTICLE_FIELDS, NO_LANGUAGE, UNDATED, row_article, shard_name

READ_BATCH = 512  # rows per pyarrow batch: a few MB of text
COLUMNS = [*ARTICLE_FIELDS, "seq", "group_id", "speakers", "entities", "story_id"]


@dataclass(frozen=True, slots=True)
class Partition:
    """One hive-style partition directory of DIR/articles and the shard it becomes."""

    month: str
    lang: str
    directory: str  # absolute path of month=…/lang=…
    name: str  # the shard's name and directory under the index root


def list_partitions(articles_dir: Path) -> list[Partition]:
    """The month=…/lang=… directories Spark wrote, sorted by shard name."""
    found: list[Partition] = []
    for month_dir in sorted(articles_dir.glob("month=*")):
        month = unquote(month_dir.name.split("=", 1)[1])
        for lang_dir in sorted(month_dir.glob("lang=*")):
            lang = unquote(lang_dir.name.split("=", 1)[1])
            found.append(Partition(month, lang, str(lang_dir.resolve()), shard_name(month, lang)))
    names = [p.name for p in found]
    if len(set(names)) != len(names):  # two languages that differ only in unsafe characters
        found = [Partition(p.month, p.lang, p.directory, f"{p.name}-{i}") for i, p in enumerate(found)]
    return found


def partition_items(directory: str) -> Iterator[tuple[Article, Enrichment]]:
    """The partition's articles with their enrichment, streamed in file (arrival) order."""
    import pyarrow.parquet as pq

    for name in sorted(os.listdir(directory)):
        if not name.endswith(".parquet") or name.startswith((".", "_")):
            continue
        parquet = pq.ParquetFile(os.path.join(directory, name))
        for batch in parquet.iter_batches(batch_size=READ_BATCH, columns=COLUMNS):
            for row in batch.to_pylist():
                extras = Enrichment(speakers=tuple(row["speakers"] or ()),
                                    entities=tuple(row["entities"] or ()),
                                    group_id=row["group_id"], story_id=row["story_id"])
                yield row_article(row), extras


def build_partition_shard(partition: Partition, index_root: str) -> dict[str, object]:
    """Build the partition's shard under `index_root`; its ShardInfo as a dict (for the driver)."""
    from newsdig.index.shards import build_shard

    info = build_shard(
        Path(index_root) / partition.name, partition_items(partition.directory), name=partition.name,
        month=None if partition.month == UNDATED else partition.month,
        language=None if partition.lang == NO_LANGUAGE else partition.lang,
    )
    return info.as_dict()
