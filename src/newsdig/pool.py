"""Run extraction over a stream of jobs, in this process or a bounded process pool.

`Pool.imap` reads its input as fast as it can, so a big WARC would pile up in memory; here at
most WINDOW_PER_WORKER jobs per worker are in flight (back-pressure), and results come back in
input order so the catalog sees captures in the order they were archived. The pool is started
lazily: a one-file `add` never pays for forking workers.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from newsdig.catalog.articles import RawRef
from newsdig.extract import extract
from newsdig.models import Article, Capture, Rejection

WINDOW_PER_WORKER = 16
POOL_AFTER = 24  # captures seen before a pool is worth its start-up cost


@dataclass(frozen=True, slots=True)
class ExtractJob:
    capture: Capture | None
    url: str | None
    raw: RawRef | None
    rejection: Rejection | None = None


def run_one(job: ExtractJob) -> Article | Rejection:
    """Extract one capture (`extract` never raises: failures come back as rejections)."""
    if job.rejection is not None:
        return job.rejection
    assert job.capture is not None
    return extract(job.capture, url=job.url, source=job.capture.hint("source"))


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
        head.append(job)
        if len(head) >= POOL_AFTER:
            break
    if len(head) < POOL_AFTER:
        for job in head:
            yield job, run_one(job)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        window: deque[tuple[ExtractJob, Future[Article | Rejection]]] = deque()
        limit = workers * WINDOW_PER_WORKER
        for job in _chain(head, source):
            window.append((job, pool.submit(run_one, job)))
            if len(window) >= limit:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


def _chain(head: list[ExtractJob], rest: Iterator[ExtractJob]) -> Iterator[ExtractJob]:
    yield from head
    yield from rest
