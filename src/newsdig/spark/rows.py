"""Row layouts of the Spark job and the conversions between them and newsdig's records.

Schemas are Spark DDL strings, so this module imports without pyspark (the status command and
the driver's checks use it before Spark starts). Rows travel as plain tuples in DDL order: the
cheapest thing for PySpark to pickle.

`seq` is the arrival key: "FFFFFF:OOOOOOOOOOOOOOO", the input file's ordinal (inputs sorted) and
the record's byte offset in it (a record number or line number where the reader gives that), so
sorting by it is the order `newsdig add` meets the same records in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from newsdig.index.document import parse_published
from newsdig.models import Article, Rejection

SEQ_FILE_DIGITS = 6
SEQ_OFFSET_DIGITS = 15
UNDATED = "undated"
NO_LANGUAGE = "und"
_LOCATOR = re.compile(r"[@#:](\d+)$")
_SAFE_NAME = re.compile(r"[^a-z0-9-]+")

# The Article fields in their Parquet spelling (the contract's first seventeen columns).
ARTICLE_DDL = (
    "id string, url string, canonical_url string, source string, title string, text string, "
    "content_hash string, extractor string, authors array<string>, published string, "
    "language string, site_name string, description string, title_inferred boolean, "
    "fetched_at string, origin string, word_count bigint"
)
ARTICLE_FIELDS = tuple(part.split()[0] for part in ARTICLE_DDL.split(", "))

# Stage 1 (extraction) output: one row per article, rejection or passed-over count of a file.
# kind: "article" | "rejection" | "passed". `candidates` and `tgroup` feed template learning.
CAPTURE_DDL = (
    f"kind string, seq string, {ARTICLE_DDL}, candidates array<string>, tgroup string, "
    "stage string, reason string, detail string, count bigint"
)

# The dataset's articles (the contract), plus enrich_status (ok | partial | failed).
DATASET_DDL = (
    f"{ARTICLE_DDL}, seq string, group_id string, speakers array<string>, entities array<string>, "
    "story_id bigint, quotes string, month string, lang string, enrich_status string"
)
# Stage 4 output: the dataset columns before near-duplicate groups, plus the MinHash signature
# and band keys the global pass needs.
ENRICHED_DDL = (
    f"{ARTICLE_DDL}, seq string, speakers array<string>, entities array<string>, quotes string, "
    "month string, lang string, enrich_status string, signature binary, bands array<bigint>"
)
REJECTION_DDL = "stage string, reason string, origin string, url string, detail string, seq string"


def field_names(ddl: str) -> list[str]:
    return [part.split()[0] for part in ddl.split(", ")]


def make_seq(ordinal: int, offset: int) -> str:
    return f"{ordinal:0{SEQ_FILE_DIGITS}d}:{offset:0{SEQ_OFFSET_DIGITS}d}"


def locator_offset(name: str, origin: str, fallback: int) -> int:
    """The byte offset (or record/line number) an origin names after the input's own name:
    ``name@1234``, ``name#3``, ``name:12``; `fallback` (the item's position) for anything else."""
    tail = origin[len(name):] if origin.startswith(name) else origin
    match = _LOCATOR.fullmatch(tail) if tail else None
    return int(match.group(1)) if match else fallback


def month_of(published: str | None) -> str:
    """The partition month: YYYY-MM of the UTC date the index filters on, or "undated"."""
    moment = parse_published(published)
    return moment.strftime("%Y-%m") if moment is not None else UNDATED


def lang_of(language: str | None) -> str:
    return language or NO_LANGUAGE


def shard_name(month: str, lang: str) -> str:
    """A shard's directory name, e.g. "2025-03_en" (only [a-z0-9-] from the language)."""
    safe = _SAFE_NAME.sub("-", lang.lower()).strip("-") or NO_LANGUAGE
    return f"{month}_{safe}"


def article_values(article: Article) -> tuple[Any, ...]:
    """The Article as values in ARTICLE_DDL order."""
    return (
        article.id, article.url, article.canonical_url, article.source, article.title, article.text,
        article.content_hash, article.extractor, list(article.authors), article.published,
        article.language, article.site_name, article.description, article.title_inferred,
        article.fetched_at, article.origin, article.word_count,
    )


def row_article(row: Mapping[str, Any]) -> Article:
    """An Article from a row (Spark Row.asDict() or a pyarrow record) holding ARTICLE_FIELDS."""
    return Article(
        id=row["id"], url=row["url"], canonical_url=row["canonical_url"], source=row["source"],
        title=row["title"], text=row["text"], content_hash=row["content_hash"],
        extractor=row["extractor"], authors=tuple(row["authors"] or ()), published=row["published"],
        language=row["language"], site_name=row["site_name"], description=row["description"],
        title_inferred=bool(row["title_inferred"]), fetched_at=row["fetched_at"],
        origin=row["origin"], word_count=int(row["word_count"] or 0),
    )


def capture_article_row(seq: str, article: Article, candidates: Sequence[str], tgroup: str
                        ) -> tuple[Any, ...]:
    return ("article", seq, *article_values(article), list(candidates), tgroup, None, None, None, None)


def capture_rejection_row(seq: str, rejection: Rejection) -> tuple[Any, ...]:
    blank = (None,) * len(ARTICLE_FIELDS)
    row = list(("rejection", seq, *blank, None, None, rejection.stage, rejection.reason,
                rejection.detail, None))
    # a rejection keeps its origin and url in the article columns of the same name
    row[2 + ARTICLE_FIELDS.index("origin")] = rejection.origin
    row[2 + ARTICLE_FIELDS.index("url")] = rejection.url
    return tuple(row)


def capture_passed_row(seq: str, reason: str, count: int) -> tuple[Any, ...]:
    blank = (None,) * len(ARTICLE_FIELDS)
    return ("passed", seq, *blank, None, None, "import", reason, None, count)


def quotes_json(quotes: Sequence[Any]) -> str:
    """The Analysis quotes as a JSON array (dataclasses.asdict of each), "[]" for none."""
    return json.dumps([asdict(quote) for quote in quotes], ensure_ascii=False)
