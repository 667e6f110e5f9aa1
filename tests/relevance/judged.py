"""Where the judged query set is, and its clock: shared by the relevance tests."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.support import FIXTURES

QUERIES = FIXTURES / "relevance" / "sample-queries.tsv"
QRELS = FIXTURES / "relevance" / "sample-qrels.txt"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the judging date (tests/fixtures/relevance/README.md)
