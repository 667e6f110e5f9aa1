"""The JSON API of the enrich stage: who said what, claims, stories, entities (shapes in /openapi.json).

    GET /api/quotes?speaker=&q=&stance=&article=&since=&limit=&offset=   `quotes --json`
    GET /api/claims?q=&limit=                                            `claims --json`
    GET /api/stories?since=&min_size=&limit=&offset=                     `stories --json`
    GET /api/stories/{id}                                                `story ID --json`
    GET /api/entities?prefix=&kind=&limit=                               `entities --json`
    GET /api/speakers?prefix=&limit=                                     {"speakers": [...]}

Each answers exactly what the CLI command prints with --json (the dicts come from the same
catalog functions), so a script can move between the two. The routes are registered on
`serve.api.router` (api.py imports this module last), so `create_app` needs no change.

A home without a catalog answers empty lists, like /api/stats answers zeros; a catalog the enrich
stage has never run on answers empty lists too (its tables exist from the migration, only empty).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from newsdig.catalog.articles import get_article
from newsdig.catalog.quotes import find_claims, find_quotes, top_entities, top_speakers
from newsdig.catalog.stories import count_stories, get_story, list_stories
from newsdig.enrich.cues import STANCES
from newsdig.errors import NewsdigError
from newsdig.serve.api import BAD_REQUEST, UNAVAILABLE, ErrorOut, router
from newsdig.serve.errors import ApiError
from newsdig.serve.limits import (
    MAX_ENRICH_OFFSET,
    MAX_ID_CHARS,
    MAX_LIMIT,
    MAX_NAME_CHARS,
    MAX_QUERY_CHARS,
    MAX_SINCE_CHARS,
    MAX_STORY_ID,
)
from newsdig.serve.state import ServerState

EntityKind = Literal["person", "org", "place", "group", "other"]
Stance = Literal[STANCES]  # type: ignore[valid-type]

SINCE_HELP = "articles since: 7d, 2w, 3m, 1y or a date YYYY-MM-DD"


# -- shapes (documented in /openapi.json) ---------------------------------------------------
# The dicts are owned by the catalog modules (their docstrings are the contract); these models
# document them and let keys added there later pass through (extra="allow") instead of vanishing.
class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class NumberOut(_Open):
    text: str = Field(description='as written, hedge included: "about 11,000"')
    value: float = Field(description="the number (the low end of a range)")
    high: float | None = Field(None, description="the high end of a range")
    qualifier: str | None = Field(None, description='"about", "at least", "up to", …')
    unit: str | None = Field(None, description='the noun it counts: "troops", "%"')


class QuoteArticleOut(_Open):
    title: str | None
    source: str | None
    published: str | None
    url: str | None


class QuoteOut(_Open):
    id: int
    speaker: str
    speaker_role: str | None
    speaker_kind: str | None
    via: str | None = Field(description="who relayed it: KCNA for Kim Jong Un quoted by KCNA")
    cue: str = Field(description='the attributing word as a lemma: "say", "deny", "according to"')
    kind: str = Field(description="direct | reported | according_to")
    stance: str = Field(description=", ".join(STANCES))
    text: str
    numbers: list[NumberOut]
    article_id: str
    span: list[int] = Field(description="[start, end) character offsets into the article text")
    article: QuoteArticleOut


class QuotesOut(BaseModel):
    total: int = Field(description="every matching statement, not just this page")
    quotes: list[QuoteOut]


class SpeakerCount(BaseModel):
    speaker: str
    count: int


class OutletCount(BaseModel):
    source: str | None
    count: int


class StanceCount(BaseModel):
    stance: str
    count: int


class ClaimsOut(_Open):
    query: str
    numbers: list[float] = Field(description="the figures read from the query")
    words: list[str] = Field(description="the query's other words that statements must hold")
    total: int
    first_seen: str | None
    last_seen: str | None
    speakers: list[SpeakerCount]
    outlets: list[OutletCount]
    stances: list[StanceCount]
    quotes: list[QuoteOut] = Field(description="oldest first")


class StorySummaryOut(_Open):
    id: int
    label: str = Field(description="the headline of the article closest to the story's centre")
    label_article_id: str | None
    first_seen: str | None
    last_seen: str | None
    size: int = Field(description="articles")
    outlets: int = Field(description="distinct sources")


class StoriesOut(BaseModel):
    total: int
    stories: list[StorySummaryOut] = Field(description="biggest first")


class StoryOutletOut(_Open):
    source: str | None
    articles: int


class StoryArticleOut(_Open):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    seen: str | None = Field(description="the date the story window used")
    similarity: float | None


class StatementOut(_Open):
    article_id: str
    source: str | None
    published: str | None
    text: str
    stance: str
    kind: str
    cue: str | None
    via: str | None
    numbers: list[NumberOut]


class StorySpeakerOut(_Open):
    speaker: str
    roles: list[str]
    statement_count: int
    stances: dict[str, int]
    statements: list[StatementOut] = Field(description="oldest first")


class StoryEntityOut(_Open):
    name: str
    kind: str
    articles: int
    mentions: int


class StoryOut(_Open):
    id: int
    label: str
    label_article_id: str | None
    first_seen: str | None
    last_seen: str | None
    size: int
    outlets: list[StoryOutletOut] = Field(description="most articles first")
    articles: list[StoryArticleOut] = Field(description="the timeline, oldest first")
    speakers: list[StorySpeakerOut] = Field(description="who said what, most statements first")
    entities: list[StoryEntityOut]
    terms: list[str] = Field(default_factory=list, description="the words that define the story")


class EntityOut(_Open):
    name: str
    kind: str
    articles: int = Field(description="articles naming it")
    mentions: int
    roles: list[str] = Field(description='titles seen with the name: "Chief of Staff"')


class EntitiesOut(BaseModel):
    entities: list[EntityOut]


class SpeakerOut(BaseModel):
    speaker: str
    statements: int
    articles: int


class SpeakersOut(BaseModel):
    speakers: list[SpeakerOut]


# -- helpers --------------------------------------------------------------------------------
def _state(request: Request) -> ServerState:
    return request.app.state.newsdig  # type: ignore[no-any-return]


@contextmanager
def _reader(state: ServerState) -> Iterator[sqlite3.Connection | None]:
    """A catalog connection, or None when nothing was ever added (the answers are then empty).

    A catalog too old to have the enrichment tables (a reader never migrates) is a 503 that says
    what to run, not a 500.
    """
    if not state.home.catalog_path.exists():
        yield None
        return
    with state.catalog() as conn:
        try:
            yield conn
        except sqlite3.OperationalError as err:
            if "no such table" not in str(err):
                raise
            raise ApiError(503, "this catalog has no enrichment yet: run `newsdig enrich`") from err


def since_bound(value: str | None) -> str | None:
    """`since` as the CLI reads it (7d, 2w, YYYY-MM-DD), or a 400 saying what is accepted."""
    if value is None or not value.strip():
        return None
    from newsdig.cli_enrich import parse_since  # the CLI's own reading, so both agree

    try:
        return parse_since(value)
    except NewsdigError as err:
        message = "use 7d, 2w, 3m, 1y or a date YYYY-MM-DD"
        raise ApiError(400, f"bad request: since: {value!r}: {message}",
                       [{"loc": ["query", "since"], "msg": message, "type": "value_error"}]) from err


# -- routes ---------------------------------------------------------------------------------
# Every route may answer 503 when the catalog predates enrichment (`_reader`).
LISTING = {**BAD_REQUEST, **UNAVAILABLE}
STORY_NOT_FOUND = {404: {"model": ErrorOut, "description": "unknown story"}, **LISTING}
ARTICLE_NOT_FOUND = {404: {"model": ErrorOut, "description": "unknown article (for `article`)"}, **LISTING}
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_ENRICH_OFFSET)]
Since = Annotated[str | None, Query(max_length=MAX_SINCE_CHARS, description=SINCE_HELP)]


@router.get("/api/quotes", response_model=QuotesOut, responses=ARTICLE_NOT_FOUND, tags=["who said what"])
def api_quotes(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=MAX_NAME_CHARS,
                                         description='any part of the name: "Syrskyi"')] = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description="words of the statement")] = None,
    stance: Annotated[Stance | None, Query(description="what the attributing word says of it")] = None,
    article: Annotated[str | None, Query(max_length=MAX_ID_CHARS,
                                         description="only in this article (id, id prefix or URL)")] = None,
    since: Since = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Attributed statements (quotes and reported claims), oldest first: `newsdig quotes --json`."""
    bound = since_bound(since)
    with _reader(_state(request)) as conn:
        if conn is None:
            return {"total": 0, "quotes": []}
        article_id = None
        if article:
            row = get_article(conn, article)
            if row is None:
                raise ApiError(404, f"no article with id, id prefix or URL {article!r}")
            article_id = row["id"]
        total, found = find_quotes(conn, speaker=speaker or None, words=q or None, stance=stance,
                                   article_id=article_id, since=bound, limit=limit, offset=offset)
    return {"total": total, "quotes": found}


@router.get("/api/claims", response_model=ClaimsOut, responses=LISTING, tags=["who said what"])
def api_claims(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                            description="a figure and/or words: '11,000 troops'")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> dict[str, Any]:
    """Who stated this figure or claim, when, in which outlets: `newsdig claims --json`."""
    with _reader(_state(request)) as conn:
        if conn is None:
            return {"query": q, "numbers": [], "words": [], "total": 0, "first_seen": None,
                    "last_seen": None, "speakers": [], "outlets": [], "stances": [], "quotes": []}
        return find_claims(conn, q, limit=limit).as_dict()


@router.get("/api/stories", response_model=StoriesOut, responses=LISTING, tags=["stories"])
def api_stories(
    request: Request,
    since: Annotated[str | None, Query(max_length=MAX_SINCE_CHARS,
                                       description="active since: 7d, 2w, 3m, 1y or YYYY-MM-DD")] = None,
    min_size: Annotated[int, Query(ge=1, le=1_000_000, description="only stories with this many "
                                                                   "articles")] = 2,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Story clusters across outlets, biggest first: `newsdig stories --json`."""
    bound = since_bound(since)
    with _reader(_state(request)) as conn:
        if conn is None:
            return {"total": 0, "stories": []}
        found = list_stories(conn, since=bound, limit=limit, offset=offset, min_size=min_size)
        return {"total": count_stories(conn, since=bound, min_size=min_size),
                "stories": [story.as_dict() for story in found]}


@router.get("/api/stories/{story_id}", response_model=StoryOut, responses=STORY_NOT_FOUND, tags=["stories"])
def api_story(request: Request, story_id: Annotated[int, Path(ge=0, le=MAX_STORY_ID)]) -> dict[str, Any]:
    """One story: outlets, timeline, who said what, who is in it: `newsdig story ID --json`."""
    with _reader(_state(request)) as conn:
        found = get_story(conn, story_id) if conn is not None else None
    if found is None:
        raise ApiError(404, f"no story {story_id}")
    return found.as_dict()


@router.get("/api/entities", response_model=EntitiesOut, responses=LISTING, tags=["who said what"])
def api_entities(
    request: Request,
    prefix: Annotated[str | None, Query(max_length=MAX_NAME_CHARS, description="names starting with "
                                                                               "this")] = None,
    kind: EntityKind | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 30,
) -> dict[str, Any]:
    """People, organisations and places by the number of articles naming them: `entities --json`."""
    with _reader(_state(request)) as conn:
        found = top_entities(conn, kind=kind, prefix=prefix or None, limit=limit) if conn is not None else []
    return {"entities": found}


@router.get("/api/speakers", response_model=SpeakersOut, responses=LISTING, tags=["who said what"])
def api_speakers(
    request: Request,
    prefix: Annotated[str | None, Query(max_length=MAX_NAME_CHARS, description="names starting with "
                                                                               "this")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> dict[str, Any]:
    """Who is quoted, most statements first, with how many articles quote them."""
    with _reader(_state(request)) as conn:
        found = top_speakers(conn, limit=limit, prefix=prefix or None) if conn is not None else []
    return {"speakers": found}
