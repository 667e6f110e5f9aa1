"""The server's size limits (serve/limits.py), each answered with a 4xx that names it: JSON for
API clients, a page for browsers; never a truncated answer, a 5xx or a body read to the end."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import lxml.html
import pytest

from newsdig.home import Home
from newsdig.serve import limits
from tests.reliability.records import write_record
from tests.serve.conftest import LiveServer, _serve
from tests.serve.test_api import LONG_TEXT
from tests.serve.test_api import assert_error as assert_api_error

HTML = {"Accept": "text/html,application/xhtml+xml"}
REFUSED: list[str] = []  # what each test saw refused, for the record


@pytest.fixture(scope="module", autouse=True)
def limits_record(request: pytest.FixtureRequest) -> Iterator[None]:
    """One record for docs/reliability.md: the limits, and the refusals seen (errors: tests failed)."""
    failed_before = request.session.testsfailed
    yield
    write_record(name="api-limits", section="api", title="Size limits of the HTTP server",
                 attacks=["query string over the cap", "q over the query limit (API and pages)",
                          "page size and offset over their bounds", "body over the limit, declared and "
                          "chunked", "too many captures", "a body sent without the write token"],
                 figures={"query string cap (bytes)": limits.MAX_QUERY_STRING_BYTES,
                          "query (characters)": limits.MAX_QUERY_CHARS, "page size": limits.MAX_PAGE,
                          "offset": limits.MAX_OFFSET, "body (bytes)": limits.MAX_BODY_BYTES,
                          "refusals checked": len(REFUSED)},
                 errors=request.session.testsfailed - failed_before)


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as c:
        yield c


@pytest.fixture(scope="module")
def tokened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = Home(tmp_path_factory.mktemp("limits-token") / "home")
    yield from _serve(home, allow_writes=True, write_token="limit-token")  # type: ignore[arg-type]


def raw_request(url: str, head: str, body: bytes = b"", read_timeout: float = 20) -> tuple[int, str]:
    """Send `head` (and `body`) on a plain socket and read what comes back before we send more:
    proves an answer is given from the headers alone, without the server waiting for the body."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=read_timeout) as sock:
        sock.sendall(head.encode("latin-1") + body)
        data = b""
        while b"\r\n\r\n" not in data or len(data) < data.find(b"\r\n\r\n") + 4 + _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1])
    REFUSED.append(f"raw {head.split(' ', 2)[1]} {status}")
    return status, data.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    error = assert_api_error(response, status)
    REFUSED.append(f"{response.request.method} {response.request.url.path} {status}")
    return error


def page_message(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("text/html"), response.headers
    REFUSED.append(f"page {response.request.url.path} {response.status_code}")
    assert "content-security-policy" in response.headers
    return lxml.html.fromstring(response.text).text_content()


# -- the query string ------------------------------------------------------------------------
def test_an_overlong_query_string_is_414_everywhere(client: httpx.Client) -> None:
    big = "x" * (limits.MAX_QUERY_STRING_BYTES + 1)
    for path in ("/api/search", "/api/quotes", "/healthz", "/api/no-such-route"):
        error = assert_error(client.get(path, params={"q": big}), 414)
        assert "query string is too long" in error["message"] and f"{limits.MAX_QUERY_STRING_BYTES:,}" in \
            error["message"]
    for path in ("/search", "/quotes", "/stories"):
        response = client.get(path, params={"q": big}, headers=HTML)
        assert response.status_code == 414
        text = page_message(response)
        assert "query string is too long" in text and big[:100] not in response.text


def test_the_longest_legal_query_fits_under_the_query_string_cap(client: httpx.Client) -> None:
    """2,048 CJK characters percent-encode to 18 kB: the cap must not refuse a legal query."""
    q = "界" * limits.MAX_QUERY_CHARS
    assert client.get("/api/search", params={"q": q, "limit": 1}).status_code == 200
    assert client.get("/search", params={"q": q}, headers=HTML).status_code == 200


# -- the search query -----------------------------------------------------------------------
API_QUERY_ROUTES = ("/api/search", "/api/suggest", "/api/quotes", "/api/claims")
PAGE_QUERY_ROUTES = ("/", "/search", "/quotes", "/feed")


@pytest.mark.parametrize("path", API_QUERY_ROUTES)
def test_api_query_over_the_limit_is_400(client: httpx.Client, path: str) -> None:
    error = assert_error(client.get(path, params={"q": "y" * (limits.MAX_QUERY_CHARS + 1)}), 400)
    assert "q:" in error["message"] and str(limits.MAX_QUERY_CHARS) in error["message"]
    assert client.get(path, params={"q": "y" * limits.MAX_QUERY_CHARS}).status_code == 200


@pytest.mark.parametrize("path", PAGE_QUERY_ROUTES)
def test_page_query_over_the_limit_is_a_friendly_400_page(client: httpx.Client, path: str) -> None:
    q = "zq" * (limits.MAX_QUERY_CHARS // 2) + "z"
    response = client.get(path, params={"q": q}, headers=HTML)
    assert response.status_code == 400
    text = page_message(response)
    assert "too long" in text and f"{len(q):,} characters" in text and f"{limits.MAX_QUERY_CHARS:,}" in text
    assert q[:200] not in response.text  # not echoed back
    assert len(response.content) < 20_000
    # A program gets the same refusal as JSON; the longest legal query is answered.
    assert_error(client.get(path, params={"q": q}), 400)
    assert client.get(path, params={"q": q[:limits.MAX_QUERY_CHARS]}, headers=HTML).status_code == 200


# -- page sizes and offsets -----------------------------------------------------------------
BOUNDS = [
    ("/api/search", "limit", limits.MAX_PAGE),
    ("/api/search", "offset", limits.MAX_OFFSET),
    ("/api/quotes", "limit", limits.MAX_LIMIT),
    ("/api/quotes", "offset", limits.MAX_ENRICH_OFFSET),
    ("/api/stories", "limit", limits.MAX_LIMIT),
    ("/api/stories", "offset", limits.MAX_ENRICH_OFFSET),
    ("/api/entities", "limit", limits.MAX_LIMIT),
    ("/api/speakers", "limit", limits.MAX_LIMIT),
    ("/api/claims", "limit", limits.MAX_LIMIT),
]


@pytest.mark.parametrize(("path", "name", "maximum"), BOUNDS)
def test_page_size_and_offset_bounds(client: httpx.Client, path: str, name: str, maximum: int) -> None:
    params: dict[str, Any] = {"q": "harbour"} if path == "/api/claims" else {}
    assert client.get(path, params={**params, name: maximum}).status_code == 200
    error = assert_error(client.get(path, params={**params, name: maximum + 1}), 400)
    assert error["message"].startswith(f"bad request: {name}:") and f"{maximum}" in error["message"]
    assert_error(client.get(path, params={**params, name: -1}), 400)
    assert_error(client.get(path, params={**params, name: "9" * 40}), 400)  # no overflow, no 500


def test_similar_limit_bound(client: httpx.Client) -> None:
    article = client.get("/api/search", params={"q": "ferry"}).json()["hits"][0]["id"]
    path = f"/api/articles/{article}/similar"
    assert client.get(path, params={"limit": limits.MAX_SIMILAR}).status_code == 200
    assert_error(client.get(path, params={"limit": limits.MAX_SIMILAR + 1}), 400)


def test_pages_clamp_offsets_instead_of_failing(client: httpx.Client) -> None:
    """Pages are for people: an absurd offset shows the last reachable page, not an error."""
    for path in ("/search?q=ferry&offset=", "/quotes?q=said&offset=", "/stories?offset="):
        response = client.get(path + "9" * 40, headers=HTML)
        assert response.status_code == 200, path


def test_the_documented_bounds_are_the_limits(client: httpx.Client) -> None:
    """/openapi.json states the same maxima as serve/limits.py (one source of truth)."""
    spec = client.get("/openapi.json").json()

    def bound(path: str, name: str) -> dict[str, Any]:
        params = spec["paths"][path]["get"]["parameters"]
        schema = next(p["schema"] for p in params if p["name"] == name)
        return next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"), schema)

    assert bound("/api/search", "q")["maxLength"] == limits.MAX_QUERY_CHARS
    assert bound("/api/search", "limit")["maximum"] == limits.MAX_PAGE
    assert bound("/api/search", "offset")["maximum"] == limits.MAX_OFFSET
    assert bound("/api/quotes", "speaker")["maxLength"] == limits.MAX_NAME_CHARS
    assert bound("/api/quotes", "article")["maxLength"] == limits.MAX_ID_CHARS
    assert bound("/api/stories", "since")["maxLength"] == limits.MAX_SINCE_CHARS
    captures = spec["components"]["schemas"]["CapturesIn"]["properties"]["captures"]
    assert captures["maxItems"] == limits.MAX_CAPTURES


# -- request bodies -------------------------------------------------------------------------
def test_a_declared_oversize_body_is_413_before_it_is_sent(writable_server: LiveServer) -> None:
    size = limits.MAX_BODY_BYTES + 1
    head = (f"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n")
    status, body = raw_request(writable_server.url, head)  # not one byte of the body sent
    assert status == 413
    message = json.loads(body)["error"]["message"]
    assert "too large" in message and f"{limits.MAX_BODY_BYTES:,}" in message


def test_a_streamed_body_is_cut_off_at_the_limit(writable_server: LiveServer) -> None:
    """Chunked: no length to check, so the bytes are counted as they come; the answer arrives
    after the limit is passed, while the client has not finished sending."""
    head = ("POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk)
                    for _ in range(limits.MAX_BODY_BYTES // len(chunk) + 2))  # no final 0-chunk
    status, answer = raw_request(writable_server.url, head, body)
    assert status == 413 and "too large" in json.loads(answer)["error"]["message"]
    with writable_server.client() as c:
        assert c.get("/healthz").status_code == 200


def test_too_many_captures_is_400(writable_server: LiveServer) -> None:
    captures = [{"url": f"https://x.test/{n}", "text": "t"} for n in range(limits.MAX_CAPTURES + 1)]
    with writable_server.client() as c:
        error = assert_error(c.post("/api/articles", json={"captures": captures}), 400)
    assert "captures" in error["message"] and str(limits.MAX_CAPTURES) in error["message"]


def test_a_bad_content_length_is_400(writable_server: LiveServer) -> None:
    head = ("POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: lots\r\n\r\n")
    status, _ = raw_request(writable_server.url, head)
    assert status == 400


def test_without_the_token_nothing_of_the_body_is_read(tokened: LiveServer) -> None:
    """401 comes from the headers: a client without the token cannot make the server read or
    parse megabytes (the declared 5 MB are never sent)."""
    head = ("POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {5 * 2**20}\r\n\r\n")
    status, body = raw_request(tokened.url, head, b'{"url": ')
    assert status == 401 and "token" in json.loads(body)["error"]["message"]
    with tokened.client() as c:  # and the right token with a good body still works
        ok = c.post("/api/articles", json={"url": "https://x.test/ok", "text": LONG_TEXT},
                    headers={"Authorization": "Bearer limit-token"})
        assert ok.status_code == 201, ok.text


def test_limits_live_in_one_module() -> None:
    """The route modules use serve/limits.py's constants, not copies of the numbers."""
    serve = Path(limits.__file__).parent
    for module in ("api.py", "api_enrich.py", "api_suggest.py", "errors.py"):
        source = (serve / module).read_text(encoding="utf-8")
        for literal in ("10 * 1024 * 1024", "= 2048", "= 100_000", "max_length=32", "le=100)"):
            assert literal not in source, (module, literal)
