"""`newsdig demo`: a home built from the sample bundled in the package, then example searches.

Works offline on a fresh machine: the sample ships inside the wheel (newsdig/sample/).
"""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path

import platformdirs
from rich.console import Console

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search.engine import search

EXAMPLE_QUERIES = (
    '"North Korean troops" Kursk -Putin after:2024-01-01',
    "Gerasimov heroism",
    "strike site:northwindtimes.com",
    "port OR harbour after:2025-01-01",
    "lang:fr grève",
    "budget -football",
)
RESULTS_PER_QUERY = 3


def demo_home() -> Home:
    return Home(Path(platformdirs.user_data_dir("newsdig", appauthor=False)) / "demo")


def build_demo_home(home: Home) -> dict[str, object]:
    """Import the bundled sample; re-running only finds it unchanged."""
    with as_file(files("newsdig") / "sample") as sample:
        summary = add_paths(home, [str(sample / "seed")], source="seed")
        rest = add_paths(home, [str(sample / "sites"), str(sample / "feeds")])
    data = summary.as_dict()
    for key in ("added", "updated", "duplicate", "skipped"):
        data[key] = int(data[key]) + int(rest.as_dict()[key])  # type: ignore[call-overload]
    return data


def run_demo(home: Home | None, out: Console, err: Console, as_json: bool = False) -> None:
    home = home or demo_home()
    with err.status(f"building the demo home in {home.root}…"):
        summary = build_demo_home(home)
    results = [search(home.index_dir, q, limit=RESULTS_PER_QUERY).as_dict() for q in EXAMPLE_QUERIES]
    if as_json:
        print(json.dumps({"home": str(home.root), "import": summary, "searches": results},
                         ensure_ascii=False, indent=2))
        return
    from newsdig.console import print_results

    out.print(f"[bold]newsdig demo[/] — home [cyan]{home.root}[/]: {summary['added']} new articles "
              f"({summary['duplicate']} already there, {summary['skipped']} skipped)\n")
    for query, result in zip(EXAMPLE_QUERIES, results, strict=True):
        out.rule(f"[bold]newsdig search '{query}'")
        print_results(out, result)
        out.print()
    out.print(f"Try your own: [bold]newsdig --home {home.root} search 'your words'[/]")
