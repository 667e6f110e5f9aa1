"""`newsdig spark status DIR`: what a finished dataset holds, from its summary and shard manifest.

Reads JSON and walks the directory only: no Spark, no Java, so it works on any machine that
can see the dataset.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from newsdig.errors import IndexError_, InputError
from newsdig.spark.job import DATASET_FILE, DATASET_FORMAT, WORK_DIR

PARTS = ("articles", "rejections", "index")


def directory_bytes(path: Path) -> int:
    """Bytes of the files under `path` (0 when it does not exist)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def dataset_status(directory: Path | str) -> dict[str, Any]:
    """The dataset's figures; InputError saying what is wrong for a missing or unfinished one."""
    from newsdig.index.shards import read_shard_manifest

    root = Path(directory).expanduser()
    if not root.is_dir():
        raise InputError(f"no dataset at {root}: the directory does not exist")
    summary_path = root / DATASET_FILE
    if not summary_path.exists():
        if (root / WORK_DIR).exists() or (root / "articles").exists():
            raise InputError(f"the dataset at {root} is unfinished ({DATASET_FILE} is missing): the job "
                             "stopped before the end; run `newsdig spark ingest … --out "
                             f"{root} --overwrite` again")
        raise InputError(f"{root} is not a newsdig dataset ({DATASET_FILE} is missing)")
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read {summary_path}: {err}") from err
    if not isinstance(summary, dict) or summary.get("format") != DATASET_FORMAT:
        raise InputError(f"{summary_path} is not a newsdig dataset summary")
    try:
        shards = read_shard_manifest(root / "index")
    except IndexError_ as err:
        raise InputError(f"the dataset at {root} has no usable index: {err}") from err
    sizes = {part: directory_bytes(root / part) for part in PARTS}
    rejections = summary.get("rejections") or {}
    return {
        "path": str(root.resolve()),
        "articles": summary.get("articles"),
        "rejected": sum(rejections.values()),
        "rejections": rejections,
        "passed_over": summary.get("passed_over") or {},
        "near_duplicates": summary.get("near_duplicates"),
        "enrichment": summary.get("enrichment"),
        "shards": [
            {"name": s.name, "docs": s.docs, "months": list(s.months), "min_published": s.min_published,
             "max_published": s.max_published, "undated": s.undated, "size_bytes": directory_bytes(
                 root / "index" / s.path)}
            for s in shards
        ],
        "size_bytes": {**sizes, "total": directory_bytes(root)},
        "inputs": len(summary.get("inputs") or []),
        "master": summary.get("master"),
        "started": summary.get("started"),
        "finished": summary.get("finished"),
        "seconds": summary.get("seconds"),
        "articles_per_second": summary.get("articles_per_second"),
        "newsdig": summary.get("newsdig"),
        "spark": summary.get("spark"),
    }
