"""The enrich stage's JSON API against a real server over a really enriched home.

Every endpoint answers what the matching CLI command prints with --json (the CLI runs as a
subprocess on the same home), limits are validated with the one error shape, and a home with
nothing in it answers empty lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsdig.home import Home
from tests.serve.conftest import LiveServer, _serve
from tests.serve.test_api import assert_error
from tests.support import run_cli

QUOTE_KEYS = {"id", "speaker", "speaker_role", "speaker_kind", "via", "cue", "kind", "stance", "text",
              "numbers", "article_id", "span", "article"}
STORY_KEYS = {"id", "label", "label_article_id", "first_seen", "last_seen", "size", "outlets", "articles",
              "speakers", "entities", "terms"}


@pytest.fixture(scope="module")
def client(enriched_server: LiveServer) -> Iterator[httpx.Client]:
    with enriched_server.client() as c:
        yield c


def cli_json(server: LiveServer, *args: str) -> Any:
    return run_cli(server.home.root, *args, "--json").json()


# -- quotes and claims ----------------------------------------------------------------------
def test_quotes_are_the_cli_json(client: httpx.Client, enriched_server: LiveServer) -> None:
    response = client.get("/api/quotes", params={"speaker": "Syrskyi"})
    assert response.status_code == 200
    data = response.json()
    assert data == cli_json(enriched_server, "quotes", "--speaker", "Syrskyi")
    assert data["total"] == len(data["quotes"]) >= 2
    assert all(set(q) == QUOTE_KEYS for q in data["quotes"])
    assert {q["speaker"] for q in data["quotes"]} == {"Oleksandr Syrskyi"}
    figures = [n["text"] for q in data["quotes"] for n in q["numbers"]]
    assert "11,000-12,000" in figures
    assert {"warns", "states"} <= {q["stance"] for q in data["quotes"]}


def test_quotes_filters_and_paging(client: httpx.Client, enriched_server: LiveServer) -> None:
    everyone = client.get("/api/quotes", params={"limit": 500}).json()
    assert everyone["total"] > 100
    page = client.get("/api/quotes", params={"limit": 5, "offset": 5}).json()
    assert page["total"] == everyone["total"]
    assert page["quotes"] == everyone["quotes"][5:10]

    praised = client.get("/api/quotes", params={"speaker": "Gerasimov", "stance": "praises"}).json()
    assert praised["quotes"] and all(q["stance"] == "praises" for q in praised["quotes"])
    assert praised == cli_json(enriched_server, "quotes", "--speaker", "Gerasimov", "--stance", "praises")

    words = client.get("/api/quotes", params={"q": "heroism"}).json()
    assert words["quotes"] and all("heroism" in q["text"].lower() for q in words["quotes"])

    seed = client.get("/api/quotes", params={"speaker": "KCNA"}).json()["quotes"][0]
    in_article = client.get("/api/quotes", params={"article": seed["article_id"][:8], "limit": 500}).json()
    assert in_article["quotes"] and {q["article_id"] for q in in_article["quotes"]} == {seed["article_id"]}
    assert client.get("/api/quotes", params={"since": "2999-01-01"}).json() == {"total": 0, "quotes": []}
    assert client.get("/api/quotes", params={"since": "3650d"}).json()["total"] == everyone["total"]


def test_quotes_of_an_unknown_article_is_404(client: httpx.Client) -> None:
    error = assert_error(client.get("/api/quotes", params={"article": "ffffffffffffffff"}), 404)
    assert "ffffffffffffffff" in error["message"]


def test_claims_are_the_cli_json(client: httpx.Client, enriched_server: LiveServer) -> None:
    data = client.get("/api/claims", params={"q": "11,000 troops"}).json()
    assert data == cli_json(enriched_server, "claims", "11,000 troops")
    assert data["numbers"] == [11000.0] and data["total"] >= 1
    assert all(set(q) == QUOTE_KEYS for q in data["quotes"])
    assert data["speakers"] and {"speaker", "count"} == set(data["speakers"][0])


# -- stories --------------------------------------------------------------------------------
def test_stories_are_the_cli_json(client: httpx.Client, enriched_server: LiveServer) -> None:
    data = client.get("/api/stories").json()
    assert data == cli_json(enriched_server, "stories")
    assert data["total"] >= 5 and len(data["stories"]) == min(20, data["total"])
    sizes = [s["size"] for s in data["stories"]]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 2
    everything = client.get("/api/stories", params={"min_size": 1, "limit": 500}).json()
    assert everything["total"] > data["total"]
    page = client.get("/api/stories", params={"min_size": 1, "limit": 3, "offset": 3}).json()
    assert page["stories"] == everything["stories"][3:6]
    assert client.get("/api/stories", params={"since": "2999-01-01"}).json() == {"total": 0, "stories": []}
    recent = client.get("/api/stories", params={"since": "2026-01-01"}).json()
    assert 0 < recent["total"] < data["total"]
    assert all(s["last_seen"] >= "2026-01-01" for s in recent["stories"])


def test_one_story_is_the_cli_json(client: httpx.Client, enriched_server: LiveServer) -> None:
    biggest = client.get("/api/stories", params={"limit": 1}).json()["stories"][0]
    data = client.get(f"/api/stories/{biggest['id']}").json()
    assert data == cli_json(enriched_server, "story", str(biggest["id"]))
    assert set(data) >= STORY_KEYS
    assert data["label"] == biggest["label"] and len(data["articles"]) == data["size"] == biggest["size"]
    assert sum(o["articles"] for o in data["outlets"]) == data["size"]
    assert data["speakers"] and data["speakers"][0]["statements"]


def test_unknown_story_is_404(client: httpx.Client) -> None:
    error = assert_error(client.get("/api/stories/999999"), 404)
    assert error["message"] == "no story 999999"
    for bad in ("abc", "-1", "1.5", str(2**64)):
        assert_error(client.get(f"/api/stories/{bad}"), 400)


# -- entities and speakers ------------------------------------------------------------------
def test_entities_are_the_cli_json(client: httpx.Client, enriched_server: LiveServer) -> None:
    data = client.get("/api/entities").json()
    assert data == cli_json(enriched_server, "entities")
    assert len(data["entities"]) == 30
    people = client.get("/api/entities", params={"kind": "person", "prefix": "Valery", "limit": 5}).json()
    assert people == cli_json(enriched_server, "entities", "Valery", "--kind", "person", "--limit", "5")
    assert [e["name"] for e in people["entities"]] == ["Valery Gerasimov"]
    assert people["entities"][0]["kind"] == "person" and people["entities"][0]["articles"] >= 1


def test_speakers(client: httpx.Client) -> None:
    data = client.get("/api/speakers", params={"limit": 10}).json()
    counts = [s["statements"] for s in data["speakers"]]
    assert len(counts) == 10 and counts == sorted(counts, reverse=True)
    assert all(set(s) == {"speaker", "statements", "articles"} for s in data["speakers"])
    named = client.get("/api/speakers", params={"prefix": "Oleksandr"}).json()["speakers"]
    assert [s["speaker"] for s in named] == ["Oleksandr Syrskyi"] and named[0]["statements"] >= 2
    assert client.get("/api/speakers", params={"prefix": "%"}).json() == {"speakers": []}  # not a wildcard


# -- limits and errors ----------------------------------------------------------------------
@pytest.mark.parametrize("path, params, where", [
    ("/api/quotes", {"limit": 0}, "limit"),
    ("/api/quotes", {"limit": 501}, "limit"),
    ("/api/quotes", {"offset": -1}, "offset"),
    ("/api/quotes", {"offset": 100_001}, "offset"),
    ("/api/quotes", {"stance": "shouts"}, "stance"),
    ("/api/quotes", {"since": "soon"}, "since"),
    ("/api/quotes", {"speaker": "x" * 201}, "speaker"),
    ("/api/claims", {}, "q"),
    ("/api/claims", {"q": ""}, "q"),
    ("/api/claims", {"q": "troops", "limit": 501}, "limit"),
    ("/api/stories", {"min_size": 0}, "min_size"),
    ("/api/stories", {"limit": "many"}, "limit"),
    ("/api/stories", {"since": "last tuesday"}, "since"),
    ("/api/entities", {"kind": "animal"}, "kind"),
    ("/api/entities", {"limit": 0}, "limit"),
    ("/api/speakers", {"limit": 1000}, "limit"),
])
def test_bad_parameters_are_400(client: httpx.Client, path: str, params: dict[str, Any], where: str) -> None:
    error = assert_error(client.get(path, params=params), 400)
    assert error["message"].startswith(f"bad request: {where}:"), error["message"]
    assert error["detail"][0]["loc"] == ["query", where]


def test_openapi_documents_the_enrich_routes(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/quotes", "/api/claims", "/api/stories", "/api/stories/{story_id}", "/api/entities",
                 "/api/speakers"):
        assert path in spec["paths"], path
        operation = spec["paths"][path]["get"]
        assert "200" in operation["responses"] and "400" in operation["responses"], path
    assert "404" in spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]
    schemas = spec["components"]["schemas"]
    assert set(schemas["QuoteOut"]["properties"]) == QUOTE_KEYS
    assert set(schemas["StoryOut"]["properties"]) == STORY_KEYS
    search = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert "collapse" in search


# -- search: copies folded or not -----------------------------------------------------------
def test_search_folds_copies_unless_asked(client: httpx.Client, enriched_server: LiveServer) -> None:
    folded = client.get("/api/search", params={"q": "said", "limit": 100}).json()
    assert folded["collapsed"] is True
    with_copies = [h for h in folded["hits"] if h["duplicates"]]
    assert with_copies, "the wire copies should fold under one hit"
    hit = with_copies[0]
    assert hit["duplicates"] == len(hit["duplicate_ids"]) and hit["story_id"]
    shown = {h["id"] for h in folded["hits"]}
    assert not shown & {c for h in folded["hits"] for c in h["duplicate_ids"]}

    unfolded = client.get("/api/search", params={"q": "said", "limit": 100, "collapse": "false"}).json()
    assert unfolded["collapsed"] is False
    assert all(h["duplicates"] == 0 for h in unfolded["hits"])
    assert set(hit["duplicate_ids"]) <= {h["id"] for h in unfolded["hits"]}

    cli = cli_json(enriched_server, "search", "said", "--limit", "100", "--no-collapse")
    assert [h["id"] for h in cli["hits"]] == [h["id"] for h in unfolded["hits"]]
    assert_error(client.get("/api/search", params={"q": "said", "collapse": "perhaps"}), 400)


def test_search_by_speaker_filter(client: httpx.Client) -> None:
    data = client.get("/api/search", params={"q": 'speaker:"Valery Gerasimov"'}).json()
    assert data["total"] >= 2
    assert all("Valery Gerasimov" in h["speakers"] for h in data["hits"])
    assert {"speaker", "entity"} <= set(data["facets"])


# -- a home with nothing in it ----------------------------------------------------------------
def test_an_empty_home_answers_empty_lists(tmp_path: Path) -> None:
    for server in _serve(Home(tmp_path / "empty")):
        with server.client() as c:
            assert c.get("/api/quotes").json() == {"total": 0, "quotes": []}
            assert c.get("/api/stories").json() == {"total": 0, "stories": []}
            assert c.get("/api/entities").json() == {"entities": []}
            assert c.get("/api/speakers").json() == {"speakers": []}
            claims = c.get("/api/claims", params={"q": "11,000 troops"}).json()
            assert claims["total"] == 0 and claims["quotes"] == []
            assert_error(c.get("/api/stories/1"), 404)
