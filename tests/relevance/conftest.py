"""The demo sample home the relevance tests score, built once per session (~30 s)."""

from __future__ import annotations

import pytest

from newsdig.demo import build_demo_home
from newsdig.home import Home


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """The demo sample home, imported and enriched as `newsdig demo` builds it."""
    home = Home(tmp_path_factory.mktemp("relevance-home"))
    build_demo_home(home)
    return home
