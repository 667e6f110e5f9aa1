"""Writing the index: upsert (delete by id term + add) and delete, applied together on commit.

tantivy reports a failed write (a full disk, a file size limit) as a ValueError from a panicked
writer thread, on whichever call comes next; `_writing` turns those into IndexWriteError, which
names the directory and says that the catalog keeps everything.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import tantivy

from newsdig.errors import IndexBusyError, IndexError_, IndexWriteError, write_failure_hint
from newsdig.index.document import article_to_document
from newsdig.index.manifest import write_manifest
from newsdig.index.reader import open_index
from newsdig.index.schema import F, build_schema, register_tokenizers
from newsdig.models import Article, Enrichment

DEFAULT_HEAP_BYTES = 128_000_000
AUTO_THREADS = 0

log = logging.getLogger(__name__)


@contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """Turn tantivy's and the OS's write failures into IndexWriteError (see the module docstring)."""
    try:
        yield
    except (ValueError, OSError) as exc:
        if "LockBusy" in str(exc):
            raise
        raise _write_error(index_dir, exc) from exc


def _write_error(index_dir: Path, exc: Exception) -> IndexWriteError:
    return IndexWriteError(
        f"cannot write the search index in {index_dir}: {exc}{write_failure_hint(index_dir, exc)}; "
        "the catalog keeps every article and the next command catches the index up")


def remove_orphan_deletes(index_dir: Path) -> list[str]:
    """Delete `.del` files that meta.json does not reference; returns their names.

    tantivy names a segment's delete file by segment and opstamp. A kill after it wrote one and
    before meta.json committed it leaves the file behind; the next run replays the same changes
    from the catalog, reaches the same opstamp, and its commit fails with FileAlreadyExists
    (the kill tests hit it: `newsdig add` could not finish after such a kill). Only delete files
    have such reproducible names (segments get fresh UUIDs), and none but meta's is ever read.
    """
    meta_path = Path(index_dir) / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no committed state to compare with: leave everything as it is
    kept = {f"{segment['segment_id'].replace('-', '')}.{segment['deletes']['opstamp']}.del"
            for segment in meta.get("segments", []) if segment.get("deletes")}
    removed = []
    for path in Path(index_dir).glob("*.del"):
        if path.name not in kept:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    if removed:
        log.info("removed %d delete file(s) no commit refers to: %s", len(removed), ", ".join(removed))
    return removed


class IndexWriter:
    """The single writer of one index directory. Changes become visible on commit().

    As a context manager it commits pending changes on a clean exit and rolls them back when
    the block raises; either way the writer is closed (merges finished, lock released).
    """

    def __init__(self, index: tantivy.Index, index_dir: Path, heap_bytes: int, threads: int) -> None:
        self.index = index
        self.index_dir = index_dir
        try:
            self._writer: tantivy.IndexWriter | None = index.writer(heap_bytes, threads)
        except ValueError as exc:
            if "LockBusy" in str(exc):
                message = f"the search index at {index_dir} is being written by another process"
                raise IndexBusyError(message) from exc
            raise _write_error(index_dir, exc) from exc
        remove_orphan_deletes(index_dir)  # under the writer's lock: no other writer can be at it
        self.pending = 0

    def _live(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise RuntimeError("this IndexWriter is closed")
        return self._writer

    def add(self, articles: Iterable[Article]) -> int:
        """Add articles without deleting older versions: only for a fresh, empty index."""
        return self.add_enriched((article, None) for article in articles)

    def add_enriched(self, pairs: Iterable[tuple[Article, Enrichment | None]]) -> int:
        """Like add(), each article with its enrichment (None: not enriched yet)."""
        writer = self._live()
        count = 0
        with _writing(self.index_dir):
            for article, extras in pairs:
                writer.add_document(article_to_document(article, extras))
                count += 1
        self.pending += count
        return count

    def upsert(self, articles: Iterable[Article], extras: Mapping[str, Enrichment] | None = None) -> int:
        """Add or replace articles (by id), with their enrichment when given; returns how many."""
        writer = self._live()
        count = 0
        with _writing(self.index_dir):
            for article in articles:
                # Deletes apply to documents added before them, so a repeated id in one batch keeps the last.
                writer.delete_documents_by_term(F.ID, article.id)
                writer.add_document(article_to_document(article, (extras or {}).get(article.id)))
                count += 1
        self.pending += count
        return count

    def delete(self, ids: Iterable[str]) -> int:
        """Delete articles by id; returns how many distinct ids were queued (absent ids included)."""
        writer = self._live()
        unique = dict.fromkeys(ids)
        with _writing(self.index_dir):
            for article_id in unique:
                writer.delete_documents_by_term(F.ID, article_id)
        self.pending += len(unique)
        return len(unique)

    def commit(self) -> None:
        """Apply all queued changes at once and make them visible to new searchers."""
        with _writing(self.index_dir):
            self._live().commit()
            self.index.reload()
        self.pending = 0

    def rollback(self) -> None:
        """Drop the changes queued since the last commit."""
        self._live().rollback()
        self.pending = 0

    def close(self) -> None:
        """Drop uncommitted changes, finish merges and release the lock; idempotent."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        try:
            if self.pending:
                self.pending = 0
                writer.rollback()
            writer.wait_merging_threads()
        except (ValueError, OSError) as exc:
            # A writer whose thread died (a full disk) fails here too; what it committed is intact,
            # and raising now would hide the error that stopped the caller.
            log.warning("closing the index writer of %s: %s", self.index_dir, exc)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is None and self._writer is not None and self.pending:
                self.commit()
        finally:
            self.close()


def create_index(index_dir: Path) -> tantivy.Index:
    """Create an empty index (and its manifest) in a missing or empty directory."""
    index_dir.mkdir(parents=True, exist_ok=True)
    if any(index_dir.iterdir()):
        raise IndexError_(f"cannot create a search index in {index_dir}: the directory is not empty")
    with _writing(index_dir):
        index = tantivy.Index(build_schema(), str(index_dir))
        write_manifest(index_dir)
    register_tokenizers(index)
    return index


def open_writer(
    index_dir: Path, heap_bytes: int = DEFAULT_HEAP_BYTES, threads: int = AUTO_THREADS
) -> IndexWriter:
    """The writer of the index at `index_dir`, creating the index when the directory is missing or empty.

    Raises IndexError_ for an incompatible index and IndexBusyError when another writer holds it.
    """
    index_dir = Path(index_dir)
    fresh = not index_dir.exists() or (index_dir.is_dir() and not any(index_dir.iterdir()))
    index = create_index(index_dir) if fresh else open_index(index_dir)
    return IndexWriter(index, index_dir, heap_bytes, threads)
