"""Orchestration of `newsdig add` and `newsdig reextract`: it only moves records.

acquire (captures) -> raw store (WARC, before anything else) -> extract (pure, maybe in a
process pool) -> learned templates -> catalog batch commit -> index catches up. The stages
themselves know nothing of this loop, so a Spark job can drive them the same way.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from newsdig.acquire.files import check_inputs, iter_captures
from newsdig.acquire.rawstore import RawStore
from newsdig.catalog.articles import RawRef, UpsertResult, iter_rows, update_text, upsert_article
from newsdig.catalog.db import connect
from newsdig.catalog.meta import applied_seq, last_change_seq
from newsdig.catalog.rejections import record_rejection
from newsdig.catalog.templates import learn_lines, template_keys
from newsdig.errors import HomeError, write_failure_hint
from newsdig.extract import extract
from newsdig.extract.dispatch import template_group
from newsdig.extract.templates import apply_templates, line_key, template_candidates
from newsdig.extract.title import infer_title
from newsdig.home import Home, writer_lock
from newsdig.index.sync import catch_up, mark_applied, stage_changes
from newsdig.index.writer import IndexWriter, open_writer
from newsdig.models import Article, Capture, Rejection
from newsdig.pool import ExtractJob, run_jobs

# Captures per catalog transaction (the index is staged with each). NEWSDIG_BATCH_SIZE overrides it (smaller
# batches lose less work to a crash and let tests kill a run between commits).
BATCH_SIZE = int(os.environ.get("NEWSDIG_BATCH_SIZE", "500"))
# Seconds between index commits during one import (the catalog still commits every batch). A
# tantivy commit costs ~0.3 s however little it holds: at 500 articles a batch that was a third
# of a JSONL import's time. Searches see new articles within this many seconds of their batch.
INDEX_COMMIT_SECONDS = float(os.environ.get("NEWSDIG_INDEX_COMMIT_SECONDS", "5"))
NO_RAW = "no-raw-capture"  # reextract's skip reason for articles imported without their capture


@dataclass
class IngestSummary:
    """What an import did, for the final report: nothing is silent."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    copies: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first origin + detail
    retemplated: int = 0
    passed_over: Counter[str] = field(default_factory=Counter)  # WARC request/warcinfo/... records

    @property
    def duplicates(self) -> int:
        return self.unchanged + self.copies

    def skip(self, rejection: Rejection) -> None:
        self.skipped[rejection.reason] += 1
        if rejection.reason not in self.examples:
            detail = f": {rejection.detail}" if rejection.detail else ""
            self.examples[rejection.reason] = f"{rejection.origin}{detail}"

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added, "updated": self.updated, "duplicate": self.duplicates,
            "duplicate_detail": {"unchanged": self.unchanged, "copy_of_other_url": self.copies},
            "skipped": sum(self.skipped.values()), "skipped_by_reason": dict(self.skipped),
            "skipped_examples": self.examples, "retemplated": self.retemplated,
            "passed_over": dict(self.passed_over),
        }


def learnable_lines(article: Article) -> list[str]:
    """Edge lines of the text, plus the headline: a "headline" that recurs across a site's
    pages is its masthead, which plain-text extraction can take for the title."""
    keys = template_candidates(article.text)
    if article.title and not article.title_inferred:
        title_key = line_key(article.title)
        if title_key not in keys:
            keys.append(title_key)
    return keys


def _untemplated_title(title: str, text: str, keys: set[str]) -> tuple[str | None, bool]:
    """A title that is a site template line (a masthead taken for a headline) is replaced by
    one inferred from the cleaned lead; returns (new title or None, inferred)."""
    if not title or line_key(title) not in keys:
        return None, False
    inferred = infer_title([p for p in text.split("\n\n") if p.strip()])
    return (inferred, True) if inferred else (None, False)


def capture_url(capture: Capture) -> str:
    """The URL a capture is filed under; files without one get a stable synthetic URL."""
    if capture.url:
        return capture.url
    path = Path(capture.origin)
    if capture.origin not in ("", "-") and path.exists():
        return path.resolve().as_uri()
    return "urn:newsdig:sha256:" + hashlib.sha256(capture.body).hexdigest()[:32]


class Ingestor:
    """One import session: holds the catalog connection, raw store and index writer."""

    def __init__(self, home: Home, jobs: int = 1,
                 on_item: Callable[[IngestSummary], None] | None = None) -> None:
        self.home = home.ensure()
        self.conn: sqlite3.Connection = connect(home.catalog_path)
        self.raw = RawStore(home.raw_dir)
        self.jobs = jobs
        self.summary = IngestSummary()
        self.on_item = on_item
        self._templates: dict[str, set[str]] = {}
        self._pending = 0
        self._writer: IndexWriter | None = None
        self._staged: int | None = None  # change-log position staged in the writer, not committed
        self._index_committed = time.monotonic()

    # -- the loop -----------------------------------------------------------------------
    def run(self, jobs: Iterable[ExtractJob]) -> IngestSummary:
        try:
            catch_up(self.conn, self.home.index_dir)  # a previous run may have died mid-way
            self._writer = open_writer(self.home.index_dir)
            for job, result in run_jobs(jobs, self.jobs):
                self.take(job, result)
                if self.on_item:
                    self.on_item(self.summary)
                if self._pending >= BATCH_SIZE:
                    self.commit(index_now=False)
            self.commit()
        except sqlite3.Error as err:  # e.g. "database or disk is full" while storing a batch
            raise HomeError(f"cannot write to the catalog in {self.home.root}: {err}"
                            f"{write_failure_hint(self.home.root, err)}; everything committed before "
                            "this batch is kept — fix the cause and run it again") from err
        finally:
            self._close_quietly()
        return self.summary

    def _close_quietly(self) -> None:
        """Close the raw store and the index writer; when a write failure already ends the run,
        a second one while closing (the same full disk) must not replace its message."""
        failing = sys.exc_info()[1] is not None
        try:
            self.raw.close()
        except HomeError:
            if not failing:
                raise
        finally:
            if self._writer is not None:
                self._writer.close()

    def archive(self, items: Iterable[Capture | Rejection | Article], source: str | None = None
                ) -> Iterator[ExtractJob]:
        """Archive every capture before extraction; rejections from import go straight through,
        and so do articles extracted elsewhere (Parquet rows: no raw capture came with them)."""
        for item in items:
            if isinstance(item, Rejection):
                yield ExtractJob(capture=None, url=item.url, raw=None, rejection=item)
                continue
            if isinstance(item, Article):
                yield ExtractJob(capture=None, url=item.url, raw=None, article=item)
                continue
            if source and not item.hint("source"):
                item = replace(item, hints=(*item.hints, ("source", source)))
            url = capture_url(item)
            file, offset = self.raw.append(item, url)
            yield ExtractJob(capture=item, url=url, raw=RawRef(file, offset))

    # take() and commit() are the seam for other drivers of the loop (the crawler marks its
    # frontier rows inside take() so they commit in the same transaction as the article).
    def take(self, job: ExtractJob, result: Article | Rejection) -> None:
        if isinstance(result, Rejection):
            record_rejection(self.conn, result, job.raw)
            self.summary.skip(result)
            self._pending += 1
            return
        outcome = self.store(result, job.raw)
        if outcome.outcome == "added":
            self.summary.added += 1
        elif outcome.outcome == "updated":
            self.summary.updated += 1
        elif outcome.outcome == "unchanged":
            self.summary.unchanged += 1
        else:
            self.summary.copies += 1
        self._pending += 1

    def store(self, article: Article, raw: RawRef | None) -> UpsertResult:
        """Strip the source's learned template, store, and learn from the article if new."""
        group = template_group(article)
        keys = self._template_keys(group)
        cleaned = self.clean_article(article, keys)
        outcome = upsert_article(self.conn, cleaned, raw)
        if outcome.outcome == "added":
            crossed, earlier = learn_lines(self.conn, group, article.id, learnable_lines(article))
            if crossed:
                keys |= crossed
                self._retemplate(earlier, keys)
                recleaned = self.clean_article(article, keys)
                new_title = recleaned.title if recleaned.title != cleaned.title else None
                if recleaned.text != cleaned.text or new_title is not None:
                    update_text(self.conn, article.id, recleaned.text, title=new_title)
        return outcome

    def _template_keys(self, source: str) -> set[str]:
        if source not in self._templates:
            self._templates[source] = template_keys(self.conn, source)
        return self._templates[source]

    @staticmethod
    def clean_article(article: Article, keys: set[str]) -> Article:
        if not keys:
            return article
        text = apply_templates(article.text, keys)
        title, inferred = _untemplated_title(article.title, text, keys)
        if text == article.text and title is None:
            return article
        return replace(article, text=text, word_count=len(text.split()),
                       title=title or article.title, title_inferred=inferred or article.title_inferred)

    def _retemplate(self, ids: set[str], keys: set[str]) -> None:
        """A line just became template: strip it from the earlier articles that carry it."""
        for article_id in sorted(ids):
            row = self.conn.execute("SELECT text, title FROM articles WHERE id = ?",
                                    (article_id,)).fetchone()
            if row is None:
                continue
            text = apply_templates(row["text"], keys)
            title, _ = _untemplated_title(row["title"], text, keys)
            if text != row["text"] or title is not None:
                update_text(self.conn, article_id, text, title=title)
                self.summary.retemplated += 1

    def commit(self, *, index_now: bool = True) -> None:
        """Raw captures reach disk, then the catalog commits, then the index follows it.

        The index is staged every time and committed when `index_now` or INDEX_COMMIT_SECONDS
        have passed since its last commit (the crawler and the end of an import commit it now).
        A failure here (a full disk, most often) ends the run with a clear message; what earlier
        batches committed stays, and running the same command again resumes (imports are
        idempotent and the index catches up from the catalog).
        """
        self.raw.flush()  # raises RawStoreError (a HomeError) with the file it could not write
        self.conn.commit()  # a failure here is reported by run()
        self._pending = 0
        if self._writer is not None:
            try:
                start = applied_seq(self.conn) if self._staged is None else self._staged
                end = last_change_seq(self.conn)
                if end > start:
                    stage_changes(self.conn, self._writer, start, end)
                    self._staged = end
                due = time.monotonic() - self._index_committed >= INDEX_COMMIT_SECONDS
                # Nothing staged, nothing to commit: a crawler's idle commits must not each pay
                # a tantivy commit (~0.3 s), which apply_changes also skipped.
                if self._staged is not None and (index_now or due):
                    mark_applied(self.conn, self._writer, self._staged)
                    self._staged, self._index_committed = None, time.monotonic()
            except (ValueError, OSError) as err:  # tantivy reports I/O failures as ValueError
                raise HomeError(f"cannot update the search index in {self.home.index_dir}: {err}"
                                f"{write_failure_hint(self.home.index_dir, err)}; the catalog has the "
                                "articles and the next command catches the index up") from err


def add_paths(home: Home, paths: list[str], stdin: BinaryIO | None = None, source: str | None = None,
              jobs: int = 1, on_item: Callable[[IngestSummary], None] | None = None,
              on_bytes: Callable[[int], None] | None = None) -> IngestSummary:
    """`newsdig add`: import files, directories and stdin under the writer lock."""
    check_inputs(paths)
    with writer_lock(home):
        ingestor = Ingestor(home, jobs=jobs, on_item=on_item)
        captures = iter_captures(paths, stdin=stdin, on_progress=on_bytes,
                                 skipped=ingestor.summary.passed_over)
        return ingestor.run(ingestor.archive(captures, source=source))


def reextract(home: Home, jobs: int = 1, on_item: Callable[[IngestSummary], None] | None = None
              ) -> IngestSummary:
    """Run extraction again over every stored raw capture (after upgrading the extractor).

    Captures are read back from raw/ and not archived again. An article whose capture now
    fails extraction keeps its stored version: re-extraction never loses data. Articles without
    a raw capture (imported from Parquet) are left as they are and counted as skipped.
    """
    with writer_lock(home):
        ingestor = Ingestor(home, jobs=jobs, on_item=on_item)
        reader = connect(home.catalog_path)
        try:
            _count_without_raw(reader, ingestor.summary)
            return ingestor.run(_raw_jobs(ingestor.raw, iter_rows(reader, "raw_file IS NOT NULL")))
        finally:
            reader.close()


def _count_without_raw(conn: sqlite3.Connection, summary: IngestSummary) -> None:
    """Say how many articles re-extraction cannot redo: no raw capture was kept for them."""
    count, example = conn.execute(
        "SELECT count(*), min(origin) FROM articles WHERE raw_file IS NULL").fetchone()
    if count:
        summary.skipped[NO_RAW] += count
        summary.examples[NO_RAW] = f"{example}: imported already extracted (Parquet), its text is kept"


def _raw_jobs(raw: RawStore, rows: Iterable[sqlite3.Row]) -> Iterator[ExtractJob]:
    for row in rows:
        ref = RawRef(row["raw_file"], row["raw_offset"])
        try:
            capture = raw.read(ref.file, ref.offset)
        except Exception as err:  # a damaged raw file must not stop the rest
            rejection = Rejection(stage="reextract", reason="raw-unreadable",
                                  origin=f"{ref.file}@{ref.offset}", detail=str(err))
            yield ExtractJob(capture=None, url=row["url"], raw=ref, rejection=rejection)
            continue
        yield ExtractJob(capture=capture, url=capture.url or row["url"], raw=ref)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


__all__ = ["IngestSummary", "Ingestor", "add_paths", "capture_url", "default_jobs", "extract",
           "reextract"]
