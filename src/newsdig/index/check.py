"""`newsdig check`: does the index hold exactly the catalog's articles? Report, and repair.

The catalog is the source of truth (DESIGN.md); the index is derived. After a crash, a full disk
or a hand-edited index directory, three things can be wrong, and each has a cheap repair:
- the index is unusable (will not open, wrong schema, files missing): rebuild it from the catalog;
- the index is behind the change log (a run died between the catalog and the index commit):
  apply the pending changes, as every writer does on start;
- the index disagrees with the catalog although the log says it is current (a lost or doubled
  document, an article deleted behind newsdig's back): delete and re-add exactly those articles.

The comparison streams: ids are compared one slice of the id space at a time (a range of the
`id_key` fast field against the same range of hex ids in the catalog), so memory stays bounded by
a slice (~50,000 ids), not the archive. `deep` also compares each article's stored title, URL and
text with the catalog's, reading every document (minutes at a million articles).
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from newsdig.catalog.articles import get_articles
from newsdig.catalog.enrichment import index_extras
from newsdig.catalog.meta import applied_seq, last_change_seq, pending_article_ids
from newsdig.errors import IndexError_
from newsdig.index.document import id_key
from newsdig.index.reader import looks_damaged, open_index
from newsdig.index.schema import F
from newsdig.index.sync import apply_changes, rebuild
from newsdig.index.writer import open_writer

SLICE_TARGET = 50_000  # ids compared at once: a slice of the hex id space holds about this many
EXAMPLES = 5  # ids listed per kind of disagreement
HEX = "0123456789abcdef"
ID_KEY_BITS = 60  # index.document.id_key: the first 15 hex digits


@dataclass
class CheckReport:
    """What `check` found and, with repair, what it did. `ok` is the state after any repair."""

    catalog_articles: int = 0
    index_documents: int = 0
    pending_changes: int = 0  # changed articles the index has not applied yet
    missing: int = 0  # in the catalog, not in the index
    extra: int = 0  # in the index, not in the catalog
    duplicated: int = 0  # in the index more than once
    stale: int = 0  # deep: stored title/url/text differ from the catalog's
    unusable: str | None = None  # why the index could not be opened
    examples: dict[str, list[str]] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    deep: bool = False
    ok: bool = False

    @property
    def problems(self) -> int:
        return (self.pending_changes + self.missing + self.extra + self.duplicated + self.stale
                + (self.unusable is not None))

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok, "catalog_articles": self.catalog_articles,
            "index_documents": self.index_documents, "pending_changes": self.pending_changes,
            "missing": self.missing, "extra": self.extra, "duplicated": self.duplicated,
            "stale": self.stale if self.deep else None, "unusable": self.unusable,
            "examples": self.examples, "actions": self.actions, "deep": self.deep,
        }


@dataclass
class _Diff:
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    index_documents: int = 0

    def ids_to_fix(self) -> tuple[list[str], list[str]]:
        """(ids to delete from the index, ids to add again from the catalog)."""
        return [*self.extra, *self.duplicated, *self.stale], [*self.missing, *self.duplicated, *self.stale]


def check_index(conn: sqlite3.Connection, index_dir: Path, *, repair: bool = False,
                deep: bool = False) -> CheckReport:
    """Compare the index at `index_dir` with the catalog; with `repair`, make them agree.

    The caller holds the home's writer lock when repairing (no import may run beside it).
    """
    report = CheckReport(deep=deep)
    report.catalog_articles = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    try:
        index = open_index(index_dir)
    except IndexError_ as error:
        return _unusable(report, conn, index_dir, str(error), repair=repair, deep=deep)
    try:
        return _check_usable(report, conn, index, index_dir, repair=repair, deep=deep)
    except BaseException as damage:  # a segment opens but its bytes are scrambled (or a panic)
        if not looks_damaged(damage):
            raise
        return _unusable(report, conn, index_dir, f"a segment is damaged: {damage}", repair=repair, deep=deep)


def _unusable(report: CheckReport, conn: sqlite3.Connection, index_dir: Path, why: str, *, repair: bool,
              deep: bool) -> CheckReport:
    """An index that cannot be read: reported, and rebuilt from the catalog with `repair`."""
    report.unusable, report.ok = why, False
    if not repair:
        return report
    count = rebuild(conn, index_dir)
    report.actions.append(f"rebuilt the index from the catalog ({count:,} articles): {why}")
    _finish(report, conn, open_index(index_dir), deep)
    return report


def _check_usable(report: CheckReport, conn: sqlite3.Connection, index: tantivy.Index, index_dir: Path, *,
                  repair: bool, deep: bool) -> CheckReport:

    pending = _pending_ids(conn)
    report.pending_changes = len(pending)
    if repair and pending:
        with open_writer(index_dir) as writer:
            applied = apply_changes(conn, writer)
        report.actions.append(f"applied {applied:,} pending catalog changes")
        index.reload()
        pending = set()

    diff = _compare(conn, index, deep, ignore=pending)
    _record(report, diff)
    if repair and any(diff.ids_to_fix()):
        delete, add = diff.ids_to_fix()
        with open_writer(index_dir) as writer:
            writer.delete(delete)
            found = get_articles(conn, sorted(set(add)))
            writer.upsert(found.values(), index_extras(conn, list(found)))
        report.actions.append(
            f"re-indexed {len(set(add)):,} articles and removed {len(set(delete) - set(add)):,} "
            "documents the catalog does not have")
        index.reload()
    if repair and report.actions:
        _finish(report, conn, index, deep)
    else:
        report.ok = report.problems == 0
    return report


def _finish(report: CheckReport, conn: sqlite3.Connection, index: tantivy.Index, deep: bool) -> None:
    """Verify again after a repair: `ok` says the index now agrees with the catalog."""
    after = _compare(conn, index, deep, ignore=_pending_ids(conn))
    report.index_documents = after.index_documents
    report.ok = not any((after.missing, after.extra, after.duplicated, after.stale))
    if not report.ok:
        report.actions.append(
            f"still disagrees after repair: {len(after.missing)} missing, {len(after.extra)} extra, "
            f"{len(after.duplicated)} duplicated, {len(after.stale)} stale; run `newsdig reindex`")


def _record(report: CheckReport, diff: _Diff) -> None:
    report.index_documents = diff.index_documents
    report.missing, report.extra = len(diff.missing), len(diff.extra)
    report.duplicated, report.stale = len(diff.duplicated), len(diff.stale)
    for name, ids in (("missing", diff.missing), ("extra", diff.extra),
                      ("duplicated", diff.duplicated), ("stale", diff.stale)):
        if ids:
            report.examples[name] = sorted(ids)[:EXAMPLES]


def _pending_ids(conn: sqlite3.Connection) -> set[str]:
    start, end = applied_seq(conn), last_change_seq(conn)
    return set(pending_article_ids(conn, start, end)) if end > start else set()


def _prefixes(total: int) -> list[str]:
    """Hex prefixes that cut the id space into slices of about SLICE_TARGET ids."""
    digits = max(1, math.ceil(math.log(max(total, 1) / SLICE_TARGET, 16))) if total > SLICE_TARGET else 1
    prefixes = [""]
    for _ in range(digits):
        prefixes = [p + h for p in prefixes for h in HEX]
    return prefixes


def _key_range(prefix: str) -> tuple[int, int]:
    """The id_key values of ids starting with `prefix` (inclusive bounds)."""
    shift = ID_KEY_BITS - 4 * len(prefix)
    low = int(prefix, 16) << shift
    return low, low + (1 << shift) - 1


def _catalog_ids(conn: sqlite3.Connection, prefix: str) -> list[str]:
    """Catalog ids starting with `prefix`, by a range on the primary key (ids are lowercase hex)."""
    upper = _next_prefix(prefix)
    if upper is None:
        rows = conn.execute("SELECT id FROM articles WHERE id >= ?", (prefix,))
    else:
        rows = conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ?", (prefix, upper))
    return [row[0] for row in rows]


def _next_prefix(prefix: str) -> str | None:
    value = int(prefix, 16) + 1
    if value >= 16 ** len(prefix):
        return None
    return format(value, f"0{len(prefix)}x")


def _index_slice(searcher: tantivy.Searcher, schema: tantivy.Schema, prefix: str
                 ) -> list[tuple[int, tantivy.DocAddress]]:
    """(id_key, address) of every live document whose id starts with `prefix`."""
    low, high = _key_range(prefix)
    query = tantivy.Query.range_query(schema, F.ID_KEY, tantivy.FieldType.Integer, low, high)
    count = searcher.search(query, limit=1, count=True).count
    if not count:
        return []
    addresses = [address for _, address in searcher.search(query, limit=count, count=False).hits]
    keys = searcher.fast_field_values(F.ID_KEY, addresses)
    return [(int(key or 0), address) for key, address in zip(keys, addresses, strict=True)]


def _compare(conn: sqlite3.Connection, index: tantivy.Index, deep: bool, ignore: set[str]) -> _Diff:
    searcher, schema = index.searcher(), index.schema
    diff = _Diff(index_documents=searcher.num_docs)
    catalog_total = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    for prefix in _prefixes(max(catalog_total, searcher.num_docs)):
        _compare_slice(conn, searcher, schema, prefix, deep, ignore, diff)
    return diff


def _compare_slice(conn: sqlite3.Connection, searcher: tantivy.Searcher, schema: tantivy.Schema,
                   prefix: str, deep: bool, ignore: set[str], diff: _Diff) -> None:
    catalog = {id_key(article_id): article_id for article_id in _catalog_ids(conn, prefix)}
    found = _index_slice(searcher, schema, prefix)
    counts = Counter(key for key, _ in found)
    by_key: dict[int, list[tantivy.DocAddress]] = {}
    for key, address in found:
        by_key.setdefault(key, []).append(address)

    for key, article_id in catalog.items():
        if key not in counts:
            if article_id not in ignore:
                diff.missing.append(article_id)
        elif counts[key] > 1:
            diff.duplicated.append(article_id)
    for key in counts.keys() - catalog.keys():
        for article_id in _stored_ids(searcher, by_key[key]):
            if article_id not in ignore:
                diff.extra.append(article_id)
    if deep:
        common = [catalog[key] for key in catalog if counts.get(key) == 1 and catalog[key] not in ignore]
        diff.stale.extend(_stale(conn, searcher, common, {k: by_key[k][0] for k in catalog if k in by_key}))


def _stored_ids(searcher: tantivy.Searcher, addresses: list[tantivy.DocAddress]) -> Iterator[str]:
    for address in addresses:
        yield searcher.doc(address).get_first(F.ID) or ""


def _stale(conn: sqlite3.Connection, searcher: tantivy.Searcher, ids: list[str],
           address_of: dict[int, tantivy.DocAddress]) -> list[str]:
    """Ids whose stored title, URL or text differ from the catalog's."""
    stale = []
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        for article_id, article in get_articles(conn, chunk).items():
            doc = searcher.doc(address_of[id_key(article_id)])
            if (doc.get_first(F.TITLE), doc.get_first(F.URL), doc.get_first(F.TEXT)) != (
                    article.title, article.url, article.text):
                stale.append(article_id)
    return stale
