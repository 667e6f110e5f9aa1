"""The enrich stage in the web pages: stories, who said what, copies, names.

Pages: `/stories` (biggest first, `since` filter), `/stories/{id}` (outlets, timeline, who said
what grouped by speaker), `/quotes` (statements by speaker and words). Extras for pages.py: the
"N similar articles", "story: …" and "Quoted: …" lines under a hit (`with_enrichment`) and the
who-said-what, story, copies and names boxes of the article view (`article_enrichment`).

The data comes from the same catalog functions as the CLI and the API. The extras are optional
boxes: a catalog error there is logged and the page is shown without them, never a 500. Statement
text is escaped like any article text; only `highlight()` output (escaped, then figures wrapped in
<mark>) is marked safe.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from newsdig.catalog.duplicates import copies_of
from newsdig.catalog.quotes import MAX_LIMIT, find_quotes, top_entities, top_speakers
from newsdig.catalog.stories import count_stories, get_story, list_stories, stories_of
from newsdig.enrich.cues import STANCES
from newsdig.errors import NewsdigError
from newsdig.serve.highlight import highlight
from newsdig.serve.limits import MAX_ENRICH_OFFSET
from newsdig.serve.pages import _append, _quote, _state, render, router, search_url
from newsdig.serve.state import ServerState
from newsdig.serve.viewhelpers import check_query_length

log = logging.getLogger(__name__)

STORIES_PAGE = 20
QUOTES_PAGE = 25
MIN_STORY_SIZE = 2  # a "story" of one article is just that article: lists and hit links skip it
MAX_COPIES_SHOWN = 20
MAX_ARTICLE_ENTITIES = 40
MAX_HIT_SPEAKERS = 3
STATEMENTS_SHOWN = 5  # per speaker on a story page; the rest behind "N more"
TOP_SPEAKERS = 40
SINCE_CHOICES = (("", "Any time"), ("7d", "Past week"), ("30d", "Past month"), ("1y", "Past year"))
KIND_TITLES = {"person": "People", "org": "Organisations", "place": "Places", "group": "Groups",
               "other": "Other names"}
# Stances grouped by how a reader should take them: the badge colour says so at a glance.
STANCE_TONES = {
    "states": "neutral", "predicts": "neutral", "asks": "neutral", "promises": "neutral",
    "claims": "contested", "denies": "negative", "criticises": "negative", "warns": "warning",
    "confirms": "positive", "admits": "positive", "praises": "positive",
}


# ---------------------------------------------------------------- view helpers


def stance_tone(stance: str | None) -> str:
    return STANCE_TONES.get((stance or "").strip().lower(), "neutral")


def statement_html(text: str, numbers: Iterable[dict[str, Any]], direct: bool) -> Markup:
    """The statement escaped, its figures in <mark>, and in quote marks when it is a direct quote."""
    text = text or ""
    ranges: list[tuple[int, int]] = []
    for number in numbers or ():
        figure = str(number.get("text") or "") if isinstance(number, dict) else ""
        if not figure:
            continue
        start = text.find(figure)
        while start != -1:
            ranges.append((start, start + len(figure)))
            start = text.find(figure, start + len(figure))
    html = highlight(text, ranges)
    return Markup("“") + html + Markup("”") if direct else html


def quotes_url(**params: str | None) -> str:
    """The /quotes page for a speaker, words or stance (empty values left out)."""
    kept = {k: v for k, v in params.items() if v}
    return "/quotes" + ("?" + urlencode(kept) if kept else "")


def statement_view(quote: dict[str, Any]) -> dict[str, Any]:
    """One statement (a quote dict, or a story's statement dict) as the templates show it."""
    article = quote.get("article") or {}
    return {
        "speaker": quote.get("speaker") or "",
        "speaker_href": quotes_url(speaker=quote.get("speaker")),
        "role": quote.get("speaker_role"),
        "via": quote.get("via"),
        "stance": quote.get("stance") or "states",
        "tone": stance_tone(quote.get("stance")),
        "cue": quote.get("cue"),
        "direct": quote.get("kind") == "direct",
        "html": statement_html(str(quote.get("text") or ""), quote.get("numbers") or [],
                               quote.get("kind") == "direct"),
        "places": [{
            "href": f"/article/{quote.get('article_id')}",
            "source": quote.get("source") or article.get("source"),
            "published": quote.get("published") or article.get("published"),
            "title": article.get("title"),
        }],
    }


def _statement_key(view: dict[str, Any], text: str) -> tuple[str, str]:
    words = " ".join(text.casefold().split()).rstrip(".,;:!?\"'”’ ")
    return view["stance"], words


def fold_repeats(quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statement views with repeats folded: one statement carried by several outlets (a wire copy)
    is shown once, with every outlet that ran it, rather than once per copy."""
    views: dict[tuple[str, str], dict[str, Any]] = {}
    for quote in quotes:
        view = statement_view(quote)
        key = _statement_key(view, str(quote.get("text") or ""))
        if key in views:
            views[key]["places"].extend(view["places"])
        else:
            views[key] = view
    return list(views.values())


def group_by_speaker(quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article's statements per speaker, speakers in the order they first speak."""
    groups: dict[str, dict[str, Any]] = {}
    for quote in quotes:
        name = str(quote.get("speaker") or "")
        group = groups.setdefault(name.casefold(), {
            "speaker": name, "roles": [], "href": quotes_url(speaker=name), "statements": [],
        })
        role = quote.get("speaker_role")
        if role and role not in group["roles"]:
            group["roles"].append(role)
        group["statements"].append(statement_view(quote))
    return list(groups.values())


def _entity_groups(entities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Names by kind (people first), each a link to the articles naming it."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        name = str(entity.get("name") or "")
        if not name.strip():
            continue
        by_kind.setdefault(str(entity.get("kind") or "other"), []).append({
            "label": name, "href": search_url(f"entity:{_quote(name)}"),
            "count": entity.get("articles"), "roles": list(entity.get("roles") or [])[:2],
        })
    order = list(KIND_TITLES)
    return [{"kind": kind, "title": KIND_TITLES.get(kind, kind.title()), "items": items}
            for kind, items in sorted(by_kind.items(), key=lambda kv: order.index(kv[0])
                                      if kv[0] in order else len(order))]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


@contextmanager
def _catalog(state: ServerState) -> Iterator[sqlite3.Connection | None]:
    """A read-only catalog connection, or None when there is no catalog yet."""
    if not state.home.catalog_path.exists():
        yield None
        return
    with state.catalog() as conn:
        yield conn


def _articles_brief(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """id -> title, source, published of the given articles (the copies listed under a hit)."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f"SELECT id, title, source, published FROM articles WHERE id IN ({marks})",
                                chunk):
            found[row[0]] = {"id": row[0], "title": row[1] or "(untitled)", "source": row[2],
                             "published": row[3], "href": f"/article/{row[0]}"}
    return found


def _story_briefs(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """story id -> label, size and link, for the stories worth a link (two articles or more)."""
    wanted = sorted({int(i) for i in ids if i})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = conn.execute(f"SELECT id, label, size, outlets FROM stories WHERE id IN ({marks}) AND size >= ?",
                        (*wanted, MIN_STORY_SIZE)).fetchall()
    return {int(r[0]): {"id": int(r[0]), "label": r[1], "size": int(r[2]), "outlets": int(r[3]),
                        "href": f"/stories/{int(r[0])}"} for r in rows}


# ---------------------------------------------------------------- extras for pages.py


def with_enrichment(state: ServerState, q: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add to each hit its folded copies, its story and who it quotes (links that refine the query)."""
    for hit in hits:
        hit["quoted"] = [{"label": name, "href": search_url(_append(q, f"speaker:{_quote(name)}"))}
                         for name in hit.get("speakers", [])[:MAX_HIT_SPEAKERS] if name.strip()]
        hit["copies"], hit["story"] = [], None
        hit["copies_href"] = search_url(q, collapse=False)
    copy_ids = [c for hit in hits for c in hit.get("duplicate_ids", [])]
    story_ids = [hit["story_id"] for hit in hits if hit.get("story_id")]
    if not copy_ids and not story_ids:
        return hits
    try:
        with _catalog(state) as conn:
            if conn is None:
                return hits
            briefs = _articles_brief(conn, copy_ids)
            stories = _story_briefs(conn, story_ids)
    except (sqlite3.Error, NewsdigError) as err:
        log.warning("cannot read copies and stories of the results: %s", err)
        return hits
    for hit in hits:
        ids = hit.get("duplicate_ids", [])
        hit["copies"] = [briefs.get(i) or {"id": i, "title": i, "href": f"/article/{i}"} for i in ids]
        hit["story"] = stories.get(hit.get("story_id") or 0)
    return hits


def article_enrichment(state: ServerState, article_id: str) -> dict[str, Any]:
    """Who said what in the article, the names in it, its story and its near-duplicate copies."""
    empty: dict[str, Any] = {"speakers": [], "statements": 0, "entities": [], "story": None, "copies": [],
                             "copy_count": 0}
    try:
        with _catalog(state) as conn:
            if conn is None:
                return empty
            total, quotes = find_quotes(conn, article_id=article_id, limit=MAX_LIMIT)
            entities = top_entities(conn, article_id=article_id, limit=MAX_ARTICLE_ENTITIES)
            story_id = stories_of(conn, [article_id]).get(article_id)
            story = _story_briefs(conn, [story_id]).get(story_id) if story_id else None
            copy_ids = copies_of(conn, article_id)
            briefs = _articles_brief(conn, copy_ids[:MAX_COPIES_SHOWN])
    except (sqlite3.Error, NewsdigError) as err:
        log.warning("cannot read the enrichment of %s: %s", article_id, err)
        return empty
    return {
        "speakers": group_by_speaker(quotes),
        "statements": total,
        "entities": _entity_groups(entities),
        "story": story,
        "copies": [briefs[i] for i in copy_ids[:MAX_COPIES_SHOWN] if i in briefs],
        "copy_count": len(copy_ids),
    }


# ---------------------------------------------------------------- routes


def _since(value: str) -> tuple[str | None, str | None]:
    """(ISO lower bound, warning): an unreadable `since` is ignored with a note, like a bad filter."""
    text = (value or "").strip()
    if not text:
        return None, None
    from newsdig.cli_enrich import parse_since

    try:
        return parse_since(text[:32]), None
    except NewsdigError:
        return None, f"“{text[:32]}” is not a time span; use 7d, 2w, 3m, 1y or a date YYYY-MM-DD."


def _offset(value: str, step: int) -> int:
    try:
        offset = int(value.strip())
    except (AttributeError, ValueError):
        return 0
    offset = min(max(offset, 0), MAX_ENRICH_OFFSET)
    return offset - offset % step


def _unavailable(request: Request, err: Exception) -> Response:
    log.warning("cannot read the catalog: %s", err)
    return render(request, "message.html", {
        "title": "Unavailable – newsdig", "heading": "This page is unavailable",
        "message": "The catalog cannot be read right now; if the archive predates enrichment, run "
                   "`newsdig enrich`.", "status": 503,
    }, status_code=503)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, since: str = "", offset: str = "") -> Response:
    """Stories told by several articles, biggest first."""
    bound, warning = _since(since)
    start = _offset(offset, STORIES_PAGE)
    try:
        with _catalog(_state(request)) as conn:
            total = count_stories(conn, since=bound, min_size=MIN_STORY_SIZE) if conn else 0
            found = (list_stories(conn, since=bound, limit=STORIES_PAGE, offset=start,
                                  min_size=MIN_STORY_SIZE) if conn else [])
    except (sqlite3.Error, NewsdigError) as err:
        return _unavailable(request, err)
    kept = since.strip()[:32] if bound else ""

    def page(at: int) -> str:
        params = {k: v for k, v in (("since", kept), ("offset", str(at) if at else "")) if v}
        return "/stories" + ("?" + urlencode(params) if params else "")

    stories = [{**s.as_dict(), "href": f"/stories/{s.id}"} for s in found]
    return render(request, "stories.html", {
        "title": "Stories – newsdig", "stories": stories, "total": total, "since": kept,
        "warning": warning, "first_shown": start + 1,
        "since_choices": [{"value": v, "label": label, "href": "/stories" + (f"?since={v}" if v else ""),
                           "current": v == kept} for v, label in SINCE_CHOICES],
        "prev": page(start - STORIES_PAGE) if start > 0 else None,
        "next": page(start + STORIES_PAGE) if start + STORIES_PAGE < total else None,
    })


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    """One story: when, which outlets, the timeline, and who said what in it."""
    try:
        number = int(story_id) if story_id.isdigit() and len(story_id) < 19 else None
        with _catalog(_state(request)) as conn:
            found = get_story(conn, number) if conn is not None and number is not None else None
    except (sqlite3.Error, NewsdigError) as err:
        return _unavailable(request, err)
    if found is None:
        return render(request, "not_found.html", {
            "title": "Story not found – newsdig", "missing": None,
            "message": f"There is no story {story_id} in this archive; the stories page lists them all.",
        }, status_code=404)
    data = found.as_dict()
    speakers = []
    for group in data.get("speakers") or []:
        said = [{**s, "speaker": group.get("speaker")} for s in group.get("statements") or []]
        statements = fold_repeats(said)
        stances = Counter(view["stance"] for view in statements)  # what is shown, copies folded
        speakers.append({
            "speaker": group.get("speaker") or "", "roles": list(group.get("roles") or [])[:2],
            "href": quotes_url(speaker=group.get("speaker")),
            "stances": [{"stance": k, "count": v, "tone": stance_tone(k)} for k, v in stances.most_common()],
            "shown": statements[:STATEMENTS_SHOWN], "more": statements[STATEMENTS_SHOWN:],
        })
    story = {
        **data,
        "outlets": [{**o, "href": search_url(f"source:{_quote(str(o.get('source') or ''))}")}
                    for o in data.get("outlets") or [] if o.get("source")],
        "timeline": [{**a, "href": f"/article/{a['id']}", "when": a.get("published") or a.get("seen")}
                     for a in data.get("articles") or []],
        "speakers": speakers,
        "entities": _entity_groups(data.get("entities") or []),
        "articles_line": _plural(int(data.get("size") or 0), "article", "articles"),
        "outlets_line": _plural(len(data.get("outlets") or []), "outlet", "outlets"),
    }
    return render(request, "story.html", {"title": f"{data['label']} – newsdig", "story": story})


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, speaker: str = "", q: str = "", stance: str = "",
                offset: str = "") -> Response:
    """Search statements by who made them and their words; without a search, who is quoted most."""
    check_query_length(q)
    who, words = " ".join(speaker.split())[:200], " ".join(q.split())[:500]
    stance = stance.strip().lower() if stance.strip().lower() in STANCES else ""
    start = _offset(offset, QUOTES_PAGE)
    searching = bool(who or words or stance)
    try:
        with _catalog(_state(request)) as conn:
            total, found = (find_quotes(conn, speaker=who or None, words=words or None, stance=stance or None,
                                        limit=QUOTES_PAGE, offset=start)
                            if conn is not None and searching else (0, []))
            speakers = top_speakers(conn, limit=TOP_SPEAKERS) if conn is not None and not searching else []
    except (sqlite3.Error, NewsdigError) as err:
        return _unavailable(request, err)

    def page(at: int) -> str:
        return quotes_url(speaker=who, q=words, stance=stance, offset=str(at) if at else None)

    return render(request, "quotes.html", {
        "title": f"{who or words or 'Who said what'} – newsdig",
        "speaker": who, "words": words, "stance": stance, "stances": STANCES, "searching": searching,
        "total": total, "statements": [statement_view(quote) for quote in found], "first_shown": start + 1,
        "speakers": [{**s, "href": quotes_url(speaker=s["speaker"])} for s in speakers],
        "prev": page(start - QUOTES_PAGE) if start > 0 else None,
        "next": page(start + QUOTES_PAGE) if start + QUOTES_PAGE < total else None,
    })
