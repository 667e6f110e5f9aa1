"""atheris target: HTML extraction (decode, parse, trafilatura, metadata, chrome) on any bytes.

Checks: `extract` on an html capture answers an Article that obeys its invariants or a Rejection
that is no caught exception ("extractor-error").
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with atheris.instrument_imports(include=["newsdig", "fuzz", "tests", "trafilatura", "htmldate", "courlan"]):
    from fuzz.common import run, setup_path

    setup_path()
    from newsdig.extract import extract
    from newsdig.models import Capture
    from tests.hostile.checks import check_extraction


def test_one_input(data: bytes) -> None:
    url = "https://example.org/news/1" if len(data) % 2 else None
    check_extraction(extract(Capture(url=url, body=data, kind="html", origin="/fuzz/site/x.html")))


if __name__ == "__main__":
    run(test_one_input)
