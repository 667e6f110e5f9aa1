"""One HTTP GET done carefully: safety on every hop, size cap, content-type gate, conditional GET.

`Fetcher.fetch` never raises for a per-URL problem: what went wrong is a short string in
`FetchResult.error` (the crawler turns it into a frontier state), so a bad page cannot stop a
crawl. Error strings start with a stable kind:

    unsafe: ...                              the URL itself is refused (scheme, private address)
    redirect to a private address refused    a hop of a redirect chain pointed inside
    redirect to a non-web URL refused
    too many redirects
    not-html: <type>                         content type outside accept_types (body not read)
    too large                                more than max_bytes (declared or streamed)
    timeout | network: ... | dns: ...        transient, worth a retry

HTTP statuses other than 200 are not errors: `status` carries them and `body` is empty.
Politeness (robots, delays, retries) is not here but in `politeness.py`.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from newsdig import __version__
from newsdig.acquire.safety import HostNotFound, UnsafeURL, check_url

CONTACT_ENV = "NEWSDIG_CONTACT"
DEFAULT_CONTACT = "https://github.com/newsdig/newsdig"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml",
              "application/rss+xml", "application/atom+xml")
ANY_TYPE = "*/*"  # in accept_types: take every content type (robots.txt)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CONNECT_TIMEOUT = 10.0
DNS_CHECK_SECONDS = 60.0  # a host found public stays trusted this long (saves a lookup per page)
SNIFF_BYTES = 1024  # a NUL byte this early in "HTML" means a binary body


def default_user_agent() -> str:
    """`newsdig/<version> (+<contact>)`; the contact URL comes from $NEWSDIG_CONTACT."""
    contact = os.environ.get(CONTACT_ENV, "").strip() or DEFAULT_CONTACT
    return f"newsdig/{__version__} (+{contact})"



class HopRefused(Exception):
    """Raised by a `before_hop` callback to stop following a redirect; its message becomes
    `FetchResult.error` (it starts with the error kind, e.g. "robots: …")."""


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)  # every Location followed, in order
    error: str | None = None
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def _binary_as_html(kind: str, body: bytes) -> bool:
    """A NUL byte early in a body labelled HTML (or unlabelled) means it is not text;
    UTF-16 pages (with a BOM) have NULs too and are let through."""
    if kind not in ("", "text/html", "application/xhtml+xml") or body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    return b"\x00" in body[:SNIFF_BYTES]


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


class Fetcher:
    """An async HTTP client for crawling; use as ``async with Fetcher(...) as fetcher``."""

    def __init__(self, *, user_agent: str | None = None, allow_private: bool = False, timeout: float = 20,
                 max_bytes: int = 10_000_000, max_redirects: int = 5) -> None:
        self.user_agent = user_agent or default_user_agent()
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._public_until: dict[str, float] = {}
        self._client = httpx.AsyncClient(
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
            headers={"User-Agent": self.user_agent},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=40))

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _check(self, url: str) -> None:
        """check_url, with the DNS lookup in a thread and remembered for a minute per host."""
        if self.allow_private:
            check_url(url, True)
            return
        host = urlsplit(url).hostname or ""
        if self._public_until.get(host, 0.0) > time.monotonic():
            check_url(url, True)  # the scheme still matters
            return
        await asyncio.to_thread(check_url, url, False)
        self._public_until[host] = time.monotonic() + DNS_CHECK_SECONDS

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept_types: tuple[str, ...] = PAGE_TYPES,
                    before_hop: Callable[[str], Awaitable[None]] | None = None) -> FetchResult:
        """GET `url`, following redirects by hand; never raises for a per-URL failure.

        `before_hop(next_url)` is awaited before each redirect hop (politeness spaces them).
        """
        result = FetchResult(url=url, final_url=url, status=None)
        headers = {"Accept": ", ".join(accept_types) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            await self._follow(result, headers, accept_types, before_hop)
        except HopRefused as refusal:
            result.error = str(refusal)
        except (TimeoutError, httpx.TimeoutException):
            result.error = "timeout"
        except (httpx.TransportError, httpx.InvalidURL) as error:
            result.error = f"network: {str(error) or type(error).__name__}"
        return result

    async def _follow(self, result: FetchResult, headers: dict[str, str], accept_types: tuple[str, ...],
                      before_hop: Callable[[str], Awaitable[None]] | None) -> None:
        current: str | None = result.url
        for hop in range(self.max_redirects + 1):
            assert current is not None
            try:
                await self._check(current)
            except UnsafeURL as error:
                if hop == 0:
                    result.error = f"unsafe: {error}"
                elif urlsplit(current).scheme.lower() not in ("http", "https"):
                    result.error = "redirect to a non-web URL refused"
                else:
                    result.error = "redirect to a private address refused"
                return
            except HostNotFound as error:
                result.error = f"dns: {error}"
                return
            if hop and before_hop is not None:
                await before_hop(current)
            result.final_url = current
            # httpx's read timeout is per chunk: this cap stops a server that drips forever
            async with asyncio.timeout(self.timeout * 3):
                current = await self._hop(result, current, headers, accept_types)
            if current is None:
                return
            result.redirects.append(current)
        result.error = "too many redirects"

    async def _hop(self, result: FetchResult, url: str, headers: dict[str, str],
                   accept_types: tuple[str, ...]) -> str | None:
        """One request; the next URL when it is a redirect, else None (result filled in)."""
        request = self._client.build_request("GET", url, headers=headers)
        response = await self._client.send(request, stream=True)
        try:
            result.status = response.status_code
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                return urljoin(url, location.strip())
            if response.status_code == 304:
                result.not_modified = True
            elif 200 <= response.status_code < 300:
                await self._read(result, response, accept_types)
            return None
        finally:
            await response.aclose()

    async def _read(self, result: FetchResult, response: httpx.Response,
                    accept_types: tuple[str, ...]) -> None:
        kind = media_type(response.headers.get("content-type"))
        if kind and ANY_TYPE not in accept_types and kind not in accept_types:
            result.error = f"not-html: {kind}"
            return
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            result.error = "too large"
            return
        body = bytearray()
        async for chunk in response.aiter_bytes():  # decoded: the cap also stops gzip bombs
            body += chunk
            if len(body) > self.max_bytes:
                result.error = "too large"
                return
        if _binary_as_html(kind, body):
            result.error = f"not-html: binary body served as {kind or 'unknown type'}"
            return
        result.body = bytes(body)
