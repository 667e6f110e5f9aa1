"""The extraction pool: results in input order, whatever the chunking and the pool start."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from newsdig.models import Rejection
from newsdig.pool import CHUNK, POOL_AFTER, ExtractJob, run_chunk, run_jobs


def _jobs(count: int) -> list[ExtractJob]:
    """Jobs whose result is known without extracting anything: their import rejection."""
    return [ExtractJob(capture=None, url=f"https://example.com/{n}", raw=None,
                       rejection=Rejection("import", "unreadable", f"page-{n}"))
            for n in range(count)]


@pytest.mark.parametrize("count", [0, 1, POOL_AFTER - 1])
def test_small_inputs_never_start_a_pool(count: int) -> None:
    jobs = _jobs(count)
    assert [job for job, _ in run_jobs(jobs, workers=2)] == jobs


def _slowly(jobs: list[ExtractJob]) -> Iterator[ExtractJob]:
    """A source like a crawl: jobs arrive over time, so the pool is up before they run out."""
    for job in jobs:
        time.sleep(0.01)
        yield job


def test_a_pool_returns_every_result_in_input_order_across_partial_chunks() -> None:
    jobs = _jobs(POOL_AFTER + 40 * CHUNK + 3)  # the head, whole chunks and a partial one
    pairs = list(run_jobs(_slowly(jobs), workers=2))
    assert [job for job, _ in pairs] == jobs
    assert [result for _, result in pairs] == [job.rejection for job in jobs]


def test_a_chunk_keeps_its_order() -> None:
    jobs = _jobs(CHUNK + 2)
    assert run_chunk(jobs) == [job.rejection for job in jobs]
