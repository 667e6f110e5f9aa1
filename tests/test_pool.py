"""The extraction pool: results in input order, whatever the chunking and the pool start."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

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


DRIVER = """
import itertools, sys, time
from newsdig.models import Rejection
from newsdig.pool import ExtractJob, run_jobs

def jobs():
    for n in itertools.count():
        if n > 200:
            time.sleep(0.05)  # a slow source: the pool stays up, waiting for work
        rejection = Rejection("import", "unreadable", str(n))
        yield ExtractJob(capture=None, url=None, raw=None, rejection=rejection)

for done, _ in enumerate(run_jobs(jobs(), workers=2)):
    if done == 150:
        print("pool up", flush=True)
"""


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                children = {int(child) for child in task.read_text().split()}
                found |= children
                todo += children
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the process tree")
def test_a_killed_importer_leaves_no_workers_or_fork_server() -> None:
    """kill -9 of the process running a pool: its workers and the fork server exit too (before the
    parent watch they waited forever, 150 MB each)."""
    driver = subprocess.Popen([sys.executable, "-c", DRIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert driver.stdout is not None and driver.stdout.readline().strip() == "pool up"
        family = _descendants(driver.pid)
        assert len(family) >= 3  # the fork server and two workers (and maybe a resource tracker)
    finally:
        driver.kill()
        driver.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in family):
        time.sleep(0.1)
    left = [pid for pid in family if Path(f"/proc/{pid}").exists()
            and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"]
    assert not left, f"processes left after the importer was killed: {left}"
