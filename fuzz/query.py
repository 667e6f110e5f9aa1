"""atheris target: the query parser and a real search (the bundled sample feeds, imported once).

Input bytes are a query as the CLI would pass it (undecodable bytes arrive as lone surrogates).
Checks: parse_query is total and its normalised form parses to the same query; a search answers
with a SearchResult or an InputError, never another exception.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with atheris.instrument_imports(include=["newsdig", "fuzz"]):
    from fuzz.common import Finding, run, setup_path

    setup_path()
    from newsdig.errors import InputError
    from newsdig.home import Home
    from newsdig.ingest import add_paths
    from newsdig.search import Searcher, SearchResult, parse_query
    from newsdig.search.engine import SORTS
    from tests.hostile.corpus import SAMPLE_FEEDS

# fuzz/run.py names a home it removes afterwards (and reuses across restarts); else a temporary one
HOME = Home(Path(os.environ.get("NEWSDIG_FUZZ_HOME") or tempfile.mkdtemp(prefix="newsdig-fuzz-query-")))
add_paths(HOME, [str(path) for path in SAMPLE_FEEDS])
SEARCHER = Searcher(HOME.index_dir)


def test_one_input(data: bytes) -> None:
    query = data.decode("utf-8", "surrogateescape")
    parsed = parse_query(query)
    again = parse_query(parsed.normalised())
    if again != parsed:
        raise Finding(f"round trip: {parsed.normalised()!r} parses to {again.normalised()!r}")
    sort = SORTS[len(data) % len(SORTS)]
    try:
        result = SEARCHER.search(query, limit=10, offset=len(data) % 3, sort=sort)
    except InputError:
        return
    if not isinstance(result, SearchResult) or len(result.hits) > 10:
        raise Finding(f"search answered {result!r}")


if __name__ == "__main__":
    run(test_one_input)
