"""The JSON API against a real uvicorn server on 127.0.0.1 (fixtures in conftest.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsdig.home import Home, writer_lock
from newsdig.serve.errors import MAX_BODY_BYTES
from tests.serve.conftest import LiveServer, free_port, start_server
from tests.support import FIXTURES, run_cli

SEARCH_KEYS = {"query", "total", "took_ms", "hits", "facets", "suggestion", "collapsed", "relaxed"}
HIT_KEYS = {"id", "title", "url", "source", "published", "language", "score", "snippet", "highlights",
            "duplicates", "duplicate_ids", "story_id", "speakers"}
FERRY_PAGE = FIXTURES / "site" / "ferry-adds-night-crossings.html"
LONG_TEXT = (
    "Lanternfish Bay will open a night market on its old pier from June, the harbour board said on "
    "Tuesday, after a trial run last autumn drew more than twelve thousand visitors.\n\n"
    "Stalls will sell food from the fishing villages along the coast, and buses will run until one "
    "in the morning on market nights, the board added."
)
TRACEBACK_MARKERS = ("Traceback", 'File "')


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The one error shape: {"error": {"status", "message", ...}}, JSON, no traceback text."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    assert not any(marker in response.text for marker in TRACEBACK_MARKERS), response.text
    return error


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as c:
        yield c


def first_hit(client: httpx.Client, query: str) -> dict[str, Any]:
    hits = client.get("/api/search", params={"q": query}).json()["hits"]
    assert hits, query
    return hits[0]


# -- search --------------------------------------------------------------------------------
def test_search_is_the_cli_contract(client: httpx.Client, live_server: LiveServer) -> None:
    response = client.get("/api/search", params={"q": "strike", "limit": 3})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == SEARCH_KEYS
    assert data["total"] >= 1 and 1 <= len(data["hits"]) <= 3
    assert all(set(hit) == HIT_KEYS for hit in data["hits"])
    assert set(data["facets"]) >= {"source", "language", "month"}

    cli = run_cli(live_server.home.root, "search", "--json", "--limit", "3", "strike").json()
    assert isinstance(cli, dict)
    assert set(cli) == set(data)
    for key in ("query", "total", "facets", "suggestion"):
        assert cli[key] == data[key], key
    assert [h["id"] for h in cli["hits"]] == [h["id"] for h in data["hits"]]
    assert cli["hits"][0] == data["hits"][0]


def test_search_paging_sorting_and_filters(client: httpx.Client) -> None:
    everything = client.get("/api/search", params={"q": "the", "limit": 100}).json()
    assert everything["total"] > 3
    page = client.get("/api/search", params={"q": "the", "limit": 2, "offset": 2}).json()
    assert [h["id"] for h in page["hits"]] == [h["id"] for h in everything["hits"][2:4]]
    by_date = client.get("/api/search", params={"q": "the", "sort": "date", "limit": 100}).json()
    dates = [h["published"][:10] for h in by_date["hits"] if h["published"]]
    assert dates == sorted(dates, reverse=True)
    assert all(h["score"] == 0 for h in by_date["hits"])
    source = everything["facets"]["source"][0]["value"]
    narrowed = client.get("/api/search", params={"q": f'the source:"{source}"'}).json()
    assert {h["source"] for h in narrowed["hits"]} == {source}


def test_facets_can_be_left_out(client: httpx.Client) -> None:
    full = client.get("/api/search", params={"q": "strike", "limit": 5}).json()
    bare = client.get("/api/search", params={"q": "strike", "limit": 5, "facets": "false"}).json()
    assert any(full["facets"].values())
    assert set(bare["facets"]) == set(full["facets"]) and not any(bare["facets"].values())
    assert [h["id"] for h in bare["hits"]] == [h["id"] for h in full["hits"]]
    assert bare["total"] == full["total"]


def test_search_suggests_a_spelling(client: httpx.Client) -> None:
    data = client.get("/api/search", params={"q": "dokworkers"}).json()
    assert data["total"] == 0 and data["suggestion"] == "dockworkers"
    assert client.get("/api/search", params={"q": data["suggestion"]}).json()["total"] > 0
    assert client.get("/api/search", params={"q": "dockworkers"}).json()["suggestion"] is None


def test_empty_query_finds_nothing(client: httpx.Client) -> None:
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": '""'}):
        data = client.get("/api/search", params=params).json()
        assert data["total"] == 0 and data["hits"] == []


@pytest.mark.parametrize("params, where", [
    ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"limit": "ten"}, "limit"),
    ({"offset": -1}, "offset"), ({"offset": 10_001}, "offset"), ({"sort": "newest"}, "sort"),
    ({"q": "x" * 2049}, "q"),
])
def test_bad_search_parameters_are_400(client: httpx.Client, params: dict[str, Any], where: str) -> None:
    error = assert_error(client.get("/api/search", params={"q": "port", **params}), 400)
    assert error["message"].startswith(f"bad request: {where}:")
    assert error["detail"][0]["loc"] == ["query", where]
    assert "input" not in error["detail"][0]  # a 2 kB query is not echoed back


@pytest.mark.parametrize("query", [
    "<script>alert(1)</script>", '"unbalanced', 'a "b', "-", "--", "OR", "| | |", "site:", "site:://",
    "after:9999-99-99", "before:0000", "intitle:", "lang:!!", "\x00\x01", "ﬀ" * 500, "🦀 " * 300,
    "a" * 2048, " ".join(["word"] * 500)[:2048], "-" * 2048, '"' * 2048, "(((", "%00%ff", "\\",
    "source:\"", "a:b:c:d", "*", "?", "~2", "title:x^3",
])
def test_hostile_queries_never_fail(client: httpx.Client, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200, response.text
    assert set(response.json()) == SEARCH_KEYS


def test_script_tag_query_comes_back_as_data(client: httpx.Client) -> None:
    data = client.get("/api/search", params={"q": "<script>alert(1)</script>"}).json()
    assert data["query"] == "<script>alert(1)</script>"


# -- articles -------------------------------------------------------------------------------
def test_article_by_id_and_prefix(client: httpx.Client, live_server: LiveServer) -> None:
    hit = first_hit(client, "dockworkers")
    record = client.get(f"/api/articles/{hit['id']}").json()
    assert record["id"] == hit["id"] and record["title"] == hit["title"]
    assert record["text"] and isinstance(record["aliases"], list)
    assert client.get(f"/api/articles/{hit['id'][:8]}").json() == record
    cli = run_cli(live_server.home.root, "show", "--json", hit["id"]).json()
    assert cli == record


@pytest.mark.parametrize("ref", ["0000000000000000", "zz", "nope-nope", "%3Cscript%3E", "a" * 2048])
def test_unknown_article_is_404(client: httpx.Client, ref: str) -> None:
    error = assert_error(client.get(f"/api/articles/{ref}"), 404)
    assert "no article" in error["message"]
    assert_error(client.get(f"/api/articles/{ref}/similar"), 404)


def test_overlong_article_id_is_400(client: httpx.Client) -> None:
    assert_error(client.get("/api/articles/" + "a" * 2049), 400)


def test_similar_articles(client: httpx.Client) -> None:
    council = first_hit(client, '"library hours" budget')
    data = client.get(f"/api/articles/{council['id'][:10]}/similar", params={"limit": 3}).json()
    assert data["id"] == council["id"]
    assert 1 <= len(data["hits"]) <= 3
    assert council["id"] not in [h["id"] for h in data["hits"]]
    assert all(set(h) == HIT_KEYS for h in data["hits"])
    assert any("council" in h["title"].lower() or "council" in h["snippet"].lower() for h in data["hits"])
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert_error(client.get(f"/api/articles/{council['id']}/similar", params={"limit": 0}), 400)
    assert_error(client.get(f"/api/articles/{council['id']}/similar", params={"limit": 51}), 400)


# -- home -----------------------------------------------------------------------------------
def test_stats_and_health(client: httpx.Client, live_server: LiveServer) -> None:
    stats = client.get("/api/stats").json()
    cli = run_cli(live_server.home.root, "stats", "--json").json()
    assert isinstance(cli, dict)
    assert list(stats) == list(cli)
    assert stats["articles"] == cli["articles"] > 0
    health = client.get("/healthz").json()
    assert health == {"status": "ok", "articles": stats["index_docs"]}


def test_openapi_documents_every_route(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/search", "/api/articles", "/api/articles/{article_id}",
                 "/api/articles/{article_id}/similar", "/api/stats", "/healthz"):
        assert path in paths, path
    search = paths["/api/search"]["get"]
    expected = {"q", "limit", "offset", "sort", "collapse", "mode", "facets"}
    assert {p["name"] for p in search["parameters"]} == expected
    schemas = spec["components"]["schemas"]
    assert set(schemas["SearchOut"]["properties"]) == SEARCH_KEYS
    assert set(schemas["HitOut"]["properties"]) == HIT_KEYS
    assert "requestBody" in paths["/api/articles"]["post"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_unknown_paths_and_methods(client: httpx.Client) -> None:
    assert_error(client.get("/api/nope"), 404)
    assert_error(client.delete("/api/search"), 405)


def test_writes_are_off_by_default(client: httpx.Client) -> None:
    capture = {"url": "https://x.test/a", "text": LONG_TEXT}
    error = assert_error(client.post("/api/articles", json=capture), 403)
    assert "--allow-writes" in error["message"]
    # checked before the body: whatever is sent, the answer is the same
    assert_error(client.post("/api/articles", content=b"not json"), 403)


def test_internal_errors_hide_the_traceback(client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdig.serve import api

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(api, "home_stats", explode)
    error = assert_error(client.get("/api/stats"), 500)
    assert error["message"] == "internal error"
    assert "secret" not in client.get("/api/stats").text


# -- writes ---------------------------------------------------------------------------------
def test_post_adds_searchable_articles(writable_server: LiveServer) -> None:
    with writable_server.client() as c:
        empty = c.get("/api/search", params={"q": "ferry"}).json()
        assert empty["total"] == 0 and set(empty) == SEARCH_KEYS
        assert c.get("/healthz").json() == {"status": "ok", "articles": 0}
        assert c.get("/api/stats").json()["articles"] == 0

        one = c.post("/api/articles", json={"url": "https://harborherald.com/ferry",
                                            "html": FERRY_PAGE.read_text(encoding="utf-8")})
        assert one.status_code == 201, one.text
        body = one.json()
        assert body["summary"]["added"] == 1 and len(body["ids"]) == 1
        hits = c.get("/api/search", params={"q": "ferry crossings"}).json()["hits"]
        assert [h["id"] for h in hits] == body["ids"]

        batch = c.post("/api/articles", json={"captures": [
            {"url": "https://lantern.test/market", "text": LONG_TEXT, "title": "Night market for the pier",
             "published": "2025-05-02", "authors": ["Ada Quill"], "language": "en", "source": "Lantern Post"},
            {"url": "https://harborherald.com/ferry", "html": FERRY_PAGE.read_text(encoding="utf-8")},
        ]})
        assert batch.status_code == 201, batch.text
        summary = batch.json()["summary"]
        assert summary["added"] == 1 and summary["duplicate"] == 1
        market_id = batch.json()["ids"][0]
        record = c.get(f"/api/articles/{market_id}").json()
        assert record["title"] == "Night market for the pier"
        assert record["authors"] == ["Ada Quill"] and record["source"] == "Lantern Post"
        assert record["published"].startswith("2025-05-02")
        found = c.get("/api/search", params={"q": "lanternfish market"}).json()
        assert [h["id"] for h in found["hits"]] == [market_id]
        assert c.get("/healthz").json()["articles"] == 2


@pytest.mark.parametrize("payload, where", [
    ({"url": "https://x.test/a"}, "capture"),
    ({"url": "https://x.test/a", "text": "   "}, "capture"),
    ({"text": LONG_TEXT}, "capture.url"),
    ({"url": "https://x.test/a", "text": LONG_TEXT, "titel": "typo"}, "capture.titel"),
    ({"captures": []}, "batch.captures"),
    ({"captures": [{"url": "https://x.test/a", "text": LONG_TEXT}, {"text": "t"}]}, "batch.captures[1].url"),
    ([1, 2], "capture"),
])
def test_malformed_captures_are_400(writable_server: LiveServer, payload: Any, where: str) -> None:
    with writable_server.client() as c:
        error = assert_error(c.post("/api/articles", json=payload), 400)
        assert error["message"].startswith(f"bad request: {where}"), error["message"]


def test_not_json_is_400_and_unextractable_is_422(writable_server: LiveServer) -> None:
    with writable_server.client() as c:
        error = assert_error(c.post("/api/articles", content=b"{nope",
                                    headers={"content-type": "application/json"}), 400)
        assert "not valid JSON" in error["message"]
        empty_page = {"url": "https://x.test/e", "html": "<p>hi</p>"}
        error = assert_error(c.post("/api/articles", json=empty_page), 422)
        assert error["detail"]["skipped"] == 1


def test_busy_writer_is_409(writable_server: LiveServer) -> None:
    with writer_lock(writable_server.home), writable_server.client() as c:
        capture = {"url": "https://x.test/b", "text": LONG_TEXT}
        error = assert_error(c.post("/api/articles", json=capture), 409)
        assert "writing" in error["message"]


def test_large_bodies_are_413(writable_server: LiveServer) -> None:
    big = {"url": "https://x.test/big", "text": "word " * (MAX_BODY_BYTES // 5 + 10)}
    with writable_server.client() as c:
        error = assert_error(c.post("/api/articles", json=big), 413)  # Content-Length says so
        assert "too large" in error["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed bytes are counted
            yield b'{"url": "https://x.test/big", "text": "'
            for _ in range(MAX_BODY_BYTES // 65536 + 2):
                yield b"x" * 65536
            yield b'"}'

        assert_error(c.post("/api/articles", content=chunks(), headers={"content-type": "application/json"}),
                     413)
        assert c.get("/healthz").status_code == 200  # the server is fine afterwards


def test_write_token(tmp_path: Path) -> None:
    server, thread, url = start_server(Home(tmp_path / "tokened"), allow_writes=True,
                                       write_token="s3cret")  # type: ignore[arg-type]
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            capture = {"url": "https://x.test/t", "text": LONG_TEXT}
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
                error = assert_error(c.post("/api/articles", json=capture, headers=headers), 401)
                assert "token" in error["message"]
            ok = c.post("/api/articles", json=capture, headers={"Authorization": "Bearer s3cret"})
            assert ok.status_code == 201, ok.text
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# -- `newsdig serve` ------------------------------------------------------------------------
def test_serve_refuses_a_home_without_catalog(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "none", "serve", check=False)
    assert result.code == 1 and "no newsdig home" in result.stderr


def test_serve_refuses_open_writes_without_token(live_server: LiveServer) -> None:
    result = run_cli(live_server.home.root, "serve", "--host", "0.0.0.0", "--allow-writes", check=False)
    assert result.code == 1 and "--write-token" in result.stderr.replace("\n", " ")


def test_serve_starts_and_prints_the_url(live_server: LiveServer) -> None:
    port = free_port()
    env = {**os.environ, "NEWSDIG_HOME": str(live_server.home.root), "COLUMNS": "200"}
    proc = subprocess.Popen([sys.executable, "-m", "newsdig", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{url}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "newsdig serve did not start"
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        busy = run_cli(live_server.home.root, "serve", "--port", str(port), check=False)
        assert busy.code == 1 and "cannot listen" in busy.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=20)
    assert f"{url}/" in stdout.decode()
    assert "Traceback" not in stderr.decode()
