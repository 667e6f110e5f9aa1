"""The FastAPI application: JSON API, HTML pages and feeds over the same search functions.

`create_app` wires the routers of `serve.api`, `serve.pages` and `serve.feeds`; each module
exposes `router` and reads the shared `ServerState` from `request.app.state.newsdig`.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from newsdig import __version__
from newsdig.home import Home
from newsdig.serve.docs import install_docs
from newsdig.serve.errors import MAX_BODY_BYTES, BodySizeLimit, install_error_handlers
from newsdig.serve.state import ServerState


def create_app(home: Home, allow_writes: bool = False, sample: bool = False,
               write_token: str | None = None) -> FastAPI:
    """The app over `home`; POST /api/articles needs allow_writes (and the token, when one is set)."""
    app = FastAPI(
        title="newsdig",
        version=__version__,
        description="Search a self-hosted news archive: Google-like query syntax, facets, feeds.",
        docs_url=None,  # served offline by serve.docs instead of from a CDN
        redoc_url=None,
    )
    app.state.newsdig = ServerState(home=home, allow_writes=allow_writes, sample=sample)
    app.state.write_token = write_token
    install_error_handlers(app)  # one JSON error shape, 400 for bad parameters, no tracebacks
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    from newsdig.serve import api, feeds, pages
    from newsdig.serve.templating import STATIC_DIR

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    install_docs(app)
    app.include_router(api.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)
    app.state.html_error = pages.html_error  # browsers get error pages, API clients JSON
    return app
