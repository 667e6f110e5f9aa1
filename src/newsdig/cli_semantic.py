"""`newsdig embed`: the semantic-search stage's command (the optional `[semantic]` extra).

Registered on the main `app` by importing this module from cli.py. Importing it costs nothing:
the model, numpy and usearch load only when the command runs, and without the extra the command
says what to install in one line.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsdig.cli import _existing_home, _print_json, app, err, out


def print_embed_summary(data: dict[str, Any]) -> None:
    index = data.get("index") or {}
    where = f"; vectors: {index.get('kind', '?')} search over {index.get('chunks', 0):,} chunks"
    if not data["pending"]:
        out.print(f"embeddings: nothing pending{where}")
        return
    rate = f" ({data['articles_per_second']:.1f}/s)" if data.get("articles_per_second") else ""
    out.print(
        f"embedded {data['embedded']:,} articles{rate} as {data['chunks']:,} chunks with {data['model']}"
        + (f"; {data['empty']:,} without text" if data["empty"] else "")
        + (f"; [red]{data['failed']:,} failed[/]" if data["failed"] else "")
        + where
    )
    for item in data["errors"][:3]:
        err.print(f"[red]  {item['id']}: {item['error']}[/]")


@app.command()
def embed(
    everything: Annotated[bool, typer.Option("--all", help="Redo every article (e.g. with a newer "
                                                           "model), not only new or changed ones.")] = False,
    jobs: Annotated[int, typer.Option(help="Encoding processes (0 = one per core).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Compute sentence embeddings of new and changed articles for semantic search (needs the optional
    "semantic" extra, docs/semantic.md); resumable: an interrupted run continues where it stopped."""
    from newsdig.enrich.embed_stage import embed_home
    from newsdig.enrich.embeddings import SemanticUnavailable
    from newsdig.ingest import default_jobs

    home = _existing_home()
    show = not quiet and not as_json and err.is_terminal
    progress = Progress(TextColumn("[bold]embedding"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("articles"), TimeRemainingColumn(), console=err,
                        disable=not show, transient=True)
    with progress:
        task = progress.add_task("embed", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            summary = embed_home(home, everything=everything, jobs=jobs or default_jobs(), progress=update)
        except SemanticUnavailable as error:  # printed here: "[semantic]" is not rich markup
            err.print(f"[bold red]error:[/] {escape(str(error))}")
            raise typer.Exit(1) from None
    data = summary.as_dict()
    if as_json:
        _print_json(data)
    else:
        print_embed_summary(data)
