"""Schemathesis against /openapi.json of a real server on 127.0.0.1: every operation, the write
endpoint included (writes on, a token set), answers without a 5xx and as its schema says.

The home holds real articles (the fixture site through `newsdig add`) and real enrichment rows
with markup in every name (conftest.build_hostile_enriched_home), so the quote, story, entity and
speaker listings answer with data, not empty lists. Each generated request is checked for:
no server error, the response body matching the declared schema, a declared status code and a
declared content type. Inputs the schema forbids (negative cases) must be answered 4xx.

The default run is bounded (a fixed seed, a few examples per operation); the `slow` variant lets
Hypothesis generate many more, with a fresh seed each run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from newsdig.home import Home  # noqa: E402
from newsdig.ingest import add_paths  # noqa: E402
from newsdig.serve.app import create_app  # noqa: E402
from tests.reliability.records import write_record  # noqa: E402
from tests.serve.conftest import LiveServer, _serve, build_hostile_enriched_home  # noqa: E402
from tests.support import FIXTURES  # noqa: E402

TOKEN = "fuzz-token-4f1c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FAST_EXAMPLES = 8  # per operation; with the explicit examples and boundary cases ~600 requests
SLOW_EXAMPLES = 300
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance, negative_data_rejection]


@dataclass
class Tally:
    """What the run did, for the assertions and for docs/reliability.md."""

    requests: int = 0
    server_errors: int = 0
    schema_violations: int = 0
    other_failures: int = 0
    operations: set[str] = field(default_factory=set)
    statuses: Counter[str] = field(default_factory=Counter)

    def figures(self) -> dict[str, object]:
        return {"operations tested": len(self.operations), "requests": self.requests,
                "5xx responses": self.server_errors, "schema violations": self.schema_violations,
                "other check failures": self.other_failures,
                "writes accepted (201)": self.statuses["POST /api/articles 201"]}


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root: Path = tmp_path_factory.mktemp("fuzz")
    home = build_hostile_enriched_home(root)
    add_paths(home, [str(FIXTURES / "site")])
    yield from _serve(home, allow_writes=True, write_token=TOKEN)  # type: ignore[arg-type]


def served_spec() -> dict[str, object]:
    """/openapi.json as the server serves it (the routes do not depend on the home, and
    test_the_served_spec_is_the_one_fuzzed checks the live server serves this very document)."""
    return create_app(Home(Path("/nonexistent-newsdig-home")), allow_writes=True, write_token=TOKEN).openapi()


SPEC = served_spec()
def _tally(name: str, title: str, long: bool) -> Iterator[Tally]:
    tally = Tally()
    yield tally
    write_record(name=name, section="api", title=title,
                 attacks=["schemathesis examples, boundary (coverage) and fuzzed cases of every operation",
                          "inputs outside the schema (negative cases) must be 4xx",
                          "POST /api/articles with the write token"],
                 figures=tally.figures(),
                 errors=tally.server_errors + tally.schema_violations + tally.other_failures, long=long)


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    yield from _tally("api-schemathesis", "schemathesis against /openapi.json", long=False)


@pytest.fixture(scope="module")
def slow_tally() -> Iterator[Tally]:
    yield from _tally("api-schemathesis-long", "schemathesis against /openapi.json, many examples",
                      long=True)


def exercise(case: object, server: LiveServer, tally: Tally) -> None:
    """One generated request: sent with the token, counted, then every check."""
    response = case.call(base_url=server.url, headers=AUTH)  # type: ignore[attr-defined]
    label = f"{case.operation.method.upper()} {case.operation.path}"  # type: ignore[attr-defined]
    tally.requests += 1
    tally.operations.add(label)
    tally.statuses[f"{label} {response.status_code}"] += 1
    if response.status_code >= 500:
        tally.server_errors += 1
    try:
        case.validate_response(response, checks=[response_schema_conformance])  # type: ignore[attr-defined]
    except Exception:
        tally.schema_violations += 1
        raise
    try:
        case.validate_response(response, checks=CHECKS)  # type: ignore[attr-defined]
    except Exception:
        tally.other_failures += response.status_code < 500
        raise


schema = schemathesis.openapi.from_dict(SPEC)


@schema.parametrize()
@settings(max_examples=FAST_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case: object, fuzz_server: LiveServer, tally: Tally) -> None:
    exercise(case, fuzz_server, tally)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=SLOW_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_long(case: object, fuzz_server: LiveServer, slow_tally: Tally) -> None:
    exercise(case, fuzz_server, slow_tally)


def test_the_served_spec_is_the_one_fuzzed(fuzz_server: LiveServer) -> None:
    with fuzz_server.client() as client:
        assert client.get("/openapi.json").json() == SPEC


def test_the_run_covered_every_operation_and_a_write(tally: Tally) -> None:
    """After the run above (same module): every documented operation was called, and the write
    endpoint stored something, so the fuzzing went past the token and validation."""
    documented = {f"{method.upper()} {path}" for path, ops in SPEC["paths"].items()  # type: ignore[attr-defined]
                  for method in ops}
    assert tally.operations == documented
    assert tally.requests >= len(documented) * 3
    assert tally.statuses["POST /api/articles 201"] >= 1, tally.statuses
    assert tally.server_errors == 0 and tally.schema_violations == 0
