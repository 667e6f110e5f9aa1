"""A small real index for the search properties: the bundled sample feeds imported by `add_paths`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search import Searcher
from tests.hostile.corpus import SAMPLE_FEEDS


@pytest.fixture(scope="session")
def sample_searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    home = Home(tmp_path_factory.mktemp("hostile") / "home")
    summary = add_paths(home, [str(path) for path in SAMPLE_FEEDS])
    assert summary.added >= 30, summary
    yield Searcher(home.index_dir)


@pytest.fixture(scope="session", autouse=True)
def warm_extraction() -> None:
    """Extract one page and one text before any bound is measured: the first call loads the
    language model and trafilatura's lazy parts once per process, which is no per-input cost."""
    from newsdig.extract import extract
    from newsdig.models import Capture
    from tests.hostile.corpus import one_page_per_site, sample_text

    extract(Capture(url="https://example.org/", body=one_page_per_site()[0].read_bytes(), kind="html",
                    origin="warm-up"))
    extract(Capture(url=None, body=sample_text(), kind="text", origin="warm-up"))
