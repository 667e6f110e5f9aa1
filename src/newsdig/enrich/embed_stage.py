"""`newsdig embed`: the incremental, resumable stage that turns pending articles into chunk vectors.

Built like the enrich stage (enrich/pipeline.py): the catalog holds the progress (one row per
article with the text's hash and the model), encoding runs in worker processes while this process
stores results, each article's chunks and progress row commit together under a savepoint, and a
transaction commits every BATCH_SIZE articles, so a kill -9 loses at most one batch of work and
the next run continues. A failure on one article is recorded ("failed", with the error) and
skipped; the next run retries it. After the loop the ANN index under <home>/vectors/ catches up.

Vectors are derived data: nothing is written to the change log, the tantivy index never holds them.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdig.catalog.articles import get_articles
from newsdig.catalog.embeddings import (
    delete_chunks,
    mark_embedded,
    pending_ids,
    set_embed_mark,
    store_chunks,
)
from newsdig.catalog.meta import last_change_seq
from newsdig.errors import HomeError
from newsdig.home import Home

if TYPE_CHECKING:
    import numpy as np

# Articles per catalog transaction: ~10 s of encoding on 2 cores, the most a kill -9 can lose.
# NEWSDIG_EMBED_BATCH overrides it (tests kill a run between commits).
BATCH_SIZE = int(os.environ.get("NEWSDIG_EMBED_BATCH", "64"))
TASK_ARTICLES = 16  # articles per worker task: ~60 chunks, two forward passes of 32
WINDOW_PER_WORKER = 2  # tasks in flight per worker: keeps both busy, memory flat
POOL_AFTER = 64  # fewer pending articles than this are encoded in-process (no worker start-up)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class EmbedSummary:
    """What a run of the stage did; printed by `newsdig embed` and returned as JSON."""

    pending: int = 0
    embedded: int = 0
    empty: int = 0  # nothing to embed (no title, no text)
    failed: int = 0
    chunks: int = 0
    seconds: float = 0.0
    model: str | None = None
    backend: str | None = None
    jobs: int = 1
    index: dict[str, object] = field(default_factory=dict)  # what the ANN index sync did
    errors: list[tuple[str, str]] = field(default_factory=list)  # (article id, message), first few

    def as_dict(self) -> dict[str, object]:
        return {
            "pending": self.pending, "embedded": self.embedded, "empty": self.empty,
            "failed": self.failed, "chunks": self.chunks, "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.embedded / self.seconds, 2) if self.seconds else None,
            "chunks_per_second": round(self.chunks / self.seconds, 2) if self.seconds else None,
            "model": self.model, "backend": self.backend, "jobs": self.jobs, "index": self.index,
            "errors": [{"id": i, "error": e} for i, e in self.errors],
        }


# -- encoding, in workers ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Embedded:
    article_id: str
    vectors: np.ndarray  # float32, one row per chunk (0 rows: nothing to embed)


@dataclass(frozen=True, slots=True)
class EmbedFailure:
    article_id: str
    error: str


EmbedResult = Embedded | EmbedFailure
Item = tuple[str, str, str]  # (article id, title, text)

_threads = 0  # ONNX Runtime threads in this process: 0 = all cores; workers use 1 each


def _init_worker(threads: int) -> None:
    """Load the model once per worker, before the first task arrives."""
    global _threads
    from newsdig.enrich.embeddings import load_encoder

    _threads = threads
    load_encoder(None, threads)


def embed_task(items: list[Item]) -> list[EmbedResult]:
    """Chunk and encode (id, title, text) items, in order. All chunks of a task go through the model
    together (full batches); when that fails, articles are retried one by one to isolate the culprit."""
    from newsdig.enrich.embeddings import chunk_article, load_encoder

    encoder = load_encoder(None, _threads)
    try:
        chunked = [chunk_article(title, text) for _, title, text in items]
        vectors = encoder.encode([c for chunks in chunked for c in chunks])
    except Exception:
        return [_embed_one(item) for item in items]
    results: list[EmbedResult] = []
    start = 0
    for (article_id, _, _), chunks in zip(items, chunked, strict=True):
        results.append(Embedded(article_id, vectors[start:start + len(chunks)]))
        start += len(chunks)
    return results


def _embed_one(item: Item) -> EmbedResult:
    from newsdig.enrich.embeddings import chunk_article, load_encoder

    article_id, title, text = item
    try:
        return Embedded(article_id, load_encoder(None, _threads).encode(chunk_article(title, text)))
    except Exception as err:
        return EmbedFailure(article_id, f"{type(err).__name__}: {err}"[:500])


def embed_stream(items: Iterable[Item], jobs: int, total: int) -> Iterator[EmbedResult]:
    """One result per item, in input order: in-process for one job or little work, else from `jobs`
    processes with one ONNX Runtime thread each. The pool lives for the whole stream."""
    tasks = _tasks(items, TASK_ARTICLES)
    if jobs <= 1 or total < POOL_AFTER:
        for task in tasks:
            yield from embed_task(task)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(1,)) as pool:
        window: deque[Future[list[EmbedResult]]] = deque()
        for task in tasks:
            window.append(pool.submit(embed_task, task))
            if len(window) >= jobs * WINDOW_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def _tasks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    task: list[Item] = []
    for item in items:
        task.append(item)
        if len(task) >= size:
            yield task
            task = []
    if task:
        yield task


# -- storing, in this process -------------------------------------------------------------------
def store_result(
    conn: sqlite3.Connection, article_id: str, content_hash: str, result: EmbedResult, model: str,
    summary: EmbedSummary,
) -> None:
    """Store one article's vectors and progress row inside the caller's transaction (a savepoint)."""
    if not conn.in_transaction:  # else releasing the savepoint would commit each article alone
        conn.execute("BEGIN")
    conn.execute("SAVEPOINT embed_article")
    try:
        if isinstance(result, EmbedFailure):
            delete_chunks(conn, article_id)  # no stale vectors of an older text stay searchable
            mark_embedded(conn, article_id, content_hash, model, "failed", 0, result.error)
        else:
            count = store_chunks(conn, article_id, result.vectors)
            mark_embedded(conn, article_id, content_hash, model, "ok" if count else "empty", count)
    except Exception as err:  # e.g. a constraint: recorded for this article, the run goes on
        conn.execute("ROLLBACK TO embed_article")
        conn.execute("RELEASE embed_article")
        message = f"{type(err).__name__}: {err}"[:500]
        conn.execute("SAVEPOINT embed_failure")
        mark_embedded(conn, article_id, content_hash, model, "failed", 0, message)
        conn.execute("RELEASE embed_failure")
        _count_failure(summary, article_id, message)
        return
    conn.execute("RELEASE embed_article")
    if isinstance(result, EmbedFailure):
        _count_failure(summary, article_id, result.error)
    elif len(result.vectors):
        summary.embedded += 1
        summary.chunks += len(result.vectors)
    else:
        summary.empty += 1


def _count_failure(summary: EmbedSummary, article_id: str, message: str) -> None:
    summary.failed += 1
    if len(summary.errors) < 10:
        summary.errors.append((article_id, message))


def _read_batch(conn: sqlite3.Connection, ids: list[str]) -> Iterator[tuple[str, str | None, Item | str]]:
    """(id, content hash, item or the error reading it) for each id still in the catalog.

    A row that cannot be read (e.g. text that is not valid UTF-8, written by another tool) fails
    alone: the batch is read again one article at a time.
    """
    try:
        found = get_articles(conn, ids)
    except sqlite3.Error:
        for article_id in ids:
            try:
                one = get_articles(conn, [article_id])
            except sqlite3.Error as err:
                row = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
                if row is not None:
                    yield article_id, row[0], f"unreadable article: {type(err).__name__}: {err}"[:500]
                continue
            if article_id in one:
                article = one[article_id]
                yield article_id, article.content_hash, (article_id, article.title, article.text)
        return
    for article_id in ids:
        if article_id in found:
            article = found[article_id]
            yield article_id, article.content_hash, (article_id, article.title, article.text)


def run_embedding(
    conn: sqlite3.Connection, *, everything: bool = False, jobs: int = 1, progress: Progress | None = None,
) -> EmbedSummary:
    """Embed every pending article (all of them with `everything`); the caller holds the writer lock."""
    from newsdig.enrich.embeddings import default_backend, load_encoder, model_version

    started = time.perf_counter()
    model = model_version()
    summary = EmbedSummary(model=model, backend=default_backend(), jobs=max(jobs, 1))
    mark = last_change_seq(conn)
    ids = list(pending_ids(conn, model, everything=everything))
    summary.pending = len(ids)
    if progress:
        progress(0, len(ids))
    if ids:
        # Fail early, in one line, when the model cannot load, and export the ONNX graph once here
        # rather than in every worker at the same time.
        load_encoder(None, 0)
    in_flight: deque[tuple[str, str]] = deque()

    def feed() -> Iterator[Item]:
        for start in range(0, len(ids), BATCH_SIZE):
            for article_id, content_hash, item in _read_batch(conn, ids[start:start + BATCH_SIZE]):
                if isinstance(item, str):  # unreadable: record it now, nothing to encode
                    store_result(conn, article_id, content_hash or "", EmbedFailure(article_id, item),
                                 model, summary)
                    continue
                in_flight.append((article_id, content_hash or ""))
                yield item

    for done, result in enumerate(embed_stream(feed(), jobs, len(ids)), start=1):
        article_id, content_hash = in_flight.popleft()
        store_result(conn, article_id, content_hash, result, model, summary)
        if done % BATCH_SIZE == 0:
            conn.commit()
            if progress:
                progress(done, len(ids))
    conn.commit()
    if progress:
        progress(len(ids), len(ids))
    # A complete pass (pending or all): later runs look only at changes above the mark, and at
    # failed articles, which stay candidates through their progress rows.
    set_embed_mark(conn, mark, model)
    conn.commit()
    summary.seconds = time.perf_counter() - started
    return summary


def embed_home(
    home: Home, *, everything: bool = False, jobs: int = 1, progress: Progress | None = None,
) -> EmbedSummary:
    """`newsdig embed`: embed pending articles under the writer lock, then bring the ANN index up.

    Raises SemanticUnavailable (a NewsdigError: one clear line) when the `[semantic]` extra is
    missing, before taking the lock or touching the catalog.
    """
    from newsdig.catalog.db import connect
    from newsdig.enrich.embeddings import SemanticUnavailable, missing_modules
    from newsdig.home import writer_lock

    missing = missing_modules()
    if missing:
        raise SemanticUnavailable(f"`newsdig embed` needs {', '.join(missing)}: "
                                  "pip install 'newsdig[semantic]'")
    from newsdig.index.vectors import sync_vectors

    with writer_lock(home):
        conn = connect(home.catalog_path)
        try:
            try:
                summary = run_embedding(conn, everything=everything, jobs=jobs, progress=progress)
            except sqlite3.Error as err:
                raise HomeError(f"cannot write embeddings to the catalog in {home.root}: {err}; what was "
                                "committed is kept — run `newsdig embed` again to resume") from err
            summary.index = sync_vectors(home, conn).as_dict()
        finally:
            conn.close()
    return summary
