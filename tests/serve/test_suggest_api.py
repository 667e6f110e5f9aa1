"""GET /api/suggest against a real server over a really enriched home: the shape, the names it
completes, limits validated with the one error shape, and homes with nothing or no enrichment."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from newsdig.search.autocomplete import MAX_LIMIT
from newsdig.search.parser import MAX_QUERY_CHARS
from tests.serve.conftest import LiveServer
from tests.serve.test_api import assert_error

KINDS = {"entity", "speaker", "story", "word"}


@pytest.fixture(scope="module")
def client(enriched_server: LiveServer) -> Iterator[httpx.Client]:
    with enriched_server.client() as c:
        yield c


def suggest(client: httpx.Client, q: str, **params: object) -> dict[str, object]:
    response = client.get("/api/suggest", params={"q": q, **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()  # type: ignore[no-any-return]


def test_the_shape_and_a_name(client: httpx.Client) -> None:
    data = suggest(client, "Gera")
    assert set(data) == {"query", "completions"} and data["query"] == "Gera"
    completions = data["completions"]
    assert isinstance(completions, list) and 0 < len(completions) <= 8
    for completion in completions:
        assert set(completion) == {"text", "kind", "count"}
        assert completion["kind"] in KINDS and isinstance(completion["count"], int) and completion["text"]
    assert completions[0]["text"] == "Valery Gerasimov" and completions[0]["kind"] == "entity"


def test_completions_keep_the_query_around_them(client: httpx.Client) -> None:
    assert suggest(client, "russia gera")["completions"][0]["text"] == "russia Valery Gerasimov"
    assert suggest(client, "speaker:syr")["completions"][0] == {
        "text": 'speaker:"Oleksandr Syrskyi"', "kind": "speaker", "count": 2}
    assert suggest(client, '"north korean tro')["completions"][0]["text"] == '"north korean troops"'
    assert suggest(client, "kursk ")["completions"] == []  # the last word is finished


def test_limits_are_validated(client: httpx.Client) -> None:
    assert len(suggest(client, "s", limit=1)["completions"]) == 1
    assert len(suggest(client, "s", limit=MAX_LIMIT)["completions"]) == MAX_LIMIT
    for bad in (0, -1, MAX_LIMIT + 1, "ten"):
        error = assert_error(client.get("/api/suggest", params={"q": "s", "limit": bad}), 400)
        assert "limit" in error["message"]
    assert_error(client.get("/api/suggest", params={"q": "x" * (MAX_QUERY_CHARS + 1)}), 400)
    assert suggest(client, "x" * MAX_QUERY_CHARS)["completions"] == []


@pytest.mark.parametrize("q", ["", " ", "a", "ü", "🚢", '"', "-", "OR", "site:", "<script>alert(1)</script>",
                               "' OR 1=1 --", "%", "\\", "speaker:\"", "gera|", "東京"])
def test_any_text_is_answered(client: httpx.Client, q: str) -> None:
    data = suggest(client, q)
    assert data["query"] == q and isinstance(data["completions"], list)


def test_documented_in_openapi(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    route = spec["paths"]["/api/suggest"]["get"]
    assert {p["name"] for p in route["parameters"]} == {"q", "limit"}
    limit = next(p for p in route["parameters"] if p["name"] == "limit")["schema"]
    assert limit["minimum"] == 1 and limit["maximum"] == MAX_LIMIT
    assert {"200", "400"} <= set(route["responses"])
    schemas = spec["components"]["schemas"]
    assert set(schemas["SuggestOut"]["properties"]) == {"query", "completions"}
    assert set(schemas["CompletionOut"]["properties"]) == {"text", "kind", "count"}
    assert set(schemas["CompletionOut"]["properties"]["kind"]["enum"]) == KINDS


def test_a_home_without_enrichment_completes_words(live_server: LiveServer) -> None:
    with live_server.client() as c:
        completions = suggest(c, "dockw")["completions"]
    assert completions and {x["kind"] for x in completions} == {"word"}
    assert completions[0]["text"].startswith("dockw")


def test_an_empty_home_completes_nothing(writable_server: LiveServer) -> None:
    with writable_server.client() as c:
        assert suggest(c, "gera") == {"query": "gera", "completions": []}
