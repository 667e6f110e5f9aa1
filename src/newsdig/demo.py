"""`newsdig demo`: a home built from the sample bundled in the package, a few example searches,
then the web UI on 127.0.0.1.

Works offline on a fresh machine: the sample ships inside the wheel (newsdig/sample/: the
hand-written pages plus ~300 generated articles from scripts/make_sample.py). Re-running is fast:
the catalog remembers a fingerprint of the sample it was built from and the import is skipped
when it matches. `newsdig demo --live` (newsdig.live) does the same from public news feeds.
"""

from __future__ import annotations

import errno
import hashlib
import json
import socket
import time
from collections.abc import Iterable
from contextlib import suppress
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import platformdirs
from rich.console import Console
from rich.text import Text

from newsdig.catalog.db import connect
from newsdig.catalog.meta import get_meta, set_meta
from newsdig.enrich.pipeline import enrich_home
from newsdig.home import Home, writer_lock
from newsdig.ingest import IngestSummary, add_paths, default_jobs
from newsdig.search.engine import search

SAMPLE_META = "sample"  # "1": the home holds sample data (the UI labels it so)
FINGERPRINT_META = "sample_fingerprint"
SAMPLE_PARTS = ("sites", "feeds", "generated")  # imported with sources from the pages; seed apart
EXAMPLE_QUERIES = (
    '"Skylark Air"',
    "desalination OR desaladora",
    "lang:de Hochwasser",
    "Velde after:2026-01-01",
    '"North Korean troops" Kursk',
    "speaker:Gerasimov Kursk",
)
RESULTS_PER_QUERY = 2
DEFAULT_PORT = 8080
HOST = "127.0.0.1"


def demo_home() -> Home:
    return Home(Path(platformdirs.user_data_dir("newsdig", appauthor=False)) / "demo")


def sample_fingerprint(sample: Path) -> str:
    """A hash of the sample's file names and sizes: a new sample version changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in sample.rglob("*") if p.is_file() and p.name != "README.md"):
        digest.update(f"{path.relative_to(sample).as_posix()}\0{path.stat().st_size}\n".encode())
    return digest.hexdigest()[:32]


def _read_meta(home: Home, key: str) -> str | None:
    if not home.exists():
        return None
    conn = connect(home.catalog_path, readonly=True)
    try:
        return get_meta(conn, key)
    finally:
        conn.close()


def mark_home(home: Home, values: dict[str, str]) -> None:
    with writer_lock(home, wait=True):
        conn = connect(home.catalog_path)
        try:
            for key, value in values.items():
                set_meta(conn, key, value)
            conn.commit()
        finally:
            conn.close()


def _merge(summaries: Iterable[IngestSummary]) -> dict[str, Any]:
    total: dict[str, Any] = {"added": 0, "updated": 0, "duplicate": 0, "skipped": 0, "retemplated": 0}
    for summary in summaries:
        data = summary.as_dict()
        for key in total:
            total[key] += int(data[key])  # type: ignore[call-overload]
    return total


def build_demo_home(home: Home, jobs: int | None = None) -> dict[str, Any]:
    """Import the bundled sample, unless this home was already built from the same sample."""
    started = time.monotonic()
    with as_file(files("newsdig") / "sample") as sample:
        fingerprint = sample_fingerprint(sample)
        if _read_meta(home, FINGERPRINT_META) == fingerprint and home.index_dir.is_dir():
            return {**_merge(()), "reused": True, "seconds": round(time.monotonic() - started, 2)}
        workers = jobs or default_jobs()
        parts = [str(sample / part) for part in SAMPLE_PARTS if (sample / part).is_dir()]
        summaries = [add_paths(home, [str(sample / "seed")], source="seed", jobs=1),
                     add_paths(home, parts, jobs=workers)]
    # The demo always enriches (whatever $NEWSDIG_ENRICH says): stories and who-said-what are
    # what it is there to show.
    enriched = enrich_home(home, jobs=workers)
    mark_home(home, {SAMPLE_META: "1", FINGERPRINT_META: fingerprint})
    return {**_merge(summaries), "reused": False, "seconds": round(time.monotonic() - started, 2),
            "enrichment": enriched.as_dict()}


def home_overview(home: Home) -> dict[str, Any]:
    """Articles, sources, languages and months of a home, for the demo's summary line."""
    conn = connect(home.catalog_path, readonly=True)
    try:
        def one(sql: str) -> Any:
            return conn.execute(sql).fetchone()[0]

        languages = [row[0] for row in conn.execute(
            "SELECT language FROM articles WHERE language IS NOT NULL "
            "GROUP BY language ORDER BY COUNT(*) DESC")]
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "sources": one("SELECT COUNT(DISTINCT source) FROM articles"),
            "languages": languages,
            "months": one("SELECT COUNT(DISTINCT substr(published, 1, 7)) FROM articles "
                          "WHERE published IS NOT NULL"),
            "earliest": one("SELECT MIN(substr(published, 1, 10)) FROM articles"),
            "latest": one("SELECT MAX(substr(published, 1, 10)) FROM articles"),
            "copies": one("SELECT COUNT(*) FROM aliases"),
            "near_duplicates": one("SELECT COUNT(*) FROM duplicates"),
            "stories": one("SELECT COUNT(*) FROM stories WHERE size > 1"),
            "quotes": one("SELECT COUNT(*) FROM quotes"),
            "speakers": one("SELECT COUNT(DISTINCT speaker) FROM quotes"),
            "top_story": one("SELECT id FROM stories ORDER BY size DESC, last_seen DESC LIMIT 1"),
        }
    finally:
        conn.close()


def example_searches(home: Home, queries: Iterable[str] = EXAMPLE_QUERIES) -> list[dict[str, Any]]:
    return [search(home.index_dir, q, limit=RESULTS_PER_QUERY).as_dict() for q in queries]


def print_overview(out: Console, home: Home, label: str, build: dict[str, Any],
                   overview: dict[str, Any], searches: list[dict[str, Any]]) -> None:
    how = ("reused" if build["reused"] else
           f"built in {build['seconds']:.1f} s: {build['added']} added, {build['duplicate']} copies")
    out.print(f"[bold]newsdig demo[/] — {label}: [bold]{overview['articles']:,}[/] articles from "
              f"{overview['sources']} sources in {len(overview['languages'])} languages "
              f"({', '.join(overview['languages'])}), {overview['earliest']} to {overview['latest']} "
              f"[dim]({how}; home {home.root})[/]")
    if overview.get("quotes"):
        out.print(f"  who said what: [bold]{overview['quotes']:,}[/] attributed statements by "
                  f"{overview['speakers']:,} speakers · {overview['stories']:,} stories across outlets · "
                  f"{overview['near_duplicates']:,} near-duplicate copies folded")
        out.print("  [dim]try: newsdig quotes --speaker Syrskyi · newsdig claims '11,000 troops' · "
                  f"newsdig stories · newsdig story {overview['top_story']}[/]")
    for result in searches:
        noun = "result" if result["total"] == 1 else "results"
        out.print(Text.assemble(("  newsdig search ", "dim"), (f"'{result['query']}'", "bold"),
                                (f" → {result['total']} {noun}", "dim")))
        for hit in result["hits"]:
            meta = " · ".join(p for p in (hit.get("source"), (hit.get("published") or "")[:10]) if p)
            out.print(Text.assemble("    ", (hit["title"] or "(untitled)", "cyan"), (f"  {meta}", "green")))


# -- serving ----------------------------------------------------------------------------


def bind_socket(port: int, host: str = HOST) -> socket.socket:
    """A listening socket on host:port, or on a free port when that one is taken."""
    for candidate in (port, 0):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError as error:
            sock.close()
            if error.errno != errno.EADDRINUSE or candidate == 0:
                raise
            continue
        sock.listen(128)
        return sock
    raise AssertionError("unreachable")


def serve_demo(home: Home, out: Console, port: int = DEFAULT_PORT, sample: bool = False) -> None:
    """Serve a home's search UI on 127.0.0.1 until interrupted (Ctrl-C)."""
    import uvicorn

    from newsdig.serve.app import create_app

    sock = bind_socket(port)
    bound = sock.getsockname()[1]
    if bound != port:
        out.print(f"[yellow]port {port} is busy; using {bound}[/]")
    app = create_app(home, sample=sample)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    out.print(f"\nSearch it in your browser: [bold underline]http://{HOST}:{bound}/[/]  "
              "[dim](Ctrl-C to stop)[/]")
    with suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    sock.close()


# -- the command ------------------------------------------------------------------------


def run_demo(home: Home | None, out: Console, err: Console, as_json: bool = False,
             serve: bool = True, port: int = DEFAULT_PORT) -> None:
    home = home or demo_home()
    with err.status(f"building the demo home in {home.root}…"):
        build = build_demo_home(home)
    overview = home_overview(home)
    searches = example_searches(home)
    if as_json:
        print(json.dumps({"home": str(home.root), "import": build, "overview": overview,
                          "searches": searches}, ensure_ascii=False, indent=2), flush=True)
    else:
        print_overview(out, home, "sample news (made up for the demo)", build, overview, searches)
    if serve:
        serve_demo(home, out if not as_json else err, port=port, sample=True)
    elif not as_json:
        out.print(f"\nServe it: [bold]newsdig demo[/] · search it: "
                  f"[bold]newsdig --home {home.root} search 'your words'[/]")
