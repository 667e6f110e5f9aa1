"""The FastAPI application: JSON API, HTML pages and feeds over the same search functions.

`create_app` wires the routers of `serve.api`, `serve.pages` and `serve.feeds`; each module
exposes `router` and reads the shared `ServerState` from `request.app.state.newsdig`.
`create_shards_app` wires the same routers over index shards, refusing the catalog's routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from newsdig import __version__
from newsdig.home import Home
from newsdig.serve.docs import install_docs
from newsdig.serve.errors import install_error_handlers
from newsdig.serve.limits import MAX_BODY_BYTES, RequestLimits
from newsdig.serve.openapi import install_openapi
from newsdig.serve.security import SecurityHeaders, WriteGuard
from newsdig.serve.shard_mode import only_shard_routes
from newsdig.serve.state import ServerState

if TYPE_CHECKING:
    from newsdig.search.shards import ShardedSearcher


def create_app(home: Home, allow_writes: bool = False, sample: bool = False,
               write_token: str | None = None) -> FastAPI:
    """The app over `home`; POST /api/articles needs allow_writes (and the token, when one is set)."""
    state = ServerState(home=home, allow_writes=allow_writes, sample=sample)
    return _build(state, write_token)


def create_shards_app(shards: ShardedSearcher) -> FastAPI:
    """The read-only app over index shards (`serve --shards`): the search page and API; every route
    that needs the catalog answers 501 (serve.shard_mode)."""
    state = ServerState(home=Home(shards.index_root), shards=shards)
    return _build(state, None, [Depends(only_shard_routes)])


def _build(state: ServerState, write_token: str | None, dependencies: list[Any] | None = None) -> FastAPI:
    app = FastAPI(
        title="newsdig",
        version=__version__,
        description="Search a self-hosted news archive: Google-like query syntax, facets, feeds.",
        docs_url=None,  # served offline by serve.docs instead of from a CDN
        redoc_url=None,
    )
    app.state.newsdig = state
    app.state.write_token = write_token
    install_error_handlers(app)  # one JSON error shape, 400 for bad parameters, no tracebacks
    # The last added runs first: headers on every answer, then the size limits, then the guard
    # on writes; each answers before the request body is read.
    app.add_middleware(WriteGuard)
    app.add_middleware(RequestLimits, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeaders)
    from newsdig.serve import api, feeds, pages
    from newsdig.serve.templating import STATIC_DIR

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    install_docs(app)
    for router in (api.router, feeds.router, pages.router):
        app.include_router(router, dependencies=dependencies)
    app.state.html_error = pages.html_error  # browsers get error pages, API clients JSON
    install_openapi(app, shards=state.shards is not None)
    return app
