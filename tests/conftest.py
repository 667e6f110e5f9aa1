"""Shared fixtures (the runner and paths live in tests/support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import SEED


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the shared seed is not here ({SEED}); it lives in ../shared/seed/")
    return SEED
