"""The HTML pages: home and search results, the article view, the query-syntax help.

The enrich stage's pages (stories, who said what) and the extras it adds to results and
articles are in pages_enrich.py, which registers its routes on this module's router.

Server-rendered with Jinja2 (autoescape on) and usable without JavaScript. The pages call the
same `Searcher` and catalog functions as the API; this module only turns their results into
view data (links that add or remove filters, page numbers, readable dates). Bad `offset`,
`sort` or `mode` parameters fall back to the defaults instead of producing an error page.

Search modes (words, meaning, both): the form offers them only when `semantic_available` says
semantic search can run on this home; otherwise a `mode=` link is answered by keyword with a
short notice, never an error (the JSON API answers 400 instead: a program should know).

Serving index shards (`serve --shards`, serve/shard_mode.py) the home and results pages and the
help work as here; hits link to the articles' own URLs, the catalog's links (stories, quotes,
feeds) are left out, and every catalog page answers 501 before it runs.

Safety rules kept here: user and article text is never marked safe (only `highlight()` output
is), and a URL becomes an `href` only when it is http(s) (`safe_url`). The Content-Security-Policy
and the other headers are added to every response by serve.security; the templates carry no
inline script, style or event handler, so the policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from newsdig.catalog.articles import aliases_of, article_record, get_article
from newsdig.errors import NewsdigError
from newsdig.search.engine import MAX_OFFSET, SORTS
from newsdig.search.modes import search_mode as run_search_mode
from newsdig.search.parser import FieldFilter, ParsedQuery, parse_query
from newsdig.search.results import SearchResult
from newsdig.search.semantic import semantic_available
from newsdig.serve import shard_mode
from newsdig.serve.highlight import highlight
from newsdig.serve.state import ServerState
from newsdig.serve.templating import templates
from newsdig.serve.viewhelpers import (  # noqa: F401 - pages_enrich and tests use them from here
    DEFAULT_MODE,
    PAGE_SIZE,
    SEARCH_MODES,
    check_query_length,
    display_url,
    feed_url,
    lang_code,
    language_name,
    month_label,
    month_range,
    nice_date,
    parse_collapse,
    parse_mode,
    parse_offset,
    parse_sort,
    parse_when,
    safe_url,
    search_url,
    with_mode,
)

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

PAGE_LINKS = 9  # page numbers shown around the current one
SIMILAR_LIMIT = 5
SAMPLE_BANNER = "Sample data — fictional articles written for the newsdig demo (plus one real scraped page)"

def _state(request: Request) -> ServerState:
    return request.app.state.newsdig


for _name, _filter in {
    "nice_date": nice_date,
    "display_url": display_url,
    "language_name": language_name,
    "lang_code": lang_code,
    "safe_url": safe_url,
}.items():
    templates.env.filters[_name] = _filter
templates.env.globals["search_url"] = search_url


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A template with the shared context (sample banner, query box)."""
    state = _state(request)
    base = {
        "sample": bool(getattr(state, "sample", False)),
        "sample_banner": SAMPLE_BANNER,
        "q": "",
        "sort": "relevance",
        "feed_link": None,
        "title": "newsdig",
        "shards_only": getattr(state, "shards", None) is not None,  # no catalog links in the chrome
    }
    # The security headers (CSP and the rest) are added to every response by serve.security.
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


# ---------------------------------------------------------------- query editing for facets and chips


def _without(parsed: ParsedQuery, **changes: Any) -> str:
    return dataclasses.replace(parsed, **changes).normalised()


def _append(q: str, token: str) -> str:
    q = q.strip()
    return f"{q} {token}" if q else token


def _quote(value: str) -> str:
    """A quoted filter value the parser reads back whole (it has no escape for a double quote)."""
    return '"' + " ".join(value.replace('"', " ").split()) + '"'


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


FILTER_NAMES = {"site": "Site", "source": "Source", "lang": "Language", "speaker": "Speaker",
                "entity": "Mentions"}


def _filter_label(flt: FieldFilter) -> str:
    name = FILTER_NAMES.get(flt.field, flt.field.title())
    value = language_name(flt.value) if flt.field == "lang" else flt.value
    return f"{'Not ' + name.lower() if flt.negated else name}: {value}"


def _dropping(parsed: ParsedQuery, flt: FieldFilter, mode: str) -> str:
    """The results link of the query without the filter `flt`."""
    return search_url(_without(parsed, filters=tuple(f for f in parsed.filters if f != flt)), mode=mode)


def active_filters(parsed: ParsedQuery, mode: str = DEFAULT_MODE) -> list[dict[str, str]]:
    """One removable chip per filter (a whole month counts as one)."""
    chips = []
    for flt in parsed.filters:
        chips.append({"label": _filter_label(flt), "href": _dropping(parsed, flt, mode)})
    after, before = parsed.after, parsed.before
    whole_month = (
        after is not None and before is not None and after.day == 1
        and month_range(f"{after:%Y-%m}") == (after, before)
    )
    if whole_month and after is not None:
        chips.append({"label": f"Month: {month_label(f'{after:%Y-%m}', long=True)}",
                      "href": search_url(_without(parsed, after=None, before=None), mode=mode)})
    else:
        if after is not None:
            chips.append({"label": f"From: {nice_date(after.isoformat())}",
                          "href": search_url(_without(parsed, after=None), mode=mode)})
        if before is not None:
            chips.append({"label": f"Before: {nice_date(before.isoformat())}",
                          "href": search_url(_without(parsed, before=None), mode=mode)})
    return chips


def facet_groups(
    q: str, parsed: ParsedQuery, facets: dict[str, list[tuple[str, int]]], mode: str = DEFAULT_MODE
) -> list[dict[str, Any]]:
    """Facet values as links: a click adds the filter, a click on an active one removes it."""
    groups: list[dict[str, Any]] = []

    sources = []
    for value, count in facets.get("source", []):
        match = next((f for f in parsed.filters
                      if f.field == "source" and not f.negated and _same(f.value, value)), None)
        if match is not None:
            href = _dropping(parsed, match, mode)
        else:
            href = search_url(_append(q, f"source:{_quote(value)}"), mode=mode)
        sources.append({"label": value, "count": count, "href": href, "active": match is not None})
    groups.append({"name": "source", "title": "Source", "items": sources})

    languages = []
    for value, count in facets.get("language", []):
        code = lang_code(value)
        if code is None:
            continue
        match = next((f for f in parsed.filters
                      if f.field == "lang" and not f.negated and f.value == code), None)
        if match is not None:
            href = _dropping(parsed, match, mode)
        else:
            href = search_url(_append(q, f"lang:{code}"), mode=mode)
        languages.append({"label": language_name(code), "lang": code, "count": count, "href": href,
                          "active": match is not None})
    groups.append({"name": "language", "title": "Language", "items": languages})

    months = []
    for value, count in facets.get("month", []):
        span = month_range(value)
        if span is None:
            continue
        start, end = span
        active = parsed.after == start and parsed.before == end
        if active:
            href = search_url(_without(parsed, after=None, before=None), mode=mode)
        elif parsed.after is not None or parsed.before is not None:
            href = search_url(_without(parsed, after=start, before=end), mode=mode)
        else:
            href = search_url(_append(q, f"after:{start.isoformat()} before:{end.isoformat()}"), mode=mode)
        months.append({"label": month_label(value), "count": count, "href": href, "active": active})
    groups.append({"name": "month", "title": "Month", "items": months})
    groups.append({"name": "speaker", "title": "Who is quoted",
                   "items": _name_items(q, parsed, "speaker", facets.get("speaker", []), mode)})
    groups.append({"name": "entity", "title": "Mentions",
                   "items": _name_items(q, parsed, "entity", facets.get("entity", []), mode)})
    return [g for g in groups if g["items"]]


def _name_items(
    q: str, parsed: ParsedQuery, field: str, values: list[tuple[str, int]], mode: str = DEFAULT_MODE
) -> list[dict[str, Any]]:
    """Speaker or entity facet values: a click adds `speaker:"Full Name"`, again removes it."""
    items = []
    for value, count in values:
        if not value.strip():
            continue
        match = next((f for f in parsed.filters
                      if f.field == field and not f.negated and _same(f.value, value)), None)
        if match is not None:
            href = _dropping(parsed, match, mode)
        else:
            href = search_url(_append(q, f"{field}:{_quote(value)}"), mode=mode)
        items.append({"label": value, "count": count, "href": href, "active": match is not None})
    return items


def page_links(total: int, offset: int, q: str, sort: str, collapse: bool = True,
               mode: str = DEFAULT_MODE) -> dict[str, Any]:
    reachable = min(total, MAX_OFFSET + PAGE_SIZE)
    pages = max(1, -(-reachable // PAGE_SIZE))
    current = offset // PAGE_SIZE + 1
    first = max(1, min(current - PAGE_LINKS // 2, pages - PAGE_LINKS + 1))
    last = min(pages, first + PAGE_LINKS - 1)
    numbers = [{"number": n, "href": search_url(q, sort, (n - 1) * PAGE_SIZE, collapse, mode=mode),
                "current": n == current} for n in range(first, last + 1)]
    return {
        "pages": pages,
        "current": current,
        "numbers": numbers,
        "prev": search_url(q, sort, offset - PAGE_SIZE, collapse, mode=mode) if current > 1 else None,
        "next": search_url(q, sort, offset + PAGE_SIZE, collapse, mode=mode) if current < pages else None,
    }


def hit_view(hit: Any) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title or "(untitled)",
        "href": f"/article/{hit.id}",
        "original": safe_url(hit.url),
        "shown_url": display_url(hit.url),
        "source": hit.source,
        "published": hit.published,
        "lang": lang_code(hit.language),
        "snippet": snippet_html(hit.snippet, hit.highlights),
        "duplicate_ids": list(getattr(hit, "duplicates", None) or []),
        "story_id": getattr(hit, "story_id", None),
        "speakers": list(getattr(hit, "speakers", None) or []),
    }


RANKED_BY = {"semantic": "Ranked by meaning", "hybrid": "Ranked by words and meaning"}


def results_line(total: int, took_ms: float, mode: str = DEFAULT_MODE) -> str:
    """'1,234 results (0.01 s)'; a very fast search shows three decimals rather than 0.00.

    By meaning, 'Ranked by meaning (0.05 s)': every article is some distance from the query, so
    a count would only be how deep the ranking was read.
    """
    seconds = max(took_ms, 0.0) / 1000
    took = f"{seconds:.2f} s" if seconds >= 0.01 else f"{seconds:.3f} s"
    if mode in RANKED_BY:
        return f"{RANKED_BY[mode]} ({took})"
    noun = "result" if total == 1 else "results"
    return f"{total:,} {noun} ({took})"


_SENTENCE_END = ".!?…\"'”’»)]"


def snippet_html(snippet: str, highlights: list[tuple[int, int]]) -> Markup:
    """The highlighted snippet with an ellipsis where it visibly cuts into a sentence."""
    text = snippet or ""
    html = highlight(text, highlights)
    if not text.strip():
        return html
    if text[0].islower():
        html = Markup("…") + html
    if text.rstrip()[-1] not in _SENTENCE_END:
        html = html + Markup("…")
    return html


# ---------------------------------------------------------------- catalog figures for the home page


def catalog_overview(state: ServerState, top: int = 8) -> dict[str, Any]:
    """How many articles and which sources; zeros when there is no catalog yet."""
    if state.shards is not None:
        return shard_mode.overview(state)
    if not state.home.catalog_path.exists():
        return {"articles": 0, "source_count": 0, "sources": []}
    try:
        with state.catalog() as conn:
            count, source_count = conn.execute(
                "SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
            sources = conn.execute(
                "SELECT source, count(*) AS n FROM articles GROUP BY source ORDER BY n DESC, source LIMIT ?",
                (top,),
            ).fetchall()
    except (sqlite3.Error, NewsdigError) as err:
        log.warning("cannot read the catalog: %s", err)
        return {"articles": 0, "source_count": 0, "sources": []}
    return {"articles": int(count), "source_count": int(source_count),
            "sources": [{"label": s[0], "count": s[1], "href": search_url(f"source:{_quote(s[0])}")}
                        for s in sources if s[0]]}


def _examples(state: ServerState) -> list[str]:
    if not getattr(state, "sample", False):
        return []
    try:
        from newsdig.demo import EXAMPLE_QUERIES
    except ImportError:
        return []
    return list(EXAMPLE_QUERIES)


# ---------------------------------------------------------------- routes


MODE_UNAVAILABLE = "Search by meaning is not available on this server: these results match words."
MODE_FAILED = "Search by meaning failed just now: these results match words."


def _semantic_ready(state: ServerState) -> bool:
    """Whether the form offers search modes: semantic search can answer on this home."""
    if state.shards is not None:
        return False  # no vectors in index shards
    try:
        why = semantic_available(state.home)
    except Exception as err:  # an optional feature must never take the page down
        why = str(err)
    if why is not None:
        log.debug("search modes not offered: %s", why)
    return why is None


def _page(state: ServerState, query: str, start: int, sort_by: str, folded: bool, mode: str
          ) -> tuple[SearchResult, int, int]:
    """(result, start, how many results pagination may count on) of one page in `mode`.

    Past the end, the last page. By meaning a ranking has no natural end (`search_mode` counts
    only what it ranked), so one hit more than the page is asked for: it says whether a next
    page exists, and pagination goes one page past the current one.
    """
    searcher = state.searcher

    def run(offset: int) -> SearchResult:
        if mode == DEFAULT_MODE:
            return searcher.search(query, limit=PAGE_SIZE, offset=offset, sort=sort_by, collapse=folded)
        return run_search_mode(state.home, searcher, query, mode, PAGE_SIZE + 1, offset, collapse=folded)

    result = run(start)
    if not result.hits and result.total > 0 and start > 0:  # past the end: the last page
        start = min(parse_offset((result.total - 1) // PAGE_SIZE * PAGE_SIZE), MAX_OFFSET)
        result = run(start)
    if mode == DEFAULT_MODE:
        return result, start, result.total
    more = len(result.hits) > PAGE_SIZE
    result = dataclasses.replace(result, hits=result.hits[:PAGE_SIZE])
    return result, start, start + len(result.hits) + int(more)


def _carry_mode(hits: list[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """pages_enrich builds its results links (who is quoted, every copy) without a mode: add it."""
    if mode != DEFAULT_MODE:
        for hit in hits:
            for who in hit.get("quoted") or ():
                who["href"] = with_mode(who["href"], mode)
            if hit.get("copies_href"):
                hit["copies_href"] = with_mode(hit["copies_href"], mode)
    return hits


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", offset: str = "", sort: str = "",
                collapse: str = "", mode: str = "") -> Response:
    """Home (no query) or one page of results, facets and pagination."""
    check_query_length(q)
    state = _state(request)
    sort_by, start, folded = parse_sort(sort), parse_offset(offset), parse_collapse(collapse)
    # Keyword by default, as /api/search and `newsdig search`: the same query gives the same
    # results everywhere unless the reader picks another mode. A mode this home cannot run is
    # dropped (with a notice), so shared links keep working on a server without vectors.
    ready = _semantic_ready(state)
    requested = parse_mode(mode)
    chosen = requested if ready else DEFAULT_MODE
    notice = MODE_UNAVAILABLE if requested != chosen else None
    if chosen != DEFAULT_MODE:
        sort_by = "relevance"  # a ranking by meaning has no date order; the sort links are hidden
    modes = {"search_modes": SEARCH_MODES if ready else (), "search_mode": chosen}
    query = q.strip()
    if not query:
        overview = catalog_overview(state)
        return render(request, "search.html", {
            "mode": "home", "overview": overview, "examples": _examples(state), **modes,
        })

    parsed = parse_query(query)
    feed = feed_url(query) if state.shards is None else None  # feeds read the catalog
    context: dict[str, Any] = {
        "q": query, "sort": sort_by, "title": f"{query} – newsdig",
        "feed_link": feed, "collapse": folded, **modes,
    }
    try:
        try:
            result, start, known = _page(state, query, start, sort_by, folded, chosen)
        except Exception as err:  # by meaning failed: words still answer
            if chosen == DEFAULT_MODE:
                raise
            log.warning("search by %s failed, answering by keyword: %s", chosen, err)
            chosen, notice = DEFAULT_MODE, MODE_FAILED
            context["search_mode"] = chosen
            result, start, known = _page(state, query, start, sort_by, folded, chosen)
    except NewsdigError as err:
        overview = catalog_overview(state)
        if overview["articles"] == 0:
            return render(request, "search.html", {**context, "mode": "home", "overview": overview,
                                                   "examples": []})
        log.warning("search failed: %s", err)
        advice = "try `newsdig reindex`" if state.shards is None else "the shards may need building again"
        return render(request, "message.html", {
            **context, "heading": "Search is unavailable", "message": f"{err} — {advice}.",
        }, status_code=503)

    suggestion = getattr(result, "suggestion", None)
    if not isinstance(suggestion, str) or not suggestion.strip() or suggestion.strip() == query:
        suggestion = None
    hits = pages_enrich.with_enrichment(state, query, [hit_view(hit) for hit in result.hits])
    if state.shards is not None:
        hits = shard_mode.with_links(state, hits)
    context.update({
        "mode": "results",
        "result": result,
        "results_line": results_line(result.total, result.took_ms, chosen),
        "open_ended": chosen != DEFAULT_MODE,
        "mode_notice": notice,
        "hits": _carry_mode(hits, chosen),
        "first_shown": start + 1,
        "facets": facet_groups(query, parsed, result.facets, chosen),
        "chips": active_filters(parsed, chosen),
        "clear_filters": (search_url(_without(parsed, filters=(), after=None, before=None), mode=chosen)
                          if parsed.has_filters and parsed.groups else None),
        "warnings": list(parsed.warnings),
        "pagination": page_links(known, start, query, sort_by, folded, chosen),
        "sort_links": {name: search_url(query, name, collapse=folded) for name in SORTS},
        "collapse_toggle": search_url(query, sort_by, collapse=not folded, mode=chosen),
        "suggestion": suggestion,
        "relaxed": bool(getattr(result, "relaxed", False)),
        "suggestion_url": (search_url(suggestion, sort_by, collapse=folded, mode=chosen)
                           if suggestion else None),
        "feed_href": feed,
    })
    return render(request, "search.html", context)


def _help_examples(state: ServerState) -> dict[str, str]:
    """site: and source: examples taken from this archive, so they find something."""
    examples = {"site": "northwindtimes.com", "source": "Eastern Ledger"}
    if not state.home.catalog_path.exists():
        return examples
    try:
        with state.catalog() as conn:
            top = conn.execute(
                "SELECT source, count(*) AS n FROM articles GROUP BY source ORDER BY n DESC LIMIT 1"
            ).fetchone()
            urls = conn.execute(
                "SELECT url FROM articles WHERE url LIKE 'http%' AND source = ? LIMIT 1",
                (top[0] if top else "",),
            ).fetchone()
    except (sqlite3.Error, NewsdigError):
        return examples
    if top and top[0]:
        examples["source"] = " ".join(top[0].replace('"', " ").split())
    host = urlsplit(urls[0]).hostname if urls else None
    if host:
        examples["site"] = host.removeprefix("www.")
    return examples


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> Response:
    return render(request, "help.html", {
        "title": "Search help – newsdig", "ex": _help_examples(_state(request)),
    })


def _similar(state: ServerState, article_id: str) -> tuple[str, list[dict[str, Any]]]:
    """(method, hits) of 'More like this': by meaning when the article is embedded, else by
    shared terms (`similar_hits`); nothing when the similarity module is missing or fails."""
    try:
        from newsdig.search.similar import similar_hits
    except ImportError:
        return "terms", []
    try:
        method, hits = similar_hits(state.home, state.searcher, article_id, limit=SIMILAR_LIMIT)
    except Exception as err:  # an optional box must never take the page down
        log.warning("more like this failed for %s: %s", article_id, err)
        return "terms", []
    return method, [hit_view(hit) for hit in hits if getattr(hit, "id", None) != article_id]


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    state = _state(request)
    record = None
    if state.home.catalog_path.exists():
        try:
            with state.catalog() as conn:
                row = get_article(conn, article_id)
                if row is not None:
                    record = article_record(row, aliases_of(conn, row["id"]))
        except (sqlite3.Error, NewsdigError) as err:
            log.warning("cannot read the catalog: %s", err)
    if record is None:
        return render(request, "not_found.html", {
            "title": "Article not found – newsdig", "missing": article_id,
        }, status_code=404)
    text = str(record.get("text") or "")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    canonical = str(record.get("canonical_url") or "")
    url = str(record.get("url") or "")
    aliases = [{"url": a, "href": safe_url(a)} for a in record.get("aliases") or []]  # type: ignore[attr-defined]
    if url and url != canonical:
        aliases.insert(0, {"url": url, "href": safe_url(url), "fetched": True})
    article = {
        **record,
        "title": record.get("title") or "(untitled)",
        "paragraphs": paragraphs,
        "original": safe_url(canonical) or safe_url(url),
        "shown_url": display_url(canonical or url),
        "lang": lang_code(record.get("language")),  # type: ignore[arg-type]
        "copies": aliases,
    }
    similar_method, similar = _similar(state, str(record["id"]))
    return render(request, "article.html", {
        "title": f"{article['title']} – newsdig",
        "article": article,
        "similar": similar,
        "similar_method": similar_method,
        "enrichment": pages_enrich.article_enrichment(state, str(record["id"])),
    })


def html_error(request: Request, status: int, message: str) -> Response:
    """An error as a page, for browsers (the hook `serve.errors` calls via `app.state.html_error`)."""
    if status == 404:
        return render(request, "not_found.html", {
            "title": "Page not found – newsdig", "missing": None, "message": message,
        }, status_code=404)
    heading = "Something went wrong" if status >= 500 else "That request did not work"
    if status == 501:
        heading = "Not available on this server"
    return render(request, "message.html", {
        "title": f"{heading} – newsdig", "heading": heading, "message": message, "status": status,
    }, status_code=status)


# Last: pages_enrich uses the helpers above and adds the story and quote pages to `router`.
from newsdig.serve import pages_enrich  # noqa: E402
