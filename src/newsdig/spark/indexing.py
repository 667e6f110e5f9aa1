"""Stage 7, on the executors: tantivy shards of about --shard-docs articles each.

Parquet stays partitioned by month x language (hive directories month=…/lang=…). Shards are
planned on the driver from the Parquet footers (row counts, no data read): the months of one
language are taken in order and adjacent ones are coalesced until a shard would pass
`shard_docs` articles, so a corpus spanning ten years of small months makes a few shards per
language instead of hundreds of tiny ones (each shard costs a fixed share of every query). A
month bigger than the target stays one shard of its own; undated articles are a shard per
language apart (a date filter skips it whole). A shard's date range in the manifest is the span
of the articles it holds — the union of its months — so date skipping keeps working.

Each task then reads its months' Parquet files a batch at a time with pyarrow and streams the
articles into `index.shards.build_shard`, so no task holds a partition in memory. The shard
directory sits under DIR/index/, which the driver and every executor must see (the dataset
directory is a shared mount on a cluster).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from newsdig.models import Article, Enrichment
from newsdig.spark.rows import ARTICLE_FIELDS, NO_LANGUAGE, UNDATED, row_article, shard_name

READ_BATCH = 512  # rows per pyarrow batch: a few MB of text
COLUMNS = [*ARTICLE_FIELDS, "seq", "group_id", "speakers", "entities", "story_id"]
# Articles per shard the planner aims for. Past a few hundred thousand a shard's own search time
# dominates; below tens of thousands the fixed cost per shard (a searcher, a compiled query,
# term lookups for the global idf and for skipping) dominates. 200k is also one Parquet file.
DEFAULT_SHARD_DOCS = 200_000
MONTHS_SEPARATOR = ".."  # "2025-01..2025-06_en": a shard of several months


@dataclass(frozen=True, slots=True)
class Partition:
    """One hive-style partition directory of DIR/articles and its row count."""

    month: str
    lang: str
    directory: str  # absolute path of month=…/lang=…
    name: str  # the shard name of this partition alone, e.g. "2025-03_en"
    docs: int = 0


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """One shard to build: adjacent months of one language (or its undated articles)."""

    name: str
    lang: str
    months: tuple[str, ...]  # in order; ("undated",) for the undated shard
    directories: tuple[str, ...]
    docs: int


def parquet_files(directory: str) -> list[str]:
    """The data files of one partition directory, in name (write) order."""
    return [os.path.join(directory, name) for name in sorted(os.listdir(directory))
            if name.endswith(".parquet") and not name.startswith((".", "_"))]


def partition_docs(directory: str) -> int:
    """Rows in a partition, from its files' footers (no data read)."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(path).metadata.num_rows for path in parquet_files(directory))


def list_partitions(articles_dir: Path, *, count: bool = True) -> list[Partition]:
    """The month=…/lang=… directories Spark wrote, sorted by month then language."""
    found: list[Partition] = []
    for month_dir in sorted(articles_dir.glob("month=*")):
        month = unquote(month_dir.name.split("=", 1)[1])
        for lang_dir in sorted(month_dir.glob("lang=*")):
            lang = unquote(lang_dir.name.split("=", 1)[1])
            directory = str(lang_dir.resolve())
            found.append(Partition(month, lang, directory, shard_name(month, lang),
                                   partition_docs(directory) if count else 0))
    return found


def plan_shards(partitions: Sequence[Partition], shard_docs: int = DEFAULT_SHARD_DOCS) -> list[ShardPlan]:
    """Coalesce adjacent months of each language into shards of at most `shard_docs` articles.

    Greedy in month order: a month joins the current shard while the sum stays within the target,
    else it starts a new one (a month alone over the target is a shard by itself). Undated
    partitions are never merged with dated ones. Sorted by name; names unique.
    """
    if shard_docs < 1:
        raise ValueError(f"shard_docs must be >= 1, not {shard_docs}")
    by_lang: dict[str, list[Partition]] = {}
    for part in partitions:
        by_lang.setdefault(part.lang, []).append(part)
    plans: list[ShardPlan] = []
    for lang, parts in by_lang.items():
        dated = sorted((p for p in parts if p.month != UNDATED), key=lambda p: p.month)
        groups: list[list[Partition]] = []
        for part in dated:
            if groups and sum(p.docs for p in groups[-1]) + part.docs <= shard_docs:
                groups[-1].append(part)
            else:
                groups.append([part])
        groups.extend([p] for p in parts if p.month == UNDATED)
        plans.extend(_plan(lang, group) for group in groups)
    plans.sort(key=lambda plan: plan.name)
    names = [plan.name for plan in plans]
    if len(set(names)) != len(names):  # two languages that differ only in unsafe characters
        plans = [ShardPlan(f"{p.name}-{i}", p.lang, p.months, p.directories, p.docs)
                 for i, p in enumerate(plans)]
    return plans


def _plan(lang: str, group: list[Partition]) -> ShardPlan:
    first, last = group[0].month, group[-1].month
    months = first if first == last else f"{first}{MONTHS_SEPARATOR}{last}"
    return ShardPlan(shard_name(months, lang), lang, tuple(p.month for p in group),
                     tuple(p.directory for p in group), sum(p.docs for p in group))


def partition_items(directory: str) -> Iterator[tuple[Article, Enrichment]]:
    """The partition's articles with their enrichment, streamed in file (arrival) order."""
    import pyarrow.parquet as pq

    for path in parquet_files(directory):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=READ_BATCH, columns=COLUMNS):
            for row in batch.to_pylist():
                extras = Enrichment(speakers=tuple(row["speakers"] or ()),
                                    entities=tuple(row["entities"] or ()),
                                    group_id=row["group_id"], story_id=row["story_id"])
                yield row_article(row), extras


def plan_items(plan: ShardPlan) -> Iterator[tuple[Article, Enrichment]]:
    """The shard's articles: its months in order, each in arrival order."""
    for directory in plan.directories:
        yield from partition_items(directory)


def build_planned_shard(plan: ShardPlan, index_root: str) -> dict[str, object]:
    """Build the planned shard under `index_root`; its ShardInfo as a dict (for the driver)."""
    from newsdig.index.shards import build_shard

    dated = tuple(month for month in plan.months if month != UNDATED)
    info = build_shard(
        Path(index_root) / plan.name, plan_items(plan), name=plan.name,
        month=dated[0] if len(dated) == 1 and len(plan.months) == 1 else None,
        months=dated,
        language=None if plan.lang == NO_LANGUAGE else plan.lang,
    )
    return info.as_dict()
