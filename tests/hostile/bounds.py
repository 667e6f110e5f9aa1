"""Time and memory of one call, measured for real: wall time, and peak resident memory over what
the process held when the call started.

Peak memory comes from two places: a thread sampling /proc/self/statm every millisecond (it runs
while C code such as zlib or libxml2 has released the GIL), and the kernel's high-water mark
(`getrusage` ru_maxrss), which catches a peak the sampler missed whenever the call pushes the
process past its earlier high-water mark. A watchdog dumps every thread's stack and ends the run
if one call hangs far past its bound, so a hang fails loudly instead of stalling CI.
"""

from __future__ import annotations

import faulthandler
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
MiB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.001
HANG_FACTOR = 20  # the watchdog fires at this many times the call's time bound


def rss_bytes() -> int:
    """Resident memory of this process now."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * PAGE


def maxrss_bytes() -> int:
    """The process's resident high-water mark so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass(frozen=True, slots=True)
class Cost:
    seconds: float
    memory: int  # peak resident bytes over the resident size at the call's start

    def __str__(self) -> str:
        return f"{self.seconds:.2f} s, +{self.memory / MiB:.0f} MiB"


class _Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_bytes()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, rss_bytes())


def measure(call: Callable[[], T], *, hang_after: float = 60.0) -> tuple[T, Cost]:
    """Run `call` and return its result with what it cost; exceptions propagate.

    If the call runs `hang_after` seconds the watchdog prints every stack and exits the run.
    """
    start_rss, start_max = rss_bytes(), maxrss_bytes()
    sampler = _Sampler()
    sampler.start()
    faulthandler.dump_traceback_later(hang_after, exit=True, file=sys.__stderr__)
    started = time.perf_counter()
    try:
        result = call()
    finally:
        seconds = time.perf_counter() - started
        faulthandler.cancel_dump_traceback_later()
        sampler.done.set()
        sampler.join()
    end_max = maxrss_bytes()
    peak = max(sampler.peak, rss_bytes(), end_max if end_max > start_max else 0)
    return result, Cost(seconds, max(peak - start_rss, 0))


def bounded(call: Callable[[], T], *, seconds: float, memory: int, what: str = "") -> T:
    """Run `call` and assert it stayed within `seconds` and `memory` bytes of growth."""
    result, cost = measure(call, hang_after=max(seconds * HANG_FACTOR, 30.0))
    label = f"{what}: " if what else ""
    assert cost.seconds <= seconds, f"{label}took {cost}, over the {seconds} s bound"
    assert cost.memory <= memory, f"{label}took {cost}, over the {memory / MiB:.0f} MiB bound"
    return result
