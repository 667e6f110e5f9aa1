"""Fetcher against a real HTTP server on 127.0.0.1: redirects, safety per hop, 304, type and size gates."""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import ipaddress
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from newsdig.acquire import safety
from newsdig.acquire.fetch import Fetcher, FetchResult, default_user_agent

MODIFIED = "Mon, 05 Jan 2026 10:00:00 GMT"
PAGE = b"<html><head><title>Harbour</title></head><body><p>Boats came back.</p></body></html>"


class Handler(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the fetcher hung up (size cap)
            self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        port = self.server.server_address[1]
        path = self.path
        if path == "/page":
            self._send(200, PAGE)
        elif path == "/r1":
            self._send(302, headers={"Location": "/r2"})
        elif path == "/r2":
            self._send(301, headers={"Location": f"http://127.0.0.1:{port}/page"})
        elif path == "/loop":
            self._send(302, headers={"Location": "/loop"})
        elif path == "/to-private":
            self._send(302, headers={"Location": f"http://127.0.0.2:{port}/page"})
        elif path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/cond":
            if self.headers.get("If-None-Match") == '"v1"' or \
                    self.headers.get("If-Modified-Since") == MODIFIED:
                self._send(304, content_type=None, length=False)
            else:
                self._send(200, PAGE, headers={"ETag": '"v1"', "Last-Modified": MODIFIED})
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4" + b"x" * 1000, content_type="application/pdf")
        elif path == "/binary":
            self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100)
        elif path == "/big":
            self._send(200, b"<p>" + b"a" * 200_000)
        elif path == "/big-stream":  # no Content-Length: read until the cap
            self._send(200, b"<p>" + b"a" * 200_000, length=False)
            self.close_connection = True
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
        elif path == "/missing":
            self._send(404, b"gone")
        else:
            self._send(500, b"?")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def clear_log() -> None:
    Handler.seen.clear()


def fetch(url: str, **options: object) -> FetchResult:
    fetcher_options = {k: options.pop(k) for k in ("allow_private", "max_bytes", "timeout", "max_redirects")
                       if k in options}
    fetcher_options.setdefault("allow_private", True)

    async def go() -> FetchResult:
        async with Fetcher(**fetcher_options) as fetcher:
            return await fetcher.fetch(url, **options)

    return asyncio.run(go())


def test_a_page_is_fetched_with_newsdigs_user_agent(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDIG_CONTACT", "https://news.example.org/crawler")
    result = fetch(f"{base}/page")
    assert result.ok and result.body == PAGE and result.status == 200
    assert result.content_type == "text/html; charset=utf-8"
    agent = Handler.seen[0][1]["user-agent"]
    assert agent == default_user_agent()
    assert agent.startswith("newsdig/") and agent.endswith("(+https://news.example.org/crawler)")


def test_default_contact_is_the_project_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDIG_CONTACT", raising=False)
    assert default_user_agent().endswith("(+https://github.com/newsdig/newsdig)")


def test_a_redirect_chain_is_followed_and_recorded(base: str) -> None:
    result = fetch(f"{base}/r1")
    assert result.ok and result.body == PAGE
    assert result.url == f"{base}/r1"
    assert result.redirects == [f"{base}/r2", f"{base}/page"]
    assert result.final_url == f"{base}/page"


def test_too_many_redirects(base: str) -> None:
    result = fetch(f"{base}/loop", max_redirects=3)
    assert result.error == "too many redirects"
    assert len(Handler.seen) == 4


def test_loopback_is_refused_without_allow_private(base: str) -> None:
    result = fetch(f"{base}/page", allow_private=False)
    assert result.error is not None and result.error.startswith("unsafe: ")
    assert "not a public address" in result.error
    assert Handler.seen == []  # nothing was sent


def test_a_redirect_into_a_private_address_is_refused(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # pretend 127.0.0.1 is public, so the first hop passes and the redirect to 127.0.0.2 is judged
    real = safety.is_public
    monkeypatch.setattr(safety, "is_public", lambda a: a == ipaddress.ip_address("127.0.0.1") or real(a))
    result = fetch(f"{base}/to-private", allow_private=False)
    assert result.error == "redirect to a private address refused"
    assert [path for path, _ in Handler.seen] == ["/to-private"]
    assert fetch(f"{base}/page", allow_private=False).ok


def test_a_redirect_to_a_non_web_url_is_refused(base: str) -> None:
    assert fetch(f"{base}/to-file").error == "redirect to a non-web URL refused"


def test_conditional_get_gives_not_modified(base: str) -> None:
    first = fetch(f"{base}/cond")
    assert first.ok and first.headers["etag"] == '"v1"'
    again = fetch(f"{base}/cond", etag=first.headers["etag"])
    assert again.not_modified and again.status == 304 and again.error is None and again.body == b""
    assert Handler.seen[-1][1]["if-none-match"] == '"v1"'
    by_date = fetch(f"{base}/cond", last_modified=first.headers["last-modified"])
    assert by_date.not_modified
    assert Handler.seen[-1][1]["if-modified-since"] == "Mon, 05 Jan 2026 10:00:00 GMT"


def test_other_content_types_are_refused_before_the_body(base: str) -> None:
    result = fetch(f"{base}/pdf")
    assert result.error == "not-html: application/pdf" and result.body == b""
    assert fetch(f"{base}/pdf", accept_types=("application/pdf",)).ok


def test_binary_served_as_html_is_refused(base: str) -> None:
    result = fetch(f"{base}/binary")
    assert result.error is not None and result.error.startswith("not-html: binary")


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_bodies_over_the_size_cap_are_dropped(base: str, path: str) -> None:
    result = fetch(f"{base}{path}", max_bytes=50_000)
    assert result.error == "too large" and result.body == b""
    assert fetch(f"{base}{path}", max_bytes=300_000).ok


def test_http_errors_are_statuses_not_errors(base: str) -> None:
    result = fetch(f"{base}/missing")
    assert result.status == 404 and result.error is None and not result.ok and result.body == b""


def test_slow_pages_time_out(base: str) -> None:
    started = time.monotonic()
    result = fetch(f"{base}/slow", timeout=0.3)
    assert result.error == "timeout"
    assert time.monotonic() - started < 1.4


def test_a_closed_port_is_a_network_error() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/")
    assert result.status is None and result.error is not None and result.error.startswith("network: ")


def test_before_hop_is_awaited_for_every_redirect_hop(base: str) -> None:
    hops: list[str] = []

    async def note(url: str) -> None:
        hops.append(url)

    result = fetch(f"{base}/r1", before_hop=note)
    assert result.ok and hops == [f"{base}/r2", f"{base}/page"]
