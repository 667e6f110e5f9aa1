"""The job's stages as Spark operations (driver side); the work itself runs in the executor
functions of `extracting`, `enriching`, `dedup` and `indexing`, and the decisions in pure
functions shared with `newsdig add`.

Stage outputs that feed more than one later step (the extracted records, the enriched articles)
are written to DIR/_work as Parquet and read back: extraction and spaCy are the costly parts, and
Spark would otherwise recompute them for each step that reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsdig.catalog.templates import LEARN_DOCS_PER_SOURCE
from newsdig.extract.templates import learned_templates
from newsdig.spark import dedup, versions
from newsdig.spark.enriching import enrich_rows
from newsdig.spark.extracting import extract_files
from newsdig.spark.inputs import InputFile
from newsdig.spark.rows import (
    ARTICLE_FIELDS,
    CAPTURE_DDL,
    DATASET_DDL,
    ENRICHED_DDL,
    field_names,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

VERSIONS_DDL = ("id string, added_seq string, kept_seq string, added bigint, updated bigint, "
                "unchanged bigint, copy bigint")
OUTCOMES = ("added", "updated", "unchanged", "copy")


def extract(spark: SparkSession, files: list[InputFile], target: str) -> DataFrame:
    """Stage 1: one task per input file -> the captures table (articles, rejections, counts)."""
    rdd = spark.sparkContext.parallelize(files, numSlices=max(1, len(files))).mapPartitions(extract_files)
    spark.createDataFrame(rdd, CAPTURE_DDL).write.parquet(target)
    return spark.read.parquet(target)


def _version_pair(row: Any) -> tuple[str, versions.Capture]:
    return row.id, versions.Capture(row.seq, row.content_hash, row.first_seq, row.first_id)


def _version_row(item: tuple[str, Iterable[versions.Capture]]) -> tuple[Any, ...]:
    found = versions.resolve(item[0], item[1])
    return (found.article_id, found.added_seq, found.kept_seq, *(found.outcomes[k] for k in OUTCOMES))


def resolve_versions(spark: SparkSession, articles: DataFrame) -> DataFrame:
    """Stage 2: per id, the capture that created the article and the version `add` keeps."""
    from pyspark.sql import functions as F

    keys = articles.select("id", "seq", "content_hash")
    firsts = keys.groupBy("content_hash").agg(F.min(F.struct("seq", "id")).alias("first"))
    joined = keys.join(firsts, "content_hash").select(
        "id", "seq", "content_hash", F.col("first.seq").alias("first_seq"),
        F.col("first.id").alias("first_id"))
    resolved = joined.rdd.map(_version_pair).groupByKey().map(_version_row)
    return spark.createDataFrame(resolved, VERSIONS_DDL)


def _group_keys(row: Any) -> tuple[str, list[str]]:
    return row.tgroup, sorted(learned_templates((item.key, item["count"]) for item in row.counts))


def template_keys(spark: SparkSession, articles: DataFrame, resolved: DataFrame) -> DataFrame:
    """Stage 3: per template group, the keys of lines found in >= MIN_TEMPLATE_DOCS of its first
    LEARN_DOCS_PER_SOURCE added articles (what `learn_lines` counts), as (tgroup, tkeys)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    added = (articles.select("seq", "tgroup", "candidates")  # not the text: only this is shuffled
             .join(resolved.where("added_seq IS NOT NULL").selectExpr("added_seq AS seq"), "seq"))
    order = Window.partitionBy("tgroup").orderBy("seq")
    learners = added.withColumn("n", F.row_number().over(order)).where(F.col("n") <= LEARN_DOCS_PER_SOURCE)
    counts = (learners.select("tgroup", F.explode("candidates").alias("key"))
              .groupBy("tgroup", "key").count())
    per_group = counts.groupBy("tgroup").agg(F.collect_list(F.struct("key", "count")).alias("counts"))
    keys = per_group.rdd.map(_group_keys).filter(lambda item: bool(item[1]))
    return spark.createDataFrame(keys, "tgroup string, tkeys array<string>")


def enrich(spark: SparkSession, articles: DataFrame, resolved: DataFrame, keys: DataFrame,
           partitions: int, target: str) -> DataFrame:
    """Stage 4: the kept version of each article, cleaned and enriched (see `enriching`)."""
    kept = (articles.withColumnRenamed("seq", "version_seq")
            .join(resolved.where("kept_seq IS NOT NULL")
                  .selectExpr("kept_seq AS version_seq", "added_seq AS seq"), "version_seq")
            .join(keys, "tgroup", "left")
            .select(*ARTICLE_FIELDS, "seq", "tkeys"))
    rdd = kept.repartition(partitions).rdd.mapPartitions(enrich_rows)
    spark.createDataFrame(rdd, ENRICHED_DDL).write.parquet(target)
    return spark.read.parquet(target)


def _member_pairs(row: Any) -> Iterable[tuple[str, str]]:
    return dedup.bucket_candidates((member.seq, member.id) for member in row.members)


def _ranked(item: tuple[str, Iterable[str]]) -> list[tuple[str, str]]:
    return [(item[0], other) for other in dedup.rank_candidates(dedup.shared_bands(item[1]))]


def _verified(item: tuple[str, Iterable[tuple[str, bytes, str, bytes]]]) -> list[tuple[str, str, str]]:
    rows = list(item[1])
    seq, signature = rows[0][0], rows[0][1]
    found = dedup.verify(item[0], signature, [(other, blob) for _, _, other, blob in rows])
    return [(seq, found[0], found[1])] if found is not None else []


def near_duplicates(spark: SparkSession, enriched: DataFrame) -> dict[str, str]:
    """Stage 5: article id -> near-duplicate group id (only articles in a group)."""
    from pyspark.sql import functions as F

    signed = enriched.where(F.col("bands").isNotNull())
    bands = signed.select("id", "seq", F.posexplode("bands").alias("band", "bucket"))
    buckets = (bands.groupBy("band", "bucket").agg(F.collect_list(F.struct("seq", "id")).alias("members"))
               .where(F.size("members") > 1))
    ranked = buckets.rdd.flatMap(_member_pairs).groupByKey().flatMap(_ranked)
    if ranked.isEmpty():
        return {}
    pairs = spark.createDataFrame(ranked, "id string, cand string")
    sigs = signed.select("id", "seq", "signature")
    joined = (pairs.join(sigs.selectExpr("id AS cand", "signature AS cand_signature"), "cand")
              .join(sigs, "id"))
    grouped = joined.rdd.map(
        lambda r: (r.id, (r.seq, bytes(r.signature), r.cand, bytes(r.cand_signature)))).groupByKey()
    matches = grouped.flatMap(_verified).collect()
    return dedup.assign_groups(matches)


def write_articles(spark: SparkSession, enriched: DataFrame, groups: dict[str, str], target: str,
                   max_records: int) -> None:
    """Stage 6: the dataset's articles, partitioned by month and language, in arrival order."""
    from pyspark.sql import functions as F

    group_df = spark.createDataFrame(sorted(groups.items()), "id string, group_id string")
    columns = [F.lit(None).cast("bigint").alias(name) if name == "story_id" else F.col(name)
               for name in field_names(DATASET_DDL)]
    final = enriched.join(F.broadcast(group_df), "id", "left").select(*columns)
    (final.repartition("month", "lang").sortWithinPartitions("month", "lang", "seq")
     .write.partitionBy("month", "lang").option("maxRecordsPerFile", max_records).parquet(target))


def write_rejections(captures: DataFrame, target: str) -> None:
    (captures.where("kind = 'rejection'").select("stage", "reason", "origin", "url", "detail", "seq")
     .sortWithinPartitions("seq").write.parquet(target))


def counts_by(frame: DataFrame, column: str, total: str | None = None) -> dict[str, int]:
    """{value: rows} (or the sum of `total`) per value of `column`, sorted by value."""
    from pyspark.sql import functions as F

    grouped = frame.groupBy(column).agg(F.sum(total).alias("n") if total else F.count("*").alias("n"))
    return {row[column]: int(row["n"]) for row in sorted(grouped.collect(), key=lambda r: str(r[column]))}


def outcome_totals(resolved: DataFrame) -> dict[str, int]:
    from pyspark.sql import functions as F

    row = resolved.agg(*(F.sum(name).alias(name) for name in OUTCOMES)).collect()[0]
    return {name: int(row[name] or 0) for name in OUTCOMES}
