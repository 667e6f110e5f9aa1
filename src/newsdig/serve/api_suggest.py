"""GET /api/suggest: completions for the search box as it is typed (shapes in /openapi.json).

    GET /api/suggest?q=&limit=   {"query", "completions": [{"text", "kind", "count"}]}

Each completion's `text` is the whole query to run (the words before the last one kept), `kind`
says where it came from (entity, speaker, story, word) and `count` how many articles it has (a
story: its size). The work is `newsdig.search.autocomplete.complete` over the server's shared
Searcher, so its per-commit caches live as long as the server. The route is registered on
`serve.api.router` (api.py imports this module last), like the enrich routes.

A home with nothing indexed answers no completions; a bad `limit` or an over-long `q` is the
usual 400 of serve/errors.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel, Field

from newsdig.errors import IndexError_
from newsdig.search.autocomplete import DEFAULT_LIMIT, MAX_LIMIT, Kind, complete
from newsdig.search.parser import MAX_QUERY_CHARS
from newsdig.serve.api import BAD_REQUEST, ErrorOut, _searcher, router
from newsdig.serve.errors import ApiError
from newsdig.serve.state import ServerState


class CompletionOut(BaseModel):
    text: str = Field(description="the whole query to run: the earlier words kept, the last completed")
    kind: Kind = Field(description="entity (a person, organisation or place), speaker (someone quoted), "
                                   "story (a recent story's headline) or word")
    count: int = Field(description="articles naming it, quoting them or having the word; a story's size")


class SuggestOut(BaseModel):
    query: str
    completions: list[CompletionOut] = Field(description="best first")


UNAVAILABLE = {503: {"model": ErrorOut, "description": "the index cannot be read"}}


@router.get("/api/suggest", response_model=SuggestOut, responses={**BAD_REQUEST, **UNAVAILABLE},
            tags=["search"])
def api_suggest(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS,
                            description="the query as typed so far; its last word is completed")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Ways to finish the query being typed: names, speakers, recent stories and words, best first."""
    state: ServerState = request.app.state.newsdig
    searcher = _searcher(state)
    if searcher is None:
        return {"query": q, "completions": []}
    try:
        found = complete(searcher, q, limit)
    except IndexError_ as problem:
        raise ApiError(503, "the search index cannot be read; run `newsdig reindex`") from problem
    return {"query": q, "completions": [c.as_dict() for c in found]}
