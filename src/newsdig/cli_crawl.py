"""The crawler's commands (`source add/list`, `crawl`, `watch`), registered on the main app.

Apart from cli.py so each file stays about one concern; the thin-command rule is the same.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from newsdig.cli import _home, _print_json, app, err, out
from newsdig.errors import HomeError, write_failure_hint

source_app = typer.Typer(help="Sites and feeds to crawl: add them, list them.", no_args_is_help=True)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    url: Annotated[str, typer.Argument(help="A site's home page, or a feed or sitemap URL.")],
    name: Annotated[str | None, typer.Option(help="Name shown for the source (default: its host).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow private, loopback and "
                                                "link-local addresses (tests, intranets).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Add a source: discover its feeds and sitemaps (home page links, robots.txt, /sitemap.xml)."""
    import asyncio

    from newsdig.acquire.discover import discover_site, open_fetcher
    from newsdig.acquire.safety import check_url
    from newsdig.catalog.db import connect
    from newsdig.catalog.sources import add_source, set_endpoints, source_url

    stored = source_url(url)
    check_url(stored, allow_private)  # refuse before any request is made

    async def run():
        async with open_fetcher(allow_private) as fetcher:
            return await discover_site(fetcher, stored)

    found = asyncio.run(run())
    home = _home().ensure()
    conn = connect(home.catalog_path)
    try:
        source_id = add_source(conn, stored, name, allow_private)
        pages = [] if found.found else [found.page or stored]
        elsewhere = set_endpoints(conn, source_id, found.feeds, found.sitemaps, pages)
        row = conn.execute("SELECT name FROM sources WHERE id = ?", (source_id,)).fetchone()
    except sqlite3.Error as error:  # a full disk, most often
        raise HomeError(f"cannot save the source in the catalog in {home.root}: {error}"
                        f"{write_failure_hint(home.root, error)}; the rest of the catalog is kept: run the "
                        "command again once there is room") from error
    finally:
        conn.close()
    data = {"id": source_id, "name": row["name"], "url": stored, "feeds": found.feeds,
            "sitemaps": found.sitemaps, "pages": pages, "problems": found.errors,
            "owned_by_other_sources": elsewhere}
    if as_json:
        _print_json(data)
        return
    out.print(f"source [bold]{data['name']}[/] ({stored}) saved as #{source_id}")
    for label, urls in (("feed", found.feeds), ("sitemap", found.sitemaps)):
        for endpoint in urls:
            out.print(f"  {label:8} {endpoint}")
    if not found.found:
        out.print("[yellow]no feeds or sitemaps found[/] (looked at the page's <link rel=alternate>, "
                  "robots.txt and /sitemap.xml); the page itself will be checked on each crawl")
    for problem in found.errors:
        err.print(f"[dim]  {problem}[/]")
    for endpoint in elsewhere:
        err.print(f"[yellow]  {endpoint} is already crawled for another source; it stays there[/]")


@source_app.command("list")
def source_list(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List sources with their feeds and sitemaps, last crawl, articles, errors and queue."""
    from rich.table import Table

    from newsdig.catalog.db import connect
    from newsdig.catalog.sources import list_sources

    home = _home()
    if not home.exists():
        sources: list[dict] = []
    else:
        conn = connect(home.catalog_path)
        try:
            sources = list_sources(conn)
        finally:
            conn.close()
    if as_json:
        _print_json(sources)
        return
    if not sources:
        out.print("no sources yet: add one with `newsdig source add URL`")
        return
    table = Table(show_lines=False)
    numeric = ("#", "articles", "errors", "queued")
    columns = ("#", "name", "feeds / sitemaps", "last crawl", "articles", "errors", "queued", "next crawl")
    for column in columns:
        table.add_column(column, justify="right" if column in numeric else "left")
    for s in sources:
        endpoints = "\n".join([f"feed {u}" for u in s["feeds"]] + [f"sitemap {u}" for u in s["sitemaps"]]
                              + [f"page {u}" for u in s["pages"]]) or "-"
        errors = str(s["errors"]) + (f" ({s['last_error']})" if s["last_error"] else "")
        table.add_row(str(s["id"]), f"{s['name']}\n[dim]{s['url']}[/]", endpoints,
                      s["last_crawl"] or "never", f"{s['articles']:,}", errors, f"{s['queued']:,}",
                      s["next_crawl"] or "-")
    out.print(table)


ALLOW_PRIVATE_ENV = "NEWSDIG_ALLOW_PRIVATE"


def _crawl_display(every: float = 0.25) -> tuple[Any, Any]:
    """A rich Live panel (per-host queues, fetched, new articles, errors) and its update callback."""
    import time

    from rich.live import Live
    from rich.table import Table

    last = [0.0]

    def render(p: Any) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_row("[bold]crawling[/]", f"fetched {p.fetched:,}", f"new {p.new_articles:,}",
                      f"updated {p.updated:,}", f"skipped {p.skipped:,}",
                      f"[red]errors {p.errors:,}[/]" if p.errors else "errors 0")
        for host, count in sorted(p.queued.items(), key=lambda kv: -kv[1])[:8]:
            table.add_row("", f"[dim]{host}[/]", f"{count:,} queued", "", "", "")
        if p.current:
            table.add_row("", f"[dim]{p.current[:100]}[/]", "", "", "", "")
        return table

    live = Live(console=err, transient=True, refresh_per_second=4)

    def update(p: Any) -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            live.update(render(p))

    return live, update


def _print_crawl_summary(data: dict[str, Any]) -> None:
    out.print(f"crawled {data['fetched']:,} pages from {data['hosts']} hosts in {data['seconds']:.0f} s: "
              f"[bold]{data['new_articles']:,} new[/], {data['updated']:,} updated, "
              f"{data['duplicates']:,} duplicates, {data['not_modified']:,} feeds/sitemaps unchanged; "
              f"{data['queued']:,} URLs still queued")
    if not data["sources"] and not data["fetched"] and not data["queued"]:
        err.print("[dim]no sources to crawl yet: add one with `newsdig source add URL`[/]")
    for label, counts in (("skipped", data["skipped"]), ("errors", data["errors"])):
        if counts:
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            shown = ", ".join(f"{reason} {n:,}" for reason, n in ranked)
            out.print(f"  {label}: {shown}")


def _run_crawl(as_json: bool, quiet: bool = False, **options: Any) -> dict[str, Any]:
    from newsdig.acquire.crawler import crawl as run_crawl

    home = _home()
    show = not as_json and not quiet and err.is_terminal
    if show:
        live, update = _crawl_display()
        with live:
            summary = run_crawl(home, on_progress=update, **options)
    else:
        summary = run_crawl(home, **options)
    return summary.as_dict()


@app.command()
def crawl(
    once: Annotated[bool, typer.Option("--once", help="One pass: retries due later than a minute wait "
                                                      "for the next crawl.")] = False,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help="Stop after N fetches.")] = None,
    since: Annotated[str | None, typer.Option(help="Skip articles published before this date (YYYY-MM-DD).")
                     ] = None,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", envvar=ALLOW_PRIVATE_ENV,
        help="Also fetch private, loopback and link-local addresses (tests, intranets).")] = False,
    url: Annotated[list[str] | None, typer.Option("--url", help="Fetch this page only (repeatable).")] = None,
    delay: Annotated[float | None, typer.Option(
        min=0, help="Seconds between requests to one host (default 1, or $NEWSDIG_CRAWL_DELAY).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip enrichment now.")] = False,
) -> None:
    """Fetch new articles from every source (or --url pages) politely, store, index and enrich them."""
    data = _run_crawl(as_json, once=once, max_pages=max_pages, since=since, allow_private=allow_private,
                      urls=url or None, delay=delay)
    data["enrichment"] = None if no_enrich else _enrich_after_crawl(data, quiet=as_json)
    if as_json:
        _print_json(data)
    else:
        _print_crawl_summary(data)
        if data["enrichment"]:
            from newsdig.cli_enrich import print_enrich_summary
            print_enrich_summary(data["enrichment"])


def _enrich_after_crawl(data: dict[str, Any], quiet: bool) -> dict[str, Any] | None:
    if not (data.get("new_articles") or data.get("updated")):
        return None
    from newsdig.cli_enrich import follow_with_enrichment
    return follow_with_enrichment(_home(), quiet=quiet)


@app.command()
def watch(
    every: Annotated[str, typer.Option(help="Interval between crawls: 30s, 15m, 2h.")] = "15m",
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", envvar=ALLOW_PRIVATE_ENV,
        help="Also fetch private, loopback and link-local addresses (tests, intranets).")] = False,
    delay: Annotated[float | None, typer.Option(min=0, help="Seconds between requests to one host.")] = None,
) -> None:
    """Crawl every source again and again, every --every, until Ctrl+C."""
    import time

    from newsdig.acquire.crawler import parse_every

    interval = parse_every(every)
    try:
        while True:
            started = time.monotonic()
            try:
                data = _run_crawl(False, once=True, allow_private=allow_private, delay=delay,
                                  next_crawl_in=interval)
                _print_crawl_summary(data)
                enrichment = _enrich_after_crawl(data, quiet=False)
                if enrichment:
                    from newsdig.cli_enrich import print_enrich_summary
                    print_enrich_summary(enrichment)
            except HomeError as busy:  # another writer: try again next time
                err.print(f"[yellow]{busy}[/]")
            left = interval - (time.monotonic() - started)
            if left > 0:
                err.print(f"[dim]next crawl in {left:.0f} s (Ctrl+C to stop)[/]")
                time.sleep(left)
    except KeyboardInterrupt:
        err.print("watch stopped; everything committed so far is kept")
