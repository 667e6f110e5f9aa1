"""Every size limit of the HTTP server in one table, and the middleware that enforces the ones
no route can: the length of the query string and the size of the request body.

A limit is answered with a 4xx that names it (JSON for API clients, a page for browsers), never
with a truncated answer or a 5xx:

    what                            limit                          answer
    query string (raw, %-encoded)   MAX_QUERY_STRING_BYTES 32 KiB  414, any path (RequestLimits)
    request body                    MAX_BODY_BYTES 10 MiB          413, before it is read whole
    search query `q`                MAX_QUERY_CHARS 2,048 chars    400 (API and pages)
    page size `limit` of a search   MAX_PAGE 100                   400
    `offset` of a search            MAX_OFFSET 10,000              400 (pages: clamped)
    `limit` of the enrich listings  MAX_LIMIT 500                  400
    `offset` of the enrich listings MAX_ENRICH_OFFSET 100,000      400 (pages: clamped)
    captures in one POST            MAX_CAPTURES 1,000             400
    article id, prefix or URL       MAX_ID_CHARS 2,048             400
    speaker or entity name          MAX_NAME_CHARS 200             400

The query-string cap is above what the largest legal request needs (2,048 non-Latin characters
percent-encode to about 18-24 kB) and well under what makes a page echo megabytes back.
The search limits are owned by the search and catalog layers (the CLI obeys them too) and are
re-exported here so the server's limits read in one place.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdig.catalog.quotes import MAX_LIMIT
from newsdig.search.engine import MAX_OFFSET
from newsdig.search.parser import MAX_QUERY_CHARS

__all__ = [
    "MAX_BODY_BYTES", "MAX_CAPTURES", "MAX_ENRICH_OFFSET", "MAX_ID_CHARS", "MAX_LIMIT", "MAX_NAME_CHARS",
    "MAX_OFFSET", "MAX_PAGE", "MAX_QUERY_CHARS", "MAX_QUERY_STRING_BYTES", "MAX_SIMILAR", "MAX_SINCE_CHARS",
    "MAX_STORY_ID", "RequestLimits",
]

MAX_QUERY_STRING_BYTES = 32 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024  # a POST of captures; bigger imports go through `newsdig add`
MAX_PAGE = 100  # hits per search page
MAX_SIMILAR = 50
MAX_CAPTURES = 1000  # per POST; the body cap usually binds first
MAX_ID_CHARS = 2048  # ids are 16 hex chars, but a URL is accepted too
MAX_NAME_CHARS = 200  # a speaker or entity name, or a prefix of one
MAX_ENRICH_OFFSET = 100_000  # deep enough for any listing; bounds the SQL OFFSET scan
MAX_STORY_ID = 2**63 - 1  # SQLite's INTEGER range: a bigger id is a 400, not an overflow
MAX_SINCE_CHARS = 32  # "7d" or "2025-01-31"; anything longer is not a time span


class BodyTooLarge(HTTPException):
    """Raised by RequestLimits' receive once a body streams past the limit; answered 413. An
    HTTPException, so FastAPI's body reader passes it on instead of calling it a bad body (400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, body_too_large_message(limit))


def body_too_large_message(limit: int) -> str:
    return f"request body too large: the limit is {limit:,} bytes ({limit // 2**20} MB)"


def query_too_long_message(size: int) -> str:
    return (f"the query string is too long: {size:,} bytes; the limit is {MAX_QUERY_STRING_BYTES:,} "
            f"(a search query may have {MAX_QUERY_CHARS:,} characters)")


class RequestLimits:
    """ASGI middleware: 414 for a query string over the limit; 413 for a Content-Length over the
    body limit, and a cap on the bytes streamed in (chunked bodies carry no length), so no request
    makes the server hold more than the limit. Answered before the app sees the request."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from newsdig.serve.errors import error_response, respond

        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY_STRING_BYTES:
            response = respond(Request(scope), 414, query_too_long_message(len(query)))
            await response(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                await error_response(400, "bad request: invalid Content-Length")(scope, receive, send)
                return
            if too_big:
                response = error_response(413, body_too_large_message(self.max_bytes),
                                          headers={"Connection": "close"})
                await response(scope, receive, send)
                return

        received = 0
        started = False

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, capped_receive, tracked_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await error_response(413, str(exc.detail), headers={"Connection": "close"})(scope, receive, send)
