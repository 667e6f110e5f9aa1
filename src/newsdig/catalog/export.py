"""Streaming exports of the catalog (JSONL, CSV); constant memory on any size."""

from __future__ import annotations

import csv
import json
import sqlite3
from typing import TextIO

from newsdig.catalog.articles import aliases_of, article_record, iter_rows

CSV_FIELDS = ("id", "url", "canonical_url", "source", "title", "authors", "published", "language",
              "word_count", "content_hash", "extractor", "text")


def export_jsonl(conn: sqlite3.Connection, out: TextIO) -> int:
    count = 0
    for row in iter_rows(conn):
        out.write(json.dumps(article_record(row, aliases_of(conn, row["id"])), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def export_csv(conn: sqlite3.Connection, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in iter_rows(conn):
        record = article_record(row, [])
        record["authors"] = "; ".join(record["authors"])  # type: ignore[arg-type]
        writer.writerow(record)
        count += 1
    return count
