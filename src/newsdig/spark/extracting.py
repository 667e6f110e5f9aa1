"""Stage 1, on the executors: each input file's records -> article, rejection and count rows.

One Spark task per input file (WARC files are the unit crawls come in: CC-NEWS writes ~1 GB
each). A task streams its file through `newsdig add`'s reader and extracts each capture with
`pool.run_one`, the function add's workers run, so nothing of either is copied here; a file
is never held in memory, only the record being extracted.

Articles leave with their template candidates and template group computed from the text as
extracted (what `Ingestor.store` learns from), so the template pass needs no second look.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from newsdig.extract.dispatch import template_group
from newsdig.ingest import learnable_lines  # the lines `Ingestor.store` counts for a new article
from newsdig.models import Rejection
from newsdig.pool import ExtractJob, run_one
from newsdig.spark.inputs import InputFile, iter_file
from newsdig.spark.rows import (
    capture_article_row,
    capture_passed_row,
    capture_rejection_row,
    locator_offset,
    make_seq,
)


def extract_files(files: Iterable[InputFile]) -> Iterator[tuple[Any, ...]]:
    """Rows in CAPTURE_DDL order for every record of every file of the partition."""
    for item in files:
        yield from extract_file(item)


def extract_file(item: InputFile) -> Iterator[tuple[Any, ...]]:
    skipped: Counter[str] = Counter()
    for position, found in enumerate(iter_file(item, skipped), start=1):
        if isinstance(found, Rejection):
            seq = make_seq(item.ordinal, locator_offset(item.name, found.origin, position))
            yield capture_rejection_row(seq, found)
            continue
        capture, url = found
        seq = make_seq(item.ordinal, locator_offset(item.name, capture.origin, position))
        result = run_one(ExtractJob(capture=capture, url=url, raw=None))
        if isinstance(result, Rejection):
            yield capture_rejection_row(seq, result)
        else:
            yield capture_article_row(seq, result, learnable_lines(result), template_group(result))
    for reason, count in sorted(skipped.items()):
        yield capture_passed_row(make_seq(item.ordinal, 0), reason, count)
