"""The `newsdig` command: thin commands, each calling one function of a stage."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from newsdig import __version__
from newsdig.errors import HomeBusyError, HomeError, IndexError_, NewsdigError
from newsdig.home import Home, resolve_home, writer_lock

app = typer.Typer(
    name="newsdig",
    help="A self-hosted news search engine that also tells you who said what.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class State:
    home_flag: str | None = None


def _home() -> Home:
    return resolve_home(State.home_flag)


def _existing_home() -> Home:
    home = _home()
    if not home.exists():
        raise HomeError(f"no newsdig home at {home.root} yet: add articles with `newsdig add PATH`")
    return home


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _version(value: bool) -> None:
    if value:
        out.print(f"newsdig {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    home: Annotated[str | None, typer.Option("--home", help="Home directory (else $NEWSDIG_HOME, "
                                             "else the platform data dir).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version.")] = False,
) -> None:
    State.home_flag = home


@app.command()
def add(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin: "
                                                    "HTML, .gz, WARC/WARC.gz, JSONL, plain-text captures, "
                                                    "Parquet articles of `newsdig spark ingest`.")],
    source: Annotated[str | None, typer.Option(help="Source name for captures that carry no URL.")] = None,
    jobs: Annotated[int, typer.Option(help="Extraction processes (0 = one per core).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip enrichment now (run `newsdig "
                                                                "enrich` later).")] = False,
) -> None:
    """Import news pages into the catalog and index, then enrich them."""
    from newsdig.acquire.files import total_input_bytes
    from newsdig.ingest import add_paths, default_jobs

    home = _home()
    stdin = sys.stdin.buffer if "-" in paths else None
    total = total_input_bytes([p for p in paths if p != "-"])
    show = not quiet and not as_json and err.is_terminal
    progress = Progress(TextColumn("[bold]importing"), BarColumn(), DownloadColumn(),
                        TransferSpeedColumn(), TextColumn("{task.fields[articles]} articles"),
                        TimeRemainingColumn(), console=err, disable=not show, transient=True)
    with progress:
        task = progress.add_task("import", total=total or None, articles=0)
        summary = add_paths(
            home, paths, stdin=stdin, source=source, jobs=jobs or default_jobs(),
            on_item=lambda s: progress.update(task, articles=s.added + s.updated),
            on_bytes=lambda n: progress.update(task, completed=n),
        )
    data = summary.as_dict()
    enrichment = None
    changed = summary.added or summary.updated or summary.retemplated
    if not no_enrich and (changed or _enrichment_behind(home)):
        from newsdig.cli_enrich import follow_with_enrichment
        enrichment = follow_with_enrichment(home, quiet=quiet or as_json)
    data["enrichment"] = enrichment
    if as_json:
        _print_json(data)
    else:
        from newsdig.console import print_summary
        print_summary(out, data)
        if enrichment:
            from newsdig.cli_enrich import print_enrich_summary
            print_enrich_summary(enrichment)


def _enrichment_behind(home: Home) -> bool:
    """Articles an earlier run stored but never enriched (killed during its enrichment): the same
    `add` again resumes it, as it resumes the import."""
    from newsdig.catalog.db import connect
    from newsdig.catalog.enrichment import enrichment_behind

    conn = connect(home.catalog_path)
    try:
        return enrichment_behind(conn)
    finally:
        conn.close()


def _catch_up_quietly(home: Home) -> None:
    """Apply changes a crashed writer left behind, unless a writer is busy right now."""
    from newsdig.catalog.db import connect
    from newsdig.index.sync import catch_up

    try:
        with writer_lock(home):
            conn = connect(home.catalog_path)
            try:
                state, count = catch_up(conn, home.index_dir)
            finally:
                conn.close()
    except HomeBusyError:
        return  # the writer at work brings the index up itself
    except HomeError as problem:  # a full disk, most often: say so, search what the index has
        from rich.markup import escape

        err.print(f"[yellow]the index could not catch up with the catalog, results may miss the "
                  f"latest articles: {escape(str(problem))}[/]", soft_wrap=True)
        return
    if state != "current" and count:
        err.print(f"[dim]index caught up with the catalog ({state}, {count} articles)[/]")


def _rebuild_unusable_index(home: Home, problem: IndexError_) -> None:
    """The index is derived data: when it is damaged, say so and rebuild it from the catalog."""
    from newsdig.catalog.db import connect
    from newsdig.index.sync import rebuild

    err.print(f"[yellow]the search index is unusable ({problem}); rebuilding it from the catalog[/]")
    with writer_lock(home):  # a busy writer gets its clear message rather than a silent wait
        conn = connect(home.catalog_path)
        try:
            count = rebuild(conn, home.index_dir)
        finally:
            conn.close()
    err.print(f"[dim]index rebuilt: {count:,} articles[/]")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Query: words, "phrase", -word, OR, site:, source:, '
                                              "after:, before:, lang:, intitle:, speaker:, entity:")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Results per page.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many results.")] = 0,
    sort: Annotated[str, typer.Option(help="relevance or date.")] = "relevance",
    no_collapse: Annotated[bool, typer.Option("--no-collapse", help="Show near-duplicate copies too "
                                                                    "(folded under one hit by default).")
                           ] = False,
    mode: Annotated[str, typer.Option(help="keyword, semantic or hybrid (the last two need "
                                           "`pip install 'newsdig[semantic]'` and `newsdig embed`).")
                    ] = "keyword",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Search the articles."""
    from newsdig.index.reader import looks_damaged
    from newsdig.search.engine import search as run_search

    if sort not in ("relevance", "date"):
        raise NewsdigError("--sort must be 'relevance' or 'date'")
    home = _existing_home()
    _catch_up_quietly(home)
    if mode not in ("keyword", "semantic", "hybrid"):
        raise NewsdigError("--mode must be 'keyword', 'semantic' or 'hybrid'")
    if mode != "keyword":
        found = _search_by_meaning(home, query, mode, limit, offset, collapse=not no_collapse)
    else:
        try:
            found = run_search(home.index_dir, query, limit=limit, offset=offset, sort=sort,
                               collapse=not no_collapse)
        except BaseException as problem:  # unusable: IndexError_, or a damaged segment (ValueError, panic)
            if not isinstance(problem, IndexError_) and not looks_damaged(problem):
                raise
            _rebuild_unusable_index(home, problem if isinstance(problem, IndexError_)
                                    else IndexError_(f"a segment is damaged: {problem}"))
            found = run_search(home.index_dir, query, limit=limit, offset=offset, sort=sort,
                               collapse=not no_collapse)
    result = found.as_dict()
    if as_json:
        _print_json(result)
    else:
        from newsdig.console import print_results
        print_results(out, result, offset=offset)


def _search_by_meaning(home: Home, query: str, mode: str, limit: int, offset: int, *, collapse: bool
                       ) -> Any:
    """semantic / hybrid search (the optional `[semantic]` extra); a clear error when it cannot run."""
    from newsdig.search.engine import Searcher
    from newsdig.search.modes import search_mode
    from newsdig.search.semantic import semantic_available

    why = semantic_available(home)
    if why is not None:
        raise NewsdigError(f"--mode {mode} is not available: {why}")
    return search_mode(home, Searcher(home.index_dir), query, mode, limit, offset, collapse=collapse)


@app.command()
def show(
    article: Annotated[str, typer.Argument(help="Article id (or a unique prefix, or its URL).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole record as JSON.")] = False,
) -> None:
    """Show one stored article: metadata and clean text."""
    from newsdig.catalog.articles import aliases_of, article_record, get_article
    from newsdig.catalog.db import connect

    home = _existing_home()
    conn = connect(home.catalog_path, readonly=True)
    row = get_article(conn, article)
    if row is None:
        raise NewsdigError(f"no article with id, id prefix or URL {article!r}")
    record = article_record(row, aliases_of(conn, row["id"]))
    if as_json:
        _print_json(record)
    else:
        from newsdig.console import print_article
        print_article(out, record)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An HTML page (.html/.gz) or a plain-text capture.")],
    url: Annotated[str | None, typer.Option(help="The page's URL (for canonical URL and source).")] = None,
    source: Annotated[str | None, typer.Option(help="Source name when there is no URL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the extraction as JSON.")] = False,
) -> None:
    """Print what newsdig extracts from one page, without storing anything."""
    from dataclasses import asdict

    from newsdig.extract import extract_file
    from newsdig.models import Rejection

    if not file.is_file():
        raise NewsdigError(f"{file}: no such file")
    result = extract_file(file, url=url, source=source)
    if isinstance(result, Rejection):
        if as_json:
            _print_json({"rejected": True, **asdict(result)})
        err.print(f"[bold red]no article[/] in {file}: {result.reason} {result.detail}")
        raise typer.Exit(2)
    record = asdict(result)
    record["authors"] = list(result.authors)
    if as_json:
        _print_json(record)
    else:
        from newsdig.console import print_article
        print_article(out, {**record, "aliases": []})


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Figures about this home: articles, sources, languages, rejections, sizes."""
    from newsdig.catalog.db import connect
    from newsdig.catalog.stats import home_stats
    from newsdig.index.reader import doc_count

    home = _existing_home()
    conn = connect(home.catalog_path, readonly=True)
    try:
        docs: int | None = doc_count(home.index_dir)
    except NewsdigError:
        docs = None
    data = home_stats(conn, home.root, docs)
    if as_json:
        _print_json(data)
    else:
        from newsdig.console import print_stats
        print_stats(out, data)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")] = None,
) -> None:
    """Stream every article out as JSONL (re-importable with `add`) or CSV."""
    from newsdig.catalog.db import connect
    from newsdig.catalog.export import export_csv, export_jsonl

    if fmt not in ("jsonl", "csv"):
        raise NewsdigError("--format must be 'jsonl' or 'csv'")
    home = _existing_home()
    conn = connect(home.catalog_path, readonly=True)
    writer = export_jsonl if fmt == "jsonl" else export_csv
    if output is None:
        count = writer(conn, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = writer(conn, handle)
    err.print(f"[dim]exported {count} articles[/]")


@app.command()
def reindex() -> None:
    """Rebuild the search index from the catalog alone and swap it in."""
    from newsdig.catalog.db import connect
    from newsdig.index.sync import rebuild

    home = _existing_home()
    with writer_lock(home):
        conn = connect(home.catalog_path)
        with err.status("rebuilding the index from the catalog…"):
            count = rebuild(conn, home.index_dir)
    out.print(f"index rebuilt: {count:,} articles")


@app.command()
def check(
    repair: Annotated[bool, typer.Option("--repair", help="Make the index agree with the catalog "
                                                          "(apply, re-add, remove or rebuild).")] = False,
    deep: Annotated[bool, typer.Option("--deep", help="Also compare every stored title, URL and text "
                                                      "(reads every document).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Verify that the search index holds exactly the catalog's articles; --repair fixes it.

    Exit 0 when they agree (after any repair), 1 when they still disagree.
    """
    from newsdig.catalog.db import connect
    from newsdig.index.check import check_index

    home = _existing_home()
    conn = connect(home.catalog_path)
    lock = writer_lock(home) if repair else nullcontext()
    with lock, err.status("checking the index against the catalog…"):
        report = check_index(conn, home.index_dir, repair=repair, deep=deep)
    if as_json:
        _print_json(report.as_dict())
    else:
        from newsdig.console import print_check
        print_check(out, report)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def reextract(
    jobs: Annotated[int, typer.Option(help="Extraction processes (0 = one per core).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Extract every stored raw capture again (after upgrading newsdig's extractor)."""
    from newsdig.ingest import default_jobs
    from newsdig.ingest import reextract as run_reextract

    home = _existing_home()
    with err.status("re-extracting from raw captures…"):
        summary = run_reextract(home, jobs=jobs or default_jobs()).as_dict()
    if as_json:
        _print_json(summary)
    else:
        from newsdig.console import print_summary
        print_summary(out, summary)


@app.command()
def demo(
    live: Annotated[bool, typer.Option("--live", help="Use a few public news feeds instead of the "
                                                      "bundled sample (needs internet access).")] = False,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="With --live: a feed URL to use instead of the built-in list (repeatable).")] = None,
    per_feed: Annotated[int, typer.Option(min=1, max=50, help="With --live: articles per feed.")] = 8,
    port: Annotated[int, typer.Option(min=0, max=65535,
                                      help="Port on 127.0.0.1 (a free one if it is busy).")] = 8080,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build and print, do not start the server.")
                        ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary and example results as JSON.")
                       ] = False,
) -> None:
    """Build a demo home (bundled sample, or --live news feeds), show example searches, serve it."""
    home = resolve_home(State.home_flag) if State.home_flag else None
    if live:
        from newsdig.live import run_live_demo

        run_live_demo(home, out, err, feeds=feed or None, per_feed=per_feed, as_json=as_json,
                      serve=not no_serve, port=port)
        return
    if feed:
        raise NewsdigError("--feed only applies with --live")
    from newsdig.demo import run_demo

    run_demo(home, out, err, as_json=as_json, serve=not no_serve, port=port)


WRITE_TOKEN_ENV = "NEWSDIG_WRITE_TOKEN"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback exposes "
                                           "the server to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    allow_writes: Annotated[bool, typer.Option(
        "--allow-writes", help="Turn on POST /api/articles (adding articles over HTTP).")] = False,
    write_token: Annotated[str | None, typer.Option(
        "--write-token", envvar=WRITE_TOKEN_ENV, show_default=False,
        help="Bearer token POST /api/articles must send; required with --allow-writes off loopback.",
    )] = None,
    shards: Annotated[Path | None, typer.Option(
        "--shards", metavar="DIR", show_default=False,
        help="Serve the index shards in DIR (`newsdig spark ingest --out D` writes D/index) instead of "
             "a home: one search over all of them, the search page and /api/search only.",
    )] = None,
) -> None:
    """Serve the search page, feeds and JSON API over this home, or over index shards (until Ctrl+C)."""
    if shards is None:
        serve_home(_existing_home(), host, port, allow_writes=allow_writes, write_token=write_token)
        return
    import uvicorn

    from newsdig.serve.app import create_shards_app
    from newsdig.serve.shard_mode import open_shards

    if State.home_flag:
        raise NewsdigError("--shards serves index shards, not a home: give either --shards DIR or --home")
    if allow_writes:
        raise NewsdigError("--allow-writes needs a home: a server over --shards is read-only")
    searcher = open_shards(shards)  # a missing or bad manifest stops here, before the server starts
    _check_port_free(host, port)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    out.print(f"newsdig is serving {searcher.num_docs():,} articles in {len(searcher.shards)} shards "
              f"from {shards} at [bold]http://{shown}:{port}/[/]")
    out.print("[dim]search page and /api/search only (no catalog: `newsdig add` the articles for the "
              "rest); API docs at /docs; Ctrl+C to stop[/]")
    try:
        uvicorn.run(create_shards_app(searcher), host=host.strip("[]"), port=port, log_level="warning",
                    timeout_keep_alive=30)
    finally:
        searcher.close()


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    import socket

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NewsdigError(f"cannot listen on {host}: {error}") from error
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise NewsdigError(f"cannot listen on {host}:{port}: {error.strerror}; "
                               "is another server running there? pick another --port") from error


def serve_home(home: Home, host: str = "127.0.0.1", port: int = 8080, *, allow_writes: bool = False,
               write_token: str | None = None, sample: bool = False) -> None:
    """Check the settings, bring the index up to date, print the URL and serve until Ctrl+C."""
    import uvicorn

    from newsdig.index.reader import open_index
    from newsdig.serve.app import create_app

    if allow_writes and not _is_loopback(host) and not write_token:
        raise NewsdigError(
            f"--allow-writes on {host} would let anyone on the network add articles: give a token "
            f"with --write-token TOKEN (or ${WRITE_TOKEN_ENV}), or listen on 127.0.0.1")
    if write_token and not allow_writes:
        err.print("[yellow]--write-token has no effect without --allow-writes[/]")
    _check_port_free(host, port)
    _catch_up_quietly(home)
    try:
        open_index(home.index_dir)
    except IndexError_ as problem:
        try:
            _rebuild_unusable_index(home, problem)
        except HomeError as busy:  # a writer is at work: it brings the index up itself
            err.print(f"[yellow]{busy}[/]")
    app_ = create_app(home, allow_writes=allow_writes, sample=sample,
                      write_token=write_token if allow_writes else None)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    writes = " (writes on: POST /api/articles)" if allow_writes else ""
    out.print(f"newsdig is serving {home.root} at [bold]http://{shown}:{port}/[/]{writes}")
    out.print("[dim]JSON API docs at /docs; Ctrl+C to stop[/]")
    # keep-alive 30 s, not uvicorn's 5: under load a client reusing a connection the server had
    # just timed out got "Server disconnected" (the load test saw 9 in 620 requests)
    uvicorn.run(app_, host=host.strip("[]"), port=port, log_level="warning", timeout_keep_alive=30)


# The crawler's and the enrich stage's commands live in their own modules; importing them
# registers them on `app`.
from newsdig import cli_crawl, cli_enrich, cli_eval, cli_semantic, cli_spark  # noqa: E402, F401


def main() -> None:
    """Entry point: user-facing errors print one clear line, never a traceback."""
    try:
        app()
    except NewsdigError as error:
        from rich.markup import escape

        # one line in logs too (rich would wrap at 80 columns off a terminal); messages may hold "[semantic]"
        err.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted: everything committed so far is kept; run the command again to resume")
        sys.exit(130)
