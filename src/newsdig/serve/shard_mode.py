"""`newsdig serve --shards DIR`: the search page and API over index shards, with no catalog.

The shards a Spark job built (newsdig.index.shards) hold what search needs (text, titles, dates,
sources, speakers, near-duplicate keys) but not the catalog: no article texts to show, stories,
quotes or raw captures. So a shard server answers only what the index alone can:

    /  /search  /help  GET /api/search  /healthz  /opensearch.xml  /openapi.json  /docs

Every other route (article pages and records, similar articles, stories, quotes, speakers,
entities, claims, completions, feeds, stats, writes) answers 501 with the way to get it: import
the articles into a home (`newsdig add DIR/articles`) and serve that. The refusal is one router
dependency (`only_shard_routes`), so a route added later is refused until it is listed here, never
half-working on a state without a catalog. Hits link to the article's own URL instead of its page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request

from newsdig.errors import InputError
from newsdig.serve.errors import ApiError
from newsdig.serve.viewhelpers import display_url, safe_url

if TYPE_CHECKING:
    from newsdig.search.shards import ShardedSearcher
    from newsdig.serve.state import ServerState

SHARD_ROUTES = frozenset({"/", "/search", "/help", "/api/search", "/healthz", "/opensearch.xml"})
MAX_COPIES_SHOWN = 20  # near-duplicate copies listed under a hit (as pages_enrich shows)


def unavailable(state: ServerState) -> str:
    """The message of every route a shard server cannot answer, with the command that helps."""
    assert state.shards is not None
    articles = state.shards.index_root.parent / "articles"
    return f"not available when serving shards: import the articles with `newsdig add {articles}`"


async def only_shard_routes(request: Request) -> None:
    """Router dependency of the shard app: 501 for every route outside SHARD_ROUTES."""
    state: ServerState = request.app.state.newsdig
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    if state.shards is not None and path not in SHARD_ROUTES:
        raise ApiError(501, unavailable(state))


def overview(state: ServerState) -> dict[str, Any]:
    """The home page's figures: articles over all shards (sources are a catalog figure)."""
    assert state.shards is not None
    return {"articles": state.shards.num_docs(), "source_count": 0, "sources": []}


def with_links(state: ServerState, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hit views (after pages_enrich.with_enrichment, which finds no catalog here) as a shard server
    shows them: the title links to the article's URL, folded copies are listed from their stored
    fields and link to their URLs too."""
    assert state.shards is not None
    for hit in hits:
        hit["href"] = hit.get("original")  # None (no link) when the URL is not http(s)
        hit["copies"] = [_copy(state, copy_id) for copy_id in hit.get("duplicate_ids", [])[:MAX_COPIES_SHOWN]]
    return hits


def _copy(state: ServerState, article_id: str) -> dict[str, Any]:
    assert state.shards is not None
    fields = state.shards.article(article_id) or {}
    url = str(fields.get("url") or "")
    return {
        "id": article_id,
        "title": str(fields.get("title") or display_url(url) or article_id),
        "source": fields.get("source"),
        "published": fields.get("published_text"),
        "href": safe_url(url),
    }


def open_shards(index_root: Path) -> ShardedSearcher:
    """The shards at `index_root`, opened for `serve --shards`; a NewsdigError saying what is wrong
    (no such directory, a dataset directory instead of its index, a missing or bad manifest)."""
    from newsdig.index.shards import SHARD_MANIFEST
    from newsdig.search.shards import ShardedSearcher

    if not index_root.is_dir():
        raise InputError(f"--shards {index_root}: no such directory")
    nested = index_root / "index"
    if not (index_root / SHARD_MANIFEST).exists() and (nested / SHARD_MANIFEST).exists():
        raise InputError(f"{index_root} is a dataset directory: serve its shards with --shards {nested}")
    return ShardedSearcher(index_root)  # IndexError_ for a missing, bad or mismatched manifest
