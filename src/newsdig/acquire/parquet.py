"""Parquet articles (written by `newsdig spark ingest`) -> Article | Rejection, for `newsdig add`.

A row is an article extraction already made (the same `extract` ran on a Spark executor), so it
becomes an `Article` as it is: no extraction or chrome removal again. The ingest loop still does
what it does for every article (learned site templates, upsert, catalog batch, index).

Order: a row's ``seq`` is its arrival key (input file ordinal and record offset), the order
`newsdig add` of the same WARCs would have stored it in. Rows are given in ``seq`` order within
each file; files come in the directory walk's name order (month=…/lang=…/part-…), so the order
across files is by month, then language. A global sort would need every file open at once or all
the keys in memory; per file, only that file's columns this reader uses are held (a Spark part
file is one task's output), and a file already in ``seq`` order is streamed batch by batch.

The enrichment columns (group_id, speakers, entities, story_id, quotes) are not read: the catalog
derives them again in `newsdig enrich`, which `add` runs after the import.

Rejections (stage "import"): a file that cannot be read or lacks the article columns gives one;
a row with a missing or bad value gives one naming the column (origin ``path#row``), and the rest
of the file continues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from newsdig.errors import InputError
from newsdig.models import ID_HEX_CHARS, Article, Rejection, article_id

STAGE = "import"
PARQUET_MAGIC = b"PAR1"
BATCH_ROWS = 256  # rows turned into Python objects at a time: ~1 MB of news text
INSTALL_HINT = "pip install 'newsdig[spark]'"

# Columns without which a row is no article; the others fall back to the Article defaults.
REQUIRED = ("id", "url", "canonical_url", "source", "title", "text", "content_hash", "extractor")
OPTIONAL = ("authors", "published", "language", "site_name", "description", "title_inferred",
            "fetched_at", "origin", "word_count")
SEQ = "seq"
_NONEMPTY = frozenset(REQUIRED) - {"title"}  # an article may have an empty title, nothing else
_OPTIONAL_TEXT = ("published", "language", "site_name", "description", "fetched_at", "origin")
_ID = re.compile(rf"[0-9a-f]{{{ID_HEX_CHARS}}}")
_VAGUE_DATE = re.compile(r"\d{4}(-\d{2})?")  # a year, or a year and month: kept as extraction gave


class _BadRow(ValueError):
    """A row that is no article: `reason` is the rejection's reason, the message its detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def is_parquet(head: bytes) -> bool:
    """Parquet files start (and end) with the magic "PAR1"."""
    return head.startswith(PARQUET_MAGIC)


def iter_parquet(source: str | BinaryIO, name: str) -> Iterator[Article | Rejection]:
    """Yield an Article or Rejection per row of one Parquet file (`source`: a path or a seekable
    binary file; `name` appears in origins). Raises InputError only when pyarrow is missing."""
    pa, pq = _pyarrow()
    try:
        parquet = pq.ParquetFile(source)
        columns = set(parquet.schema_arrow.names)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError...: all mean "cannot read"
        yield _rejection("unreadable", name, f"not a readable Parquet file: {err}")
        return
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        yield _rejection("not-articles", name, f"{parquet.metadata.num_rows} rows without the article "
                         f"column(s) {', '.join(missing)} (is this newsdig's articles/ output?)")
        return
    wanted = [c for c in (*REQUIRED, *OPTIONAL) if c in columns]
    try:
        for row_numbers, rows in _batches(parquet, wanted, pa, SEQ in columns):
            for number, row in zip(row_numbers, rows, strict=True):
                yield row_to_article(row, f"{name}#{number}")
    except Exception as err:  # a damaged row group: what came before it is kept
        yield _rejection("unreadable", name, f"stopped reading: {err}")


def row_to_article(row: Mapping[str, Any], where: str) -> Article | Rejection:
    """One row as an Article, or a Rejection naming the column that is missing or wrong."""
    try:
        return _article(row, where)
    except _BadRow as bad:
        url = row.get("url") if isinstance(row.get("url"), str) else None
        return Rejection(STAGE, bad.reason, where, url=url, detail=str(bad))


def _article(row: Mapping[str, Any], where: str) -> Article:
    for column in REQUIRED:
        value = row.get(column)
        if value is None or (column in _NONEMPTY and isinstance(value, str) and not value.strip()):
            raise _BadRow("missing-field", f"no {column}")
        if not isinstance(value, str):
            raise _BadRow("bad-value", f"{column} is a {type(value).__name__}, not a string")
    for column in _OPTIONAL_TEXT:
        if row.get(column) is not None and not isinstance(row[column], str):
            raise _BadRow("bad-value", f"{column} is a {type(row[column]).__name__}, not a string")
    if not _ID.fullmatch(row["id"]) or row["id"] != article_id(row["canonical_url"]):
        raise _BadRow("bad-value", f"id {row['id']!r} is not the id of its canonical_url")
    published = row.get("published")
    if published and not _readable_date(published):
        raise _BadRow("bad-value", f"published {published!r} is no ISO 8601 date")
    text = row["text"]
    return Article(
        id=row["id"], url=row["url"], canonical_url=row["canonical_url"], source=row["source"],
        title=row["title"], text=text, content_hash=row["content_hash"], extractor=row["extractor"],
        authors=_authors(row.get("authors")), published=published or None,
        language=row.get("language") or None, site_name=row.get("site_name"),
        description=row.get("description"), title_inferred=_flag(row.get("title_inferred")),
        fetched_at=row.get("fetched_at"), origin=row.get("origin") or where,
        word_count=_word_count(row.get("word_count"), text),
    )


def _authors(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise _BadRow("bad-value", "authors is not a list of strings")
    return tuple(a for a in value if a.strip())


def _flag(value: object) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _BadRow("bad-value", f"title_inferred is a {type(value).__name__}, not a boolean")
    return value


def _word_count(value: object, text: str) -> int:
    if value is None:
        return len(text.split())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _BadRow("bad-value", f"word_count {value!r} is not a count")
    return value


def _readable_date(value: str) -> bool:
    if _VAGUE_DATE.fullmatch(value.strip()):
        return True
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _batches(parquet: Any, columns: list[str], pa: Any, has_seq: bool
             ) -> Iterator[tuple[Sequence[int], list[dict[str, Any]]]]:
    """(row numbers in the file, rows) a batch at a time, in `seq` order when the file has it."""
    order = _seq_order(parquet, pa) if has_seq else None
    if order is None:  # already in arrival order (or nothing to order it by): stream it
        start = 0
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            yield range(start, start + batch.num_rows), batch.to_pylist()
            start += batch.num_rows
        return
    table = parquet.read(columns=columns)  # this one file's used columns, never the dataset
    for start in range(0, len(order), BATCH_ROWS):
        chunk = order.slice(start, BATCH_ROWS)
        yield chunk.to_pylist(), table.take(chunk).to_pylist()


def _seq_order(parquet: Any, pa: Any) -> Any:
    """The file's row numbers sorted by `seq` (stable, rows without one last), or None when the
    rows are in that order already. Reads the `seq` column alone: ~30 bytes a row."""
    import pyarrow.compute as pc

    keys = parquet.read(columns=[SEQ]).column(SEQ)
    if len(keys) < 2:
        return None
    order = pc.sort_indices(keys)  # stable; rows without a seq (nulls) go last
    in_order = pc.all(pc.equal(order, pa.array(range(len(keys)), type=order.type))).as_py()
    return None if in_order else order


def _pyarrow() -> tuple[Any, Any]:
    """(pyarrow, pyarrow.parquet), or the clear error saying how to install them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise InputError(f"reading Parquet articles needs pyarrow: {INSTALL_HINT}") from err
    return pa, pq


def _rejection(reason: str, origin: str, detail: str) -> Rejection:
    return Rejection(STAGE, reason, origin, detail=detail)
