"""Rendering for the terminal: search results, articles, summaries (rich).

Kept apart from cli.py so commands stay thin and the same renderers serve `demo` and `search`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

SNIPPET_STYLE = "bold"
INDENT = (0, 0, 0, 3)  # results hang under their rank number


def highlighted(snippet: str, highlights: Sequence[Sequence[int]]) -> Text:
    """Bold the query terms inside a snippet using the offsets the engine computed."""
    text = Text(snippet)
    for start, end in highlights:
        if 0 <= start < end <= len(snippet):
            text.stylize(SNIPPET_STYLE + " yellow", start, end)
    return text


def print_results(console: Console, result: Mapping[str, Any], offset: int = 0) -> None:
    hits = result["hits"]
    seconds = result.get("took_ms", 0.0) / 1000
    total = result["total"]
    noun = "result" if total == 1 else "results"
    console.print(Text(f"{total:,} {noun} ({seconds:.3f} s)", style="dim"))
    if result.get("relaxed") and hits:
        console.print(Text("No article has every word: showing those with most of them.", style="dim"))
    if result.get("suggestion"):
        console.print(Text.assemble(("Did you mean: ", "dim"), (result["suggestion"], "italic")))
    for rank, hit in enumerate(hits, start=offset + 1):
        console.print()
        console.print(Text.assemble((f"{rank}. ", "dim"), (hit["title"] or "(untitled)", "bold cyan")))
        meta = " · ".join(str(part) for part in (
            hit.get("source"), (hit.get("published") or "")[:10], hit.get("language"), hit["id"]
        ) if part)
        console.print(Padding(Text(meta, style="green"), INDENT))
        if hit.get("snippet"):
            console.print(Padding(highlighted(hit["snippet"], hit.get("highlights", [])), INDENT))
        console.print(Padding(Text(hit["url"], style="dim", overflow="fold"), INDENT))
        extra = []
        if hit.get("duplicates"):
            n = hit["duplicates"]
            extra.append(f"+ {n} similar article{'s' if n != 1 else ''} (--no-collapse shows them)")
        if hit.get("story_id"):
            extra.append(f"story {hit['story_id']} (newsdig story {hit['story_id']})")
        if hit.get("speakers"):
            extra.append("quotes " + ", ".join(hit["speakers"][:4]))
        if extra:
            console.print(Padding(Text(" · ".join(extra), style="magenta"), INDENT))
    facets = result.get("facets") or {}
    if hits and any(facets.values()):
        console.print()
        for name, values in facets.items():
            if values:
                shown = ", ".join(f"{v['value']} ({v['count']})" for v in values[:6])
                console.print(Text.assemble((f"{name}: ", "bold"), shown))
    if not hits:
        console.print(
            "No articles match. Try fewer words, remove filters like [bold]site:[/] or "
            "[bold]after:[/], or check the spelling."
        )


def print_article(console: Console, record: Mapping[str, Any]) -> None:
    console.print(Text(record["title"], style="bold cyan"))
    if record.get("title_inferred"):
        console.print(Text("(title inferred from the lead: the capture had none)", style="dim italic"))
    table = Table.grid(padding=(0, 2))
    for key in ("id", "source", "published", "authors", "language", "url", "canonical_url",
                "word_count", "extractor", "origin"):
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, "", []):
            table.add_row(Text(key, style="bold"), Text(str(value), overflow="fold"))
    if record.get("aliases"):
        table.add_row(Text("copies", style="bold"), Text("\n".join(record["aliases"])))
    console.print(table)
    console.print()
    for paragraph in record["text"].split("\n\n"):
        console.print(escape(paragraph), soft_wrap=False)
        console.print()


def print_summary(console: Console, summary: Mapping[str, Any]) -> None:
    console.print(
        f"[bold green]added {summary['added']}[/] · updated {summary['updated']} · "
        f"duplicate {summary['duplicate']} · skipped {summary['skipped']}"
    )
    detail = summary.get("duplicate_detail") or {}
    if summary["duplicate"]:
        console.print(f"  duplicate: {detail.get('unchanged', 0)} already stored unchanged, "
                      f"{detail.get('copy_of_other_url', 0)} same text as an article under another URL")
    examples = summary.get("skipped_examples") or {}
    for reason, count in sorted(summary.get("skipped_by_reason", {}).items(), key=lambda kv: -kv[1]):
        example = examples.get(reason, "")
        hint = f"  e.g. {escape(example)}" if example else ""
        console.print(f"  skipped {count} × [bold]{reason}[/]{hint}")
    passed = summary.get("passed_over") or {}
    if passed:
        listed = ", ".join(f"{count} {kind}" for kind, count in sorted(passed.items()))
        console.print(f"  [dim]passed over WARC records that carry no page: {listed}[/]")
    if summary.get("retemplated"):
        console.print(f"  learned site template lines and removed them from {summary['retemplated']} "
                      "earlier articles")


def human_bytes(size: int) -> str:
    amount, unit = float(size), "B"
    for unit in ("B", "KB", "MB", "GB", "TB"):  # the unit the loop stops at is the answer
        if amount < 1024 or unit == "TB":
            break
        amount /= 1024
    return f"{amount:,.0f} {unit}" if unit == "B" else f"{amount:,.1f} {unit}"


def print_stats(console: Console, stats: Mapping[str, Any]) -> None:
    table = Table(show_header=False, box=None, padding=(0, 2))
    for key in ("home", "articles", "sources", "aliases", "earliest", "latest", "rejections",
                "index_docs", "index_status", "catalog_bytes", "index_bytes", "raw_bytes",
                "enriched", "enrich_pending", "enrich_failed", "quotes", "speakers", "entities",
                "stories", "duplicate_groups"):
        value = stats.get(key)
        if key.endswith("_bytes") and isinstance(value, int):
            value = human_bytes(value)
        elif isinstance(value, int):
            value = f"{value:,}"
        table.add_row(Text(key, style="bold"), Text(str(value)))
    console.print(table)
    for title, key in (("Sources", "top_sources"), ("Languages", "languages"),
                       ("Rejections", "rejections_by_reason")):
        rows = stats.get(key) or []
        if rows:
            console.print(Text(title, style="bold underline"))
            for row in rows:
                console.print(f"  {escape(str(row['value']))}: {row['count']:,}")


def print_check(console: Console, report: Any) -> None:
    """`newsdig check`: what disagreed, what was done, and the verdict."""
    console.print(f"catalog articles {report.catalog_articles:,} · "
                  f"index documents {report.index_documents:,}")
    if report.unusable:
        console.print(Text(f"index unusable: {report.unusable}", style="red"))
    for name in ("pending_changes", "missing", "extra", "duplicated", "stale"):
        count = getattr(report, name)
        if count:
            examples = ", ".join(report.examples.get(name, []))
            label = name.replace("_", " ")
            more = f" (e.g. {examples})" if examples else ""
            console.print(Text(f"{label}: {count:,}{more}", style="yellow"))
    for action in report.actions:
        console.print(Text(f"repaired: {action}", style="green"))
    if report.ok:
        console.print(Text("the index agrees with the catalog", style="green"))
    else:
        hint = "" if report.actions else " — run `newsdig check --repair`"
        console.print(Text(f"the index disagrees with the catalog{hint}", style="red"))
