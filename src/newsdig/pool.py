"""Run extraction over a stream of jobs, in this process or a bounded process pool.

`Pool.imap` reads its input as fast as it can, so a big WARC would pile up in memory; here at
most WINDOW_PER_WORKER chunks per worker are in flight (back-pressure), and results come back in
input order so the catalog sees captures in the order they were archived. The pool is started
lazily: a one-file `add` never pays for forking workers.

Workers come from a fork server, not a fork of this process: by the time the pool starts, this
process holds an SQLite connection and tantivy's writer threads, which a forked child must not
inherit. The fork server imports `newsdig.extract.preload` once, so each worker forks from a
warm process instead of importing trafilatura and loading the language model itself. That
start-up still takes about a second of one core; this process extracts the first POOL_AFTER
captures itself meanwhile rather than wait idle. (Extracting on until a worker is up, told by
a thread waiting on a first task, did no better on a quiet machine and worse on a busy one.)
Jobs go out CHUNK at a time, a quarter of the round trips through the executor's queues
(on 400 news pages that was within noise of one at a time: pickling a page costs little).

A job may carry its Article already (a Parquet row from `newsdig spark ingest`): it needs no
extraction, so it never starts the pool nor travels to a worker; it only keeps its place in order.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import select
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from newsdig.catalog.articles import RawRef
from newsdig.extract import extract
from newsdig.models import Article, Capture, Rejection

CHUNK = 4  # jobs per task sent to a worker (~60 ms of work on news pages)
WINDOW_PER_WORKER = 4  # chunks in flight per worker: both stay busy, memory stays flat
POOL_AFTER = 24  # captures seen before a pool is worth its start-up cost
# What the fork server imports before forking workers ("__main__" is multiprocessing's default)
PRELOAD = ["__main__", "newsdig.extract.preload"]


@dataclass(frozen=True, slots=True)
class ExtractJob:
    capture: Capture | None
    url: str | None
    raw: RawRef | None
    rejection: Rejection | None = None
    article: Article | None = None  # extracted elsewhere already (an imported Parquet row)


def run_one(job: ExtractJob) -> Article | Rejection:
    """Extract one capture (`extract` never raises: failures come back as rejections)."""
    if job.article is not None:
        return job.article
    if job.rejection is not None:
        return job.rejection
    assert job.capture is not None
    return extract(job.capture, url=job.url, source=job.capture.hint("source"))


def run_chunk(jobs: list[ExtractJob]) -> list[Article | Rejection]:
    """Extract a chunk of jobs in a worker, results in job order."""
    return [run_one(job) for job in jobs]


def run_jobs(jobs: Iterable[ExtractJob], workers: int = 1
             ) -> Iterator[tuple[ExtractJob, Article | Rejection]]:
    """Yield (job, result) in input order."""
    source = iter(jobs)
    if workers <= 1:
        for job in source:
            yield job, run_one(job)
        return
    head: list[ExtractJob] = []
    for job in source:
        if job.article is not None and not head:  # ready, and nothing ahead of it waits
            yield job, job.article
            continue
        head.append(job)
        if len(head) >= POOL_AFTER:
            break
    if len(head) < POOL_AFTER:
        for job in head:
            yield job, run_one(job)
        return
    context = multiprocessing.get_context("forkserver")
    # both no-ops once the fork server runs (an earlier pool in this process started it)
    context.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()  # starts it booting; returns at once
    for job in head:
        yield job, run_one(job)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=exit_with,
                             initargs=(os.getpid(),)) as pool:
        window: deque[tuple[list[ExtractJob], Future[list[Article | Rejection]]]] = deque()
        limit = workers * WINDOW_PER_WORKER
        for chunk in _chunks(source, CHUNK):
            window.append((chunk, _ready(chunk) or pool.submit(run_chunk, chunk)))
            if len(window) >= limit:
                yield from _done(*window.popleft())
        while window:
            yield from _done(*window.popleft())


def exit_with(parent: int) -> None:
    """Worker initializer: end this worker when the process that runs the pool dies.

    A worker blocks on the executor's queue, and nothing tells it its parent was killed (kill -9
    mid-import, the crash the reliability tests make): it would wait forever, and so would the fork
    server, which lives while any of its workers holds its pipe (150 MB each, 35 were found after
    a day of kill tests). A daemon thread waits on the parent's pidfd (Linux), or polls it.
    """
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()


def _watch(parent: int) -> None:
    try:
        fd = os.pidfd_open(parent)
    except (AttributeError, OSError):  # not Linux (or the parent is gone already)
        while _alive(parent):
            time.sleep(1.0)
    else:
        select.select([fd], [], [])  # readable once the parent has exited
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # PermissionError would mean alive under another user: not caught, not ours
    except ProcessLookupError:
        return False
    return True


def _done(chunk: list[ExtractJob], future: Future[list[Article | Rejection]]
          ) -> Iterator[tuple[ExtractJob, Article | Rejection]]:
    yield from zip(chunk, future.result(), strict=True)


def _ready(chunk: list[ExtractJob]) -> Future[list[Article | Rejection]] | None:
    """A chunk of articles extracted already: its results, without a trip to a worker."""
    if not all(job.article is not None for job in chunk):
        return None
    done: Future[list[Article | Rejection]] = Future()
    done.set_result([job.article for job in chunk if job.article is not None])
    return done


def _chunks(jobs: Iterator[ExtractJob], size: int) -> Iterator[list[ExtractJob]]:
    chunk: list[ExtractJob] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

