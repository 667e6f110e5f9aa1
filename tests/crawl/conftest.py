"""Fixtures for crawler tests: loopback hosts that shut down after use, catalog readers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl.sites import Host


@pytest.fixture
def hosts() -> Iterator[list[Host]]:
    """Append Hosts you start to this list; they are closed after the test."""
    started: list[Host] = []
    yield started
    for host in started:
        host.close()


def catalog_rows(home: Path, sql: str, *params: object) -> list[tuple]:
    """Rows from the catalog, read-only (works while a crawler writes, as in tests/test_crash.py)."""
    try:
        conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return []
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def loopback2_available() -> bool:
    """127.0.0.2 is loopback on Linux; elsewhere it may not be bindable."""
    try:
        Host("probe", bind="127.0.0.2").close()
        return True
    except OSError:
        return False
