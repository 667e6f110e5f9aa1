"""HTTP errors: every error the server answers is JSON of one shape, never a traceback.

    {"error": {"status": 404, "message": "no article with id ...", "detail": ...}}

Who raises what, and who answers it:
- ApiError(status, message)    route code, for expected failures (unknown id, busy writer, a
                               query too long for a page); answered with its status and message
- RequestValidationError       FastAPI, for a bad query parameter or request body; answered 400
                               (not FastAPI's 422) with the problems listed in `detail`
- HTTPException (Starlette)    routing (unknown path 404, wrong method 405) and BodyTooLarge 413
- BodyTooLarge                 serve.limits.RequestLimits, when a request body passes MAX_BODY_BYTES
- (no exception)               serve.limits and serve.security answer 413, 414, 401, 403 and 415
                               themselves, before the app reads the request, in this same shape
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

from newsdig.serve.limits import MAX_BODY_BYTES, BodyTooLarge  # noqa: F401 - re-exported for callers

log = logging.getLogger("newsdig.serve")

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


def error_response(status: int, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    error: dict[str, Any] = {"status": status, "message": message}
    if detail is not None:
        error["detail"] = detail
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def respond(request: Request, status: int, message: str, detail: Any = None,
            headers: dict[str, str] | None = None) -> Response:
    """The error as a page for a browser asking for one outside the API, else as JSON."""
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
    return respond(request, exc.status, exc.message, exc.detail, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = validation_problems(list(exc.errors()))
    if any(p["type"] == "json_invalid" for p in problems):
        return respond(request, 400, "bad request: the body is not valid JSON", problems)
    message = "; ".join(f"{_where(p['loc'])}: {p['msg']}" for p in problems[:3]) or "invalid request"
    return respond(request, 400, f"bad request: {message}", problems)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such path: {request.url.path}"
    return respond(request, exc.status_code, message, headers=exc.headers)


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
