"""/openapi.json that says what the server really answers, so clients and schemathesis can trust it.

FastAPI documents a 422 `HTTPValidationError` on every route with parameters, but serve.errors
answers bad parameters with 400 in the one error shape (`ErrorOut`). The routes declare their own
errors (404, 409, 503, ...); this module then fixes what FastAPI adds and documents what the
middleware answers on any route:
- the default 422 goes (a route that declares its own 422, as POST /api/articles, keeps it),
- every route with parameters or a body answers 400 for a bad one,
- every route answers 414 for a query string over serve.limits.MAX_QUERY_STRING_BYTES,
- over index shards (`serve --shards`), every route may answer 501 (serve.shard_mode).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def fix_responses(spec: dict[str, Any], shards: bool = False) -> dict[str, Any]:
    """The spec with the error responses described in the module docstring (changed in place)."""
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            default_422 = responses.get("422", {})
            if "HTTPValidationError" in str(default_422.get("content", "")):
                del responses["422"]
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("400", _error("a bad parameter or body"))
            responses.setdefault("414", _error("the query string is over the length limit"))
            if shards:
                responses.setdefault("501", _error("not available over index shards"))
    if "HTTPValidationError" not in str(spec.get("paths", {})):  # ValidationError is only used by it
        for name in FASTAPI_VALIDATION:
            spec.get("components", {}).get("schemas", {}).pop(name, None)
    return spec


def install_openapi(app: FastAPI, shards: bool = False) -> None:
    """Serve the fixed spec at /openapi.json (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
            app.openapi_schema = fix_responses(spec, shards)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
