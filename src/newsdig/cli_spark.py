"""`newsdig spark ingest` and `newsdig spark status`: the scale-out path (the `[spark]` extra).

Registered on the main `app` as a sub-command group by importing this module from cli.py.
Importing it costs nothing: pyspark loads only when `ingest` runs, and without it (or without
Java 17) the command says what to install in one line and exits 1. `status` needs neither.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from newsdig.cli import _print_json, app, err, out
from newsdig.errors import InputError

spark_app = typer.Typer(
    name="spark",
    help="Run the import on Apache Spark over WARC files (pip install 'newsdig\\[spark]').",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(spark_app, name="spark")


def _conf_pairs(values: list[str] | None) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values or []:
        key, sep, setting = value.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--conf {value!r}: use KEY=VALUE, e.g. spark.executor.memory=4g")
        pairs[key.strip()] = setting.strip()
    return pairs


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} B"


def print_ingest_summary(data: dict[str, Any], where: str) -> None:
    rejected = sum(data["rejections"].values())
    reasons = ", ".join(f"{reason} {count:,}" for reason, count in data["rejections"].items())
    groups = data.get("near_duplicates") or {}
    rate = f" ({data['articles_per_second']:.1f} articles/s)" if data.get("articles_per_second") else ""
    out.print(f"dataset {escape(where)}: {data['articles']:,} articles in {data['shards']:,} shards"
              f" from {len(data['inputs']):,} input file(s), in {data['seconds']:.1f} s{rate} on "
              f"{escape(str(data['master']))}")
    out.print(f"rejected {rejected:,}" + (f" ({escape(reasons)})" if reasons else ""))
    if groups:
        out.print(f"near-duplicates: {groups.get('articles', 0):,} articles in "
                  f"{groups.get('groups', 0):,} groups")


def print_status(data: dict[str, Any]) -> None:
    sizes = data["size_bytes"]
    out.print(f"[bold]{escape(data['path'])}[/]: {data['articles']:,} articles, finished {data['finished']} "
              f"({data['inputs']:,} input file(s), {data['seconds']} s on {escape(str(data['master']))})")
    out.print(f"size on disk: {_size(sizes['total'])} (articles {_size(sizes['articles'])}, rejections "
              f"{_size(sizes['rejections'])}, index {_size(sizes['index'])})")
    out.print(f"rejections: {data['rejected']:,}")
    for reason, count in sorted(data["rejections"].items(), key=lambda item: (-item[1], item[0])):
        out.print(f"  {escape(reason)}: {count:,}")
    out.print(f"shards: {len(data['shards'])}")
    for shard in data["shards"]:
        span = (f"{(shard['min_published'] or '')[:10]} .. {(shard['max_published'] or '')[:10]}"
                if shard["min_published"] else "no dates")
        undated = f", {shard['undated']:,} undated" if shard["undated"] and shard["min_published"] else ""
        months = len(shard.get("months") or ())
        held = f" in {months} months" if months > 1 else ""
        out.print(f"  {escape(shard['name'])}: {shard['docs']:,} docs{held}, {span}{undated}, "
                  f"{_size(shard['size_bytes'])}")


@spark_app.command()
def ingest(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="WARC/WARC.gz files, globs (quote them), directories, file:// or s3a://, hdfs:// URIs.")] = None,
    out_dir: Annotated[str, typer.Option("--out", "-o", metavar="DIR", help="Dataset directory (new or "
                                         "empty; on a cluster, a shared mount every executor sees).")] = "",
    master: Annotated[str | None, typer.Option(metavar="URL", help="Spark master: local[2], "
                                               "spark://host:7077, yarn (default: spark-submit's, else "
                                               "local[*]).")] = None,
    partitions: Annotated[int | None, typer.Option(min=1, metavar="N", help="Tasks for enrichment and "
                                                   "shuffles (default: 3 per core).")] = None,
    shard_docs: Annotated[int | None, typer.Option(
        "--shard-docs", min=1, metavar="N", help="Largest index shard to aim for, in articles: adjacent "
        "months of a language share a shard up to N (default: 200,000).")] = None,
    manifest: Annotated[list[str] | None, typer.Option(metavar="FILE", help="A file listing inputs, one "
                                                       "per line (repeatable).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the dataset already in --out.")
                         ] = False,
    conf: Annotated[list[str] | None, typer.Option(metavar="KEY=VALUE", help="A Spark setting, e.g. "
                                                   "spark.executor.memory=4g (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
) -> None:
    """Extract, enrich and index WARC files on Spark into --out DIR (Parquet + index shards).

    Then search it with `newsdig serve --shards DIR/index`, or import it into a home with
    `newsdig add DIR/articles`. Cluster runs, sizing and limits: docs/scale-out.md.
    """
    from newsdig.spark.job import run_ingest

    if not out_dir:
        raise InputError("--out DIR is required: where the dataset goes")
    if not inputs and not manifest:
        raise InputError("no inputs: give WARC files, globs, directories or --manifest FILE")
    show = not quiet and not as_json
    summary = run_ingest(
        inputs or [], out_dir, master=master, partitions=partitions, shard_docs=shard_docs,
        overwrite=overwrite,
        manifests=manifest or [], conf=_conf_pairs(conf),
        log=(lambda message: err.print(f"[dim]{escape(message)}…[/]")) if show else None,
    )
    if as_json:
        _print_json(summary)
    else:
        print_ingest_summary(summary, out_dir)


@spark_app.command()
def status(
    directory: Annotated[str, typer.Argument(metavar="DIR", help="A dataset directory written by "
                                                                  "`newsdig spark ingest --out DIR`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Articles, rejections by reason, index shards and size of a dataset."""
    from newsdig.spark.status import dataset_status

    data = dataset_status(directory)
    if as_json:
        _print_json(data)
    else:
        print_status(data)
