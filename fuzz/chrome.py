"""atheris target: the plain-text chrome remover and plain-text extraction.

Input bytes are a text capture. Checks: remove_chrome keeps the order of what it keeps, never
drops a long (body) line and is idempotent; extract_text answers Draft or Refusal; a text
capture through `extract` is an Article or a Rejection that is no caught exception.
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with atheris.instrument_imports(include=["newsdig", "fuzz"]):
    from fuzz.common import Finding, run, setup_path

    setup_path()
    from newsdig.extract import extract, is_chrome, remove_chrome
    from newsdig.extract.chrome import MAX_NAV_LINE_CHARS
    from newsdig.extract.draft import Draft, Refusal, collapse
    from newsdig.extract.plaintext import extract_text
    from newsdig.models import Capture
    from tests.hostile.checks import check_extraction


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    paragraphs = text.split("\n\n")
    kept = remove_chrome(paragraphs)
    lines_out = [line for p in kept for line in p.split("\n")]
    remaining = iter(line for p in paragraphs for line in p.split("\n"))
    if not all(any(line == seen for seen in remaining) for line in lines_out):
        raise Finding("remove_chrome reordered or invented lines")
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            if len(collapse(line)) > MAX_NAV_LINE_CHARS and is_chrome(line):
                raise Finding(f"a long body line was taken for chrome: {line[:80]!r}")
    if remove_chrome(kept) != kept:
        raise Finding("remove_chrome is not idempotent")
    if not isinstance(extract_text(data), Draft | Refusal):
        raise Finding("extract_text answered something else")
    check_extraction(extract(Capture(url=None, body=data, kind="text", origin="/fuzz/site/x.txt")))


if __name__ == "__main__":
    run(test_one_input)
