"""Streaming imports keep memory flat: a 200 MB WARC must not cost 200 MB of RAM."""

from __future__ import annotations

import gc
import io
import random
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdig.acquire.files import MAX_FILE_BYTES, iter_captures
from newsdig.models import Capture

WARC_BYTES = 200 * 1024 * 1024
PAGE_BYTES = 100 * 1024
OVERSIZED_EVERY = 500  # now and then a record over MAX_FILE_BYTES, which must not be read whole
RSS_GROWTH_LIMIT = 40 * 1024 * 1024  # one capped payload (20 MB) plus interpreter slack


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def write_big_warc(path: Path, gz: bool) -> tuple[int, int]:
    """Write records until WARC_BYTES of record data; return (html records, oversized records)."""
    rng = random.Random(5)
    letters = b"abcdefghijklmnopqrstuvwxyz"
    words = [bytes(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(500)]
    filler = b" ".join(rng.choice(words) for _ in range(PAGE_BYTES // 6))
    pages = oversized = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        written = 0
        while written < WARC_BYTES:
            big = pages and pages % OVERSIZED_EVERY == 0 and oversized < pages // OVERSIZED_EVERY
            text = b"x" * (MAX_FILE_BYTES + 1) if big else filler
            body = b"<html><body><p>" + text + b"</p></body></html>"
            written += len(body)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/{pages}", "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http))
            if big:
                oversized += 1
            else:
                pages += 1
    return pages, oversized


@pytest.mark.slow
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gz"])
def test_streaming_a_200mb_warc_keeps_memory_flat(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / "big.warc"
    pages, oversized = write_big_warc(path, gz)
    gc.collect()
    baseline = peak = rss_bytes()
    captures = rejections = 0
    started = time.perf_counter()
    for item in iter_captures([path]):
        if isinstance(item, Capture):
            captures += 1
        else:
            assert item.reason == "too-large"
            rejections += 1
        peak = max(peak, rss_bytes())
    seconds = time.perf_counter() - started
    size = path.stat().st_size
    print(f"\n{size / 2**20:.0f} MB WARC (gzip={gz}), {captures} pages in {seconds:.1f}s "
          f"({size / 2**20 / seconds:.0f} MB/s); RSS growth {(peak - baseline) / 2**20:.1f} MB")
    assert (captures, rejections) == (pages, oversized) and oversized > 0
    assert peak - baseline < RSS_GROWTH_LIMIT
