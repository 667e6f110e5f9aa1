"""mode=semantic|hybrid on a home that has no vectors: a clear 400 / CLI error, never a 500 or a
silent keyword answer; mode=keyword is the plain search. (With vectors: tests/semantic/.)"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.serve.conftest import LiveServer
from tests.support import run_cli


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as c:
        yield c


def test_api_mode_without_vectors_is_a_clear_400(client: httpx.Client, live_server: LiveServer) -> None:
    keyword = client.get("/api/search", params={"q": "strike", "mode": "keyword"})
    plain = client.get("/api/search", params={"q": "strike"})
    assert keyword.status_code == 200 and keyword.json()["hits"] == plain.json()["hits"]
    for mode in ("semantic", "hybrid"):
        response = client.get("/api/search", params={"q": "strike", "mode": mode})
        assert response.status_code == 400, response.text
        assert f"mode={mode} is not available" in response.json()["error"]["message"]
    assert client.get("/api/search", params={"q": "strike", "mode": "magic"}).status_code == 400


def test_cli_mode_without_vectors_says_why(live_server: LiveServer) -> None:
    result = run_cli(live_server.home.root, "search", "--mode", "hybrid", "strike", check=False)
    assert result.code == 1 and "--mode hybrid is not available" in result.stderr
    bad = run_cli(live_server.home.root, "search", "--mode", "magic", "strike", check=False)
    assert bad.code == 1 and "--mode must be" in bad.stderr
