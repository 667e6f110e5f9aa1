"""The enrich stage's commands: enrich, quotes, claims, stories, story, entities.

Registered on the main `app` by importing this module from cli.py. `follow_with_enrichment`
is what `add` and `crawl` call after importing, so new articles get their copies, stories,
entities and quotes without a second command.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsdig.cli import _existing_home, _print_json, app, err, out
from newsdig.errors import NewsdigError

if TYPE_CHECKING:
    from newsdig.enrich.pipeline import EnrichSummary
    from newsdig.home import Home

_SINCE = re.compile(r"(\d+)\s*([dwmy])")
_SINCE_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_since(value: str | None, today: date | None = None) -> str | None:
    """`7d`, `2w`, `3m`, `1y` or an ISO date -> an ISO date lower bound (None for None)."""
    if value is None:
        return None
    text = value.strip().lower()
    match = _SINCE.fullmatch(text)
    if match:
        today = today or datetime.now(UTC).date()
        return (today - timedelta(days=int(match.group(1)) * _SINCE_DAYS[match.group(2)])).isoformat()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise NewsdigError(f"--since {value!r}: use 7d, 2w, 3m, 1y or a date YYYY-MM-DD") from None


def run_enrich_with_progress(home: Home, *, everything: bool, jobs: int, show: bool,
                             use_model: bool = True) -> EnrichSummary:
    from newsdig.enrich.pipeline import enrich_home

    progress = Progress(TextColumn("[bold]enriching"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("articles"), TimeRemainingColumn(), console=err,
                        disable=not show, transient=True)
    with progress:
        task = progress.add_task("enrich", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return enrich_home(home, everything=everything, jobs=jobs, progress=update, use_model=use_model)


def print_enrich_summary(data: dict[str, Any]) -> None:
    if not data["pending"]:
        out.print("enrichment: nothing pending")
        return
    rate = f" ({data['articles_per_second']:.1f}/s)" if data.get("articles_per_second") else ""
    out.print(
        f"enriched {data['enriched']:,} articles{rate}: {data['quotes']:,} quotes, "
        f"{data['entities']:,} entities, {data['copies']:,} near-duplicates, "
        f"{data['new_stories']:,} new stories, {data['joined_stories']:,} joined existing ones"
        + (f"; {data['partial']:,} without language analysis" if data["partial"] else "")
        + (f"; [red]{data['failed']:,} failed[/]" if data["failed"] else "")
    )
    if data.get("model_error"):
        err.print(f"[yellow]entities and quotes skipped: {data['model_error']}[/]")
    for item in data["errors"][:3]:
        err.print(f"[red]  {item['id']}: {item['error']}[/]")


def follow_with_enrichment(home: Home, *, quiet: bool) -> dict[str, Any] | None:
    """After add/crawl: enrich what is new, unless turned off ($NEWSDIG_ENRICH=0)."""
    from newsdig.enrich.pipeline import auto_enrich_enabled
    from newsdig.ingest import default_jobs

    if not auto_enrich_enabled():
        return None
    summary = run_enrich_with_progress(home, everything=False, jobs=default_jobs(),
                                       show=not quiet and err.is_terminal)
    return summary.as_dict()


@app.command()
def enrich(
    everything: Annotated[bool, typer.Option("--all", help="Redo every article (e.g. after a model "
                                                           "upgrade), not only pending ones.")] = False,
    jobs: Annotated[int, typer.Option(help="Language-analysis processes (0 = one per core).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Find copies, stories, entities and who said what in pending articles (add and crawl run it too)."""
    from newsdig.ingest import default_jobs

    home = _existing_home()
    summary = run_enrich_with_progress(home, everything=everything, jobs=jobs or default_jobs(),
                                       show=not quiet and not as_json and err.is_terminal)
    data = summary.as_dict()
    if as_json:
        _print_json(data)
    else:
        print_enrich_summary(data)


def _reader():  # type: ignore[no-untyped-def]
    from newsdig.catalog.db import connect

    return connect(_existing_home().catalog_path, readonly=True)


@app.command()
def quotes(
    words: Annotated[str | None, typer.Argument(help="Words of the statement (optional).")] = None,
    speaker: Annotated[str | None, typer.Option(help="Who said it: any part of the name.")] = None,
    stance: Annotated[str | None, typer.Option(help="states, claims, denies, confirms, warns, …")] = None,
    article: Annotated[str | None, typer.Option(help="Only in this article (id).")] = None,
    since: Annotated[str | None, typer.Option(help="Articles since: 7d, 2w, 3m, 1y or YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Every attributed statement (quotes and reported claims), oldest first, with its article."""
    from newsdig.catalog.quotes import find_quotes

    total, found = find_quotes(_reader(), speaker=speaker, words=words, stance=stance, article_id=article,
                               since=parse_since(since), limit=limit, offset=offset)
    if as_json:
        _print_json({"total": total, "quotes": found})
        return
    from newsdig.console_enrich import print_quotes

    print_quotes(out, total, found)


@app.command()
def claims(
    query: Annotated[str, typer.Argument(help="A figure and/or words, e.g. '11,000 troops'.")],
    limit: Annotated[int, typer.Option(min=1, max=500)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Who stated this figure or claim, when, and in which outlets (oldest first)."""
    from newsdig.catalog.quotes import find_claims

    report = find_claims(_reader(), query, limit=limit)
    if as_json:
        _print_json(report.as_dict())
        return
    from newsdig.console_enrich import print_claims

    print_claims(out, report.as_dict())


@app.command()
def stories(
    since: Annotated[str | None, typer.Option(help="Active since: 7d, 2w, 3m, 1y or YYYY-MM-DD.")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Only stories with this many "
                                                                    "articles.")] = 2,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Story clusters across outlets, biggest first."""
    from newsdig.catalog.stories import count_stories, list_stories

    conn = _reader()
    bound = parse_since(since)
    found = list_stories(conn, since=bound, limit=limit, offset=offset, min_size=min_size)
    data = {"total": count_stories(conn, since=bound, min_size=min_size),
            "stories": [s.as_dict() for s in found]}
    if as_json:
        _print_json(data)
        return
    from newsdig.console_enrich import print_stories

    print_stories(out, data)


@app.command()
def story(
    story_id: Annotated[int, typer.Argument(help="Story id (from `newsdig stories` or a search hit).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """One story: timeline, outlets, speakers and their claims."""
    from newsdig.catalog.stories import get_story

    found = get_story(_reader(), story_id)
    if found is None:
        raise NewsdigError(f"no story {story_id}: list them with `newsdig stories`")
    data = found.as_dict()
    if as_json:
        _print_json(data)
        return
    from newsdig.console_enrich import print_story

    print_story(out, data)


@app.command()
def entities(
    prefix: Annotated[str | None, typer.Argument(help="Names starting with this (optional).")] = None,
    kind: Annotated[str | None, typer.Option(help="person, org, place or group.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """People, organisations and places, by the number of articles naming them."""
    from newsdig.catalog.quotes import top_entities

    found = top_entities(_reader(), kind=kind, prefix=prefix, limit=limit)
    if as_json:
        _print_json({"entities": found})
        return
    for item in found:
        roles = f"  [dim]{', '.join(item['roles'][:2])}[/]" if item["roles"] else ""
        out.print(f"{item['articles']:>6,}  {item['name']}  [dim]{item['kind']}[/]{roles}")
