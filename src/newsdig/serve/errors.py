"""HTTP errors: every error the server answers is JSON of one shape, never a traceback.

    {"error": {"status": 404, "message": "no article with id ...", "detail": ...}}

Who raises what, and who answers it:
- ApiError(status, message)    route code, for expected failures (unknown id, writes off, busy
                               writer, bad token); answered with its status and message
- RequestValidationError       FastAPI, for a bad query parameter or request body; answered 400
                               (not FastAPI's 422) with the problems listed in `detail`
- HTTPException (Starlette)    routing (unknown path 404, wrong method 405) and BodyTooLarge 413
- BodyTooLarge                 BodySizeLimit, when a request body passes MAX_BODY_BYTES
- anything else                a bug: logged (the traceback by uvicorn), answered 500 "internal error"

HTML pages may answer their own errors as pages: set `app.state.html_error` to a callable
(request, status, message) -> Response and it is used for non-API requests that accept HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("newsdig.serve")

MAX_BODY_BYTES = 10 * 1024 * 1024  # a POST of captures; bigger imports go through `newsdig add`
MAX_VALIDATION_ITEMS = 10  # problems listed in a 400: enough to fix a request, not a flood
JSON_PATHS = ("/api/", "/healthz", "/openapi.json", "/docs")


class ApiError(Exception):
    """An expected failure with the HTTP status and the message the client should see."""

    def __init__(self, status: int, message: str, detail: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers


class BodyTooLarge(HTTPException):
    """A request body over the limit (an HTTPException so FastAPI's body reader passes it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large: the limit is {limit:,} bytes")


def error_response(status: int, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    error: dict[str, Any] = {"status": status, "message": message}
    if detail is not None:
        error["detail"] = detail
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def _respond(request: Request, status: int, message: str, detail: Any = None,
             headers: dict[str, str] | None = None) -> Response:
    html_error = getattr(request.app.state, "html_error", None)
    if (html_error is not None and not request.url.path.startswith(JSON_PATHS)
            and "text/html" in request.headers.get("accept", "")):
        return html_error(request, status, message)
    return error_response(status, message, detail, headers)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    """("query", "limit") -> "limit"; ("body", "batch", "captures", 0, "url") -> "batch.captures[0].url"."""
    parts = list(loc)
    if parts and parts[0] in ("query", "path", "header", "cookie", "body") and len(parts) > 1:
        parts = parts[1:]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "request"


def validation_problems(errors: list[Any]) -> list[dict[str, Any]]:
    """pydantic's errors without the echoed input (a 10 kB query) or internals."""
    return [{"loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
             "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors[:MAX_VALIDATION_ITEMS]]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _respond(request, exc.status, exc.message, exc.detail, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = validation_problems(list(exc.errors()))
    if any(p["type"] == "json_invalid" for p in problems):
        return _respond(request, 400, "bad request: the body is not valid JSON", problems)
    message = "; ".join(f"{_where(p['loc'])}: {p['msg']}" for p in problems[:3]) or "invalid request"
    return _respond(request, 400, f"bad request: {message}", problems)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such path: {request.url.path}"
    return _respond(request, exc.status_code, message, headers=exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # One line here; uvicorn logs the traceback when Starlette re-raises the exception.
    log.error("internal error answering %s %s: %r", request.method, request.url.path, exc)
    # Starlette re-raises after this response and uvicorn then drops the connection: say so, or a
    # keep-alive client sends its next request into a closed socket.
    return error_response(500, "internal error", headers={"Connection": "close"})


Handler = Callable[[Request, Exception], Awaitable[Response]]


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above on `app` (create_app calls this)."""
    handlers: dict[Any, Handler] = {
        ApiError: _api_error,
        RequestValidationError: _validation_error,
        HTTPException: _http_error,
        Exception: _internal_error,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


class BodySizeLimit:
    """ASGI middleware: 413 for a Content-Length over the limit, and a cap on the bytes streamed in
    (chunked bodies carry no length), so no request makes the server buffer more than the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                await error_response(400, "bad request: invalid Content-Length")(scope, receive, send)
                return
            if too_big:
                response = error_response(413, BodyTooLarge(self.max_bytes).detail,
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
        except BodyTooLarge as exc:  # raised outside a route (no handler saw it)
            if started:
                raise
            await error_response(413, str(exc.detail))(scope, receive, send)
