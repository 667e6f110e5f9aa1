"""`newsdig spark ingest`: WARC files -> a dataset directory (Parquet + tantivy shards).

What runs where:
1. executors, one task per input file: read and extract (`newsdig add`'s reader and extractor);
2. shuffle per article id: which capture `add` would keep (`versions`);
3. shuffle per template group: the learned site templates (`learn_lines`' counting, globally);
4. executors, --partitions tasks: clean, spaCy analysis, MinHash signatures (`enriching`);
5. shuffle per (band, bucket), then per article: near-duplicate candidates verified on their
   signatures; the driver names the groups from the verified best matches (`dedup`);
6. Parquet articles (month x language partitions) and rejections;
7. the driver plans shards from the Parquet footers: adjacent months of one language coalesced
   up to --shard-docs articles; executors, one task per shard: its tantivy index (`indexing`);
   the driver writes the shard manifest, then DIR/_newsdig_dataset.json last — its presence
   means the job finished.

The end state is `newsdig add`'s (then `newsdig enrich`'s) on the same inputs, in the same
order: same ids, versions, texts, titles, near-duplicate groups, speakers, entities and quotes
(tests/spark/test_ingest_parity.py). Where it cannot be:
- stories are a single-machine step: story_id is null; aliases (copies under other URLs) are
  counted, not listed;
- versions: a new page taking the old text of a page that was edited earlier in the same input is
  an alias here, an article in add (`versions`);
- templates are learned over the whole input, then each article is cleaned once. add learns as it
  goes and strips a newly learned line only from the earlier articles that had it among their
  edge lines, and judges MAX_TEMPLATE_SHARE at each strip: an earlier article carrying the line
  mid-text, or losing most of its words only over several strips, keeps more text in add; an
  edited version (an "update") is cleaned with the lines known at the time in add;
- the same file named twice is read once (add reads it twice; the second pass changes nothing).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdig import __version__
from newsdig.errors import InputError
from newsdig.spark.inputs import describe, file_uri_path, resolve_inputs
from newsdig.spark.session import require_spark, start_session

DATASET_FILE = "_newsdig_dataset.json"
DATASET_FORMAT = "newsdig-dataset"
DATASET_VERSION = 1
WORK_DIR = "_work"  # stage outputs read by later stages; removed when the job finishes
MAX_RECORDS_PER_FILE = 200_000  # Parquet files of at most this many articles (~1 GB of text)
DATASET_MARKERS = (DATASET_FILE, WORK_DIR, "articles", "rejections", "index")

Log = Callable[[str], None]


def output_dir(out: str) -> Path:
    """--out as a local path (a ``file://`` URI is accepted); the shards need a real directory."""
    if "://" in out:
        if not out.lower().startswith("file://"):
            raise InputError(f"--out {out}: the dataset must go to a directory every executor sees "
                             "(a local path or a shared mount), not a remote URI")
        out = file_uri_path(out)
    return Path(out).expanduser().resolve()


def check_output(out: Path, overwrite: bool) -> bool:
    """Refuse a non-empty --out unless --overwrite, and overwrite only a newsdig dataset.

    Returns whether there is a dataset to clear (done by `prepare_output`, once Spark is known
    to run: a refused or failed start must not have deleted anything).
    """
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a directory")
    if not out.exists() or not any(out.iterdir()):
        return False
    if not overwrite:
        raise InputError(f"{out} is not empty: choose a new --out directory, or pass --overwrite "
                         "to replace the dataset in it")
    if not any((out / marker).exists() for marker in DATASET_MARKERS):
        raise InputError(f"{out} is not empty and holds no newsdig dataset: --overwrite only "
                         "replaces a dataset, choose an empty or new --out directory")
    return True


def prepare_output(out: Path, overwrite: bool) -> None:
    """An empty --out directory (after `check_output`'s refusals)."""
    if check_output(out, overwrite):
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def default_partitions(parallelism: int) -> int:
    """Enrichment tasks: a few per core so a slow partition does not hold the others up."""
    return max(2, parallelism * 3)


def run_ingest(
    inputs: Sequence[str],
    out: str,
    *,
    master: str | None = None,
    partitions: int | None = None,
    shard_docs: int | None = None,
    overwrite: bool = False,
    manifests: Sequence[str] = (),
    conf: Mapping[str, str] | None = None,
    log: Log | None = None,
) -> dict[str, Any]:
    """Run the whole job; returns the dataset summary (what DIR/_newsdig_dataset.json holds)."""
    from newsdig.spark.indexing import DEFAULT_SHARD_DOCS

    say = log or (lambda _message: None)
    if shard_docs is not None and shard_docs < 1:
        raise InputError(f"--shard-docs {shard_docs}: a shard holds at least 1 article")
    target = output_dir(out)
    files = resolve_inputs(inputs, manifests)
    check_output(target, overwrite)
    require_spark()
    prepare_output(target, overwrite)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    spark = start_session(master, shuffle_partitions=partitions, conf=conf)
    try:
        summary = _run(spark, files, target, partitions, shard_docs or DEFAULT_SHARD_DOCS, say)
    finally:
        spark.stop()
    seconds = time.perf_counter() - clock
    summary.update({
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "articles_per_second": round(summary["articles"] / seconds, 2) if seconds else None,
    })
    _write_json(target / DATASET_FILE, summary)  # last: its presence means the job finished
    return summary


def _run(
    spark: Any, files: list[Any], out: Path, partitions: int | None, shard_docs: int, say: Log
) -> dict[str, Any]:
    import pyspark

    from newsdig.index.shards import ShardInfo, write_shard_manifest
    from newsdig.spark import stages
    from newsdig.spark.indexing import build_planned_shard, list_partitions, plan_shards

    sc = spark.sparkContext
    parts = partitions or default_partitions(sc.defaultParallelism)
    spark.conf.set("spark.sql.shuffle.partitions", str(parts))  # Spark's 200 would be idle tasks
    work = out / WORK_DIR
    timings: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[name] = round(now - mark, 2)
        mark = now

    say(f"extracting {len(files)} input file(s) on {sc.master}")
    captures = stages.extract(spark, files, (work / "captures").as_uri())
    articles = captures.where("kind = 'article'")
    lap("extract")
    say("resolving versions and learning site templates")
    resolved = stages.resolve_versions(spark, articles).cache()
    keys = stages.template_keys(spark, articles, resolved)
    lap("versions_templates")
    say(f"cleaning and enriching articles in {parts} partitions")
    enriched = stages.enrich(spark, articles, resolved, keys, parts, (work / "enriched").as_uri())
    lap("enrich")
    say("finding near-duplicates")
    groups = stages.near_duplicates(spark, enriched)
    lap("near_duplicates")
    say("writing Parquet")
    stages.write_articles(spark, enriched, groups, (out / "articles").as_uri(), MAX_RECORDS_PER_FILE)
    stages.write_rejections(captures, (out / "rejections").as_uri())
    lap("write")
    partitions_found = list_partitions(out / "articles")
    plans = plan_shards(partitions_found, shard_docs)
    say(f"building {len(plans)} index shard(s) from {len(partitions_found)} month x language "
        f"partition(s), up to {shard_docs:,} articles a shard")
    index_root = out / "index"
    index_root.mkdir(parents=True, exist_ok=True)
    built = (sc.parallelize(plans, numSlices=max(1, len(plans)))
             .map(lambda plan: build_planned_shard(plan, str(index_root))).collect())
    shards = sorted((ShardInfo.from_dict(item) for item in built), key=lambda s: s.name)
    write_shard_manifest(index_root, shards)
    lap("index")
    summary: dict[str, Any] = {
        "format": DATASET_FORMAT,
        "version": DATASET_VERSION,
        "inputs": describe(files),
        "articles": sum(s.docs for s in shards),
        "rejections": stages.counts_by(captures.where("kind = 'rejection'"), "reason"),
        "shards": len(shards),
        "shard_docs": shard_docs,
        "parquet_partitions": len(partitions_found),
        "newsdig": __version__,
        "spark": pyspark.__version__,
        "master": sc.master,
        "partitions": parts,
        "imports": stages.outcome_totals(resolved),
        "passed_over": stages.counts_by(captures.where("kind = 'passed'"), "reason", total="count"),
        "enrichment": stages.counts_by(enriched, "enrich_status"),
        "near_duplicates": {"articles": len(groups), "groups": len(set(groups.values()))},
        "timings": timings,
    }
    resolved.unpersist()
    shutil.rmtree(work, ignore_errors=True)
    return summary


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
