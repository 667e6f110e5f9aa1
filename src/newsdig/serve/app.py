"""The FastAPI application: JSON API, HTML pages and feeds over the same search functions.

`create_app` wires the routers of `serve.api`, `serve.pages` and `serve.feeds`; each module
exposes `router` and reads the shared `ServerState` from `request.app.state.newsdig`.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from newsdig import __version__
from newsdig.home import Home
from newsdig.serve.state import ServerState


def create_app(home: Home, allow_writes: bool = False, sample: bool = False) -> FastAPI:
    app = FastAPI(
        title="newsdig",
        version=__version__,
        description="Search a self-hosted news archive: Google-like query syntax, facets, feeds.",
    )
    app.state.newsdig = ServerState(home=home, allow_writes=allow_writes, sample=sample)
    from newsdig.serve import api, feeds, pages
    from newsdig.serve.templating import STATIC_DIR

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(api.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)
    return app
