"""Spark test fixtures: the crawl, a `newsdig add` home built from it and the Spark dataset.

Tests marked `spark` need pyspark and Java 17; where either is missing they are skipped and the
reason is printed at the end of the run (the rest of the suite does not care). The crawl, the
home and the dataset are built once per session: the home by `add_paths` followed by the
enrichment `newsdig add` runs by default, the dataset by the Spark job on local[2].
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdig.spark.session import spark_problem
from tests.spark.corpus import Corpus, write_corpus

SPARK_PROBLEM = spark_problem()
MASTER = "local[2]"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SPARK_PROBLEM is None:
        return
    skip = pytest.mark.skip(reason=f"Spark is not available: {SPARK_PROBLEM}")
    for item in items:
        if item.get_closest_marker("spark") is not None:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SPARK_PROBLEM is not None and terminalreporter.stats.get("skipped"):
        terminalreporter.write_line(f"spark tests skipped: {SPARK_PROBLEM}", yellow=True)


@dataclass
class Built:
    corpus: Corpus
    home: Path
    dataset: Path
    summary: dict[str, object]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return write_corpus(tmp_path_factory.mktemp("crawl") / "warcs")


@pytest.fixture(scope="session")
def home_dir(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`newsdig add` on the crawl, then the enrichment add follows up with."""
    from newsdig.enrich.pipeline import enrich_home
    from newsdig.home import Home
    from newsdig.ingest import add_paths, default_jobs

    home = Home(tmp_path_factory.mktemp("home"))
    add_paths(home, [str(p) for p in corpus.files], jobs=default_jobs())
    enrich_home(home, jobs=default_jobs())
    return home.root


@pytest.fixture(scope="session")
def built(corpus: Corpus, home_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The Spark dataset of the same crawl (the whole job, on local[2])."""
    if SPARK_PROBLEM is not None:
        pytest.skip(f"Spark is not available: {SPARK_PROBLEM}")
    from newsdig.spark.job import run_ingest

    out = tmp_path_factory.mktemp("dataset") / "ds"
    summary = run_ingest([str(corpus.files[0].parent / "*.warc.gz")], str(out), master=MASTER)
    return Built(corpus, home_dir, out, summary)
