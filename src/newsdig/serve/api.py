"""The JSON API: the same functions as the CLI, answered as JSON (shapes in /openapi.json).

    GET  /api/search?q=&limit=&offset=&sort=&collapse=   SearchResult.as_dict() (`search --json`)
    GET  /api/articles/{id}                     the whole record (`show --json`); id prefixes work
    GET  /api/articles/{id}/similar?limit=      {"id", "method", "hits": [...]}: more like this
    POST /api/articles                          add captures (only with --allow-writes): 201 + summary
                                                (JSON only, never cross-site, the token when set:
                                                serve/security.py checks that before the body is read)
    GET  /api/stats                             `stats --json`
    GET  /healthz                               {"status": "ok", "articles": N}

Serving index shards (`serve --shards`), only /api/search (keyword) and /healthz answer; the other
routes answer 501 (serve/shard_mode.py).

The enrich stage's routes (quotes, claims, stories, entities, speakers) are in api_enrich.py.

Errors are {"error": {"status", "message", "detail"?}} (serve/errors.py).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from newsdig.acquire.jsonl import parse_line
from newsdig.catalog.articles import RawRef, UpsertResult, aliases_of, article_record, get_article
from newsdig.catalog.db import connect
from newsdig.catalog.stats import home_stats
from newsdig.errors import HomeError, IndexBusyError, IndexError_
from newsdig.home import Home, writer_lock
from newsdig.ingest import Ingestor, IngestSummary
from newsdig.models import Article, Capture, Rejection
from newsdig.search.engine import Searcher
from newsdig.search.facets import empty_facets
from newsdig.search.parser import parse_query
from newsdig.search.results import SearchResult
from newsdig.search.similar import similar_hits
from newsdig.serve import shard_mode
from newsdig.serve.errors import ApiError
from newsdig.serve.limits import (
    MAX_CAPTURES,
    MAX_ID_CHARS,
    MAX_OFFSET,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    MAX_SIMILAR,
)
from newsdig.serve.state import ServerState

if TYPE_CHECKING:
    from newsdig.search.shards import ShardedSearcher

router = APIRouter()


# -- shapes (documented in /openapi.json) ---------------------------------------------------
class ErrorBody(BaseModel):
    status: int
    message: str
    detail: Any = None


class ErrorOut(BaseModel):
    error: ErrorBody


class HitOut(BaseModel):
    id: str
    title: str
    url: str
    source: str
    published: str | None
    language: str | None
    score: float = Field(description="0 when sorted by date")
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end) character offsets into snippet")
    duplicates: int = Field(0, description="near-duplicate copies folded under this hit")
    duplicate_ids: list[str] = Field(default_factory=list, description="their ids")
    story_id: int | None = Field(None, description="the story cluster this article belongs to")
    speakers: list[str] = Field(default_factory=list, description="who is quoted in it")


class FacetValue(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    source: list[FacetValue]
    language: list[FacetValue]
    month: list[FacetValue]
    speaker: list[FacetValue] = Field(default_factory=list)
    entity: list[FacetValue] = Field(default_factory=list)


class SearchOut(BaseModel):
    """A page of results; a server over index shards (`serve --shards`) adds `shards_searched`
    (the shards a date filter left to search) and `shards_total`."""

    model_config = ConfigDict(extra="allow")
    query: str
    total: int = Field(description="every matching article, not just this page")
    took_ms: float
    hits: list[HitOut]
    facets: Facets
    suggestion: str | None = Field(description="a respelled query that finds more (did you mean)")
    collapsed: bool = Field(True, description="near-duplicates folded under their best copy")
    relaxed: bool = Field(False, description="a long query answered with most, not all, of its words")


class ArticleOut(BaseModel):
    id: str
    url: str
    canonical_url: str
    source: str
    site_name: str | None
    title: str
    title_inferred: bool
    authors: list[str]
    published: str | None
    language: str | None
    description: str | None
    text: str = Field(description="paragraphs separated by a blank line")
    word_count: int
    content_hash: str
    extractor: str
    origin: str
    fetched_at: str | None
    added_at: str
    updated_at: str
    raw_file: str | None
    raw_offset: int | None
    aliases: list[str] = Field(description="other URLs that carried exactly this text")


class SimilarOut(BaseModel):
    id: str
    method: Literal["semantic", "terms"] = Field(
        description="semantic: nearest in meaning (the article's vectors; scores are cosines); "
                    "terms: shared telling words (without the `[semantic]` extra, or the article "
                    "is not embedded)")
    hits: list[HitOut]


CAPTURE_EXAMPLE = {
    "url": "https://news.example.com/2025/06/night-market",
    "title": "Night market to open on the old pier",
    "published": "2025-06-02",
    "source": "Example News",
    "text": "Lanternfish Bay will open a night market on its old pier from June, the harbour board "
            "said on Tuesday, after a trial run last autumn drew more than twelve thousand visitors."
            "\n\nStalls will sell food from the fishing villages along the coast, and buses will run "
            "until one in the morning on market nights, the board added.",
}


class CaptureIn(BaseModel):
    """One page to add: its URL and its HTML (metadata is extracted) or its clean text."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CAPTURE_EXAMPLE]})
    url: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    html: str | None = None
    text: str | None = Field(default=None, description="with html: the article text to keep")
    title: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or datetime")
    authors: list[str] | str | None = None
    language: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _has_body(self) -> CaptureIn:
        if not (self.html or "").strip() and not (self.text or "").strip():
            raise ValueError("a capture needs html or text")
        return self


class CapturesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    captures: list[CaptureIn] = Field(min_length=1, max_length=MAX_CAPTURES)


def _body_kind(value: Any) -> str:
    return "batch" if isinstance(value, dict) and "captures" in value else "capture"


# One capture, or {"captures": [...]}; the tag names the shape in error messages ("capture.url: ...").
AddBody = Annotated[
    Annotated[CapturesIn, Tag("batch")] | Annotated[CaptureIn, Tag("capture")],
    Discriminator(_body_kind),
]


class AddedOut(BaseModel):
    summary: dict[str, Any] = Field(description="what the import did, as `add --json` prints it")
    ids: list[str] = Field(description="the stored articles (an exact copy gives the original's id)")


class StatsOut(BaseModel):
    model_config = ConfigDict(extra="allow")  # figures added to home_stats later pass through
    home: str
    articles: int
    sources: int
    aliases: int
    earliest: str | None
    latest: str | None
    rejections: int
    rejections_by_reason: list[FacetValue]
    top_sources: list[FacetValue]
    languages: list[FacetValue]
    template_lines_by_source: dict[str, int]
    index_docs: int | None
    index_status: str
    catalog_bytes: int
    index_bytes: int
    raw_bytes: int


class HealthOut(BaseModel):
    status: Literal["ok"]
    articles: int


# -- helpers --------------------------------------------------------------------------------
def _state(request: Request) -> ServerState:
    return request.app.state.newsdig  # type: ignore[no-any-return]


def _searcher(state: ServerState) -> Searcher | ShardedSearcher | None:
    """The shared searcher; None while the home has no index yet (nothing added)."""
    try:
        return state.searcher
    except IndexError_ as problem:
        if not (state.home.index_dir / "meta.json").exists():
            return None
        raise ApiError(503, _unreadable(state)) from problem


def _unreadable(state: ServerState) -> str:
    if state.shards is not None:
        return f"the index shards at {state.shards.index_root} cannot be read; build them again"
    return "the search index cannot be read; run `newsdig reindex`"


def run_search(state: ServerState, q: str, limit: int, offset: int, sort: str,
               collapse: bool = True, facets: bool = True) -> SearchResult:
    """One page of results; an empty home answers every query with nothing (not an error)."""
    searcher = _searcher(state)
    if searcher is None:
        return SearchResult(q, 0, [], empty_facets(), 0.0, parse_query(q), collapsed=collapse)
    try:
        return searcher.search(q, limit=limit, offset=offset, sort=sort, collapse=collapse,
                               with_facets=facets)
    except IndexError_ as problem:
        raise ApiError(503, _unreadable(state)) from problem


def _find_article(state: ServerState, ref: str) -> tuple[sqlite3.Row, list[str]]:
    if state.home.exists():
        with state.catalog() as conn:
            row = get_article(conn, ref)
            if row is not None:
                return row, aliases_of(conn, row["id"])
    raise ApiError(404, f"no article with id, id prefix or URL {ref!r}")


# -- routes ---------------------------------------------------------------------------------
NOT_FOUND = {404: {"model": ErrorOut, "description": "unknown id"}}
BAD_REQUEST = {400: {"model": ErrorOut, "description": "a bad parameter"}}
UNAVAILABLE = {503: {"model": ErrorOut, "description": "the index or the catalog cannot be read"}}


@router.get("/api/search", response_model=SearchOut, responses={**BAD_REQUEST, **UNAVAILABLE},
            tags=["search"])
def api_search(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description='words, "phrase", -word, OR, '
                            "site:, source:, lang:, after:, before:, intitle:, speaker:, entity:")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    sort: Literal["relevance", "date"] = "relevance",
    collapse: Annotated[bool, Query(description="fold near-duplicate copies under their best-ranked "
                                                "member (false: `search --no-collapse`)")] = True,
    mode: Annotated[Literal["keyword", "semantic", "hybrid"], Query(
        description="semantic and hybrid need the `[semantic]` extra and `newsdig embed`")] = "keyword",
    facets: Annotated[bool, Query(description="count facets (false: every facet list empty; "
                                               "counting walks every match, the dearest part of a "
                                               "broad query)")] = True,
) -> dict[str, Any]:
    """Search the articles: the same JSON as `newsdig search --json`."""
    state = _state(request)
    if mode != "keyword" and state.shards is not None:
        raise ApiError(501, f"mode={mode} is {shard_mode.unavailable(state)}")
    if mode != "keyword":
        from newsdig.search.modes import search_mode
        from newsdig.search.semantic import semantic_available

        why = semantic_available(state.home)
        if why is not None:
            raise ApiError(400, f"mode={mode} is not available: {why}")
        searcher = _searcher(state)
        if searcher is None:
            return run_search(state, q, limit, offset, sort, collapse, facets).as_dict()
        return search_mode(state.home, searcher, q, mode, limit, offset, collapse=collapse).as_dict()
    return run_search(state, q, limit, offset, sort, collapse, facets).as_dict()


@router.get("/api/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND, tags=["articles"])
def api_article(
    request: Request, article_id: Annotated[str, Path(max_length=MAX_ID_CHARS)]
) -> dict[str, Any]:
    """One stored article, whole: the same JSON as `newsdig show --json`."""
    row, aliases = _find_article(_state(request), article_id)
    return article_record(row, aliases)


@router.get("/api/articles/{article_id}/similar", response_model=SimilarOut,
            responses={**NOT_FOUND, **UNAVAILABLE}, tags=["articles"])
def api_similar(
    request: Request,
    article_id: Annotated[str, Path(max_length=MAX_ID_CHARS)],
    limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 5,
) -> dict[str, Any]:
    """Articles most like this one, best first: nearest in meaning when the article is embedded
    (`newsdig embed`, `[semantic]` extra), else sharing its telling words; `method` says which."""
    state = _state(request)
    row, _ = _find_article(state, article_id)
    searcher = _searcher(state)
    if searcher is None:
        return {"id": row["id"], "method": "terms", "hits": []}
    method, hits = similar_hits(state.home, searcher, row["id"], limit)
    return {"id": row["id"], "method": method, "hits": [hit.as_dict() for hit in hits]}


@router.post(
    "/api/articles", response_model=AddedOut, status_code=201, tags=["articles"],
    responses={  # 401, 403 and 415 come from serve.security.WriteGuard, before the body is read
        400: {"model": ErrorOut, "description": "a malformed capture"},
        401: {"model": ErrorOut, "description": "missing or wrong write token"},
        403: {"model": ErrorOut, "description": "the server was started without --allow-writes, or "
                                                "the request comes from another site's page"},
        409: {"model": ErrorOut, "description": "another process is writing to the home"},
        413: {"model": ErrorOut, "description": "request body over 10 MB"},
        415: {"model": ErrorOut, "description": "the body is not sent as application/json"},
        422: {"model": ErrorOut, "description": "no capture gave an article (summary in detail)"},
        503: {"model": ErrorOut, "description": "the home cannot be written"},
    },
)
def api_add(request: Request, body: AddBody) -> dict[str, Any]:
    """Add one capture, or {"captures": [...]}, through the same path as `newsdig add`."""
    state = _state(request)
    items = body.captures if isinstance(body, CapturesIn) else [body]
    captures = [parse_line(json.dumps(item.model_dump(exclude_none=True)).encode(), f"api#{n}")
                for n, item in enumerate(items, 1)]
    summary, ids = _ingest(state.home, captures)
    if not ids:
        raise ApiError(422, "no article could be extracted from the captures", summary.as_dict())
    return {"summary": summary.as_dict(), "ids": ids}


class _RecordingIngestor(Ingestor):
    """An Ingestor that remembers which article each stored capture became."""

    def __init__(self, home: Home) -> None:
        super().__init__(home, jobs=1)
        self.ids: list[str] = []

    def store(self, article: Article, raw: RawRef | None) -> UpsertResult:
        outcome = super().store(article, raw)
        if outcome.article_id not in self.ids:
            self.ids.append(outcome.article_id)
        return outcome


def _ingest(home: Home, captures: list[Capture | Rejection]) -> tuple[IngestSummary, list[str]]:
    locked = False
    try:
        with writer_lock(home):
            locked = True
            ingestor = _RecordingIngestor(home)
            summary = ingestor.run(ingestor.archive(captures))
    except IndexBusyError as err:
        raise ApiError(409, f"the index is busy: {err}") from err
    except HomeError as err:
        if locked or not isinstance(err.__cause__, BlockingIOError):
            raise ApiError(503, f"cannot write to the home: {err}") from err
        raise ApiError(409, str(err)) from err
    return summary, ingestor.ids


@router.get("/api/stats", response_model=StatsOut, responses=UNAVAILABLE, tags=["home"])
def api_stats(request: Request) -> dict[str, Any]:
    """Figures about this home: the same JSON as `newsdig stats --json`."""
    state = _state(request)
    searcher = _searcher(state)
    docs = searcher.num_docs() if searcher is not None else None
    if not state.home.exists():  # nothing added yet: the same shape, all zero
        empty = connect(":memory:")  # type: ignore[arg-type]
        try:
            return home_stats(empty, state.home.root, docs)
        finally:
            empty.close()
    with state.catalog() as conn:
        return home_stats(conn, state.home.root, docs)


@router.get("/healthz", response_model=HealthOut, responses=UNAVAILABLE, tags=["home"])
def healthz(request: Request) -> dict[str, Any]:
    """Liveness: the index answers; `articles` counts what it holds."""
    searcher = _searcher(_state(request))
    return {"status": "ok", "articles": searcher.num_docs() if searcher is not None else 0}


# Last, so the enrich routes find everything above defined: api_enrich adds them to `router`.
from newsdig.serve import api_enrich  # noqa: E402, F401
from newsdig.serve.api_suggest import api_suggest  # noqa: E402, F401 (search-box completions)
