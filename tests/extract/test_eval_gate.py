"""Evaluation gate: newsdig's extraction F1 on a slice of the dev sets must not drop under a floor.

Slow (run with ``pytest -m slow``) and skipped where ../shared is absent. The floors sit a little
under the scores measured when they were pinned (see bench/extraction.py for the full runs):
raise them when extraction improves, never lower them to make a change pass.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
DATA = REPO.parent / "shared" / "data" / "extraction-dev"
PAGES_PER_SET = 150
# set -> (scorer name, F1 floor); measured on these first 150 pages: 0.937 and 0.853
FLOORS = {
    "trafilatura-eval": ("score_trafilatura_eval", 0.925),
    "dragnet-train": ("score_dragnet", 0.84),
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"extraction dev sets not available at {DATA}"),
]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extraction", REPO / "bench" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("set_name", sorted(FLOORS))
def test_f1_stays_above_the_floor(set_name: str) -> None:
    bench = _bench()
    pages_of = {"trafilatura-eval": bench.trafilatura_eval_pages, "dragnet-train": bench.dragnet_pages}
    pages = list(pages_of[set_name](DATA / set_name))[:PAGES_PER_SET]
    results = [bench.run_page(page, ("newsdig",)) for page in pages]
    scorer, floor = FLOORS[set_name]
    f1 = getattr(bench, scorer)(results, "newsdig")["f1"]
    assert f1 >= floor, f"{set_name}: F1 {f1:.3f} fell under the pinned floor {floor}"
