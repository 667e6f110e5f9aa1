"""A small real index built from the hand-written articles in search_corpus.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from search_corpus import CORPUS

from newsdig.index import build_fresh
from newsdig.search import Searcher


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "index"
    build_fresh(path, CORPUS, heap_bytes=20_000_000, threads=1)
    return path


@pytest.fixture(scope="session")
def searcher(index_dir: Path) -> Iterator[Searcher]:
    yield Searcher(index_dir)
