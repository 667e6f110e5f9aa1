"""Terminal rendering of quotes, claims and stories (rich markup is escaped: article text is data)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

STANCE_STYLE = {
    "denies": "red", "claims": "yellow", "confirms": "green", "warns": "magenta", "praises": "cyan",
    "criticises": "red", "admits": "green",
}


def _numbers(quote: dict[str, Any]) -> str:
    figures = [n["text"] for n in quote.get("numbers") or []]
    return f"  [bold]{escape(', '.join(figures))}[/]" if figures else ""


def _speaker(quote: dict[str, Any]) -> str:
    name = f"[bold]{escape(quote['speaker'])}[/]"
    if quote.get("speaker_role"):
        name += f" [dim]({escape(quote['speaker_role'])})[/]"
    if quote.get("via"):
        name += f" [dim]via {escape(quote['via'])}[/]"
    return name


def _stance(stance: str) -> str:
    return f"[{STANCE_STYLE.get(stance, 'white')}]{escape(stance)}[/]"


def _article_line(quote: dict[str, Any]) -> str:
    article = quote["article"]
    when = (article.get("published") or "")[:10]
    return f"[dim]{escape(when)} · {escape(article.get('source') or '')} · {escape(quote['article_id'])}[/]"


def print_quote(console: Console, quote: dict[str, Any]) -> None:
    text = quote["text"]
    shown = f"“{text}”" if quote["kind"] == "direct" else text
    console.print(f"{_speaker(quote)} {_stance(quote['stance'])} [dim]({escape(quote['cue'])})[/]"
                  f"{_numbers(quote)}")
    console.print(f"  {escape(shown)}")
    console.print(f"  {_article_line(quote)}")


def print_quotes(console: Console, total: int, quotes: list[dict[str, Any]]) -> None:
    if not quotes:
        console.print("no attributed statements found (run `newsdig enrich` if articles are pending)")
        return
    console.print(f"[dim]{total:,} statements[/]")
    for quote in quotes:
        print_quote(console, quote)


def print_claims(console: Console, report: dict[str, Any]) -> None:
    if not report["quotes"]:
        console.print(f"nobody in these articles states {escape(report['query'])!r}")
        return
    span = f"{(report['first_seen'] or '?')[:10]} → {(report['last_seen'] or '?')[:10]}"
    console.print(f"[bold]{report['total']:,}[/] statements of {escape(report['query'])!r}, {span}")
    speakers = ", ".join(f"{escape(s['speaker'])} ({s['count']})" for s in report["speakers"][:8])
    outlets = ", ".join(f"{escape(o['source'])} ({o['count']})" for o in report["outlets"][:8])
    console.print(f"  speakers: {speakers}")
    console.print(f"  outlets:  {outlets}")
    console.print()
    for quote in report["quotes"]:
        print_quote(console, quote)


def print_stories(console: Console, data: dict[str, Any]) -> None:
    if not data["stories"]:
        console.print("no stories yet (they form when several articles report one event)")
        return
    console.print(f"[dim]{data['total']:,} stories[/]")
    for item in data["stories"]:
        when = f"{(item.get('first_seen') or '?')[:10]} → {(item.get('last_seen') or '?')[:10]}"
        console.print(f"[bold]{item['id']:>5}[/]  {escape(item['label'])}")
        console.print(f"       [dim]{item['size']} articles · {item['outlets']} outlets · {when}[/]")


def print_story(console: Console, data: dict[str, Any]) -> None:
    console.print(f"[bold]{escape(data['label'])}[/]  [dim]story {data['id']}[/]")
    when = f"{(data.get('first_seen') or '?')[:10]} → {(data.get('last_seen') or '?')[:10]}"
    console.print(f"[dim]{data['size']} articles · {len(data.get('outlets') or [])} outlets · {when}[/]")
    console.print("\n[bold]timeline[/]")
    for article in data.get("articles") or []:
        when = (article.get("published") or "")[:10]
        console.print(f"  {escape(when):<10}  {escape(article.get('source') or ''):<22} "
                      f"{escape(article.get('title') or '')}  [dim]{escape(article['id'])}[/]")
    speakers = data.get("speakers") or []
    if speakers:
        console.print("\n[bold]who said what[/]")
        for speaker in speakers:
            console.print(f"  [bold]{escape(speaker['speaker'])}[/]")
            for statement in speaker.get("statements") or []:
                text = statement.get("text") or ""
                console.print(f"    {_stance(statement.get('stance') or '')} {escape(text[:200])}"
                              f"{_numbers(statement)}  [dim]{escape(statement.get('source') or '')}[/]")
