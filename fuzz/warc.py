"""atheris target: the importer `newsdig add` uses (format sniffing, WARC, JSONL, gzip), from a
seekable stream and from a pipe, and the record reader underneath (acquire/warcstream).

Checks: only Captures, Rejections (and Articles, for Parquet) come out, never an exception;
captures stay under the size cap; every record read or Damage, never an exception.
"""

from __future__ import annotations

import io
import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with atheris.instrument_imports(include=["newsdig", "fuzz", "warcio"]):
    from fuzz.common import Finding, run, setup_path

    setup_path()
    from newsdig.acquire.files import MAX_FILE_BYTES, iter_captures
    from newsdig.acquire.warcstream import Damage, RecordRead, iter_records
    from newsdig.models import Article, Capture, Rejection
    from tests.hostile.checks import Pipe


def test_one_input(data: bytes) -> None:
    for stream in (io.BytesIO(data), io.BufferedReader(Pipe(data))):
        for item in iter_captures(["-"], stdin=stream):
            if not isinstance(item, Capture | Rejection | Article):
                raise Finding(f"the importer yielded {type(item).__name__}")
            if isinstance(item, Capture) and len(item.body) > MAX_FILE_BYTES:
                raise Finding("a capture over the size cap")
    for seekable in (True, False):
        stream = io.BytesIO(data) if seekable else io.BufferedReader(Pipe(data))
        for item in iter_records(stream, lambda record: 1 << 20, seekable=seekable):
            if not isinstance(item, RecordRead | Damage):
                raise Finding(f"iter_records yielded {type(item).__name__}")


if __name__ == "__main__":
    run(test_one_input)
